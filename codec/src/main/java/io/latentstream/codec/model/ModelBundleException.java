package io.latentstream.codec.model;

/** A model directory is incomplete, inconsistent or fails its hash checks. */
public class ModelBundleException extends RuntimeException {
    public ModelBundleException(String message) {
        super(message);
    }
}
