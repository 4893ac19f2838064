package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sparse analysis on a real fixed camera: what the dense encoder codes, for a fraction of the network's work. */
class SparseStreamTest {
    private static final int FRAMES = 16;
    private static final float THRESHOLD = 2f;
    private static LatentCodec codec;
    private static List<RgbImage> clip;

    @BeforeAll
    static void load() throws Exception {
        codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        clip = FrameReader.read(TestModels.sharedData().resolve("video/intel-sample-videos/car-detection.mp4"), FRAMES);
    }

    private record Coded(long bytes, double psnr) {}

    private static Coded encode(LatentCodec codec, List<RgbImage> clip, float threshold) {
        StreamEncoder enc = codec.streamEncoder(GopSettings.DEFAULT.withChangeThreshold(threshold));
        StreamDecoder dec = codec.streamDecoder();
        long bytes = 0;
        double psnr = 0;
        for (int i = 0; i < clip.size(); i++) {
            EncodedFrame f = enc.encode(clip.get(i), 3, i * 80_000L);
            DecodedFrame d2 = dec.decode(f.bitstream());
            assertArrayEquals(f.latent().symbols(), dec.referenceSymbols(), "the decoder follows frame " + i);
            bytes += f.bitstream().length;
            psnr += Psnr.of(clip.get(i), d2.image()) / clip.size();
        }
        return new Coded(bytes, psnr);
    }

    @Test
    void sparseAnalysisCodesWhatDenseAnalysisCodes() {
        Coded dense = encode(codec, clip, 0);
        Coded sparse = encode(codec, clip, THRESHOLD);
        assertTrue(sparse.psnr() >= dense.psnr() - 0.1, "PSNR " + sparse.psnr() + " against dense " + dense.psnr());
        assertTrue(sparse.bytes() <= 1.05 * dense.bytes(), sparse.bytes() + " bytes against dense " + dense.bytes());
    }

    /**
     * Sparse synthesis: the pictures of a whole stream within 1/255 of whole-frame synthesis;
     * the encoder's reconstructions (for PSNR) are the sparse decoder's pictures exactly.
     */
    @Test
    void sparseSynthesisGivesWholeFramePictures() {
        StreamEncoder enc = codec.streamEncoder(GopSettings.DEFAULT.withChangeThreshold(THRESHOLD));
        StreamDecoder sparse = codec.streamDecoder(true);
        StreamDecoder dense = codec.streamDecoder(false);
        for (int i = 0; i < clip.size(); i++) {
            StreamBatch.Coded coded = codec.encodeStreams(List.of(new StreamBatch.Frame(enc, clip.get(i), 3, i * 80_000L)),
                    1).get(0);
            byte[] a = sparse.decode(coded.frame().bitstream()).image().rgb();
            byte[] b = dense.decode(coded.frame().bitstream()).image().rgb();
            assertArrayEquals(a, coded.reconstruction().rgb(), "frame " + i + ": encoder and decoder pictures");
            int maxDiff = 0;
            for (int k = 0; k < a.length; k++) {
                maxDiff = Math.max(maxDiff, Math.abs((a[k] & 0xFF) - (b[k] & 0xFF)));
            }
            assertTrue(maxDiff <= 1, "frame " + i + ": sparse and whole-frame synthesis differ by " + maxDiff + "/255");
        }
    }
}
