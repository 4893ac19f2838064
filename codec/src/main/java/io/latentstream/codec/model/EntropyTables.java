package io.latentstream.codec.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.codec.entropy.CdfTable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The per-level, per-channel tables of a model's trained prior ({@link CdfTable}: the
 * quantization medians and the CDFs training's rate term used), built once by
 * training/export.py and stored beside the ONNX files
 * (format "latentstream-entropy-tables/1", see docs/model-bundle.md).
 */
public final class EntropyTables {
    public static final String FORMAT = "latentstream-entropy-tables/1";

    private final CdfTable[][] byLevel;

    private EntropyTables(CdfTable[][] byLevel) {
        this.byLevel = byLevel;
    }

    public static EntropyTables read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelBundleException(file + ": not " + FORMAT);
        }
        if (root.path("precision").asInt() != CdfTable.PRECISION) {
            throw new ModelBundleException(file + ": tables must have " + CdfTable.PRECISION + "-bit precision");
        }
        int channels = root.path("channels").asInt();
        JsonNode levels = root.path("levels");
        if (channels <= 0 || !levels.isArray() || levels.isEmpty()) {
            throw new ModelBundleException(file + ": no channels or no levels");
        }
        CdfTable[][] byLevel = new CdfTable[levels.size()][];
        for (int q = 0; q < levels.size(); q++) {
            JsonNode chans = levels.get(q).path("channels");
            if (chans.size() != channels) {
                throw new ModelBundleException(file + ": level " + q + " has " + chans.size()
                        + " channel tables, expected " + channels);
            }
            byLevel[q] = new CdfTable[channels];
            for (int c = 0; c < channels; c++) {
                JsonNode t = chans.get(c);
                JsonNode cdfNode = t.path("cdf");
                int[] cdf = new int[cdfNode.size()];
                for (int i = 0; i < cdf.length; i++) {
                    cdf[i] = cdfNode.get(i).asInt();
                }
                try {
                    byLevel[q][c] = new CdfTable((float) t.path("median").asDouble(), cdf);
                } catch (IllegalArgumentException e) {
                    throw new ModelBundleException(file + ": level " + q + " channel " + c + ": " + e.getMessage());
                }
            }
        }
        return new EntropyTables(byLevel);
    }

    public int levels() {
        return byLevel.length;
    }

    public int channels() {
        return byLevel[0].length;
    }

    public CdfTable[] level(int level) {
        if (level < 0 || level >= byLevel.length) {
            throw new IllegalArgumentException("rate level " + level + " not in 0.." + (byLevel.length - 1));
        }
        return byLevel[level];
    }
}
