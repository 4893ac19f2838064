package io.latentstream.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterQuantizerTest {
    private static final int C = 16;
    private static final int H = 6;
    private static final int W = 8;
    private static final int PLANE = H * W;
    private static final int STEP = 2;

    private static int[] reference(Random rnd) {
        int[] s = new int[C * PLANE];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextInt(5) == 0 ? rnd.nextInt(9) - 4 : 0;
        }
        return s;
    }

    /** The reference's latent moved by noise of this deviation, and by a large move in one region. */
    private static float[] moved(int[] reference, Random rnd, double noise) {
        float[] y = new float[reference.length];
        for (int c = 0; c < C; c++) {
            for (int p = 0; p < PLANE; p++) {
                int k = c * PLANE + p;
                boolean object = p % W < 3 && p / W < 2;
                y[k] = (float) (reference[k] + rnd.nextGaussian() * noise + (object ? 9 * rnd.nextGaussian() : 0));
            }
        }
        return y;
    }

    private static float[] weights(float w) {
        float[] weights = new float[C];
        Arrays.fill(weights, w);
        return weights;
    }

    private static int[] quantize(float[] y, int[] previous, int[] background, boolean[] fromBackground, float[] w) {
        return InterQuantizer.quantize(y, previous, background, fromBackground, STEP, w, C, H, W,
                new ResidualCoder.Models(C));
    }

    private static double squaredError(float[] y, int[] symbols) {
        double e = 0;
        for (int i = 0; i < y.length; i++) {
            e += (y[i] - symbols[i]) * (y[i] - symbols[i]);
        }
        return e;
    }

    @Test
    void anUnchangedLatentKeepsItsPrediction() {
        int[] previous = reference(new Random(1));
        float[] y = new float[previous.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = previous[i];
        }
        assertArrayEquals(previous, quantize(y, previous, previous, new boolean[PLANE], weights(10)));
    }

    @Test
    void symbolsMoveInStepsAndDecodeExactly() {
        Random rnd = new Random(2);
        int[] previous = reference(rnd);
        int[] background = reference(rnd);
        float[] y = moved(previous, rnd, 1.5);
        boolean[] fromBackground = new boolean[PLANE];
        ResidualCoder.Models encoderModels = new ResidualCoder.Models(C);
        int[] symbols = InterQuantizer.quantize(y, previous, background, fromBackground, STEP, weights(1), C, H, W,
                encoderModels);
        byte[] payload = ResidualCoder.encode(symbols, previous, background, fromBackground, STEP, C, H, W,
                encoderModels);
        assertArrayEquals(symbols, ResidualCoder.decode(payload, 0, payload.length, previous, background, STEP, C, H,
                W, new ResidualCoder.Models(C)));
    }

    @Test
    void aChannelThatCostsNothingInThePictureNeverMoves() {
        Random rnd = new Random(3);
        int[] previous = reference(rnd);
        float[] y = moved(previous, rnd, 3);
        float[] w = weights(5);
        w[4] = 0;
        int[] symbols = quantize(y, previous, previous, new boolean[PLANE], w);
        for (int p = 0; p < PLANE; p++) {
            assertEquals(previous[4 * PLANE + p], symbols[4 * PLANE + p], "position " + p);
        }
    }

    @Test
    void whereErrorCostsFarMoreThanBitsEverySymbolRounds() {
        Random rnd = new Random(4);
        int[] previous = reference(rnd);
        float[] y = moved(previous, rnd, 3);
        int[] symbols = quantize(y, previous, previous, new boolean[PLANE], weights(1e6f));
        for (int i = 0; i < y.length; i++) {
            assertEquals(previous[i] + STEP * Math.rint((y[i] - previous[i]) / STEP), symbols[i], 1e-9, "symbol " + i);
        }
    }

    @Test
    void dearerErrorBuysCloserSymbolsWithMoreBits() {
        Random rnd = new Random(5);
        int[] previous = reference(rnd);
        float[] y = moved(previous, rnd, 1.2);
        double lastError = Double.POSITIVE_INFINITY;
        int lastBytes = 0;
        for (float w : new float[] {0.05f, 0.5f, 5f}) {
            boolean[] fromBackground = new boolean[PLANE];
            int[] symbols = quantize(y, previous, previous, fromBackground, weights(w));
            double error = squaredError(y, symbols);
            int bytes = ResidualCoder.encode(symbols, previous, previous, fromBackground, STEP, C, H, W,
                    new ResidualCoder.Models(C)).length;
            assertTrue(error < lastError && bytes > lastBytes, "weight " + w + ": error " + error + " bytes " + bytes);
            lastError = error;
            lastBytes = bytes;
        }
    }

    @Test
    void anUncoveredSceneComesBackFromTheBackground() {
        Random rnd = new Random(6);
        int[] background = reference(rnd);
        int[] previous = background.clone();
        // An object covered position 10 in the previous frame; now the scene shows again.
        for (int c = 0; c < C; c++) {
            previous[c * PLANE + 10] += 6;
        }
        float[] y = new float[background.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = background[i];
        }
        boolean[] fromBackground = new boolean[PLANE];
        assertArrayEquals(background, quantize(y, previous, background, fromBackground, weights(1)));
        assertTrue(fromBackground[10]);
    }
}
