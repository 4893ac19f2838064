package io.latentstream.codec.bitstream;

/** The bitstream names a model (id and codec hash) other than the one given to decode it. */
public class ModelMismatchException extends BitstreamException {
    public ModelMismatchException(String message) {
        super(message);
    }
}
