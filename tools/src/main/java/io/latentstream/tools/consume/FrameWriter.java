package io.latentstream.tools.consume;

import io.latentstream.codec.frame.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes decoded frames under one folder: per camera a folder of PNGs named by sequence
 * number, or a Y4M file; a camera whose frame size changes continues in a new Y4M file
 * ({@code NAME~2.y4m}, {@code NAME~3.y4m}, ...: '~' is in no camera file name, so these
 * never meet another camera's). Names come from {@link CameraFiles}, so nothing is
 * written outside the folder.
 */
public final class FrameWriter implements AutoCloseable {
    public enum Format { PNG, Y4M }

    private final Path out;
    private final Format format;
    private final int fps;
    private final Map<String, Video> videos = new HashMap<>();

    private record Video(Y4mWriter writer, int part) {}

    public FrameWriter(Path out, Format format, int fps) {
        this.out = out;
        this.format = format;
        this.fps = fps;
    }

    public void write(String cameraId, long sequence, RgbImage image) throws IOException {
        String name = CameraFiles.name(cameraId);
        if (format == Format.PNG) {
            Path dir = out.resolve(name);
            Files.createDirectories(dir);
            image.writePng(dir.resolve(String.format("%08d.png", sequence)));
            return;
        }
        Files.createDirectories(out);
        Video v = videos.get(name);
        if (v == null || !v.writer().fits(image)) {
            int part = v == null ? 1 : v.part() + 1;
            if (v != null) {
                v.writer().close();
            }
            Path file = out.resolve(part == 1 ? name + ".y4m" : name + "~" + part + ".y4m");
            v = new Video(new Y4mWriter(file, image.width(), image.height(), fps), part);
            videos.put(name, v);
        }
        v.writer().write(image);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Video v : videos.values()) {
            try {
                v.writer().close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
