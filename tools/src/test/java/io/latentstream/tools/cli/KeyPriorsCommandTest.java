package io.latentstream.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.entropy.KeyPriors;
import io.latentstream.codec.frame.DataDirectory;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.codec.stream.StreamDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `latentstream key-priors` on a bundle without priors: it adds them under a new codec hash, and they code. */
class KeyPriorsCommandTest {
    private static final Path ROOT = ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.repo", "")));
    private static final Path MODEL = ROOT.resolve(ModelBundle.DEFAULT_MODEL_DIR);
    private static final Path DATA = DataDirectory.beside(ROOT);

    @Test
    void addsPriorsToTheBundleUnderANewCodecHash(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(MODEL)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (!f.getFileName().toString().equals(KeyPriors.FILE)) {
                    Files.copy(f, model.resolve(f.getFileName()));
                }
            }
        }
        // The bundle as training/export.py leaves it: no priors, the codec hash of encoder and tables.
        Path card = model.resolve(ModelBundle.CARD);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(card.toFile());
        ObjectNode sums = (ObjectNode) json.path("files");
        sums.remove(KeyPriors.FILE);
        json.put("codec_hash", HexFormat.of().formatHex(ModelBundle.codecHash(sums.path(ModelBundle.ENCODER).asText(),
                sums.path(ModelBundle.TABLES).asText(), null)));
        Files.writeString(card, json.toString());
        ModelBundle before = ModelBundle.load(model);
        assertEquals(KeyPriors.NONE, before.keyPriors());

        Path images = tmp.resolve("images");
        Files.createDirectories(images);
        Path train = DATA.resolve("train/bsds500/train");
        try (Stream<Path> pictures = Files.list(train)) {
            for (Path p : (Iterable<Path>) pictures.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(2)::iterator) {
                Files.copy(p, images.resolve(p.getFileName()));
            }
        }
        assertEquals(0, LatentStreamCli.commandLine().execute("key-priors", "--model", model.toString(), "--images",
                images.toString(), "--threads", "2"));

        ModelBundle after = ModelBundle.load(model);
        assertFalse(Arrays.equals(before.codecHash(), after.codecHash()), "a new bitstream contract");
        assertTrue(after.keyPriors() != KeyPriors.NONE);
        LatentCodec codec = LatentCodec.builder(after).build();
        RgbImage picture = RgbImage.read(DATA.resolve("train/bsds500/val/101085.jpg"));
        EncodedFrame frame = codec.encode(picture, 0);
        byte[] withPriors = frame.bitstream();
        StreamDecoder decoder = codec.streamDecoder();
        decoder.decode(withPriors);
        assertArrayEquals(frame.latent().symbols(), decoder.referenceSymbols(), "decodes to the encoder's symbols");
        assertTrue(withPriors.length < LatentCodec.builder(before).build().encode(picture, 0).bitstream().length,
                "a picture like the training ones codes smaller");
    }
}
