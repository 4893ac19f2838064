package io.latentstream.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualCoderTest {
    /** A 768x432 frame's latent. */
    private static final int C = 144;
    private static final int H = 27;
    private static final int W = 48;

    private static int[] sparse(Random rnd, int channels, int h, int w, double moving) {
        int[] r = new int[channels * h * w];
        // A moving region: a rectangle of the latent where residuals are dense.
        int y0 = rnd.nextInt(h);
        int x0 = rnd.nextInt(w);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inside = y >= y0 && y < y0 + 5 && x >= x0 && x < x0 + 7;
                    if (inside && rnd.nextDouble() < moving) {
                        r[(c * h + y) * w + x] = (int) Math.round(rnd.nextGaussian() * 3);
                    }
                }
            }
        }
        r[rnd.nextInt(r.length)] = 1000;
        r[rnd.nextInt(r.length)] = -70000;
        return r;
    }

    /** Reference symbols: small integers, zero in most places, as a latent's are. */
    private static int[] reference(Random rnd, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextDouble() < 0.3 ? (int) Math.round(rnd.nextGaussian() * 2) : 0;
        }
        return s;
    }

    /** Codes reference + residual against the reference, with no background to choose. */
    private static byte[] encode(int[] residual, int[] reference, int c, int h, int w, ResidualCoder.Models m) {
        int[] symbols = new int[residual.length];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = reference[i] + residual[i];
        }
        return ResidualCoder.encode(symbols, reference, reference, new boolean[h * w], 1, c, h, w, m);
    }

    /** The residual a stream from {@link #encode} carries. */
    private static int[] decodeResidual(byte[] coded, int length, int[] reference, int c, int h, int w,
            ResidualCoder.Models m) {
        int[] residual = ResidualCoder.decode(coded, 0, length, reference, reference, 1, c, h, w, m);
        for (int i = 0; i < residual.length; i++) {
            residual[i] -= reference[i];
        }
        return residual;
    }

    @Test
    void roundTripsExactly() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int c = 1 + rnd.nextInt(40);
            int h = 1 + rnd.nextInt(30);
            int w = 1 + rnd.nextInt(30);
            int[] r = sparse(rnd, c, h, w, rnd.nextDouble());
            int[] ref = reference(rnd, r.length);
            byte[] coded = encode(r, ref, c, h, w, new ResidualCoder.Models(c));
            assertArrayEquals(r, decodeResidual(coded, coded.length, ref, c, h, w, new ResidualCoder.Models(c)));
            assertArrayEquals(coded, encode(r, ref, c, h, w, new ResidualCoder.Models(c)), "deterministic");
        }
    }

    @Test
    void unchangedLatentCostsNothing() {
        int[] ref = reference(new Random(2), C * H * W);
        byte[] coded = encode(new int[C * H * W], ref, C, H, W, new ResidualCoder.Models(C));
        assertEquals(0, coded.length, "an unchanged frame's payload is empty");
        assertArrayEquals(new int[C * H * W],
                decodeResidual(coded, coded.length, ref, C, H, W, new ResidualCoder.Models(C)));
    }

    @Test
    void sparseChangesCostFarLessThanTheirPositions() {
        int[] r = sparse(new Random(5), C, H, W, 0.3);
        byte[] coded = encode(r, new int[r.length], C, H, W, new ResidualCoder.Models(C));
        assertTrue(coded.length < C * H * W / 50, coded.length + " bytes");
    }

    @Test
    void residualsThatTakeTheReferenceBackToZeroCostLessThanUnrelatedOnes() {
        // Where a moving object leaves, the background's symbols return: r = -reference there.
        Random rnd = new Random(6);
        int[] ref = reference(rnd, C * H * W);
        int[] r = new int[ref.length];
        int[] unrelated = new int[ref.length];
        for (int ch = 0; ch < C; ch++) {
            for (int y = 10; y < 16; y++) {
                for (int x = 20; x < 30; x++) {
                    int k = (ch * H + y) * W + x;
                    r[k] = -ref[k];
                    unrelated[k] = ref[k] == 0 ? 0 : (rnd.nextBoolean() ? -1 : 1) * Math.abs(ref[k]);
                }
            }
        }
        byte[] undoing = encode(r, ref, C, H, W, new ResidualCoder.Models(C));
        byte[] other = encode(unrelated, ref, C, H, W, new ResidualCoder.Models(C));
        assertTrue(undoing.length < other.length, undoing.length + " bytes against " + other.length);
        assertArrayEquals(r, decodeResidual(undoing, undoing.length, ref, C, H, W, new ResidualCoder.Models(C)));
    }

    @Test
    void modelsCarriedAcrossFramesDecodeInOrderAndLearn() {
        Random rnd = new Random(11);
        ResidualCoder.Models encoderModels = new ResidualCoder.Models(C);
        ResidualCoder.Models decoderModels = new ResidualCoder.Models(C);
        int[] ref = reference(rnd, C * H * W);
        int[][] frames = new int[6][];
        byte[][] coded = new byte[frames.length][];
        for (int f = 0; f < frames.length; f++) {
            frames[f] = sparse(new Random(5), C, H, W, 0.3);
            frames[f][rnd.nextInt(frames[f].length)] = 2;
            coded[f] = encode(frames[f], ref, C, H, W, encoderModels);
            assertArrayEquals(frames[f], decodeResidual(coded[f], coded[f].length, ref, C, H, W, decoderModels));
        }
        assertTrue(coded[5].length < 0.9 * coded[0].length,
                "a sixth similar frame costs " + coded[5].length + " bytes, the first " + coded[0].length);
        int[] withFreshModels;
        try {
            withFreshModels = decodeResidual(coded[5], coded[5].length, ref, C, H, W,
                    new ResidualCoder.Models(C));
        } catch (EntropyDecodingException e) {
            withFreshModels = null;
        }
        assertFalse(Arrays.equals(frames[5], withFreshModels), "a frame depends on the models its predecessors left");
    }

    @Test
    void damagedStreamsFailWithTypedErrors() {
        Random rnd = new Random(8);
        int[] r = sparse(rnd, 16, 12, 12, 0.5);
        int[] ref = reference(rnd, r.length);
        byte[] coded = encode(r, ref, 16, 12, 12, new ResidualCoder.Models(16));
        // Cut to nothing it is a valid payload: the frame that repeats its prediction.
        assertArrayEquals(new int[r.length], decodeResidual(coded, 0, ref, 16, 12, 12, new ResidualCoder.Models(16)));
        for (int cut = 1; cut < coded.length; cut++) {
            int len = cut;
            assertThrows(EntropyDecodingException.class,
                    () -> decodeResidual(coded, len, ref, 16, 12, 12, new ResidualCoder.Models(16)));
        }
        for (int i = 0; i < 300; i++) {
            byte[] bad = coded.clone();
            bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            try {
                decodeResidual(bad, bad.length, ref, 16, 12, 12, new ResidualCoder.Models(16));
            } catch (EntropyDecodingException expected) {
                // typed
            }
        }
    }

    @Test
    void keyFramesRoundTripEverySymbolInRange() {
        Random rnd = new Random(7);
        int c = 16;
        int h = 37;
        int w = 23;
        int[] symbols = new int[c * h * w];
        for (int i = 0; i < symbols.length; i++) {
            double u = rnd.nextDouble();
            symbols[i] = u < 0.001 ? rnd.nextInt(2 * ResidualCoder.MAX_SYMBOL_MAGNITUDE + 1)
                    - ResidualCoder.MAX_SYMBOL_MAGNITUDE
                    : u < 0.01 ? rnd.nextInt(200) - 100
                    : u < 0.5 ? 0 : (int) Math.round(rnd.nextGaussian() * 2);
        }
        symbols[0] = ResidualCoder.MAX_SYMBOL_MAGNITUDE;
        symbols[1] = -ResidualCoder.MAX_SYMBOL_MAGNITUDE;
        byte[] coded = ResidualCoder.encodeKey(symbols, c, h, w, new ResidualCoder.Models(c));
        assertArrayEquals(symbols, ResidualCoder.decodeKey(coded, 0, coded.length, c, h, w,
                new ResidualCoder.Models(c)));
        assertArrayEquals(coded, ResidualCoder.encodeKey(symbols, c, h, w, new ResidualCoder.Models(c)), "deterministic");
    }

    @Test
    void aSignThatPersistsOverARegionCostsLessThanRandomSigns() {
        // A flat region of a key frame: each channel keeps one sign over it.
        Random rnd = new Random(8);
        int[] persisting = new int[C * H * W];
        int[] random = new int[persisting.length];
        for (int ch = 0; ch < C; ch++) {
            int sign = rnd.nextBoolean() ? 1 : -1;
            for (int p = 0; p < H * W; p++) {
                int magnitude = 1 + rnd.nextInt(3);
                persisting[ch * H * W + p] = sign * magnitude;
                random[ch * H * W + p] = (rnd.nextBoolean() ? 1 : -1) * magnitude;
            }
        }
        byte[] kept = ResidualCoder.encodeKey(persisting, C, H, W, new ResidualCoder.Models(C));
        byte[] unrelated = ResidualCoder.encodeKey(random, C, H, W, new ResidualCoder.Models(C));
        assertTrue(kept.length < 0.8 * unrelated.length, kept.length + " bytes against " + unrelated.length);
        assertArrayEquals(persisting, ResidualCoder.decodeKey(kept, 0, kept.length, C, H, W,
                new ResidualCoder.Models(C)));
    }

    @Test
    void anEscapeLongerThanAnyResidualIsCorrupt() {
        // One symbol whose escape's bit length goes on past what a residual in range needs.
        ResidualCoder.Models m = new ResidualCoder.Models(1);
        int[] none = new int[1];
        RansEncoder enc = new RansEncoder();
        m.significant[0].put(enc, true);
        m.nonZero[ResidualCoder.nonZeroContext(none, 0, 0, 0, 1, 0, 1)].put(enc, true);
        m.negative[ResidualCoder.signContext(none, 0, 0, 1, 0, 1)].put(enc, false);
        m.aboveOne[ResidualCoder.aboveOneContext(0, 0, 0)].put(enc, true);
        for (int k = 2; k < ResidualCoder.UNARY_LIMIT; k++) {
            m.aboveK[k - 2].put(enc, true);
        }
        for (int j = 0; j < ResidualCoder.ESCAPE_LENGTHS; j++) {
            m.escapeLength[j].put(enc, true);
        }
        byte[] coded = enc.finish();
        assertThrows(EntropyDecodingException.class, () -> ResidualCoder.decodeKey(coded, 0, coded.length, 1, 1, 1,
                new ResidualCoder.Models(1)));
    }

    @Test
    void refusesWhatNoSymbolCanHold() {
        int[] symbols = new int[4 * 3 * 3];
        symbols[5] = ResidualCoder.MAX_SYMBOL_MAGNITUDE + 1;
        assertThrows(IllegalArgumentException.class, () -> ResidualCoder.encodeKey(symbols, 4, 3, 3,
                new ResidualCoder.Models(4)));
        assertThrows(IllegalArgumentException.class, () -> ResidualCoder.encodeKey(new int[7], 4, 3, 3,
                new ResidualCoder.Models(4)));
        // A residual of 2 x MAX is valid between two symbols, and never a key-frame symbol.
        int[] reference = new int[4 * 3 * 3];
        reference[5] = -ResidualCoder.MAX_SYMBOL_MAGNITUDE;
        int[] farFromIt = new int[reference.length];
        farFromIt[5] = ResidualCoder.MAX_SYMBOL_MAGNITUDE;
        byte[] coded = ResidualCoder.encode(farFromIt, reference, reference, new boolean[9], 1, 4, 3, 3,
                new ResidualCoder.Models(4));
        assertThrows(EntropyDecodingException.class, () -> ResidualCoder.decodeKey(coded, 0, coded.length, 4, 3, 3,
                new ResidualCoder.Models(4)));
    }

    @Test
    void anUncoveredSceneComesBackFromTheBackgroundForAFlagPerPosition() {
        Random rnd = new Random(9);
        int[] scene = reference(rnd, C * H * W);
        int[] withObject = scene.clone();
        boolean[] uncovered = new boolean[H * W];
        for (int y = 8; y < 18; y++) {
            for (int x = 12; x < 30; x++) {
                uncovered[y * W + x] = true;
                for (int ch = 0; ch < C; ch++) {
                    withObject[(ch * H + y) * W + x] = (int) Math.round(rnd.nextGaussian() * 3);
                }
            }
        }
        // The object leaves: the scene returns, which the previous frame alone predicts badly.
        byte[] fromPrevious = ResidualCoder.encode(scene, withObject, withObject, new boolean[H * W], 1, C, H, W,
                new ResidualCoder.Models(C));
        byte[] fromBackground = ResidualCoder.encode(scene, withObject, scene, uncovered, 1, C, H, W,
                new ResidualCoder.Models(C));
        assertTrue(fromBackground.length * 20 < fromPrevious.length,
                fromBackground.length + " bytes with the background, " + fromPrevious.length + " without");
        assertArrayEquals(scene, ResidualCoder.decode(fromBackground, 0, fromBackground.length, withObject, scene, 1, C, H,
                W, new ResidualCoder.Models(C)));
        // Choices apply where previous and background differ; a mix decodes exactly too.
        boolean[] some = new boolean[H * W];
        for (int p = 0; p < some.length; p++) {
            some[p] = rnd.nextBoolean();
        }
        int[] moved = scene.clone();
        moved[(3 * H + 10) * W + 15] += 2;
        byte[] mixed = ResidualCoder.encode(moved, withObject, scene, some, 1, C, H, W, new ResidualCoder.Models(C));
        assertArrayEquals(moved, ResidualCoder.decode(mixed, 0, mixed.length, withObject, scene, 1, C, H, W,
                new ResidualCoder.Models(C)));
    }

    @Test
    void aResidualStepCodesMultiplesOfItAsSmallResiduals() {
        Random rnd = new Random(12);
        int[] reference = reference(rnd, C * H * W);
        int[] r = sparse(rnd, C, H, W, 0.5);
        int step = 3;
        int[] symbols = new int[r.length];
        int[] unitSymbols = new int[r.length];
        for (int i = 0; i < r.length; i++) {
            symbols[i] = reference[i] + step * r[i];
            unitSymbols[i] = reference[i] + r[i];
        }
        byte[] coded = ResidualCoder.encode(symbols, reference, reference, new boolean[H * W], step, C, H, W,
                new ResidualCoder.Models(C));
        assertArrayEquals(symbols, ResidualCoder.decode(coded, 0, coded.length, reference, reference, step, C, H, W,
                new ResidualCoder.Models(C)));
        // The stream is the one the residuals themselves give with step 1: the step costs nothing.
        assertArrayEquals(encode(r, reference, C, H, W, new ResidualCoder.Models(C)), coded);
        assertArrayEquals(unitSymbols, ResidualCoder.decode(coded, 0, coded.length, reference, reference, 1, C, H, W,
                new ResidualCoder.Models(C)));
        symbols[7] += 1;
        assertThrows(IllegalArgumentException.class, () -> ResidualCoder.encode(symbols, reference, reference,
                new boolean[H * W], step, C, H, W, new ResidualCoder.Models(C)), "a symbol off the step grid");
    }
}
