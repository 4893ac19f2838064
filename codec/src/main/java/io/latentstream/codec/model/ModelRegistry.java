package io.latentstream.codec.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The model directories under a root (each holding a model-card.json), looked up by
 * the model id and codec hash prefix a bitstream names, so a consumer decodes every
 * frame with the model that made it.
 */
public final class ModelRegistry {
    private final List<ModelBundle> models;

    private ModelRegistry(List<ModelBundle> models) {
        this.models = models;
    }

    /** Loads root itself if it is a model directory, else every model directory directly under it. */
    public static ModelRegistry scan(Path root) throws IOException {
        List<ModelBundle> found = new ArrayList<>();
        if (Files.isRegularFile(root.resolve(ModelBundle.CARD))) {
            found.add(ModelBundle.load(root));
        } else {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path d : dirs.filter(d -> Files.isRegularFile(d.resolve(ModelBundle.CARD))).sorted().toList()) {
                    found.add(ModelBundle.load(d));
                }
            }
        }
        if (found.isEmpty()) {
            throw new ModelBundleException("no model directories in " + root);
        }
        return new ModelRegistry(found);
    }

    /** The model a key frame names; a clear error if none here matches. */
    public ModelBundle find(String modelId, byte[] codecHashPrefix) {
        for (ModelBundle m : models) {
            if (m.modelId().equals(modelId)
                    && Arrays.equals(Arrays.copyOf(m.codecHash(), codecHashPrefix.length), codecHashPrefix)) {
                return m;
            }
        }
        throw new ModelBundleException("no model " + modelId + "@" + HexFormat.of().formatHex(codecHashPrefix)
                + " here; have " + models.stream().map(m -> m.modelId() + "@"
                + HexFormat.of().formatHex(Arrays.copyOf(m.codecHash(), 8))).toList());
    }
}
