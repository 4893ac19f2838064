package io.latentstream.codec.entropy;

import io.latentstream.codec.bitstream.CorruptBitstreamException;

/**
 * The entropy-coded payload is not a stream this coder produced: a corrupt bitstream, so
 * every decoder raises the bitstream's typed exception without translating it.
 */
public class EntropyDecodingException extends CorruptBitstreamException {
    public EntropyDecodingException(String message) {
        super("payload: " + message);
    }
}
