package io.latentstream.codec.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The quantization medians of a model, per level and channel: symbol = rint(y - median) on
 * the encoder, y_hat = symbol + median on the decoder. Read from the bundle's
 * entropy-tables.json (format "latentstream-entropy-tables/1", written by
 * training/export.py). That file also holds the CDFs of training's factorized prior; since
 * bitstream format 5 they code nothing (the adaptive models of ResidualCoder code every
 * frame), so they are not read here.
 */
public final class EntropyTables {
    public static final String FORMAT = "latentstream-entropy-tables/1";

    private final float[][] medians;

    private EntropyTables(float[][] medians) {
        this.medians = medians;
    }

    public static EntropyTables read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelBundleException(file + ": not " + FORMAT);
        }
        int channels = root.path("channels").asInt();
        JsonNode levels = root.path("levels");
        if (channels <= 0 || !levels.isArray() || levels.isEmpty()) {
            throw new ModelBundleException(file + ": no channels or no levels");
        }
        float[][] medians = new float[levels.size()][];
        for (int q = 0; q < levels.size(); q++) {
            JsonNode chans = levels.get(q).path("channels");
            if (chans.size() != channels) {
                throw new ModelBundleException(file + ": level " + q + " has " + chans.size()
                        + " channel tables, expected " + channels);
            }
            medians[q] = new float[channels];
            for (int c = 0; c < channels; c++) {
                JsonNode median = chans.get(c).path("median");
                if (!median.isNumber() || !Float.isFinite((float) median.asDouble())) {
                    throw new ModelBundleException(file + ": level " + q + " channel " + c + ": no finite median");
                }
                medians[q][c] = (float) median.asDouble();
            }
        }
        return new EntropyTables(medians);
    }

    public int levels() {
        return medians.length;
    }

    public int channels() {
        return medians[0].length;
    }

    /** The medians of a level, one per channel; the caller must not modify them. */
    public float[] medians(int level) {
        if (level < 0 || level >= medians.length) {
            throw new IllegalArgumentException("rate level " + level + " not in 0.." + (medians.length - 1));
        }
        return medians[level];
    }
}
