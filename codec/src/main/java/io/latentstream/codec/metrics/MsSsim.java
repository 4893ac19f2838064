package io.latentstream.codec.metrics;

import io.latentstream.codec.frame.RgbImage;

/**
 * Multi-scale SSIM (Wang, Simoncelli, Bovik 2003) on RGB, data range 1: an 11-tap
 * Gaussian window (sigma 1.5, "valid" filtering), 5 scales with the paper's weights,
 * 2x2 average pooling between scales, each channel scored and the channels averaged,
 * as pytorch_msssim and CompressAI report it. Needs at least 161 px on the short side.
 */
public final class MsSsim {
    private static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    private static final double[] KERNEL = gaussian();
    public static final int MIN_SIDE = (WINDOW - 1) * (1 << (WEIGHTS.length - 1)) + 1;

    private MsSsim() {}

    /** MS-SSIM in [0, 1], or NaN when the image is too small for 5 scales. */
    public static double of(RgbImage a, RgbImage b) {
        Psnr.requireSameSize(a, b);
        if (Math.min(a.width(), a.height()) < MIN_SIDE) {
            return Double.NaN;
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += channel(plane(a, c), plane(b, c), a.width(), a.height());
        }
        return sum / 3;
    }

    private static double[] plane(RgbImage img, int c) {
        byte[] rgb = img.rgb();
        double[] p = new double[img.width() * img.height()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (rgb[3 * i + c] & 0xFF) / 255.0;
        }
        return p;
    }

    private static double channel(double[] x, double[] y, int w, int h) {
        double result = 1;
        for (int s = 0; s < WEIGHTS.length; s++) {
            double[] ssimCs = ssimAndCs(x, y, w, h);
            boolean last = s == WEIGHTS.length - 1;
            // Negative contrast-structure terms are clamped as pytorch_msssim does (relu).
            double term = Math.max(last ? ssimCs[0] : ssimCs[1], 0);
            result *= Math.pow(term, WEIGHTS[s]);
            if (!last) {
                int nw = w / 2;
                int nh = h / 2;
                x = pool(x, w, nw, nh);
                y = pool(y, w, nw, nh);
                w = nw;
                h = nh;
            }
        }
        return result;
    }

    /** Mean SSIM and mean contrast-structure term over the valid window positions. */
    private static double[] ssimAndCs(double[] x, double[] y, int w, int h) {
        double[] mx = blur(x, w, h);
        double[] my = blur(y, w, h);
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] sxx = blur(xx, w, h);
        double[] syy = blur(yy, w, h);
        double[] sxy = blur(xy, w, h);
        double ssim = 0;
        double cs = 0;
        for (int i = 0; i < mx.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            double csi = (2 * cov + C2) / (vx + vy + C2);
            cs += csi;
            ssim += (2 * mx[i] * my[i] + C1) / (mx[i] * mx[i] + my[i] * my[i] + C1) * csi;
        }
        return new double[] {ssim / mx.length, cs / mx.length};
    }

    /** Separable Gaussian filter, valid region only: output (w - 10) x (h - 10). */
    private static double[] blur(double[] p, int w, int h) {
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        double[] tmp = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * p[y * w + x + k];
                }
                tmp[y * ow + x] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * tmp[(y + k) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }

    private static double[] pool(double[] p, int w, int nw, int nh) {
        double[] out = new double[nw * nh];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                int i = 2 * y * w + 2 * x;
                out[y * nw + x] = (p[i] + p[i + 1] + p[i + w] + p[i + w + 1]) / 4;
            }
        }
        return out;
    }

    private static double[] gaussian() {
        double[] k = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
