package io.latentstream.codec.entropy;

/**
 * Codes integer latent symbols with per-channel {@link CdfTable}s.
 *
 * <p>Order: channel by channel, each channel in raster order. A symbol outside its
 * table's range is coded as the escape followed, as raw bits, by its distance beyond
 * the range in Elias-gamma form: zig-zag u (even above, odd below), w = u + 1, the bit
 * length k - 1 of w in 5 bits, then the k - 1 bits of w under its top bit. The decoder
 * therefore reads at most 5 + 31 raw bits per escape.
 */
public final class LatentCoder {
    /** Symbols beyond this magnitude mean the encoder network misbehaved. */
    public static final int MAX_SYMBOL_MAGNITUDE = 1 << 24;
    private static final int LENGTH_BITS = 5;

    private LatentCoder() {}

    /** @param symbols channel-major: symbols[c * plane + i] with plane = height * width */
    public static byte[] encode(int[] symbols, CdfTable[] tables, int plane) {
        checkShape(symbols.length, tables, plane);
        RansEncoder enc = new RansEncoder();
        for (int c = 0; c < tables.length; c++) {
            CdfTable t = tables[c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                put(enc, t, symbols[base + i]);
            }
        }
        return enc.finish();
    }

    /** Codes one symbol with its table, escaping it when out of the table's range. */
    static void put(RansEncoder enc, CdfTable t, int s) {
        if (s > MAX_SYMBOL_MAGNITUDE || s < -MAX_SYMBOL_MAGNITUDE) {
            throw new IllegalArgumentException("symbol " + s + " out of the codable range");
        }
        int index = s - t.offset();
        if (index >= 0 && index < t.size()) {
            enc.put(t.start(index), t.freq(index), CdfTable.PRECISION);
        } else {
            int escape = t.escapeIndex();
            enc.put(t.start(escape), t.freq(escape), CdfTable.PRECISION);
            long u = index < 0 ? 2L * (-index - 1) + 1 : 2L * (index - t.size());
            putGamma(enc, u + 1);
        }
    }

    /** Ideal cost of {@link #put} in bits, escape payload included. */
    static double bits(CdfTable t, int s) {
        double bits = t.bits(s);
        int index = s - t.offset();
        if (index < 0 || index >= t.size()) {
            long u = index < 0 ? 2L * (-index - 1) + 1 : 2L * (index - t.size());
            bits += LENGTH_BITS + (63 - Long.numberOfLeadingZeros(u + 1));
        }
        return bits;
    }

    /** Decodes one symbol written by {@link #put}. */
    static int get(RansDecoder dec, CdfTable t) {
        int index = t.find(dec.peek(CdfTable.PRECISION));
        dec.advance(t.start(index), t.freq(index), CdfTable.PRECISION);
        if (index != t.escapeIndex()) {
            return t.offset() + index;
        }
        long u = getGamma(dec) - 1;
        long value = (u & 1) == 0 ? t.offset() + t.size() + (u >> 1) : t.offset() - 1 - (u >> 1);
        if (value > MAX_SYMBOL_MAGNITUDE || value < -MAX_SYMBOL_MAGNITUDE) {
            throw new EntropyDecodingException("escaped symbol out of range");
        }
        return (int) value;
    }

    public static int[] decode(byte[] data, int offset, int length, CdfTable[] tables, int plane) {
        checkShape((long) tables.length * plane, tables, plane);
        int[] symbols = new int[tables.length * plane];
        RansDecoder dec = new RansDecoder(data, offset, length);
        for (int c = 0; c < tables.length; c++) {
            CdfTable t = tables[c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                symbols[base + i] = get(dec, t);
            }
        }
        dec.finish();
        return symbols;
    }

    /** Ideal code length in bits (escape payloads included), for checks against training. */
    public static double idealBits(int[] symbols, CdfTable[] tables, int plane) {
        checkShape(symbols.length, tables, plane);
        double bits = 0;
        for (int c = 0; c < tables.length; c++) {
            CdfTable t = tables[c];
            for (int i = 0; i < plane; i++) {
                bits += bits(t, symbols[c * plane + i]);
            }
        }
        return bits;
    }

    private static void checkShape(long symbols, CdfTable[] tables, int plane) {
        if (plane <= 0 || symbols != (long) tables.length * plane) {
            throw new IllegalArgumentException("latent of " + symbols + " symbols does not match "
                    + tables.length + " channels x " + plane);
        }
    }

    /** Elias-gamma-like code of w >= 1 in raw bits: 5 bits of length k, then the k low bits. */
    static void putGamma(RansEncoder enc, long w) {
        int k = 63 - Long.numberOfLeadingZeros(w);
        enc.putBits(k, LENGTH_BITS);
        for (int shift = 0; shift < k; shift += 16) {
            int bits = Math.min(16, k - shift);
            enc.putBits((int) (w >>> shift), bits);
        }
    }

    static long getGamma(RansDecoder dec) {
        int k = dec.getBits(LENGTH_BITS);
        long w = 1L << k;
        for (int shift = 0; shift < k; shift += 16) {
            int bits = Math.min(16, k - shift);
            w |= (long) dec.getBits(bits) << shift;
        }
        return w;
    }
}
