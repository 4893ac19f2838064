package io.latentstream.codec.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static RgbImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[3 * w * h];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    @Test
    void psnrOfKnownError() {
        RgbImage a = new RgbImage(2, 1, new byte[] {10, 10, 10, 10, 10, 10});
        RgbImage b = new RgbImage(2, 1, new byte[] {12, 10, 10, 10, 10, 8});
        // MSE = (4 + 4) / 6
        assertEquals(10 * Math.log10(255.0 * 255 / (8.0 / 6)), Psnr.of(a, b), 1e-9);
        assertEquals(Psnr.IDENTICAL, Psnr.of(a, a));
    }

    @Test
    void bdRateOfKnownCurves() {
        BdRate.Point[] anchor = new BdRate.Point[6];
        BdRate.Point[] half = new BdRate.Point[6];
        for (int i = 0; i < 6; i++) {
            double bpp = 0.1 * Math.pow(1.6, i);
            double psnr = 25 + 2.5 * i + 0.1 * i * i;
            anchor[i] = new BdRate.Point(bpp, psnr);
            half[i] = new BdRate.Point(bpp / 2, psnr);
        }
        assertEquals(0.0, BdRate.percent(anchor, anchor), 1e-9);
        assertEquals(-50.0, BdRate.percent(anchor, half), 1e-6);
        assertEquals(100.0, BdRate.percent(half, anchor), 1e-6);
        assertTrue(Double.isNaN(BdRate.percent(anchor, java.util.Arrays.copyOf(half, 3))));
    }

    @Test
    void msSsimIsOneForIdenticalAndFallsWithNoise() {
        RgbImage a = noise(200, 180, 1);
        assertEquals(1.0, MsSsim.of(a, a), 1e-12);
        byte[] rgb = a.rgb().clone();
        Random rnd = new Random(2);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xFF) + rnd.nextInt(41) - 20));
        }
        double m = MsSsim.of(a, new RgbImage(200, 180, rgb));
        assertTrue(m > 0.5 && m < 0.999, "MS-SSIM " + m);
        assertTrue(Double.isNaN(MsSsim.of(noise(100, 100, 3), noise(100, 100, 4))));
    }
}
