package io.latentstream.codec.entropy;

import java.util.Arrays;

/**
 * Chooses an inter frame's residuals by rate and distortion: for each latent position, the
 * prediction (previous frame or background), whether to code the position at all, and each
 * channel's residual, minimising bits + distortion. Bits are what {@link ResidualCoder}'s
 * adaptive models would charge, as they stand before the frame, in the contexts the coder
 * will use; distortion is the squared error left on each symbol times its channel's weight,
 * the bits one squared symbol step of that channel is worth in the picture at the stream's
 * Lagrangian. Channels differ by two orders of magnitude in what they show, so a fixed dead
 * zone either codes noise in the weak ones or drops real change in the strong ones.
 *
 * <p>Positions go in the coder's raster order, so the left and upper contexts are the ones
 * the coder will see; within a position each channel takes the cheapest of zero, the
 * nearest step multiple and the one next toward zero, given the channels before it; then
 * the whole position is weighed against leaving it. Greedy: a choice does not weigh what it
 * does to later positions' contexts. An encoder decision only; any choice decodes the same way.
 */
public final class InterQuantizer {
    private InterQuantizer() {}

    /**
     * @param centred        the frame's latent, y - median, channel-major
     * @param previous       the previous frame's symbols
     * @param background     the background's symbols
     * @param fromBackground receives, per position, the prediction chosen
     * @param step           residual step
     * @param weights        per channel: the cost, in bits, of a squared error of one symbol
     * @param m              the stream's models as they stand before this frame
     * @return the symbols to code
     */
    public static int[] quantize(float[] centred, int[] previous, int[] background, boolean[] fromBackground,
            int step, float[] weights, int channels, int height, int width, ResidualCoder.Models m) {
        int plane = height * width;
        boolean[] differs = ResidualCoder.differing(previous, background, channels, plane);
        // What leaving each position costs against either prediction, and whether anything there
        // rounds to a residual: channel by channel, in memory order.
        Leave fromPrevious = new Leave(centred, previous, null, step, weights, channels, plane);
        Leave fromScene = new Leave(centred, background, differs, step, weights, channels, plane);
        int[] symbols = new int[centred.length];
        int[] residuals = new int[centred.length];
        boolean[] significant = new boolean[plane];
        int[] trial = new int[channels];
        int[] best = new int[channels];
        for (int p = 0; p < plane; p++) {
            double bestCost = Double.POSITIVE_INFINITY;
            boolean bestBackground = false;
            for (int choice = 0; choice < (differs[p] ? 2 : 1); choice++) {
                boolean useBackground = choice == 1;
                double cost = differs[p]
                        ? m.background[ResidualCoder.neighbours(fromBackground, p, width)].cost(useBackground) : 0;
                cost += position(centred, useBackground ? background : previous, useBackground ? fromScene : fromPrevious,
                        residuals, significant, step, weights, channels, plane, p, width, m, trial);
                if (cost < bestCost) {
                    bestCost = cost;
                    bestBackground = useBackground;
                    System.arraycopy(trial, 0, best, 0, channels);
                }
            }
            fromBackground[p] = bestBackground;
            boolean s = false;
            for (int c = 0; c < channels; c++) {
                s |= best[c] != 0;
            }
            if (s) {
                for (int c = 0; c < channels; c++) {
                    residuals[c * plane + p] = best[c];
                }
            }
            significant[p] = s;
        }
        for (int c = 0, k = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++, k++) {
                symbols[k] = (fromBackground[p] ? background : previous)[k] + step * residuals[k];
            }
        }
        return symbols;
    }

    /**
     * Per position (where wanted), against one prediction: the distortion of leaving it, the
     * sum over channels of weight x (centred - predicted)², and whether any channel is half a
     * step or more from its prediction.
     */
    private static final class Leave {
        final double[] distortion;
        final boolean[] anyRounds;

        Leave(float[] centred, int[] from, boolean[] wanted, int step, float[] weights, int channels, int plane) {
            distortion = new double[plane];
            anyRounds = new boolean[plane];
            for (int c = 0, k = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++, k++) {
                    if (wanted == null || wanted[p]) {
                        float e = centred[k] - from[k];
                        distortion[p] += weights[c] * e * e;
                        anyRounds[p] |= Math.abs(e) >= 0.5f * step;
                    }
                }
            }
        }
    }

    /** The cheapest way to code position p against from: its residuals into out, its cost returned. */
    private static double position(float[] centred, int[] from, Leave leave, int[] residuals, boolean[] significant,
            int step, float[] weights, int channels, int plane, int p, int width, ResidualCoder.Models m, int[] out) {
        int context = ResidualCoder.neighbours(significant, p, width);
        double skip = m.significant[context].cost(false) + leave.distortion[p];
        Arrays.fill(out, 0);
        // Most positions of a fixed camera moved less than half a step in every channel: nothing
        // there rounds to a residual, so leaving the position is all there is to weigh.
        if (!leave.anyRounds[p]) {
            return skip;
        }
        double code = m.significant[context].cost(true);
        int active = 0;
        for (int c = 0; c < channels; c++) {
            int k = c * plane + p;
            float e = centred[k] - from[k];
            double w = weights[c];
            double kept = w * e * e;
            // Left and upper residuals are final; this position's are not yet in residuals.
            AdaptiveBit flag = m.nonZero[ResidualCoder.nonZeroContext(residuals, from[k], active, c, plane, p, width)];
            double zero = kept + flag.cost(false);
            int r = (int) Math.rint(e / step);
            int sign = r == 0 ? 0 : ResidualCoder.signContext(residuals, from[k], c, plane, p, width);
            int chosen = 0;
            double chosenCost = zero;
            for (int candidate = r, tries = 0; candidate != 0 && tries < 2;
                    candidate -= Integer.signum(candidate), tries++) {
                double left = e - (double) candidate * step;
                double cost = w * left * left + flag.cost(true)
                        + ResidualCoder.valueCost(m, c, from[k], sign, active, candidate);
                if (cost < chosenCost) {
                    chosenCost = cost;
                    chosen = candidate;
                }
            }
            out[c] = chosen;
            code += chosenCost;
            if (chosen != 0) {
                active++;
            }
        }
        if (active == 0 || skip <= code) {
            Arrays.fill(out, 0);
            return skip;
        }
        return code;
    }
}
