package io.latentstream.codec.entropy;

import java.util.Arrays;

/**
 * The coding table of one latent channel at one rate point: 16-bit cumulative
 * frequencies of the symbols offset .. offset + size - 1, then one escape symbol that
 * stands for every value outside that range. Immutable and validated on construction,
 * so coding never meets a zero frequency or a table that does not sum to 2^16.
 */
public final class CdfTable {
    public static final int PRECISION = Rans.MAX_PRECISION;
    private static final int TOTAL = 1 << PRECISION;

    private final float median;
    private final int offset;
    private final int[] cdf;

    /**
     * @param median the value symbol 0 stands for: y is coded as rint(y - median)
     * @param offset the symbol at CDF index 0
     * @param cdf    cdf[0] = 0, strictly increasing, cdf[last] = 2^16; the last
     *               interval is the escape
     */
    public CdfTable(float median, int offset, int[] cdf) {
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
        this.offset = offset;
        this.cdf = cdf.clone();
    }

    public float median() {
        return median;
    }

    public int offset() {
        return offset;
    }

    /** Number of in-range symbols (the escape not counted). */
    public int size() {
        return cdf.length - 2;
    }

    int escapeIndex() {
        return cdf.length - 2;
    }

    int start(int index) {
        return cdf[index];
    }

    int freq(int index) {
        return cdf[index + 1] - cdf[index];
    }

    /** The index whose interval holds slot: cdf[i] <= slot < cdf[i + 1]. */
    int find(int slot) {
        int i = Arrays.binarySearch(cdf, slot);
        return i >= 0 ? i : -i - 2;
    }

    /** Ideal code length of a symbol in bits, escape payload excluded. */
    public double bits(int symbol) {
        int index = symbol - offset;
        if (index < 0 || index >= size()) {
            index = escapeIndex();
        }
        return PRECISION - Math.log(freq(index)) / Math.log(2);
    }
}
