package io.latentstream.codec.entropy;

/**
 * Codes a frame's latent symbols as residuals to a prediction: for an inter frame, per
 * position, the previous frame's symbols or the background's (what the position showed
 * when last still: the scene a passing object uncovers); for a key frame the all-zero
 * latent ({@link #encodeKey}).
 *
 * <p>A fixed camera's residual is mostly zero; where something moved it is non-zero in
 * many channels at once, and next to other such positions. A key frame's symbols look
 * alike: zero over flat regions (sky, road, walls), non-zero in many channels where there
 * is texture. What moves or what is textured, and which channels respond, differs from
 * clip to clip, so the models adapt ({@link AdaptiveBit}) instead of being fixed tables.
 * The predicted symbols, which the decoder holds exactly, choose models too: where the
 * prediction is non-zero there is texture that motion changes, and a residual tends to
 * take the symbol back toward zero (sign opposite to the prediction's). The stream says,
 * in one rANS stream, or in nothing at all where the symbols equal the prediction (an
 * empty payload: a still scene's inter frame is then its header alone):
 * <ol>
 *   <li>for each latent position, raster order: where the previous and background symbols
 *       differ, whether to predict from the background (context: how many of the left and
 *       upper positions did, 3 models);</li>
 *   <li>is any channel's residual non-zero there ("significant"); context: how many of its
 *       left and upper neighbours are significant (3 models);</li>
 *   <li>at a significant position, for each channel c in order: is it non-zero; context: c,
 *       the activity (how many channels before c are non-zero at this position: 0, 1-3,
 *       4-15, 16+), whether the predicted symbol is non-zero, and whether c is non-zero at
 *       the left or upper position (16 models per channel);</li>
 *   <li>for each non-zero residual r, right after its flag: the sign (context: c, the
 *       predicted symbol's sign and the signs of c's residuals at the left and upper
 *       positions, 27 models per channel: a channel's sign persists over a flat region), |r|
 *       &gt; 1 (context: c, prediction non-zero, activity: 8 models per channel), |r| &gt; k
 *       for k = 2 .. {@link #UNARY_LIMIT} - 1 (per channel and k), and beyond that w = |r| -
 *       {@link #UNARY_LIMIT} + 1 as an Elias-gamma code: its bit length less one, n, in
 *       unary (n &gt; j for j = 0, 1, ..., per channel and j, at most
 *       {@link #ESCAPE_LENGTHS} - 1), then its n low bits raw.</li>
 * </ol>
 * The non-zero, sign, |r| &gt; 1 and |r| &gt; k flags are mixed ({@link LogisticMixer}): each
 * is coded at a probability combined from the model named above and models under further
 * contexts of the same channel (the left and upper magnitudes, the diagonal and farther
 * neighbours, channels c - 1 and c - 2 at this position, the neighbours' summed
 * magnitude; docs/bitstream.md lists them). Each such context alone was measured to add
 * nothing or to lose (too many models for what a frame teaches them); mixed, a stream
 * weighs them by how well they predict it: Kodak key frames 2.9% smaller, inter frames
 * 2-3%, at three to four times the coder's time. The encoder's rate-distortion choices
 * ({@link InterQuantizer}) price bits by the first model of each flag only: an estimate,
 * which the bitstream does not depend on.
 * An inter frame's residuals count in units of its residual step: the symbols are the
 * prediction plus step times the coded residual, so a stream whose key frame sits on a fine
 * latent grid can code what changes coarsely (see {@code GopSettings#interStep}).
 * Inter frames' models adapt along a group of pictures: a stream starts them fresh at
 * each key frame and carries them from one inter frame to the next ({@link Models}), so a
 * frame of a few hundred bytes does not pay again for learning what the previous frames
 * taught. Inter frames already depend on their predecessor for the reference, so this adds
 * no new dependency. A key frame starts from fresh models of its own, at its model's key
 * priors ({@link KeyPriors}: what pictures share), and stands alone.
 * Both sides build and update the models identically, so the same symbols give the same
 * bytes everywhere and a decoder reproduces them exactly; a decoded symbol beyond
 * {@link #MAX_SYMBOL_MAGNITUDE} is refused as corrupt.
 */
