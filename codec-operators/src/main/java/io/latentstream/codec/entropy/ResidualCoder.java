package io.latentstream.codec.entropy;

/**
 * Codes the residual between a frame's latent symbols and its reference's (inter frames).
 *
 * <p>A fixed camera's residual is mostly zero; where something moved it is non-zero in
 * many channels at once, and next to other such positions. What moves, and which
 * channels respond, differs from clip to clip, so the models adapt within the frame
 * ({@link AdaptiveBit}) instead of being fixed tables. The stream says, in one rANS
 * stream:
 * <ol>
 *   <li>1 raw bit: 0 = the whole residual is zero, and nothing follows;</li>
 *   <li>for each latent position, raster order: is any channel non-zero there ("significant");
 *       context: how many of its left and upper neighbours are significant (3 models);</li>
 *   <li>at a significant position, for each channel: is it non-zero; context: the channel,
 *       and whether that channel is non-zero at the left or upper position (2 models per
 *       channel);</li>
 *   <li>for each non-zero residual r, right after its flag: the sign (raw bit), |r| &gt; 1
 *       (one model per channel), |r| &gt; k for k = 2 .. {@link #UNARY_LIMIT} - 1 (one model
 *       per k), and beyond that |r| - {@link #UNARY_LIMIT} + 1 as an Elias-gamma code.</li>
 * </ol>
 * The models adapt along a group of pictures: a stream starts them fresh at each key frame
 * and carries them from one inter frame to the next ({@link Models}), so a frame of a few
 * hundred bytes does not pay again for learning what the previous frames taught. Inter
 * frames already depend on their predecessor for the reference, so this adds no new
 * dependency. Both sides build and update the models identically, so the same residuals
 * give the same bytes everywhere and a decoder reproduces them exactly.
 */
public final class ResidualCoder {
    static final int UNARY_LIMIT = 8;
    /** Residuals beyond this cannot come from two in-range symbols. */
    private static final long MAX_MAGNITUDE = 2L * LatentCoder.MAX_SYMBOL_MAGNITUDE;

    private ResidualCoder() {}

    /**
     * The adaptive models of one camera's residuals, from its last key frame on. Encoder and
     * decoder each hold one, and must feed it the same frames in the same order.
     */
    public static final class Models {
        private final int channels;
        private final AdaptiveBit[] significant = {new AdaptiveBit(1, 1), new AdaptiveBit(1, 1), new AdaptiveBit(1, 1)};
        private final AdaptiveBit[] nonZero;
        private final AdaptiveBit[] aboveOne;
        private final AdaptiveBit[] aboveK = new AdaptiveBit[UNARY_LIMIT];

        public Models(int channels) {
            if (channels <= 0) {
                throw new IllegalArgumentException("channels must be positive");
            }
            this.channels = channels;
            nonZero = new AdaptiveBit[2 * channels];
            aboveOne = new AdaptiveBit[channels];
            for (int c = 0; c < channels; c++) {
                nonZero[2 * c] = new AdaptiveBit(4, 1);
                nonZero[2 * c + 1] = new AdaptiveBit(1, 1);
                aboveOne[c] = new AdaptiveBit(1, 1);
            }
            for (int k = 2; k < UNARY_LIMIT; k++) {
                aboveK[k] = new AdaptiveBit(1, 1);
            }
        }

        /** Memory the models hold: two int counts per binary model. */
        public long bytes() {
            return 8L * (significant.length + nonZero.length + aboveOne.length + UNARY_LIMIT - 2);
        }
    }

