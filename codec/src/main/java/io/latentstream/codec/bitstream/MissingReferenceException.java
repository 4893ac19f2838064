package io.latentstream.codec.bitstream;

/**
 * An inter frame whose reference this decoder does not hold: it joined mid-stream, a frame
 * was lost, or frames arrived out of order. Decoding resumes at the next key frame.
 */
public class MissingReferenceException extends BitstreamException {
    public MissingReferenceException(String message) {
        super(message);
    }
}
