package io.latentstream.codec.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Bjontegaard delta rate: the mean bitrate difference of a test curve against an
 * anchor at equal PSNR, over the PSNR range both cover. log10(rate) is fitted as a
 * cubic in PSNR for each curve (least squares, so more than four points are fine) and
 * the fits are integrated over the overlap. Negative means the test needs fewer bits.
 */
public final class BdRate {
    private BdRate() {}

    /** A rate-distortion point: bits per pixel and PSNR in dB. */
    public record Point(double bpp, double psnr) {}

    /** Percent; NaN when the curves do not overlap in PSNR or have under 4 points. */
    public static double percent(Point[] anchor, Point[] test) {
        if (anchor.length < 4 || test.length < 4) {
            return Double.NaN;
        }
        double lo = Math.max(min(anchor), min(test));
        double hi = Math.min(max(anchor), max(test));
        if (!(hi > lo)) {
            return Double.NaN;
        }
        double[] pa = fit(anchor);
        double[] pt = fit(test);
        double avgDiff = (integral(pt, lo, hi) - integral(pa, lo, hi)) / (hi - lo);
        return (Math.pow(10, avgDiff) - 1) * 100;
    }

    private static double min(Point[] p) {
        return Arrays.stream(p).mapToDouble(Point::psnr).min().orElseThrow();
    }

    private static double max(Point[] p) {
        return Arrays.stream(p).mapToDouble(Point::psnr).max().orElseThrow();
    }

    /** Coefficients c0..c3 of log10(bpp) ~ c0 + c1 d + c2 d^2 + c3 d^3, d = PSNR. */
    static double[] fit(Point[] points) {
        Point[] p = points.clone();
        Arrays.sort(p, Comparator.comparingDouble(Point::psnr));
        double[][] a = new double[4][5];
        for (Point pt : p) {
            double[] row = {1, pt.psnr(), pt.psnr() * pt.psnr(), Math.pow(pt.psnr(), 3)};
            double y = Math.log10(pt.bpp());
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    a[i][j] += row[i] * row[j];
                }
                a[i][4] += row[i] * y;
            }
        }
        // Gaussian elimination with partial pivoting on the 4x4 normal equations.
        for (int col = 0; col < 4; col++) {
            int pivot = col;
            for (int r = col + 1; r < 4; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < 4; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k < 5; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] c = new double[4];
        for (int i = 0; i < 4; i++) {
            c[i] = a[i][4] / a[i][i];
        }
        return c;
    }

    private static double integral(double[] c, double lo, double hi) {
        return antiderivative(c, hi) - antiderivative(c, lo);
    }

    private static double antiderivative(double[] c, double x) {
        return c[0] * x + c[1] * x * x / 2 + c[2] * Math.pow(x, 3) / 3 + c[3] * Math.pow(x, 4) / 4;
    }
}