public final class ResidualCoder {
    /** Symbols beyond this magnitude mean the encoder network misbehaved. */
    public static final int MAX_SYMBOL_MAGNITUDE = 1 << 24;
    static final int UNARY_LIMIT = 8;
    /** Models of an escape's bit length per channel: w below 2^25 covers every in-range residual. */
    static final int ESCAPE_LENGTHS = 25;
    /** Sign contexts per channel: the predicted symbol's sign x the left residual's x the upper one's. */
    private static final int SIGN_CONTEXTS = 27;
    /** Activity classes of a position: 0, 1-3, 4-15 and 16+ non-zero channels coded before. */
    private static final int ACTIVITY_CLASSES = 4;
    /** Models of the |r| &gt; k flags of one channel, k = 2 .. UNARY_LIMIT - 1. */
    static final int ABOVE_K = UNARY_LIMIT - 2;
    /** Residuals beyond this cannot come from two in-range symbols. */
    private static final long MAX_MAGNITUDE = 2L * MAX_SYMBOL_MAGNITUDE;

    private ResidualCoder() {}

    /**
     * The adaptive models of one camera's residuals, from its last key frame on. Encoder and
     * decoder each hold one, and must feed it the same frames in the same order.
     */
    public static final class Models {
        private final int channels;
        final AdaptiveBit[] significant = new AdaptiveBit[3];
        /** Predict from the background, by how many of the left and upper positions did. */
        final AdaptiveBit[] background = new AdaptiveBit[3];
        final AdaptiveBit[] negative;
        final AdaptiveBit[] nonZero;
        final AdaptiveBit[] aboveOne;
        final AdaptiveBit[] aboveK;
        final AdaptiveBit[] escapeLength;
        // The mixed flags' further contexts (see the class comment): per channel, ...
        /** ... the left and upper magnitudes (0, 1, 2+) and the upper-left non-zero. */
        final AdaptiveBit[] nonZeroByMagnitudes;
        /** ... the non-zero count of six causal neighbours (left, upper, diagonals, two away) and the activity. */
        final AdaptiveBit[] nonZeroByNeighbours;
        /** ... whether channels c - 1 and c - 2 are non-zero here, and the activity. */
        final AdaptiveBit[] nonZeroByChannels;
        /** ... the activity and the neighbours' summed magnitude (0, 1-2, 3+). */
        final AdaptiveBit[] nonZeroBySum;
        /** ... the signs of the upper-left and upper-right residuals. */
        final AdaptiveBit[] negativeByDiagonals;
        /** ... the signs of the residuals two to the left and two up. */
        final AdaptiveBit[] negativeByFar;
        /** ... the left and upper magnitudes (0, 1, 2+) and prediction non-zero. */
        final AdaptiveBit[] aboveOneByMagnitudes;
        /** ... the neighbours' summed magnitude (0, 1-2, 3-5, 6+) and the activity. */
        final AdaptiveBit[] aboveOneBySum;
        /** ... per k, how many of the four nearest neighbours exceed k (0..3+). */
        final AdaptiveBit[] aboveKByNeighbours;
        final LogisticMixer nonZeroMixer = new LogisticMixer(5, ACTIVITY_CLASSES, 11, 21845, 21845);
        final LogisticMixer negativeMixer = new LogisticMixer(3, 1, 9, 39322, 19661);
        final LogisticMixer aboveOneMixer = new LogisticMixer(3, ACTIVITY_CLASSES, 9, 39322, 19661);
        final LogisticMixer aboveKMixer = new LogisticMixer(2, ABOVE_K, 9, 39322, 39322);
        /** One flag's models under each of its contexts, filled before the flag is coded. */
        final AdaptiveBit[] nonZeroInputs = new AdaptiveBit[5];
        final AdaptiveBit[] negativeInputs = new AdaptiveBit[3];
        final AdaptiveBit[] aboveOneInputs = new AdaptiveBit[3];
        final AdaptiveBit[] aboveKInputs = new AdaptiveBit[2];

        /** Fresh models at the coder's fixed counts (1:1, and 4:1 for a non-zero flag with no non-zero neighbour). */
        public Models(int channels) {
            this(channels, null);
        }

