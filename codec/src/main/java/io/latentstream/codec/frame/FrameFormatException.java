package io.latentstream.codec.frame;

/** Frame bytes do not match their declared format or size. */
public class FrameFormatException extends RuntimeException {
    public FrameFormatException(String message) {
        super(message);
    }
}
