package io.latentstream.codec.entropy;

import java.util.Arrays;

/**
 * rANS encoder. rANS is last-in first-out, so operations are recorded in coding order
 * and encoded in reverse by {@link #finish()}; the decoder then reads them in order.
 * Not thread-safe; one per payload.
 */
public final class RansEncoder {
    // Packed (start, frequency, precision) per operation, in coding order.
    private int[] starts = new int[1 << 12];
    private int[] freqs = new int[1 << 12];
    private byte[] precisions = new byte[1 << 12];
    private int count;

    /** Records a symbol occupying [start, start + freq) of 2^precision. */
    public void put(int start, int freq, int precision) {
        if (precision < 1 || precision > Rans.MAX_PRECISION || freq < 1 || start < 0
                || start + freq > (1 << precision)) {
            throw new IllegalArgumentException("bad symbol: start " + start + " freq " + freq
                    + " precision " + precision);
        }
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            freqs = Arrays.copyOf(freqs, n);
            precisions = Arrays.copyOf(precisions, n);
        }
        starts[count] = start;
        freqs[count] = freq;
        precisions[count] = (byte) precision;
        count++;
    }

    /** Records {@code bits} raw bits (1..16) of {@code value} at uniform probability. */
    public void putBits(int value, int bits) {
        put(value & ((1 << bits) - 1), 1, bits);
    }

    /** Encodes everything recorded so far and returns the stream. */
    public byte[] finish() {
        // Worst case: two bytes per operation plus the flushed state.
        byte[] out = new byte[Math.addExact(Math.multiplyExact(count, 2), Rans.STATE_BYTES)];
        int pos = out.length;
        long x = Rans.LOWER_BOUND;
        for (int i = count - 1; i >= 0; i--) {
            int p = precisions[i];
            long freq = freqs[i];
            long xMax = ((Rans.LOWER_BOUND >>> p) << 8) * freq;
            while (x >= xMax) {
                out[--pos] = (byte) x;
                x >>>= 8;
            }
            x = ((x / freq) << p) + (x % freq) + starts[i];
        }
        for (int i = 0; i < Rans.STATE_BYTES; i++) {
            out[--pos] = (byte) (x >>> (8 * i));
        }
        return Arrays.copyOfRange(out, pos, out.length);
    }
}
