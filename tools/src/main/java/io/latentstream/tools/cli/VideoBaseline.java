package io.latentstream.tools.cli;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.BdRate.Point;
import io.latentstream.codec.metrics.Psnr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reference video codecs through Debian's ffmpeg on exactly our frames: x264 (preset
 * medium, CRF sweep) and MJPEG (q sweep), sizes from the raw elementary streams, RGB
 * PSNR measured here the same way as ours; and x264's fast presets timed, for speed.
 */
final class VideoBaseline {
    private VideoBaseline() {}

    static final int[] X264_CRF = {18, 23, 28, 33, 38, 43, 48};
    static final int[] MJPEG_Q = {2, 4, 8, 14, 20, 31};
    /** The presets cameras use when compute is short, timed at x264's default quality. */
    static final List<String> SPEED_PRESETS = List.of("ultrafast", "veryfast");
    static final int SPEED_CRF = 23;
    private static final Pattern RTIME = Pattern.compile("bench: .*rtime=([0-9.]+)s");

    /**
     * x264 at one preset on the frames: ms per frame to encode RGB frames and to decode back
     * to RGB, colour conversion included as in ours, on ffmpeg's own clock (-benchmark:
     * process start-up excluded), with threads threads; and where it lands.
     */
    record Speed(String preset, int crf, double encodeMs, double decodeMs, Point point) {}

    static List<Speed> x264Speed(List<RgbImage> frames, double fps, int threads) throws IOException {
        List<Speed> out = new ArrayList<>();
        for (String preset : SPEED_PRESETS) {
            List<String> args = List.of("-threads", Integer.toString(threads), "-c:v", "libx264", "-preset", preset,
                    "-crf", Integer.toString(SPEED_CRF), "-pix_fmt", "yuv420p", "-f", "h264");
            Path stream = Files.createTempFile("latentstream-baseline", ".h264");
            try {
                double encodeMs = encode(frames, fps, args, stream) / frames.size();
                double decodeMs = timedDecodeMs(stream, threads) / frames.size();
                out.add(new Speed(preset, SPEED_CRF, encodeMs, decodeMs, measure(stream, frames)));
            } finally {
                Files.deleteIfExists(stream);
            }
        }
        return out;
    }

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

    /** Encodes the frames and returns (mean bpp, mean PSNR) of the stream decoded back to RGB. */
    private static Point run(List<RgbImage> frames, double fps, String ext, List<String> codecArgs) throws IOException {
        Path stream = Files.createTempFile("latentstream-baseline", "." + ext);
        try {
            encode(frames, fps, codecArgs, stream);
            return measure(stream, frames);
        } finally {
            Files.deleteIfExists(stream);
        }
    }

    /** Encodes the frames into stream with codecArgs; returns the ms it took on ffmpeg's clock. */
    private static double encode(List<RgbImage> frames, double fps, List<String> codecArgs, Path stream)
            throws IOException {
        RgbImage first = frames.get(0);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostats", "-benchmark", "-y", "-f",
                "rawvideo", "-pix_fmt", "rgb24", "-s", first.width() + "x" + first.height(), "-r",
                Double.toString(fps), "-i", "-"));
        cmd.addAll(codecArgs);
        cmd.add(stream.toString());
        Process enc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // Read its output while the frames go in, so that a full pipe cannot stall ffmpeg.
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream err = enc.getInputStream()) {
                log.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                log.append(e.getMessage());
            }
        });
        reader.start();
        try (OutputStream in = enc.getOutputStream()) {
            for (RgbImage f : frames) {
                in.write(f.rgb());
            }
        }
        join(reader);
        waitFor(enc, "ffmpeg encode", log.toString());
        return rtimeMs(log.toString());
    }

    /** (mean bpp, mean PSNR) of the frames coded in stream, decoded back to RGB. */
    private static Point measure(Path stream, List<RgbImage> frames) throws IOException {
        RgbImage first = frames.get(0);
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
    }

    /**
     * ms to decode a stream to RGB frames with threads threads, on ffmpeg's clock: into its null
     * sink, so that reading the frames here does not pace it.
     */
    private static double timedDecodeMs(Path stream, int threads) throws IOException {
        Process dec = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-benchmark", "-threads",
                Integer.toString(threads), "-i", stream.toString(), "-c:v", "rawvideo", "-pix_fmt", "rgb24", "-f", "null",
                "-").redirectErrorStream(true).start();
        String log;
        try (InputStream err = dec.getInputStream()) {
            log = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        waitFor(dec, "ffmpeg decode", log);
        return rtimeMs(log);
    }

    /** The real time ffmpeg -benchmark reports, in ms. */
    private static double rtimeMs(String log) throws IOException {
        Matcher m = RTIME.matcher(log);
        if (!m.find()) {
            throw new IOException("ffmpeg -benchmark printed no time: " + log.strip());
        }
        return 1000 * Double.parseDouble(m.group(1));
    }

    private static void join(Thread t) throws IOException {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void waitFor(Process p, String what) throws IOException {
        waitFor(p, what, "");
    }

    /** Waits for p to end; log: what it printed, for the message when it failed. */
    private static void waitFor(Process p, String what, String log) throws IOException {
        try {
            if (p.waitFor() != 0) {
                throw new IOException(what + " failed with exit code " + p.exitValue()
                        + (log.isBlank() ? "" : ": " + log.strip()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }
}
