package io.latentstream.codec.bitstream;

/** Base of the typed errors raised for a bitstream that cannot be decoded. */
public class BitstreamException extends RuntimeException {
    public BitstreamException(String message) {
        super(message);
    }
}
