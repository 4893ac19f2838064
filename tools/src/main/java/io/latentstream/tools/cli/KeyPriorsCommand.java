package io.latentstream.tools.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.entropy.KeyPriors;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.latent.QuantizedLatent;
import io.latentstream.codec.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Learns a model's key priors ({@link KeyPriors}) from training pictures and adds them to its
 * bundle: writes key-priors.bin, lists it in the model card and recomputes the codec hash
 * (a new bitstream contract: streams of the bundle without priors no longer decode with it).
 * The last step of an export (training/README.md).
 */
@Command(name = "key-priors", description = "Learn where key frames' adaptive models start, from training pictures "
        + "coded at every level, and add it to the model bundle (a new codec hash).")
final class KeyPriorsCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model directory (default: ${DEFAULT-VALUE} under the install)",
            defaultValue = ModelBundle.DEFAULT_MODEL_DIR)
    Path model;

    @Option(names = "--images", description = "training pictures (default: BSDS500 train from the shared data; "
            + "never Kodak, which is for evaluation)")
    Path images;

    @Option(names = "--threads", description = "ONNX Runtime CPU threads (0: its default)", defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path dir = InstallHome.locate(model);
        Path source = images != null ? images : InstallHome.sharedData().resolve("train/bsds500/train");
        List<Path> files;
        try (Stream<Path> s = Files.list(source)) {
            files = s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .jpg or .png pictures in " + source);
        }
        ModelBundle bundle = ModelBundle.load(dir);
        LatentCodec codec = LatentCodec.builder(bundle).target(ExecutionTarget.cpu(threads)).build();
        KeyPriors.Tally tally = new KeyPriors.Tally(bundle.levels(), bundle.latentChannels());
        for (Path file : files) {
            RgbImage picture = RgbImage.read(file);
            for (int level = 0; level < bundle.levels(); level++) {
                QuantizedLatent q = codec.encode(picture, level).latent();
                tally.add(level, q.symbols(), q.height(), q.width());
            }
        }
        Path priorsFile = dir.resolve(KeyPriors.FILE);
        Files.write(priorsFile, tally.priors().toBytes());
        Path cardFile = dir.resolve(ModelBundle.CARD);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode card = (ObjectNode) mapper.readTree(cardFile.toFile());
        ObjectNode sums = (ObjectNode) card.path("files");
        sums.put(KeyPriors.FILE, ModelBundle.sha256Hex(priorsFile));
        card.put("codec_hash", HexFormat.of().formatHex(ModelBundle.codecHash(sums.path(ModelBundle.ENCODER).asText(),
                sums.path(ModelBundle.TABLES).asText(), sums.path(KeyPriors.FILE).asText())));
        // The layout training/export.py writes (json.dump, indent 1), so the card's diff shows only what changed.
        DefaultPrettyPrinter layout = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter(" ", "\n")).withArrayIndenter(new DefaultIndenter(" ", "\n"));
        Files.writeString(cardFile, mapper.writer(layout).writeValueAsString(card));
        ModelBundle updated = ModelBundle.load(dir);
        System.out.printf("key priors from %d pictures x %d levels: %s; codec hash %s%n", files.size(),
                bundle.levels(), priorsFile, HexFormat.of().formatHex(updated.codecHash()).substring(0, 16));
        return 0;
    }
}
