package io.latentstream.codec.model;

/** Channels, rows and columns of the latent a model gives for a picture of a given size. */
public record LatentShape(int channels, int height, int width) {
    /** Symbols per channel. */
    public int plane() {
        return height * width;
    }

    /** Symbols in all. */
    public int size() {
        return channels * plane();
    }
}
