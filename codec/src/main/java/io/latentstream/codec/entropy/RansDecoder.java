package io.latentstream.codec.entropy;

/**
 * rANS decoder over a byte array. Every read is bounds-checked: running out of bytes
 * throws {@link EntropyDecodingException}, never reads past the array or loops.
 */
public final class RansDecoder {
    private final byte[] in;
    private final int end;
    private int pos;
    private long x;

    public RansDecoder(byte[] in, int offset, int length) {
        if (length < Rans.STATE_BYTES) {
            throw new EntropyDecodingException("entropy stream shorter than its state: " + length + " bytes");
        }
        this.in = in;
        this.pos = offset;
        this.end = offset + length;
        long state = 0;
        for (int i = 0; i < Rans.STATE_BYTES; i++) {
            state = (state << 8) | (in[pos++] & 0xFF);
        }
        if (state < Rans.LOWER_BOUND || state >= (Rans.LOWER_BOUND << 8)) {
            throw new EntropyDecodingException("invalid initial rANS state");
        }
        this.x = state;
    }

    /** The slot of the next symbol in [0, 2^precision); call {@link #advance} after. */
    public int peek(int precision) {
        return (int) (x & ((1L << precision) - 1));
    }

    /** Consumes the symbol occupying [start, start + freq) of 2^precision. */
    public void advance(int start, int freq, int precision) {
        x = freq * (x >>> precision) + (x & ((1L << precision) - 1)) - start;
        while (x < Rans.LOWER_BOUND) {
            if (pos >= end) {
                throw new EntropyDecodingException("entropy stream ended early");
            }
            x = (x << 8) | (in[pos++] & 0xFF);
        }
    }

    /** Reads {@code bits} (1..16) raw bits written by {@link RansEncoder#putBits}. */
    public int getBits(int bits) {
        int value = peek(bits);
        advance(value, 1, bits);
        return value;
    }

    /** Checks the end-of-stream invariant: initial state reached, every byte used. */
    public void finish() {
        if (x != Rans.LOWER_BOUND || pos != end) {
            throw new EntropyDecodingException("entropy stream does not end where its symbols do");
        }
    }
}
