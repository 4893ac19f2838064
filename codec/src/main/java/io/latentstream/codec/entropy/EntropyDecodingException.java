package io.latentstream.codec.entropy;

/** The entropy-coded payload is not a stream this coder produced with these tables. */
public class EntropyDecodingException extends RuntimeException {
    public EntropyDecodingException(String message) {
        super(message);
    }
}
