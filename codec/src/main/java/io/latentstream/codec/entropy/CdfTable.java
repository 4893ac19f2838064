package io.latentstream.codec.entropy;

/**
 * The trained prior of one latent channel at one rate point: the median that symbol 0
 * stands for, and the 16-bit cumulative frequencies training's factorized prior gives
 * the symbols offset .. offset + K - 1, then an escape for every value outside them.
 * The median fixes quantization (symbol = rint(y - median)) on both sides. Since
 * bitstream format 5 the CDF codes nothing: key frames go through the adaptive
 * {@link ResidualCoder}, whose models learn a frame's statistics faster than the fixed
 * prior describes them (seeding those models from the CDF saved under 0.4%). It stays
 * in the bundle as the record of the rate training optimized, validated on load like the
 * rest of it.
 */
public final class CdfTable {
    public static final int PRECISION = Rans.MAX_PRECISION;
    private static final int TOTAL = 1 << PRECISION;

    private final float median;

    /**
     * @param median the value symbol 0 stands for: y is coded as rint(y - median)
     * @param cdf    over the symbols offset .. offset + K - 1: cdf[0] = 0, strictly
     *               increasing, cdf[last] = 2^16; the last interval is the escape
     */
    public CdfTable(float median, int[] cdf) {
        if (cdf.length < 3 || cdf[0] != 0 || cdf[cdf.length - 1] != TOTAL) {
            throw new IllegalArgumentException("CDF must start at 0, end at 2^16 and hold an escape");
        }
        for (int i = 1; i < cdf.length; i++) {
            if (cdf[i] <= cdf[i - 1]) {
                throw new IllegalArgumentException("CDF must be strictly increasing (every frequency >= 1)");
            }
        }
        if (!Float.isFinite(median)) {
            throw new IllegalArgumentException("median must be finite");
        }
        this.median = median;
    }

    public float median() {
        return median;
    }
}
