package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The int8 encoder variant: the same decoders read its streams, deterministically, at close to the float quality. */
class Int8EncoderTest {
    private static final int FRAMES = 12;
    private static final int LEVEL = 3;
    private static LatentCodec full;
    private static LatentCodec int8;
    private static List<RgbImage> clip;

    @BeforeAll
    static void load() throws Exception {
        full = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        int8 = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).encoderVariant("int8").build();
        clip = FrameReader.read(TestModels.sharedData().resolve("video/intel-sample-videos/car-detection.mp4"), FRAMES);
    }

    private static List<EncodedFrame> encode(LatentCodec codec) {
        StreamEncoder enc = codec.streamEncoder(GopSettings.DEFAULT);
        List<EncodedFrame> out = new ArrayList<>();
        for (int i = 0; i < clip.size(); i++) {
            out.add(enc.encode(clip.get(i), LEVEL, i * 80_000L));
        }
        return out;
    }

    /** A decoder given no hint of the encoder variant reproduces the encoder's reference exactly. */
    @Test
    void theFloatCodecsDecoderReadsInt8StreamsExactly() {
        StreamDecoder dec = full.streamDecoder();
        for (EncodedFrame f : encode(int8)) {
            dec.decode(f.bitstream());
            assertArrayEquals(f.latent().symbols(), dec.referenceSymbols(), "frame " + f.header().frameNumber());
        }
    }

    @Test
    void theSameFramesGiveTheSameBitstreams() {
        List<EncodedFrame> a = encode(int8);
        List<EncodedFrame> b = encode(int8);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).bitstream(), b.get(i).bitstream(), "frame " + i);
        }
    }

    /** Bounds from the Kodak and clip measurements in docs/decisions.md, with room for one clip's noise. */
    @Test
    void qualityAndRateStayCloseToTheFloatEncoders() {
        double[] psnr = new double[2];
        long[] bytes = new long[2];
        List<LatentCodec> codecs = List.of(full, int8);
        for (int c = 0; c < 2; c++) {
            StreamDecoder dec = full.streamDecoder();
            for (EncodedFrame f : encode(codecs.get(c))) {
                psnr[c] += Psnr.of(clip.get((int) f.header().frameNumber()), dec.decode(f.bitstream()).image()) / FRAMES;
                bytes[c] += f.bitstream().length;
            }
        }
        String figures = "PSNR " + psnr[0] + " -> " + psnr[1] + " dB, bytes " + bytes[0] + " -> " + bytes[1];
        assertTrue(psnr[1] > psnr[0] - 0.4, figures);
        assertTrue(bytes[1] < bytes[0] * 1.08, figures);
    }
}
