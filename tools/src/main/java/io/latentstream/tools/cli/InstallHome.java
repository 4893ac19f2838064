package io.latentstream.tools.cli;

import io.latentstream.codec.frame.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The install (repository) root bin/latentstream passes as -Dlatentstream.home, and paths relative to it. */
final class InstallHome {
    private InstallHome() {}

    /** Where the demo and benches find the sample clips unless told ({@link DataDirectory}). */
    static Path sharedData() {
        return DataDirectory.beside(home());
    }

    static Path home() {
        return Paths.get(System.getProperty("latentstream.home", ".")).toAbsolutePath();
    }

    /** path as given when it exists or is absolute, else under the install root (models/..., ../shared/data/...). */
    static Path locate(Path path) {
        return path.isAbsolute() || Files.exists(path) ? path : home().resolve(path).normalize();
    }
}
