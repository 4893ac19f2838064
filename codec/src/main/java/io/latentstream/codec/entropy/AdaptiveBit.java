package io.latentstream.codec.entropy;

/**
 * An adaptive binary model for the rANS coder: the probability of a 1 is the ratio of
 * the counts seen so far, at {@link #PRECISION} bits, kept within [1, 2^PRECISION - 1];
 * counts are halved when their sum reaches {@link #HALVE_AT}, so the model follows
 * statistics that drift across a frame. Integer arithmetic only: encoder and decoder
 * update identically on any JVM.
 */
final class AdaptiveBit {
    static final int PRECISION = 12;
    static final int ONE = 1 << PRECISION;
    static final int HALVE_AT = 1024;
    private int zeros;
    private int ones;

    /** Starts as if zeros 0s and ones 1s (both >= 1, together below {@link #HALVE_AT}) had been seen. */
    AdaptiveBit(int zeros, int ones) {
        if (zeros < 1 || ones < 1 || zeros + ones >= HALVE_AT) {
            throw new IllegalArgumentException("initial counts " + zeros + ":" + ones);
        }
        this.zeros = zeros;
        this.ones = ones;
    }

    /** The 0s counted, the initial ones included (halved with the 1s): what a model saw, for {@link KeyPriors}. */
    int zeros() {
        return zeros;
    }

    int ones() {
        return ones;
    }

    void put(RansEncoder enc, boolean bit) {
        put(enc, zeroFrequency(), bit);
        update(bit);
    }

    boolean get(RansDecoder dec) {
        boolean bit = get(dec, zeroFrequency());
        update(bit);
        return bit;
    }

    /** Codes bit where a 0 has probability f0 / 2^PRECISION, f0 in [1, 2^PRECISION - 1]. */
    static void put(RansEncoder enc, int f0, boolean bit) {
        if (bit) {
            enc.put(f0, ONE - f0, PRECISION);
        } else {
            enc.put(0, f0, PRECISION);
        }
    }

    /** Decodes what {@link #put(RansEncoder, int, boolean)} wrote with the same f0. */
    static boolean get(RansDecoder dec, int f0) {
        boolean bit = dec.peek(PRECISION) >= f0;
        if (bit) {
            dec.advance(f0, ONE - f0, PRECISION);
        } else {
            dec.advance(0, f0, PRECISION);
        }
        return bit;
    }

    /** The probability of a one, of 2^PRECISION, in [1, 2^PRECISION - 1]. */
    int oneFrequency() {
        return ONE - zeroFrequency();
    }

    /** What coding bit would cost now, in bits; the encoder weighs choices by it. */
    float cost(boolean bit) {
        int f0 = zeroFrequency();
        return BITS[bit ? ONE - f0 : f0];
    }

    /**
     * ceil(2^32 / t) for each total t below {@link #HALVE_AT}: for numerators n below 2^22
     * (zeros · 2^PRECISION + t / 2 with t &lt; 2^10) and 32 = 22 + 10 bits of shift,
     * (n · ceil(2^32 / t)) &gt;&gt; 32 equals n / t exactly (AdaptiveBitTest checks every pair).
     */
    private static final long[] RECIPROCALS = new long[HALVE_AT];
    private static final int RECIPROCAL_SHIFT = 32;

    static {
        for (int t = 1; t < HALVE_AT; t++) {
            RECIPROCALS[t] = ((1L << RECIPROCAL_SHIFT) + t - 1) / t;
        }
    }

    /** -log2(f / 2^PRECISION) for each frequency f a model can give. */
    private static final float[] BITS = new float[ONE + 1];

    static {
        for (int f = 1; f <= ONE; f++) {
            BITS[f] = (float) (PRECISION - Math.log(f) / Math.log(2));
        }
    }

    /**
     * (zeros · 2^PRECISION + total / 2) / total, clamped to [1, 2^PRECISION - 1]: a division
     * exact by multiplying with {@link #RECIPROCALS} (every bit coded reads several models).
     */
    private int zeroFrequency() {
        return zeroFrequency(zeros, ones);
    }

    static int zeroFrequency(int zeros, int ones) {
        int total = zeros + ones;
        int f = (int) ((((long) zeros * ONE + total / 2) * RECIPROCALS[total]) >>> RECIPROCAL_SHIFT);
        return Math.max(1, Math.min(ONE - 1, f));
    }

    void update(boolean bit) {
        if (bit) {
            ones++;
        } else {
            zeros++;
        }
        if (zeros + ones >= HALVE_AT) {
            zeros = (zeros + 1) / 2;
            ones = (ones + 1) / 2;
        }
    }
}
