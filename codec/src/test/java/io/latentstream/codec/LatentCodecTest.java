package io.latentstream.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.bitstream.CorruptBitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.ModelMismatchException;
import io.latentstream.codec.bitstream.TruncatedBitstreamException;
import io.latentstream.codec.bitstream.UnsupportedBitstreamException;
import io.latentstream.codec.entropy.KeyPriors;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model, run through ONNX Runtime, against the training code's golden vectors. */
class LatentCodecTest {
    private static LatentCodec codec;
    private static GoldenVectors golden;
    private static RgbImage goldenCrop;

    @BeforeAll
    static void load() throws IOException {
        codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        golden = GoldenVectors.read(TestModels.modelDir(), TestModels.sharedData());
        goldenCrop = golden.crop();
    }

    @Test
    void keyFramePayloadCarriesTheTrainingCodesSymbolsExactly() {
        for (GoldenVectors.Level level : golden.levels()) {
            int c = level.channels();
            int h = level.height();
            int w = level.width();
            KeyPriors priors = TestModels.bundle().keyPriors();
            byte[] payload = ResidualCoder.encodeKey(level.symbols(), c, h, w, priors.models(level.level(), c));
            assertArrayEquals(level.symbols(), ResidualCoder.decodeKey(payload, 0, payload.length, c, h, w,
                    priors.models(level.level(), c)), "level " + level.level());
        }
    }

    @Test
    void onnxEncoderGivesTheTrainingCodesSymbols() {
        golden.assertEncoderMatches(codec);
    }

    @Test
    void decodeOfEncodeMatchesTrainingReconstructionWithinOneLevel() {
        golden.assertRoundTripMatches(codec);
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
        FrameHeader h = Bitstream.readHeader(a.bitstream()).key();
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
        FrameHeader h = p.header().key();
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
