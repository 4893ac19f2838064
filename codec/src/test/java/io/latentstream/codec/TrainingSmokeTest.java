package io.latentstream.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training code end to end on a toy budget: a tiny model trains a few steps on small
 * crops, training/export.py writes its bundle, and the Java codec loads that bundle and
 * reproduces the training code's golden vectors; training/gpu_throughput.py runs on the same
 * checkpoint. Needs /usr/bin/python3 with torch, onnx, numpy and PIL (Debian: python3-torch
 * python3-onnx python3-numpy python3-pil; .ci/run installs them).
 */
class TrainingSmokeTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** training/latentstream/data.py's VALIDATION: the images train.py measures on, held out of its pool. */
    private static final List<String> VALIDATION = List.of("bsds500/val/101085.jpg", "bsds500/val/126007.jpg",
            "bsds500/val/145086.jpg", "bsds500/val/189080.jpg", "bsds500/val/227092.jpg", "bsds500/val/296059.jpg",
            "urban100/img_095.png", "urban100/img_096.png", "urban100/img_097.png", "urban100/img_098.png",
            "urban100/img_099.png", "urban100/img_100.png");

    @TempDir
    Path tmp;

    @Test
    void aFewStepsExportToABundleThatJavaLoadsAndReproduces() throws Exception {
        Path data = smallPool();
        Path checkpoint = tmp.resolve("checkpoints").resolve("best.pt");
        Path training = TestModels.repo().resolve("training");
        run(PYTHON, training.resolve("train.py").toString(), "--hours", "1", "--max-steps", "3", "--crop", "64",
                "--batch", "2", "--n", "16", "--m", "16", "--threads", "2", "--device", "cpu",
                "--data", data.resolve("train").toString(), "--runs", tmp.resolve("runs").toString(),
                "--best", checkpoint.toString());
        Path model = tmp.resolve("model");
        run(PYTHON, training.resolve("export.py").toString(), "--checkpoint", checkpoint.toString(),
                "--out", model.toString(), "--data", data.toString());

        ModelBundle bundle = ModelBundle.load(model);
        assertEquals(16, bundle.latentChannels());
        LatentCodec codec = LatentCodec.builder(bundle).target(ExecutionTarget.cpu(2)).build();
        GoldenVectors golden = GoldenVectors.read(model, data);
        golden.assertEncoderMatches(codec);
        golden.assertRoundTripMatches(codec);

        // The GPU throughput script, kept ready for a lent GPU, runs here on the CPU (fp16 has no
        // CPU convolutions in Debian's torch) on the same checkpoint.
        Path throughput = tmp.resolve("gpu-throughput.json");
        run(PYTHON, training.resolve("gpu_throughput.py").toString(), "--checkpoint", checkpoint.toString(),
                "--device", "cpu", "--size", "64x48", "--batches", "1,2", "--precisions", "fp32,bf16",
                "--min-seconds", "0", "--image", data.resolve("train").resolve(VALIDATION.get(0)).toString(),
                "--json", throughput.toString());
        JsonNode measured = new ObjectMapper().readTree(throughput.toFile());
        assertEquals(4, measured.get("rows").size());
        for (JsonNode row : measured.get("rows")) {
            assertTrue(row.get("encode_frames_per_s").asDouble() > 0 && row.get("decode_frames_per_s").asDouble() > 0);
        }
        assertEquals("bf16", measured.get("precision_effects").get(0).get("precision").asText());
    }

    /**
     * The validation images (train.py measures on them, export.py crops the golden vectors
     * from one) and four training images, linked from the shared data.
     */
    private Path smallPool() throws IOException {
        Path shared = TestModels.sharedData().resolve("train");
        Path pool = tmp.resolve("data").resolve("train");
        List<String> images = new ArrayList<>(VALIDATION);
        try (Stream<Path> train = Files.list(shared.resolve("bsds500/train"))) {
            train.map(p -> "bsds500/train/" + p.getFileName()).filter(n -> n.endsWith(".jpg")).sorted().limit(4)
                    .forEach(images::add);
        }
        for (String image : images) {
            Path link = pool.resolve(image);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, shared.resolve(image).toAbsolutePath());
        }
        return pool.getParent();
    }

    private void run(String... command) throws Exception {
        Path log = tmp.resolve("python.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " ran past 10 minutes:\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }
}
