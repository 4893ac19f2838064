package io.latentstream.codec.latent;

/** The encoder network's output for one frame: the gained latent y, channel-major, before quantization. */
public record GainedLatent(int level, int channels, int height, int width, float[] values) {
    public GainedLatent {
        if ((long) channels * height * width != values.length) {
            throw new IllegalArgumentException("values do not fill " + channels + "x" + height + "x" + width);
        }
    }

    public int plane() {
        return height * width;
    }
}
