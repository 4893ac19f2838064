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
    private static final int ONE = 1 << PRECISION;
    private static final int HALVE_AT = 1024;
    private int zeros;
    private int ones;

    /** Starts as if zeros 0s and ones 1s (both >= 1) had been seen. */
    AdaptiveBit(int zeros, int ones) {
        this.zeros = zeros;
        this.ones = ones;
    }

    void put(RansEncoder enc, boolean bit) {
        int f0 = zeroFrequency();
        if (bit) {
            enc.put(f0, ONE - f0, PRECISION);
        } else {
            enc.put(0, f0, PRECISION);
        }
        update(bit);
    }

    boolean get(RansDecoder dec) {
        int f0 = zeroFrequency();
        boolean bit = dec.peek(PRECISION) >= f0;
        if (bit) {
            dec.advance(f0, ONE - f0, PRECISION);
        } else {
            dec.advance(0, f0, PRECISION);
        }
        update(bit);
        return bit;
    }

    /** What coding bit would cost now, in bits; the encoder weighs choices by it. */
    float cost(boolean bit) {
        int f0 = zeroFrequency();
        return BITS[bit ? ONE - f0 : f0];
    }

    /** -log2(f / 2^PRECISION) for each frequency f a model can give. */
    private static final float[] BITS = new float[ONE + 1];

    static {
        for (int f = 1; f <= ONE; f++) {
            BITS[f] = (float) (PRECISION - Math.log(f) / Math.log(2));
        }
    }

    private int zeroFrequency() {
        int total = zeros + ones;
        int f = (int) (((long) zeros * ONE + total / 2) / total);
        return Math.max(1, Math.min(ONE - 1, f));
    }

    private void update(boolean bit) {
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