    /** @param residuals channel-major, channels x height x width */
    public static byte[] encode(int[] residuals, int channels, int height, int width, Models m) {
        checkShape(residuals.length, channels, height, width, m);
        RansEncoder enc = new RansEncoder();
        boolean any = false;
        for (int r : residuals) {
            any |= r != 0;
        }
        enc.putBits(any ? 1 : 0, 1);
        if (!any) {
            return enc.finish();
        }
        int plane = height * width;
        boolean[] significant = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            boolean s = false;
            for (int c = 0; c < channels && !s; c++) {
                s = residuals[c * plane + p] != 0;
            }
            significant[p] = s;
            m.significant[significanceContext(significant, p, width)].put(enc, s);
            if (!s) {
                continue;
            }
            for (int c = 0; c < channels; c++) {
                int r = residuals[c * plane + p];
                m.nonZero[nonZeroContext(residuals, c, plane, p, width)].put(enc, r != 0);
                if (r != 0) {
                    putMagnitude(enc, m, c, r);
                }
            }
        }
        return enc.finish();
    }

    public static int[] decode(byte[] data, int offset, int length, int channels, int height, int width, Models m) {
        checkShape((long) channels * height * width, channels, height, width, m);
        int plane = height * width;
        int[] residuals = new int[channels * plane];
        RansDecoder dec = new RansDecoder(data, offset, length);
        if (dec.getBits(1) == 0) {
            dec.finish();
            return residuals;
        }
        boolean[] significant = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            significant[p] = m.significant[significanceContext(significant, p, width)].get(dec);
            if (!significant[p]) {
                continue;
            }
            boolean some = false;
            for (int c = 0; c < channels; c++) {
                if (m.nonZero[nonZeroContext(residuals, c, plane, p, width)].get(dec)) {
                    residuals[c * plane + p] = getMagnitude(dec, m, c);
                    some = true;
                }
            }
            if (!some) {
                throw new EntropyDecodingException("significant position " + p + " with no non-zero residual");
            }
        }
        dec.finish();
        return residuals;
    }

    private static void putMagnitude(RansEncoder enc, Models m, int c, int r) {
        long magnitude = Math.abs((long) r);
        enc.putBits(r < 0 ? 1 : 0, 1);
        m.aboveOne[c].put(enc, magnitude > 1);
        for (int k = 2; k < UNARY_LIMIT && magnitude >= k; k++) {
            m.aboveK[k].put(enc, magnitude > k);
        }
        if (magnitude >= UNARY_LIMIT) {
            LatentCoder.putGamma(enc, magnitude - UNARY_LIMIT + 1);
        }
    }

    private static int getMagnitude(RansDecoder dec, Models m, int c) {
        boolean negative = dec.getBits(1) == 1;
        long magnitude = 1;
        if (m.aboveOne[c].get(dec)) {
            magnitude = 2;
            for (int k = 2; k < UNARY_LIMIT && m.aboveK[k].get(dec); k++) {
                magnitude = k + 1;
            }
            if (magnitude >= UNARY_LIMIT) {
                magnitude = LatentCoder.getGamma(dec) + UNARY_LIMIT - 1;
            }
        }
        if (magnitude > MAX_MAGNITUDE) {
            throw new EntropyDecodingException("residual magnitude " + magnitude + " out of range");
        }
        return (int) (negative ? -magnitude : magnitude);
    }

    /** Significant neighbours (left, upper) of position p: 0, 1 or 2. */
    private static int significanceContext(boolean[] significant, int p, int width) {
        int n = 0;
        if (p % width > 0 && significant[p - 1]) {
            n++;
        }
        if (p >= width && significant[p - width]) {
            n++;
        }
        return n;
    }

    /** Model index of channel c's non-zero flag at p: 2c, plus 1 if c is non-zero at the left or upper position. */
    private static int nonZeroContext(int[] residuals, int c, int plane, int p, int width) {
        int base = c * plane;
        boolean left = p % width > 0 && residuals[base + p - 1] != 0;
        boolean up = p >= width && residuals[base + p - width] != 0;
        return 2 * c + (left || up ? 1 : 0);
    }

    private static void checkShape(long n, int channels, int height, int width, Models m) {
        if (channels <= 0 || height <= 0 || width <= 0 || n != (long) channels * height * width) {
            throw new IllegalArgumentException("residual of " + n + " values does not fill " + channels + "x"
                    + height + "x" + width);
        }
        if (m.channels != channels) {
            throw new IllegalArgumentException("models for " + m.channels + " channels, residual has " + channels);
        }
    }
}
