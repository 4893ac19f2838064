package io.latentstream.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.codec.frame.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model bundle's golden vectors (its golden/ folder, written by training/export.py): a
 * fixed crop of a training-pool image and, per level, the symbols and reconstruction the
 * training code gives for it; and the checks that the Java codec reproduces them.
 */
public record GoldenVectors(RgbImage crop, List<Level> levels) {
    /** The training code's latent symbols (channels x height x width) and picture at one level. */
    public record Level(int level, int[] symbols, int channels, int height, int width, RgbImage reconstruction) {}

    public static GoldenVectors read(Path modelDir, Path sharedData) throws IOException {
        Path dir = modelDir.resolve("golden");
        JsonNode golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        RgbImage source = RgbImage.read(sharedData.resolve(golden.path("source").asText()));
        JsonNode box = golden.path("crop_ltrb");
        int l = box.get(0).asInt();
        int t = box.get(1).asInt();
        int w = box.get(2).asInt() - l;
        int h = box.get(3).asInt() - t;
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(source.rgb(), 3 * ((t + y) * source.width() + l), rgb, 3 * y * w, 3 * w);
        }
        List<Level> levels = new ArrayList<>();
        for (JsonNode level : golden.path("levels")) {
            byte[] raw = Files.readAllBytes(dir.resolve(level.path("symbols").asText()));
            int[] symbols = new int[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(symbols);
            JsonNode shape = level.path("shape");
            levels.add(new Level(level.path("level").asInt(), symbols, shape.get(0).asInt(), shape.get(1).asInt(),
                    shape.get(2).asInt(), RgbImage.read(dir.resolve(level.path("reconstruction").asText()))));
        }
        return new GoldenVectors(new RgbImage(w, h, rgb), levels);
    }

    /**
     * The ONNX encoder gives the training code's symbols: fp32 ONNX Runtime and torch agree
     * on all but (rarely) a latent sitting on a rounding boundary, and there by one step.
     */
    public void assertEncoderMatches(LatentCodec codec) {
        for (Level level : levels) {
            int[] expected = level.symbols();
            int[] actual = codec.encode(crop, level.level()).latent().symbols();
            assertEquals(expected.length, actual.length);
            int differ = 0;
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] != actual[i]) {
                    differ++;
                    assertEquals(expected[i], actual[i], 1, "symbols may differ by a rounding step at most");
                }
            }
            assertTrue(differ <= Math.max(2, expected.length / 10000), differ + " of " + expected.length + " symbols differ");
        }
    }

    /** Decoding what Java encoded gives the training code's picture within 1/255. */
    public void assertRoundTripMatches(LatentCodec codec) {
        for (Level level : levels) {
            byte[] a = codec.decode(codec.encode(crop, level.level()).bitstream()).image().rgb();
            byte[] b = level.reconstruction().rgb();
            int maxDiff = 0;
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
            }
            assertTrue(maxDiff <= 1, "level " + level.level() + ": Java and training reconstructions differ by "
                    + maxDiff + "/255");
        }
    }
}
