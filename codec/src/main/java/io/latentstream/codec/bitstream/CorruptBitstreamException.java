package io.latentstream.codec.bitstream;

/** The bitstream is complete but damaged: bad magic, bad field, CRC or entropy mismatch. */
public class CorruptBitstreamException extends BitstreamException {
    public CorruptBitstreamException(String message) {
        super(message);
    }
}
