package io.latentstream.tools.quality;

import io.latentstream.schema.StreamQuality;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One camera's quality windows as a self-contained SVG: kbit/s (and its bitrate target, where
 * it has one) above, mean and 5th-percentile PSNR below, over capture time; windows that hold a
 * key frame are marked.
 */
public final class QualityChart {
    private static final int W = 640;
    private static final int PANEL = 120;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int GAP = 36;
    private static final String KEY = "#d9822b";

    private QualityChart() {}

    /** windows: one camera's, in any order; at least one. */
    public static String svg(String camera, List<StreamQuality> windows) {
        List<StreamQuality> w = windows.stream().sorted(Comparator.comparingLong(StreamQuality::getWindowStartMillis)).toList();
        long t0 = w.get(0).getWindowStartMillis();
        double span = Math.max(1, (w.get(w.size() - 1).getWindowEndMillis() - t0) / 1000.0);
        int height = TOP + 2 * PANEL + GAP + 30;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s: quality windows over capture time"
                + "</text>%n", LEFT, esc(camera)));
        panel(s, w, t0, span, TOP, "kbit/s", List.of(
                new Series("kbit/s", "#2f6fde", false, StreamQuality::getKbitPerSecond),
                new Series("target", "#555", true, q -> q.getTargetKbitPerSecond() == null ? Double.NaN
                        : q.getTargetKbitPerSecond())));
        panel(s, w, t0, span, TOP + PANEL + GAP, "PSNR dB", List.of(
                new Series("mean", "#1f9d55", false, StreamQuality::getMeanPsnr),
                new Series("5th percentile", "#1f9d55", true, StreamQuality::getP5Psnr)));
        for (StreamQuality q : w) {
            if (q.getKeyFrames() > 0) {
                double x = x(q.getWindowStartMillis() - t0 + (q.getWindowEndMillis() - q.getWindowStartMillis()) / 2.0, span);
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d l-4 -7 h8 z\" fill=\"%s\"><title>%d key frame(s)"
                        + "</title></path>%n", x, TOP, KEY, q.getKeyFrames()));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds of capture time from %s; "
                + "<tspan fill=\"%s\">&#9660;</tspan> windows with a key frame</text>%n", LEFT, height - 8,
                java.time.Instant.ofEpochMilli(t0), KEY));
        return s.append("</svg>\n").toString();
    }

    private record Series(String name, String colour, boolean dashed, ToDoubleFunction<StreamQuality> value) {}

    private static void panel(StringBuilder s, List<StreamQuality> w, long t0, double span, int top, String unit,
                              List<Series> series) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series ser : series) {
            for (StreamQuality q : w) {
                double v = ser.value().applyAsDouble(q);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        double pad = Math.max(1e-3, (hi - lo) * 0.1);
        // Rates and PSNR are never negative: the axis stops at 0 rather than padding below it.
        lo = Math.max(Math.min(lo, 0), lo - pad);
        hi += pad;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>%n",
                LEFT, top, W - LEFT - RIGHT, PANEL));
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            double y = top + PANEL - PANEL * k / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", LEFT - 4, y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" text-anchor=\"middle\">"
                + "%s</text>%n", 12, top + PANEL / 2, 12, top + PANEL / 2, unit));
        for (int k = 0; k <= 4; k++) {
            double t = span * k / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
                    x(t * 1000, span), top + PANEL + 14, t));
        }
        int legend = LEFT + 8;
        for (Series ser : series) {
            StringBuilder points = new StringBuilder();
            for (StreamQuality q : w) {
                double v = ser.value().applyAsDouble(q);
                if (Double.isFinite(v)) {
                    double mid = q.getWindowStartMillis() - t0 + (q.getWindowEndMillis() - q.getWindowStartMillis()) / 2.0;
                    double y = top + PANEL - (v - lo) / (hi - lo) * PANEL;
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(mid, span), y));
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            String dash = ser.dashed() ? " stroke-dasharray=\"5 3\"" : "";
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s/>%n",
                    points.toString().strip(), ser.colour(), dash));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.8\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", legend, top + 12, legend + 18, top + 12, ser.colour(), dash,
                    legend + 22, top + 16, ser.name()));
            legend += 40 + 7 * ser.name().length();
        }
    }

    private static double x(double millisFromStart, double spanSeconds) {
        return LEFT + millisFromStart / 1000.0 / spanSeconds * (W - LEFT - RIGHT);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
