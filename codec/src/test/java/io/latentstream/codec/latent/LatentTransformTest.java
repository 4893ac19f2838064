package io.latentstream.codec.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentTransformTest {
    private static final int M = LatentTransform.WINDOW_MARGIN;

    /**
     * A window's latents, away from its edges or at edges it shares with the frame, are the
     * whole frame's, for every shipped encoder: what lets the encoder analyse only where the
     * picture changed.
     */
    @Test
    void windowsGiveTheWholeFramesLatentsInsideTheirMargins() throws Exception {
        for (String variant : TestModels.bundle().encoders().keySet()) {
            assertWindowsExact(new LatentTransform(TestModels.bundle(), ExecutionTarget.cpu(2), variant,
                    ModelBundle.FULL_DECODER, LatentCodec.DEFAULT_MAX_PIXELS), variant);
        }
    }

    private static void assertWindowsExact(LatentTransform transform, String variant) throws Exception {
        RgbImage frame = FrameReader.read(
                TestModels.sharedData().resolve("video/intel-sample-videos/car-detection.mp4"), 1).get(0);
        GainedLatent whole = transform.analyze(List.of(frame), new int[] {3}).get(0);
        int rows = whole.height();
        int cols = whole.width();
        // Windows of several shapes (sparse coding fits them to what changed): top-left corner,
        // interior, bottom-right corner, a wide one along the top, a small one inside.
        int[][] boxes = {{0, 0, 12, 12}, {7, 17, 9, 9}, {rows - 12, cols - 12, 12, 12}, {0, 0, 18, 26},
            {5, 30, 7, 13}};
        List<LatentWindow> windows = Arrays.stream(boxes)
                .map(b -> new LatentWindow(frame, 3, b[0], b[1], b[2], b[3])).toList();
        List<GainedLatent> parts = transform.analyzeWindows(windows);
        float maxDiff = 0;
        int compared = 0;
        for (int w = 0; w < boxes.length; w++) {
            int r0 = boxes[w][0];
            int c0 = boxes[w][1];
            int h = boxes[w][2];
            int wd = boxes[w][3];
            GainedLatent part = parts.get(w);
            assertEquals(h, part.height());
            assertEquals(wd, part.width());
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < wd; c++) {
                    boolean inside = (r >= M || r0 == 0) && (r < h - M || r0 + h == rows)
                            && (c >= M || c0 == 0) && (c < wd - M || c0 + wd == cols);
                    if (!inside) {
                        continue;
                    }
                    for (int ch = 0; ch < part.channels(); ch++) {
                        float a = part.values()[(ch * h + r) * wd + c];
                        float b = whole.values()[ch * whole.plane() + (r0 + r) * cols + c0 + c];
                        maxDiff = Math.max(maxDiff, Math.abs(a - b));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 0);
        assertTrue(maxDiff < 1e-3f, variant + " encoder: window latents differ from the whole frame's by " + maxDiff);
    }

    /** The same for the synthesis, every shipped decoder: a window's core pixels are the whole frame's, within 1/255. */
    @Test
    void windowsGiveTheWholeFramesPicturesInsideTheirMargins() throws Exception {
        RgbImage frame = FrameReader.read(
                TestModels.sharedData().resolve("video/intel-sample-videos/car-detection.mp4"), 1).get(0);
        for (String variant : TestModels.bundle().decoders().keySet()) {
            LatentTransform transform = new LatentTransform(TestModels.bundle(), ExecutionTarget.cpu(2),
                    ModelBundle.FULL_ENCODER, variant, LatentCodec.DEFAULT_MAX_PIXELS);
            GainedLatent y = transform.analyze(List.of(frame), new int[] {3}).get(0);
            float[] centred = transform.centred(y);
            int[] symbols = new int[centred.length];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = (int) Math.rint(centred[i]);
            }
            QuantizedLatent q = new QuantizedLatent(3, y.channels(), y.height(), y.width(), symbols);
            RgbImage whole = transform.synthesize(List.of(q), frame.width(), frame.height()).get(0);
            int rows = q.height();
            int cols = q.width();
            // The same five shapes as the analysis' in one call: each shape its own batch, in order.
            // The windowed decoder pads only the sides at the frame's edge: boxes at corners, inside, along edges.
            int[][] boxes = {{0, 0, 12, 12}, {7, 17, 9, 9}, {rows - 12, cols - 12, 12, 12}, {0, 0, 18, 26},
                {5, 30, 7, 13}};
            List<LatentTransform.SynthesisWindow> parts = new ArrayList<>();
            for (int[] b : boxes) {
                int[] part = new int[q.channels() * b[2] * b[3]];
                for (int c = 0; c < q.channels(); c++) {
                    for (int r = 0; r < b[2]; r++) {
                        System.arraycopy(symbols, c * q.plane() + (b[0] + r) * cols + b[1], part, (c * b[2] + r) * b[3],
                                b[3]);
                    }
                }
                // Context: the margin, except at an edge the window shares with the frame.
                parts.add(new LatentTransform.SynthesisWindow(new QuantizedLatent(3, q.channels(), b[2], b[3], part),
                        b[0] == 0 ? 0 : M, b[1] == 0 ? 0 : M, b[0] + b[2] == rows ? 0 : M, b[1] + b[3] == cols ? 0 : M));
            }
            List<RgbImage> cores = transform.synthesizeWindows(parts);
            int maxDiff = 0;
            for (int w = 0; w < boxes.length; w++) {
                LatentTransform.SynthesisWindow part = parts.get(w);
                RgbImage core = cores.get(w);
                int ph = 16 * (boxes[w][2] - part.top() - part.bottom());
                int pw = 16 * (boxes[w][3] - part.left() - part.right());
                assertTrue(core.height() == ph && core.width() == pw, "window " + w + ": its core's picture");
                for (int y0 = 0; y0 < ph; y0++) {
                    for (int x0 = 0; x0 < pw; x0++) {
                        int fy = 16 * (boxes[w][0] + part.top()) + y0;
                        int fx = 16 * (boxes[w][1] + part.left()) + x0;
                        if (fy >= frame.height() || fx >= frame.width()) {
                            continue;
                        }
                        for (int ch = 0; ch < 3; ch++) {
                            int a = core.rgb()[3 * (y0 * pw + x0) + ch] & 0xFF;
                            int c = whole.rgb()[3 * (fy * frame.width() + fx) + ch] & 0xFF;
                            maxDiff = Math.max(maxDiff, Math.abs(a - c));
                        }
                    }
                }
            }
            assertTrue(maxDiff <= 1, variant + ": window pictures differ from the whole frame's by " + maxDiff + "/255");
        }
    }
}
