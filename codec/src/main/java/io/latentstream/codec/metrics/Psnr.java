package io.latentstream.codec.metrics;

import io.latentstream.codec.frame.RgbImage;

/** PSNR over the R, G and B samples of two 8-bit images (peak 255). */
public final class Psnr {
    /** Reported for identical images, where PSNR is unbounded. */
    public static final double IDENTICAL = 100.0;

    private Psnr() {}

    public static double of(RgbImage a, RgbImage b) {
        return fromMse(mse(a, b));
    }

    public static double mse(RgbImage a, RgbImage b) {
        requireSameSize(a, b);
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xFF) - (y[i] & 0xFF);
            sum += d * d;
        }
        return (double) sum / x.length;
    }

    public static double fromMse(double mse) {
        return mse == 0 ? IDENTICAL : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    static void requireSameSize(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("images differ in size: " + a.width() + "x" + a.height() + " vs "
                    + b.width() + "x" + b.height());
        }
    }
}
