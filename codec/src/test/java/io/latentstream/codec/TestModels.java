package io.latentstream.codec;

import io.latentstream.codec.frame.DataDirectory;
import io.latentstream.codec.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the repository's shipped model and the shared data for tests. */
public final class TestModels {
    public static final String MODEL_ID = Path.of(ModelBundle.DEFAULT_MODEL_DIR).getFileName().toString();
    private static ModelBundle bundle;

    private TestModels() {}

    public static Path repo() {
        return ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.repo", "")));
    }

    public static Path modelDir() {
        return repo().resolve(ModelBundle.DEFAULT_MODEL_DIR);
    }

    /** The shared data the tests read ({@link DataDirectory}). */
    public static Path sharedData() {
        return DataDirectory.beside(repo());
    }

    public static synchronized ModelBundle bundle() {
        if (bundle == null) {
            try {
                bundle = ModelBundle.load(modelDir());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundle;
    }
}