        /**
         * Fresh models starting as initialCounts says: for each model in {@link #all}'s order,
         * its initial 0s and 1s (two bytes, each 1..255), as {@link KeyPriors} learnt them; null
         * for the coder's fixed counts.
         */
        Models(int channels, byte[] initialCounts) {
            if (channels <= 0) {
                throw new IllegalArgumentException("channels must be positive");
            }
            this.channels = channels;
            nonZero = new AdaptiveBit[4 * ACTIVITY_CLASSES * channels];
            aboveOne = new AdaptiveBit[2 * ACTIVITY_CLASSES * channels];
            aboveK = new AdaptiveBit[ABOVE_K * channels];
            negative = new AdaptiveBit[SIGN_CONTEXTS * channels];
            escapeLength = new AdaptiveBit[ESCAPE_LENGTHS * channels];
            nonZeroByMagnitudes = new AdaptiveBit[18 * channels];
            nonZeroByNeighbours = new AdaptiveBit[7 * ACTIVITY_CLASSES * channels];
            nonZeroByChannels = new AdaptiveBit[4 * ACTIVITY_CLASSES * channels];
            nonZeroBySum = new AdaptiveBit[3 * ACTIVITY_CLASSES * channels];
            negativeByDiagonals = new AdaptiveBit[9 * channels];
            negativeByFar = new AdaptiveBit[9 * channels];
            aboveOneByMagnitudes = new AdaptiveBit[18 * channels];
            aboveOneBySum = new AdaptiveBit[4 * ACTIVITY_CLASSES * channels];
            aboveKByNeighbours = new AdaptiveBit[4 * ABOVE_K * channels];
            if (initialCounts != null && initialCounts.length != 2 * count()) {
                throw new IllegalArgumentException(initialCounts.length / 2 + " initial counts for " + count()
                        + " models");
            }
            int k = 0;
            for (AdaptiveBit[] models : all()) {
                for (int i = 0; i < models.length; i++, k += 2) {
                    if (initialCounts != null) {
                        models[i] = new AdaptiveBit(initialCounts[k] & 0xFF, initialCounts[k + 1] & 0xFF);
                    } else {
                        // Without a non-zero neighbour (even index) a channel is most likely zero.
                        models[i] = models == nonZero && i % 2 == 0 ? new AdaptiveBit(4, 1) : new AdaptiveBit(1, 1);
                    }
                }
            }
        }

        /** Every binary model, in a fixed order: what {@link KeyPriors} stores model by model. */
        AdaptiveBit[][] all() {
            return new AdaptiveBit[][] {significant, background, negative, nonZero, aboveOne, aboveK, escapeLength,
                nonZeroByMagnitudes, nonZeroByNeighbours, nonZeroByChannels, nonZeroBySum, negativeByDiagonals,
                negativeByFar, aboveOneByMagnitudes, aboveOneBySum, aboveKByNeighbours};
        }

        /** How many binary models these are. */
        int count() {
            int n = 0;
            for (AdaptiveBit[] a : all()) {
                n += a.length;
            }
            return n;
        }

        /** Memory the models hold: two int counts per binary model, one int per mixing weight. */
        public long bytes() {
            long weights = 5 * ACTIVITY_CLASSES + 3 + 3 * ACTIVITY_CLASSES + 2 * ABOVE_K;
            return 8L * count() + 4 * weights;
        }
    }

    /**
     * A key frame: its symbols, channel-major, as the residual to the all-zero latent, with
     * fresh models (a key frame's own: {@link KeyPriors#models}).
     */
    public static byte[] encodeKey(int[] symbols, int channels, int height, int width, Models fresh) {
        int[] zero = new int[symbols.length];
        return encode(symbols, zero, zero, new boolean[height * width], 1, channels, height, width, fresh);
    }

    /** Decodes a key frame written by {@link #encodeKey} with models fresh as the encoder's. */
    public static int[] decodeKey(byte[] data, int offset, int length, int channels, int height, int width,
            Models fresh) {
        int[] zero = new int[Math.toIntExact((long) channels * height * width)];
        return decode(data, offset, length, zero, zero, 1, channels, height, width, fresh);
    }

