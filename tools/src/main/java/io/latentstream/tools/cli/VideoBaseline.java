package io.latentstream.tools.cli;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.BdRate.Point;
import io.latentstream.codec.metrics.Psnr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference video codecs through Debian's ffmpeg on exactly our frames: x264 (preset
 * medium, CRF sweep) and MJPEG (q sweep), sizes from the raw elementary streams, RGB
 * PSNR measured here the same way as ours.
 */
final class VideoBaseline {
    private VideoBaseline() {}

    static final int[] X264_CRF = {18, 23, 28, 33, 38, 43, 48};
    static final int[] MJPEG_Q = {2, 4, 8, 14, 20, 31};

    static boolean available() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static List<Point> x264(List<RgbImage> frames, double fps) throws IOException {
        List<Point> curve = new ArrayList<>();
        for (int crf : X264_CRF) {
            curve.add(run(frames, fps, "h264", List.of("-c:v", "libx264", "-preset", "medium", "-crf",
                    Integer.toString(crf), "-pix_fmt", "yuv420p", "-f", "h264")));
        }
        return curve;
    }

    static List<Point> mjpeg(List<RgbImage> frames, double fps) throws IOException {
        List<Point> curve = new ArrayList<>();
        for (int q : MJPEG_Q) {
            curve.add(run(frames, fps, "mjpeg", List.of("-c:v", "mjpeg", "-q:v", Integer.toString(q),
                    "-pix_fmt", "yuvj420p", "-f", "mjpeg")));
        }
        return curve;
    }

    /** Encodes the frames, decodes the stream back to RGB, and returns (mean bpp, mean PSNR). */
    private static Point run(List<RgbImage> frames, double fps, String ext, List<String> codecArgs) throws IOException {
        RgbImage first = frames.get(0);
        Path stream = Files.createTempFile("latentstream-baseline", "." + ext);
        try {
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
                    "-s", first.width() + "x" + first.height(), "-r", Double.toString(fps), "-i", "-"));
            cmd.addAll(codecArgs);
            cmd.add(stream.toString());
            Process enc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = enc.getOutputStream()) {
                for (RgbImage f : frames) {
                    in.write(f.rgb());
                }
            }
            waitFor(enc, "ffmpeg encode");
            long bytes = Files.size(stream);
            Process dec = new ProcessBuilder("ffmpeg", "-v", "error", "-i", stream.toString(), "-f", "rawvideo",
                    "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            double psnr = 0;
            int n = 0;
            try (InputStream out = dec.getInputStream()) {
                for (RgbImage f : frames) {
                    byte[] rgb = out.readNBytes(f.rgb().length);
                    if (rgb.length < f.rgb().length) {
                        break;
                    }
                    psnr += Psnr.of(f, new RgbImage(f.width(), f.height(), rgb));
                    n++;
                }
            }
            waitFor(dec, "ffmpeg decode");
            if (n != frames.size()) {
                throw new IOException("ffmpeg returned " + n + " of " + frames.size() + " frames");
            }
            return new Point(8.0 * bytes / ((double) first.width() * first.height() * frames.size()), psnr / n);
        } finally {
            Files.deleteIfExists(stream);
        }
    }

    private static void waitFor(Process p, String what) throws IOException {
        try {
            if (p.waitFor() != 0) {
                throw new IOException(what + " failed with exit code " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }
}
