package io.latentstream.codec.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What one symbol step costs in the picture, per level and latent channel: the squared
 * error it adds, summed over RGB in 8-bit levels. The encoder weighs its inter-frame choices
 * by it (keep a symbol or move it); decoders never read it, so it is no part of the
 * bitstream contract or the codec hash. Channels differ by two orders of magnitude (many
 * are nearly unused at a level). Read from the bundle's distortion-weights.json (format
 * "latentstream-distortion-weights/1", measured by training/distortion_weights.py).
 */
public final class DistortionWeights {
    public static final String FORMAT = "latentstream-distortion-weights/1";

    private final float[][] weights;

    private DistortionWeights(float[][] weights) {
        this.weights = weights;
    }

    public static DistortionWeights read(Path file, int levels, int channels) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelBundleException(file + ": not " + FORMAT);
        }
        JsonNode perLevel = root.path("levels");
        if (perLevel.size() != levels) {
            throw new ModelBundleException(file + ": " + perLevel.size() + " levels, the model has " + levels);
        }
        float[][] weights = new float[levels][channels];
        for (int q = 0; q < levels; q++) {
            JsonNode w = perLevel.get(q).path("weights");
            if (w.size() != channels) {
                throw new ModelBundleException(file + ": level " + q + " has " + w.size() + " weights, expected "
                        + channels);
            }
            for (int c = 0; c < channels; c++) {
                double v = w.get(c).asDouble(-1);
                if (!w.get(c).isNumber() || !(v >= 0) || Double.isInfinite(v)) {
                    throw new ModelBundleException(file + ": level " + q + " channel " + c + ": no finite weight >= 0");
                }
                weights[q][c] = (float) v;
            }
        }
        return new DistortionWeights(weights);
    }

    /** The weights of a level, one per channel; the caller must not modify them. */
    public float[] weights(int level) {
        if (level < 0 || level >= weights.length) {
            throw new IllegalArgumentException("rate level " + level + " not in 0.." + (weights.length - 1));
        }
        return weights[level];
    }
}
