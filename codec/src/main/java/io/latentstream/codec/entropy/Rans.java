package io.latentstream.codec.entropy;

/**
 * Constants of the byte-wise rANS coder (after Fabian Giesen's ryg_rans).
 *
 * <p>Invariants:
 * <ul>
 *   <li>The state x is an unsigned 32-bit value held in a long; between symbols it lies
 *       in [{@link #LOWER_BOUND}, {@link #LOWER_BOUND} &lt;&lt; 8).</li>
 *   <li>A symbol with start s and frequency f out of 2^p (p &lt;= {@link #MAX_PRECISION})
 *       maps x to (x / f) &lt;&lt; p + x % f + s. Before that the encoder emits low bytes
 *       until x &lt; ((L &gt;&gt; p) &lt;&lt; 8) * f, which keeps the result inside the interval.</li>
 *   <li>The encoder runs over the symbols in reverse and starts from x = L; the decoder
 *       reads the flushed 4-byte state, runs forward, and must end at exactly x = L with
 *       every byte consumed. Any other ending means the stream was damaged.</li>
 *   <li>Each symbol costs one division on encode, a bounded search on decode, and at most
 *       two renormalization bytes; no loop depends on unchecked input.</li>
 * </ul>
 */
final class Rans {
    static final long LOWER_BOUND = 1L << 23;
    static final int MAX_PRECISION = 16;
    static final int STATE_BYTES = 4;

    private Rans() {}
}
