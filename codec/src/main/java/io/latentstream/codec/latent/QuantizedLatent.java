package io.latentstream.codec.latent;

/** Integer latent symbols of one frame, channel-major, at one rate level. */
public record QuantizedLatent(int level, int channels, int height, int width, int[] symbols) {
    public QuantizedLatent {
        if ((long) channels * height * width != symbols.length) {
            throw new IllegalArgumentException("symbols do not fill " + channels + "x" + height + "x" + width);
        }
    }

    public int plane() {
        return height * width;
    }
}
