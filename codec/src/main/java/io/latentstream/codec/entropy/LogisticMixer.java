package io.latentstream.codec.entropy;

/**
 * Codes a bit at a probability mixed from several adaptive models, each under its own
 * context: their probabilities are taken to the logistic domain (stretch, ln(p / (1 - p))),
 * summed with weights, and brought back (squash, the logistic function). After the bit,
 * each weight moves by its input times the error of the mixed probability (gradient
 * descent on the code length), so a context that predicts well for this stream gains
 * weight, and each model learns as on its own. One context alone splits its statistics
 * too finely to learn within a frame; several small ones mixed do not.
 *
 * <p>Invariants: integer arithmetic only (stretch and squash are tables built from 33
 * fixed points of the logistic function by integer interpolation), so encoder and decoder,
 * on any JVM or in the Python reference decoder, compute the same probabilities; the mixed
 * probability of a one stays within [1, 4095] of 4096; weights stay within
 * ±{@link #WEIGHT_LIMIT}.
 */
final class LogisticMixer {
    /** Logits in 1/256 units, within ±2047 (probabilities 1/2700 .. 1 - 1/2700). */
    private static final int LOGIT_LIMIT = 2047;
    /** Weights in 1/65536 units; bounded so that a long group of pictures cannot overflow. */
    static final int WEIGHT_LIMIT = 1 << 22;
    /** 4096 / (1 + e^(-(i - 16) / 2)), rounded and kept within [1, 4095]: the logistic at logit (i - 16) * 128 / 256. */
    private static final int[] SQUASH_POINTS = {1, 2, 4, 6, 10, 17, 27, 45, 74, 120, 194, 311, 488, 747, 1102, 1546,
        2048, 2550, 2994, 3349, 3608, 3785, 3902, 3976, 4022, 4051, 4069, 4079, 4086, 4090, 4092, 4094, 4095};
    /** The inverse of {@link #squash}: for each probability p of a one (of 4096), the smallest logit squashing to p or more. */
    private static final int[] STRETCH = new int[AdaptiveBit.ONE];

    static {
        int p = 0;
        for (int d = -LOGIT_LIMIT; d <= LOGIT_LIMIT; d++) {
            for (int v = squash(d); p <= v; p++) {
                STRETCH[p] = d;
            }
        }
        for (; p < STRETCH.length; p++) {
            STRETCH[p] = LOGIT_LIMIT;
        }
    }

    private final int inputs;
    private final int rateShift;
    private final int[] weights;
    private final int[] stretched;

    /**
     * @param inputs       models mixed per bit
     * @param sets         weight sets, one chosen per bit by a small context
     * @param rateShift    the weights learn at error x input / 2^rateShift
     * @param firstWeight  the first input's initial weight (1/65536 units)
     * @param otherWeight  every other input's
     */
    LogisticMixer(int inputs, int sets, int rateShift, int firstWeight, int otherWeight) {
        this.inputs = inputs;
        this.rateShift = rateShift;
        this.weights = new int[inputs * sets];
        this.stretched = new int[inputs];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i % inputs == 0 ? firstWeight : otherWeight;
        }
    }

    /** The logistic of a logit in 1/256 units, as a probability of a one in [1, 4095] of 4096. */
    static int squash(int logit) {
        int d = Math.max(-LOGIT_LIMIT, Math.min(LOGIT_LIMIT, logit));
        int w = d & 127;
        int i = (d >> 7) + 16;
        return (SQUASH_POINTS[i] * (128 - w) + SQUASH_POINTS[i + 1] * w + 64) >> 7;
    }

    /** The smallest logit in [-2047, 2047] that squashes to p (of 4096) or more; 2047 where none does. */
    static int stretch(int p) {
        return STRETCH[p];
    }

    void put(RansEncoder enc, AdaptiveBit[] models, int set, boolean bit) {
        int p1 = mix(models, set);
        AdaptiveBit.put(enc, AdaptiveBit.ONE - p1, bit);
        learn(models, set, p1, bit);
    }

    boolean get(RansDecoder dec, AdaptiveBit[] models, int set) {
        int p1 = mix(models, set);
        boolean bit = AdaptiveBit.get(dec, AdaptiveBit.ONE - p1);
        learn(models, set, p1, bit);
        return bit;
    }

    /** The mixed probability of a one, of 4096; leaves the inputs' logits in {@link #stretched}. */
    private int mix(AdaptiveBit[] models, int set) {
        long dot = 0;
        int base = set * inputs;
        for (int i = 0; i < inputs; i++) {
            stretched[i] = STRETCH[models[i].oneFrequency()];
            dot += (long) weights[base + i] * stretched[i];
        }
        return Math.max(1, Math.min(AdaptiveBit.ONE - 1, squash((int) Math.max(-LOGIT_LIMIT - 1,
                Math.min(LOGIT_LIMIT + 1, dot >> 16)))));
    }

    private void learn(AdaptiveBit[] models, int set, int p1, boolean bit) {
        int error = (bit ? AdaptiveBit.ONE - 1 : 0) - p1;
        int base = set * inputs;
        for (int i = 0; i < inputs; i++) {
            int w = weights[base + i] + ((stretched[i] * error) >> rateShift);
            weights[base + i] = Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, w));
            models[i].update(bit);
        }
    }
}
