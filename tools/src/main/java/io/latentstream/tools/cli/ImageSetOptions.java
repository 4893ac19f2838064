package io.latentstream.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** The image set and rate levels of the image bench commands. */
final class ImageSetOptions {
    @Option(names = "--images", required = true, description = "folder of .png/.jpg images")
    Path dir;

    @Option(names = "--quality", defaultValue = "all", description = "rate levels: all, or a comma list (default: all)")
    String quality;

    @Option(names = "--max-images", defaultValue = "0", description = "use only the first N images (0: all)")
    int maxImages;

    /** The .png/.jpg images of the folder, sorted by name; the first --max-images of them when set. */
    List<Path> files() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .png or .jpg images in " + dir);
        }
        return maxImages > 0 ? files.subList(0, Math.min(maxImages, files.size())) : files;
    }

    /** The rate levels --quality names, each within the model's levels. */
    int[] levels(int available) {
        return BenchOutput.levels(quality, available);
    }
}