    /**
     * Codes symbols against a per-position prediction: the previous frame's symbols, or the
     * background's where they differ and {@code fromBackground} says so.
     *
     * @param symbols        channel-major, channels x height x width, each within
     *                       {@link #MAX_SYMBOL_MAGNITUDE}
     * @param previous       the previous frame's symbols, same shape
     * @param background     the background's symbols, same shape
     * @param fromBackground per position (height x width): predict from the background; read
     *                       only where previous and background differ
     * @param step           every symbol differs from its prediction by a multiple of this
     */
    public static byte[] encode(int[] symbols, int[] previous, int[] background, boolean[] fromBackground,
            int step, int channels, int height, int width, Models m) {
        checkShape(symbols.length, channels, height, width, m);
        checkShape(previous.length, channels, height, width, m);
        checkShape(background.length, channels, height, width, m);
        int plane = height * width;
        if (fromBackground.length != plane) {
            throw new IllegalArgumentException("one background choice per position: " + fromBackground.length);
        }
        if (step < 1) {
            throw new IllegalArgumentException("residual step " + step);
        }
        boolean any = false;
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] > MAX_SYMBOL_MAGNITUDE || symbols[i] < -MAX_SYMBOL_MAGNITUDE) {
                throw new IllegalArgumentException("symbol " + symbols[i] + " out of the codable range");
            }
            any |= symbols[i] != previous[i];
        }
        if (!any) {
            return new byte[0];
        }
        boolean[] differs = differing(previous, background, channels, plane);
        boolean[] chosen = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            chosen[p] = differs[p] && fromBackground[p];
        }
        int[] residuals = new int[symbols.length];
        boolean[] significant = new boolean[plane];
        // Channel by channel, in memory order; the coding below visits only significant positions' channels.
        for (int c = 0, k = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++, k++) {
                int difference = symbols[k] - (chosen[p] ? background : previous)[k];
                if (difference % step != 0) {
                    throw new IllegalArgumentException("symbol " + k + " is off its prediction's step-" + step
                            + " grid");
                }
                residuals[k] = difference / step;
                significant[p] |= residuals[k] != 0;
            }
        }
        RansEncoder enc = new RansEncoder();
        for (int p = 0; p < plane; p++) {
            // The contexts read only positions coded before (left and upper).
            if (differs[p]) {
                m.background[neighbours(chosen, p, width)].put(enc, chosen[p]);
            }
            m.significant[neighbours(significant, p, width)].put(enc, significant[p]);
            if (!significant[p]) {
                continue;
            }
            int[] from = chosen[p] ? background : previous;
            int active = 0;
            for (int c = 0; c < channels; c++) {
                int k = c * plane + p;
                int r = residuals[k];
                m.nonZeroMixer.put(enc, m.nonZeroInputs, nonZeroInputs(m, residuals, from[k], active, c, plane, p, width),
                        r != 0);
                if (r != 0) {
                    putValue(enc, m, residuals, from[k], c, plane, p, width, active, r);
                    active++;
                }
            }
        }
        return enc.finish();
    }

    /**
     * Decodes what {@link #encode} wrote against the same previous and background symbols
     * and step; returns the symbols.
     */
    public static int[] decode(byte[] data, int offset, int length, int[] previous, int[] background, int step,
            int channels, int height, int width, Models m) {
        checkShape(previous.length, channels, height, width, m);
        checkShape(background.length, channels, height, width, m);
        if (step < 1) {
            throw new IllegalArgumentException("residual step " + step);
        }
        if (length == 0) {
            return previous.clone();
        }
        int plane = height * width;
        RansDecoder dec = new RansDecoder(data, offset, length);
        boolean[] differs = differing(previous, background, channels, plane);
        int[] residuals = new int[channels * plane];
        boolean[] chosen = new boolean[plane];
        boolean[] significant = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            if (differs[p]) {
                chosen[p] = m.background[neighbours(chosen, p, width)].get(dec);
            }
            significant[p] = m.significant[neighbours(significant, p, width)].get(dec);
            if (!significant[p]) {
                continue;
            }
            int[] from = chosen[p] ? background : previous;
            int active = 0;
            for (int c = 0; c < channels; c++) {
                int k = c * plane + p;
                if (m.nonZeroMixer.get(dec, m.nonZeroInputs, nonZeroInputs(m, residuals, from[k], active, c, plane, p,
                        width))) {
                    residuals[k] = getValue(dec, m, residuals, from[k], c, plane, p, width, active);
                    active++;
                }
            }
            if (active == 0) {
                throw new EntropyDecodingException("significant position " + p + " with no non-zero residual");
            }
        }
        dec.finish();
        int[] symbols = new int[channels * plane];
        for (int c = 0, k = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++, k++) {
                long symbol = (chosen[p] ? background : previous)[k] + (long) step * residuals[k];
                if (symbol > MAX_SYMBOL_MAGNITUDE || symbol < -MAX_SYMBOL_MAGNITUDE) {
                    throw new EntropyDecodingException("symbol " + symbol + " out of range");
                }
                symbols[k] = (int) symbol;
            }
        }
        return symbols;
    }

    /**
     * Per position: whether any channel of two channel-major latents (channels x plane)
     * differs there; read channel by channel, in memory order.
     */
    public static boolean[] differing(int[] a, int[] b, int channels, int plane) {
        // OR of XORs into ints: a loop the JIT vectorizes, where a boolean per compare is not.
        int[] bits = new int[plane];
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int p = 0; p < plane; p++) {
                bits[p] |= a[base + p] ^ b[base + p];
            }
        }
        boolean[] differs = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            differs[p] = bits[p] != 0;
        }
        return differs;
    }

    /**
     * A non-zero residual r of channel c at position p, whose predicted symbol is ref, after
     * active non-zero channels there.
     */
    private static void putValue(RansEncoder enc, Models m, int[] residuals, int ref, int c, int plane, int p,
            int width, int active, int r) {
        long magnitude = Math.abs((long) r);
        m.negativeMixer.put(enc, m.negativeInputs, negativeInputs(m, residuals, ref, c, plane, p, width), r < 0);
        m.aboveOneMixer.put(enc, m.aboveOneInputs, aboveOneInputs(m, residuals, ref, c, plane, p, width, active),
                magnitude > 1);
        for (int k = 2; k < UNARY_LIMIT && magnitude >= k; k++) {
            m.aboveKMixer.put(enc, m.aboveKInputs, aboveKInputs(m, residuals, c, plane, p, width, k), magnitude > k);
        }
        if (magnitude >= UNARY_LIMIT) {
            putEscape(enc, m, c, magnitude - UNARY_LIMIT + 1);
        }
    }

    /** What {@link #putValue} would spend on r now, in bits; the encoder weighs choices by it. */
    static double valueCost(Models m, int c, int ref, int sign, int active, int r) {
        long magnitude = Math.abs((long) r);
        double bits = m.negative[sign].cost(r < 0);
        bits += m.aboveOne[aboveOneContext(c, ref, active)].cost(magnitude > 1);
        for (int k = 2; k < UNARY_LIMIT && magnitude >= k; k++) {
            bits += m.aboveK[ABOVE_K * c + k - 2].cost(magnitude > k);
        }
        if (magnitude >= UNARY_LIMIT) {
            int n = 63 - Long.numberOfLeadingZeros(magnitude - UNARY_LIMIT + 1);
            for (int j = 0; j <= n; j++) {
                bits += m.escapeLength[ESCAPE_LENGTHS * c + j].cost(j < n);
            }
            bits += n;
        }
        return bits;
    }

    private static int getValue(RansDecoder dec, Models m, int[] residuals, int ref, int c, int plane, int p,
            int width, int active) {
        boolean negative = m.negativeMixer.get(dec, m.negativeInputs,
                negativeInputs(m, residuals, ref, c, plane, p, width));
        long magnitude = 1;
        if (m.aboveOneMixer.get(dec, m.aboveOneInputs, aboveOneInputs(m, residuals, ref, c, plane, p, width,
                active))) {
            magnitude = 2;
            for (int k = 2; k < UNARY_LIMIT
                    && m.aboveKMixer.get(dec, m.aboveKInputs, aboveKInputs(m, residuals, c, plane, p, width, k)); k++) {
                magnitude = k + 1;
            }
            if (magnitude >= UNARY_LIMIT) {
                magnitude = getEscape(dec, m, c) + UNARY_LIMIT - 1;
            }
        }
        if (magnitude > MAX_MAGNITUDE) {
            throw new EntropyDecodingException("residual magnitude " + magnitude + " out of range");
        }
        return (int) (negative ? -magnitude : magnitude);
    }

    /**
     * Model index of a residual's sign at channel c, position p, predicted symbol predicted:
     * c, then the signs (-, 0, +) of the prediction, of c's residual at the left position and
     * at the upper one, in that order (0 outside the latent).
     */
    static int signContext(int[] residuals, int predicted, int c, int plane, int p, int width) {
        int k = c * plane + p;
        int left = p % width > 0 ? Integer.signum(residuals[k - 1]) : 0;
        int up = p >= width ? Integer.signum(residuals[k - width]) : 0;
        return SIGN_CONTEXTS * c + 9 * (Integer.signum(predicted) + 1) + 3 * (left + 1) + up + 1;
    }

    /**
     * Fills m.nonZeroInputs with channel c's non-zero flag models at p, after active non-zero
     * channels there (the first is {@link #nonZeroContext}'s); returns the mixer's weight set.
     */
    private static int nonZeroInputs(Models m, int[] residuals, int predicted, int active, int c, int plane, int p,
            int width) {
        int k = c * plane + p;
        int x = p % width;
        int y = p / width;
        int left = Math.abs(residualAt(residuals, k, x, y, width, -1, 0));
        int up = Math.abs(residualAt(residuals, k, x, y, width, 0, -1));
        int upLeft = Math.abs(residualAt(residuals, k, x, y, width, -1, -1));
        int upRight = Math.abs(residualAt(residuals, k, x, y, width, 1, -1));
        int neighbours = (left != 0 ? 1 : 0) + (up != 0 ? 1 : 0) + (upLeft != 0 ? 1 : 0) + (upRight != 0 ? 1 : 0)
                + (residualAt(residuals, k, x, y, width, -2, 0) != 0 ? 1 : 0)
                + (residualAt(residuals, k, x, y, width, 0, -2) != 0 ? 1 : 0);
        long sum = (long) left + up + upLeft + upRight;
        int activity = activity(active);
        m.nonZeroInputs[0] = m.nonZero[nonZeroContext(residuals, predicted, active, c, plane, p, width)];
        m.nonZeroInputs[1] = m.nonZeroByMagnitudes[18 * c + 6 * Math.min(2, left) + 2 * Math.min(2, up)
                + (upLeft != 0 ? 1 : 0)];
        m.nonZeroInputs[2] = m.nonZeroByNeighbours[ACTIVITY_CLASSES * (7 * c + neighbours) + activity];
        m.nonZeroInputs[3] = m.nonZeroByChannels[ACTIVITY_CLASSES * (4 * c + (c > 0 && residuals[k - plane] != 0 ? 2 : 0)
                + (c > 1 && residuals[k - 2 * plane] != 0 ? 1 : 0)) + activity];
        m.nonZeroInputs[4] = m.nonZeroBySum[3 * (ACTIVITY_CLASSES * c + activity) + (sum == 0 ? 0 : sum < 3 ? 1 : 2)];
        return activity;
    }

    /** Fills m.negativeInputs with the sign models of channel c's residual at p (the first is {@link #signContext}'s). */
    private static int negativeInputs(Models m, int[] residuals, int predicted, int c, int plane, int p, int width) {
        int k = c * plane + p;
        int x = p % width;
        int y = p / width;
        int upLeft = Integer.signum(residualAt(residuals, k, x, y, width, -1, -1));
        int upRight = Integer.signum(residualAt(residuals, k, x, y, width, 1, -1));
        int left2 = Integer.signum(residualAt(residuals, k, x, y, width, -2, 0));
        int up2 = Integer.signum(residualAt(residuals, k, x, y, width, 0, -2));
        m.negativeInputs[0] = m.negative[signContext(residuals, predicted, c, plane, p, width)];
        m.negativeInputs[1] = m.negativeByDiagonals[9 * c + 3 * (upLeft + 1) + upRight + 1];
        m.negativeInputs[2] = m.negativeByFar[9 * c + 3 * (left2 + 1) + up2 + 1];
        return 0;
    }

    /** Fills m.aboveOneInputs with the |r| &gt; 1 models of channel c's residual at p (the first is {@link #aboveOneContext}'s). */
    private static int aboveOneInputs(Models m, int[] residuals, int predicted, int c, int plane, int p, int width,
            int active) {
        int k = c * plane + p;
        int x = p % width;
        int y = p / width;
        int left = Math.abs(residualAt(residuals, k, x, y, width, -1, 0));
        int up = Math.abs(residualAt(residuals, k, x, y, width, 0, -1));
        long sum = (long) left + up + Math.abs(residualAt(residuals, k, x, y, width, -1, -1))
                + Math.abs(residualAt(residuals, k, x, y, width, 1, -1));
        int activity = activity(active);
        m.aboveOneInputs[0] = m.aboveOne[aboveOneContext(c, predicted, active)];
        m.aboveOneInputs[1] = m.aboveOneByMagnitudes[18 * c + 6 * Math.min(2, left) + 2 * Math.min(2, up)
                + (predicted != 0 ? 1 : 0)];
        m.aboveOneInputs[2] = m.aboveOneBySum[ACTIVITY_CLASSES * (4 * c + (sum == 0 ? 0 : sum <= 2 ? 1 : sum <= 5 ? 2 : 3))
                + activity];
        return activity;
    }

    /** Fills m.aboveKInputs with the |r| &gt; k models of channel c's residual at p; returns the weight set, k - 2. */
    private static int aboveKInputs(Models m, int[] residuals, int c, int plane, int p, int width, int k) {
        int i = c * plane + p;
        int x = p % width;
        int y = p / width;
        int above = (Math.abs(residualAt(residuals, i, x, y, width, -1, 0)) > k ? 1 : 0)
                + (Math.abs(residualAt(residuals, i, x, y, width, 0, -1)) > k ? 1 : 0)
                + (Math.abs(residualAt(residuals, i, x, y, width, -1, -1)) > k ? 1 : 0)
                + (Math.abs(residualAt(residuals, i, x, y, width, 1, -1)) > k ? 1 : 0);
        int model = ABOVE_K * c + k - 2;
        m.aboveKInputs[0] = m.aboveK[model];
        m.aboveKInputs[1] = m.aboveKByNeighbours[4 * model + Math.min(3, above)];
        return k - 2;
    }

    /**
     * The residual at index k's neighbour dx positions right and dy rows down (dy &lt;= 0: coded
     * before it), k at column x and row y of a latent width wide; 0 outside the latent.
     */
    private static int residualAt(int[] residuals, int k, int x, int y, int width, int dx, int dy) {
        return x + dx >= 0 && x + dx < width && y + dy >= 0 ? residuals[k + dy * width + dx] : 0;
    }

    /** How many of position p's left and upper neighbours are set: 0, 1 or 2. */
    static int neighbours(boolean[] set, int p, int width) {
        int n = 0;
        if (p % width > 0 && set[p - 1]) {
            n++;
        }
        if (p >= width && set[p - width]) {
            n++;
        }
        return n;
    }

    /**
     * Model index of channel c's non-zero flag at p, after active non-zero channels there: by
     * c, activity, prediction non-zero (2) and c non-zero at the left or upper position (1).
     */
    static int nonZeroContext(int[] residuals, int predicted, int active, int c, int plane, int p,
            int width) {
        int base = c * plane;
        boolean left = p % width > 0 && residuals[base + p - 1] != 0;
        boolean up = p >= width && residuals[base + p - width] != 0;
        return 4 * (ACTIVITY_CLASSES * c + activity(active)) + (predicted != 0 ? 2 : 0) + (left || up ? 1 : 0);
    }

    private static void checkShape(long n, int channels, int height, int width, Models m) {
        if (channels <= 0 || height <= 0 || width <= 0 || n != (long) channels * height * width) {
            throw new IllegalArgumentException("latent of " + n + " values does not fill " + channels + "x"
                    + height + "x" + width);
        }
        if (m.channels != channels) {
            throw new IllegalArgumentException("models for " + m.channels + " channels, residual has " + channels);
        }
    }

    static int aboveOneContext(int c, int ref, int active) {
        return ACTIVITY_CLASSES * (2 * c + (ref != 0 ? 1 : 0)) + activity(active);
    }

    private static int activity(int active) {
        return active == 0 ? 0 : active < 4 ? 1 : active < 16 ? 2 : 3;
    }

    /**
     * Elias-gamma code of 1 &lt;= w &lt; 2^ESCAPE_LENGTHS: its bit length less one, n, in
     * adaptive unary per channel, then its n low bits raw.
     */
    private static void putEscape(RansEncoder enc, Models m, int c, long w) {
        int n = 63 - Long.numberOfLeadingZeros(w);
        for (int j = 0; j <= n; j++) {
            m.escapeLength[ESCAPE_LENGTHS * c + j].put(enc, j < n);
        }
        for (int shift = 0; shift < n; shift += 16) {
            enc.putBits((int) (w >>> shift), Math.min(16, n - shift));
        }
    }

    private static long getEscape(RansDecoder dec, Models m, int c) {
        int n = 0;
        while (m.escapeLength[ESCAPE_LENGTHS * c + n].get(dec)) {
            if (++n == ESCAPE_LENGTHS) {
                throw new EntropyDecodingException("escape of more than " + ESCAPE_LENGTHS + " bits");
            }
        }
        long w = 1L << n;
        for (int shift = 0; shift < n; shift += 16) {
            w |= (long) dec.getBits(Math.min(16, n - shift)) << shift;
        }
        return w;
    }
}
