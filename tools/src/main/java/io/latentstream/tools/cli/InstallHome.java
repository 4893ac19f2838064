package io.latentstream.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The install (repository) root bin/latentstream passes as -Dlatentstream.home, and paths relative to it. */
final class InstallHome {
    private InstallHome() {}

    /** Where the demo and benches find the sample clips unless told: the data folder beside the install. */
    static Path sharedData() {
        return home().resolve("..").resolve("shared").resolve("data").normalize();
    }

    static Path home() {
        return Paths.get(System.getProperty("latentstream.home", ".")).toAbsolutePath();
    }

    /** path as given when it exists or is absolute, else under the install root (models/..., ../shared/data/...). */
    static Path locate(Path path) {
        return path.isAbsolute() || Files.exists(path) ? path : home().resolve(path).normalize();
    }
}
