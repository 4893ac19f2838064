package io.latentstream.tools.consume;

import io.latentstream.schema.CompressedFrame;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Per-camera totals of a consumed compressed stream, and the table the CLI prints. */
public final class CameraStats {
    private static final class Totals {
        long frames;
        long decoded;
        long bits;
        double bppSum;
        double psnrSum;
        double decodedPsnrSum;
        long firstCapture = Long.MAX_VALUE;
        long lastCapture = Long.MIN_VALUE;
        int width;
        int height;
        int level;
    }

    private final Map<String, Totals> cameras = new TreeMap<>();

    /** decodedPsnr: PSNR the consumer measured, or NaN when it did not decode or had no original. */
    public void add(CompressedFrame f, boolean decoded) {
        Totals t = cameras.computeIfAbsent(f.getCameraId(), c -> new Totals());
        t.frames++;
        if (decoded) {
            t.decoded++;
        }
        t.bits += 8L * f.getBitstream().remaining();
        t.bppSum += f.getBpp();
        t.psnrSum += f.getPsnr();
        t.firstCapture = Math.min(t.firstCapture, f.getCaptureTimeMicros());
        t.lastCapture = Math.max(t.lastCapture, f.getCaptureTimeMicros());
        t.width = f.getWidth();
        t.height = f.getHeight();
        t.level = f.getRateLevel();
    }

    public long frames() {
        return cameras.values().stream().mapToLong(t -> t.frames).sum();
    }

    /** One line: frames read and decoded so far, over how many cameras. */
    public String progress() {
        long decoded = cameras.values().stream().mapToLong(t -> t.decoded).sum();
        return String.format(Locale.ROOT, "%d frames read, %d decoded, %d cameras", frames(), decoded, cameras.size());
    }

    /** A Markdown table: one row per camera. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append("| camera | size | level | frames | decoded | mean bpp | mean PSNR (dB) | kbit/s |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (var e : cameras.entrySet()) {
            Totals t = e.getValue();
            // Frames span (n - 1) capture intervals; scale up to n for the rate.
            double seconds = t.frames > 1 ? (t.lastCapture - t.firstCapture) / 1e6 * t.frames / (t.frames - 1) : Double.NaN;
            s.append(String.format(Locale.ROOT, "| %s | %dx%d | %d | %d | %d | %.4f | %.2f | %.1f |%n", e.getKey(),
                    t.width, t.height, t.level, t.frames, t.decoded, t.bppSum / t.frames, t.psnrSum / t.frames,
                    t.bits / seconds / 1000));
        }
        return s.toString();
    }
}
