package io.latentstream.codec.bitstream;

/** A well-formed bitstream this decoder cannot decode: newer version, unknown frame type, over the size limit. */
public class UnsupportedBitstreamException extends BitstreamException {
    public UnsupportedBitstreamException(String message) {
        super(message);
    }
}
