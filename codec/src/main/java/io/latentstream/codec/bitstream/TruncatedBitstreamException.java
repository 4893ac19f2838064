package io.latentstream.codec.bitstream;

/** The bitstream ends before its header or payload does. */
public class TruncatedBitstreamException extends BitstreamException {
    public TruncatedBitstreamException(String message) {
        super(message);
    }
}
