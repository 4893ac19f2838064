package io.latentstream.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.bitstream.CorruptBitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.ModelMismatchException;
import io.latentstream.codec.bitstream.TruncatedBitstreamException;
import io.latentstream.codec.bitstream.UnsupportedBitstreamException;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model, run through ONNX Runtime, against the training code's golden vectors. */
class LatentCodecTest {
    private static LatentCodec codec;
    private static JsonNode golden;
    private static RgbImage goldenCrop;

    @BeforeAll
    static void load() throws IOException {
        codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        Path dir = TestModels.modelDir().resolve("golden");
        golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        RgbImage source = RgbImage.read(TestModels.sharedData().resolve(golden.path("source").asText()));
        JsonNode box = golden.path("crop_ltrb");
        int l = box.get(0).asInt();
        int t = box.get(1).asInt();
        int w = box.get(2).asInt() - l;
        int h = box.get(3).asInt() - t;
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(source.rgb(), 3 * ((t + y) * source.width() + l), rgb, 3 * y * w, 3 * w);
        }
        goldenCrop = new RgbImage(w, h, rgb);
    }

    private static int[] goldenSymbols(JsonNode level) throws IOException {
        byte[] raw = Files.readAllBytes(TestModels.modelDir().resolve("golden").resolve(level.path("symbols").asText()));
        int[] s = new int[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(s);
        return s;
    }

    @Test
    void keyFramePayloadCarriesTheTrainingCodesSymbolsExactly() throws Exception {
        for (JsonNode level : golden.path("levels")) {
            int[] symbols = goldenSymbols(level);
            JsonNode shape = level.path("shape");
            int c = shape.get(0).asInt();
            int h = shape.get(1).asInt();
            int w = shape.get(2).asInt();
            byte[] payload = ResidualCoder.encodeKey(symbols, c, h, w);
            assertArrayEquals(symbols, ResidualCoder.decodeKey(payload, 0, payload.length, c, h, w),
                    "level " + level.path("level").asInt());
        }
    }

    @Test
    void onnxEncoderGivesTheTrainingCodesSymbols() throws Exception {
        for (JsonNode level : golden.path("levels")) {
            int[] expected = goldenSymbols(level);
            int[] actual = codec.encode(goldenCrop, level.path("level").asInt()).latent().symbols();
            assertEquals(expected.length, actual.length);
            int differ = 0;
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] != actual[i]) {
                    differ++;
                    assertEquals(expected[i], actual[i], 1, "symbols may differ by a rounding step at most");
                }
            }
            // fp32 ORT and torch agree on all but (rarely) a latent sitting on a rounding boundary
            assertTrue(differ <= Math.max(2, expected.length / 10000), differ + " of " + expected.length + " symbols differ");
        }
    }

    @Test
    void decodeOfEncodeMatchesTrainingReconstructionWithinOneLevel() throws Exception {
        for (JsonNode level : golden.path("levels")) {
            int q = level.path("level").asInt();
            EncodedFrame enc = codec.encode(goldenCrop, q);
            DecodedFrame dec = codec.decode(enc.bitstream());
            RgbImage training = RgbImage.read(TestModels.modelDir().resolve("golden")
                    .resolve(level.path("reconstruction").asText()));
            byte[] a = dec.image().rgb();
            byte[] b = training.rgb();
            int maxDiff = 0;
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
            }
            assertTrue(maxDiff <= 1, "level " + q + ": Java and training reconstructions differ by " + maxDiff + "/255");
        }
    }

    @Test
    void everyDecoderVariantDecodesTheSameBitstream() {
        byte[] bits = codec.encode(goldenCrop, 3).bitstream();
        double full = Psnr.of(goldenCrop, codec.decode(bits).image());
        for (String variant : TestModels.bundle().decoders().keySet()) {
            LatentCodec pruned = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2))
                    .decoderVariant(variant).build();
            RgbImage image = pruned.decode(bits).image();
            assertEquals(goldenCrop.width(), image.width(), variant);
            // Shipped variants earn their place: close to the full decoder on its own bitstream.
            double psnr = Psnr.of(goldenCrop, image);
            assertTrue(psnr > full - 1.5, variant + ": " + psnr + " dB against the full decoder's " + full);
        }
    }

    @Test
    void encodingIsDeterministicAndSelfDescribing() {
        RgbImage img = oddSizedScene();
        EncodedFrame a = codec.encode(img, 2);
        EncodedFrame b = codec.encode(img, 2);
        assertArrayEquals(a.bitstream(), b.bitstream());
        FrameHeader h = Bitstream.readHeader(a.bitstream());
        assertEquals(TestModels.MODEL_ID, h.modelId());
        assertEquals(2, h.level());
        assertEquals(img.width(), h.width());
        assertEquals(img.height(), h.height());
        DecodedFrame d = codec.decode(a.bitstream());
        assertEquals(img.width(), d.image().width());
        assertEquals(img.height(), d.image().height());
    }

    @Test
    void damagedBitstreamsRaiseTypedErrors() {
        byte[] bits = codec.encode(oddSizedScene(), 1).bitstream();
        byte[] flipped = bits.clone();
        flipped[bits.length - 20] ^= 0x01;
        CorruptBitstreamException crc = assertThrows(CorruptBitstreamException.class, () -> codec.decode(flipped));
        assertTrue(crc.getMessage().contains("CRC"));
        assertThrows(TruncatedBitstreamException.class, () -> codec.decode(Arrays.copyOf(bits, bits.length / 2)));
        Random rnd = new Random(4);
        for (int i = 0; i < 200; i++) {
            byte[] bad = bits.clone();
            bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            try {
                codec.decode(bad);
            } catch (BitstreamException expected) {
                // typed, fast
            }
        }
    }

    @Test
    void refusesStreamsOfAnotherModelAndOversizedFrames() {
        byte[] bits = codec.encode(oddSizedScene(), 0).bitstream();
        Bitstream.Parsed p = Bitstream.parse(bits);
        FrameHeader h = p.header();
        byte[] payload = Arrays.copyOfRange(bits, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
        FrameHeader other = FrameHeader.intra(h.modelId(), new byte[8], h.level(), h.width(), h.height(), 0);
        assertThrows(ModelMismatchException.class, () -> codec.decode(Bitstream.write(other, payload)));
        FrameHeader huge = FrameHeader.intra(h.modelId(), h.codecHashPrefix(), h.level(), 65535, 65535, 0);
        assertThrows(UnsupportedBitstreamException.class, () -> codec.decode(Bitstream.write(huge, payload)));
    }

    /** A synthetic scene whose size is not a multiple of the latent stride. */
    static RgbImage oddSizedScene() {
        int w = 75;
        int h = 50;
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                rgb[i] = (byte) (x * 3);
                rgb[i + 1] = (byte) (y * 5);
                rgb[i + 2] = (byte) ((x / 8 + y / 8) % 2 == 0 ? 200 : 40);
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
