package io.latentstream.codec.report;

import io.latentstream.codec.metrics.BdRate.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A rate-distortion plot (PSNR against bpp) as a self-contained SVG. */
public final class RdPlot {
    private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};
    private static final int W = 720;
    private static final int H = 480;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private record Curve(String name, Point[] points, boolean dashed) {}

    private final String title;
    private final List<Curve> curves = new ArrayList<>();

    public RdPlot(String title) {
        this.title = title;
    }

    public RdPlot add(String name, Point[] points, boolean dashed) {
        curves.add(new Curve(name, points.clone(), dashed));
        return this;
    }

    public String toSvg() {
        double minX = 0;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Curve c : curves) {
            for (Point p : c.points) {
                maxX = Math.max(maxX, p.bpp());
                minY = Math.min(minY, p.psnr());
                maxY = Math.max(maxY, p.psnr());
            }
        }
        maxX = Math.ceil(maxX * 5) / 5;
        minY = Math.floor(minY);
        maxY = Math.ceil(maxY);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                W, H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, esc(title)));
        for (double x = 0; x <= maxX + 1e-9; x += 0.2) {
            double px = sx(x, minX, maxX);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>%n",
                    px, TOP, px, H - BOTTOM, px, H - BOTTOM + 16, x));
        }
        for (double y = minY; y <= maxY + 1e-9; y += 1) {
            double py = sy(y, minY, maxY);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n",
                    LEFT, py, W - RIGHT, py, LEFT - 6, py + 4, y));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">bits per pixel</text>%n",
                (LEFT + W - RIGHT) / 2, H - 12));
        s.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">PSNR (RGB, dB)</text>%n",
                (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2));
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            Point[] sorted = c.points.clone();
            java.util.Arrays.sort(sorted, java.util.Comparator.comparingDouble(Point::bpp));
            for (Point p : sorted) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx(p.bpp(), minX, maxX), sy(p.psnr(), minY, maxY)));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    color, c.dashed ? " stroke-dasharray=\"6 4\"" : "", pts.toString().trim()));
            for (Point p : sorted) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        sx(p.bpp(), minX, maxX), sy(p.psnr(), minY, maxY), color));
            }
            int ly = H - BOTTOM - 16 - 18 * (curves.size() - 1 - i);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT - 250, ly, W - RIGHT - 222, ly, color,
                    c.dashed ? " stroke-dasharray=\"6 4\"" : "", W - RIGHT - 216, ly + 4, esc(c.name)));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double sx(double x, double min, double max) {
        return LEFT + (x - min) / (max - min) * (W - LEFT - RIGHT);
    }

    private static double sy(double y, double min, double max) {
        return H - BOTTOM - (y - min) / (max - min) * (H - TOP - BOTTOM);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
