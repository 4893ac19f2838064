package io.latentstream.tools.consume;

import io.latentstream.codec.frame.RgbImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes decoded frames, in one of two ways.
 *
 * <p>{@link #toFolder}: per camera a folder of PNGs named by sequence number, or a video
 * (Y4M or MP4); a camera whose frame size changes continues in a new video
 * ({@code NAME~2.y4m}, {@code NAME~3.y4m}, ...: '~' is in no camera file name, so these never
 * meet another camera's). Names come from {@link CameraFiles}, so nothing is written outside
 * the folder.
 *
 * <p>{@link #toStream}: one camera as a single Y4M stream (stdout, into ffmpeg). A stream has
 * one camera and one size, so other cameras' frames, and frames of another size, are left
 * out, each said once on stderr.
 *
 * <p>Videos run at the rate of their capture times ({@link CameraVideo}).
 */
public final class FrameWriter implements AutoCloseable {
    public enum Format { PNG, Y4M, MP4 }

    private final Path folder;
    private final Format format;
    private final OutputStream stream;
    private String streamCamera;
    private final Map<String, Video> videos = new HashMap<>();
    private final Set<String> leftOut = new HashSet<>();

    private record Video(CameraVideo video, int part) {}

    private FrameWriter(Path folder, Format format, OutputStream stream, String streamCamera) {
        this.folder = folder;
        this.format = format;
        this.stream = stream;
        this.streamCamera = streamCamera;
    }

    public static FrameWriter toFolder(Path folder, Format format) {
        return new FrameWriter(folder, format, null, null);
    }

    /** cameraId: the camera to write; null: the first camera whose frame arrives. */
    public static FrameWriter toStream(OutputStream out, String cameraId) {
        return new FrameWriter(null, Format.Y4M, out, cameraId);
    }

    public void write(String cameraId, long sequence, long captureTimeMicros, RgbImage image) throws IOException {
        if (stream != null) {
            writeToStream(cameraId, captureTimeMicros, image);
            return;
        }
        String name = CameraFiles.name(cameraId);
        if (format == Format.PNG) {
            Path dir = folder.resolve(name);
            Files.createDirectories(dir);
            image.writePng(dir.resolve(String.format("%08d.png", sequence)));
            return;
        }
        Files.createDirectories(folder);
        Video v = videos.get(name);
        if (v == null || !v.video().fits(image)) {
            int part = v == null ? 1 : v.part() + 1;
            if (v != null) {
                v.video().close();
            }
            String extension = format == Format.MP4 ? ".mp4" : ".y4m";
            Path file = folder.resolve(part == 1 ? name + extension : name + "~" + part + extension);
            CameraVideo.Destination destination = format == Format.MP4 ? () -> Mp4Pipe.start(file)
                    : () -> Files.newOutputStream(file);
            v = new Video(new CameraVideo(destination, image.width(), image.height()), part);
            videos.put(name, v);
        }
        v.video().write(image, captureTimeMicros);
    }

    private void writeToStream(String cameraId, long captureTimeMicros, RgbImage image) throws IOException {
        if (streamCamera == null) {
            streamCamera = cameraId;
        }
        String shown = CameraFiles.shown(cameraId);
        if (!cameraId.equals(streamCamera)) {
            if (leftOut.add(cameraId)) {
                System.err.println(shown + ": not written: the stream carries " + CameraFiles.shown(streamCamera)
                        + " (choose one with --camera)");
            }
            return;
        }
        Video v = videos.computeIfAbsent(cameraId,
                c -> new Video(new CameraVideo(() -> stream, image.width(), image.height()), 1));
        if (!v.video().fits(image)) {
            if (leftOut.add(cameraId)) {
                System.err.println(shown + ": frames of " + image.width() + "x" + image.height()
                        + " not written: a Y4M stream keeps its first size");
            }
            return;
        }
        v.video().write(image, captureTimeMicros);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Video v : videos.values()) {
            try {
                v.video().close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
