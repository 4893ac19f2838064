package io.latentstream.codec.frame;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the tools, tests and benchmarks find sample footage and images: the folder named by
 * {@code LATENTSTREAM_DATA}, else {@code shared/data} beside the install (repository) root.
 * Training finds it the same way (training/latentstream/data.py).
 */
public final class DataDirectory {
    public static final String VARIABLE = "LATENTSTREAM_DATA";

    private DataDirectory() {}

    public static Path beside(Path installRoot) {
        String data = System.getenv(VARIABLE);
        return data != null && !data.isEmpty() ? Paths.get(data).toAbsolutePath()
                : installRoot.toAbsolutePath().resolve("..").resolve("shared").resolve("data").normalize();
    }
}
