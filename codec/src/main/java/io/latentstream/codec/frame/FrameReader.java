package io.latentstream.codec.frame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads camera footage as RGB frames: a video file through FFmpeg (Debian's ffmpeg on
 * the PATH), or a folder of PNG/JPEG images in name order.
 */
public final class FrameReader {
    private FrameReader() {}

    public static List<RgbImage> read(Path source, int maxFrames) throws IOException {
        return Files.isDirectory(source) ? readFolder(source, maxFrames) : readVideo(source, maxFrames, null);
    }

    /** A video's frames scaled by FFmpeg to width x height (bicubic), for benchmarks at other sizes than the clip's. */
    public static List<RgbImage> readScaled(Path video, int maxFrames, int width, int height) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("no frame size " + width + "x" + height);
        }
        if (Files.isDirectory(video)) {
            throw new IllegalArgumentException("scaling needs a video file, not a folder: " + video);
        }
        return readVideo(video, maxFrames, new int[] {width, height});
    }

    static List<RgbImage> readFolder(Path dir, int maxFrames) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$")).sorted()
                    .limit(maxFrames).toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no .png or .jpg frames in " + dir);
        }
        List<RgbImage> frames = new ArrayList<>();
        for (Path f : files) {
            frames.add(RgbImage.read(f));
        }
        return frames;
    }

    /** scaleTo: {width, height}, or null for the video's own size. */
    private static List<RgbImage> readVideo(Path video, int maxFrames, int[] scaleTo) throws IOException {
        if (!Files.isRegularFile(video)) {
            throw new IOException("no such video: " + video);
        }
        int[] size = scaleTo != null ? scaleTo : probeSize(video);
        int w = size[0];
        int h = size[1];
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-i", video.toString(), "-frames:v",
                Integer.toString(maxFrames)));
        if (scaleTo != null) {
            command.addAll(List.of("-vf", "scale=" + w + ":" + h + ":flags=bicubic"));
        }
        command.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<RgbImage> frames = new ArrayList<>();
        try (InputStream in = p.getInputStream()) {
            while (frames.size() < maxFrames) {
                byte[] rgb = in.readNBytes(3 * w * h);
                if (rgb.length < 3 * w * h) {
                    break;
                }
                frames.add(new RgbImage(w, h, rgb));
            }
        } finally {
            p.destroy();
        }
        if (frames.isEmpty()) {
            throw new IOException("ffmpeg decoded no frames from " + video);
        }
        return frames;
    }

    private static int[] probeSize(Path video) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=width,height", "-of", "csv=p=0:s=x", video.toString()).start();
        } catch (IOException e) {
            throw new IOException("reading video needs FFmpeg (apt-get install -y ffmpeg): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        try {
            if (p.waitFor() != 0 || !out.matches("\\d+x\\d+.*")) {
                throw new IOException("ffprobe cannot read " + video + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String[] wh = out.lines().findFirst().orElseThrow().split("x");
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }
}
