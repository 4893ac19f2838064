package io.latentstream.codec.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.metrics.Psnr;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameConverterTest {
    private static RgbImage smooth(int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                rgb[i] = (byte) (40 + x * 150 / w);
                rgb[i + 1] = (byte) (60 + y * 120 / h);
                rgb[i + 2] = (byte) (200 - (x + y) * 100 / (w + h));
            }
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void bgrAndGrayMapExactly() {
        byte[] bgr = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, FrameConverter.toRgb(PixelFormat.BGR24, 2, 1, bgr).rgb());
        assertArrayEquals(new byte[] {9, 9, 9, 7, 7, 7}, FrameConverter.toRgb(PixelFormat.GRAY8, 1, 2, new byte[] {9, 7}).rgb());
    }

    @Test
    void yuvRoundTripsCloselyForOddSizes() {
        RgbImage img = smooth(33, 17);
        byte[] i420 = FrameConverter.toI420(img);
        assertEquals(PixelFormat.I420.frameBytes(33, 17), i420.length);
        RgbImage back = FrameConverter.toRgb(PixelFormat.I420, 33, 17, i420);
        assertTrue(Psnr.of(img, back) > 38, "I420 round trip PSNR " + Psnr.of(img, back));
        // NV12 is I420 with interleaved chroma
        int ySize = 33 * 17;
        int c = 17 * 9;
        byte[] nv12 = new byte[i420.length];
        System.arraycopy(i420, 0, nv12, 0, ySize);
        for (int i = 0; i < c; i++) {
            nv12[ySize + 2 * i] = i420[ySize + i];
            nv12[ySize + 2 * i + 1] = i420[ySize + c + i];
        }
        assertArrayEquals(back.rgb(), FrameConverter.toRgb(PixelFormat.NV12, 33, 17, nv12).rgb());
    }

    @Test
    void pngRoundTripIsLossless() {
        RgbImage img = smooth(20, 10);
        assertArrayEquals(img.rgb(), FrameConverter.toRgb(PixelFormat.PNG, 20, 10, img.toPng()).rgb());
    }

    @Test
    void badFramesGetClearErrors() {
        assertThrows(FrameFormatException.class, () -> FrameConverter.toRgb(PixelFormat.RGB24, 4, 4, new byte[47]));
        assertThrows(FrameFormatException.class, () -> FrameConverter.toRgb(PixelFormat.I420, 0, 4, new byte[0]));
        byte[] junk = new byte[100];
        new Random(1).nextBytes(junk);
        assertThrows(FrameFormatException.class, () -> FrameConverter.toRgb(PixelFormat.JPEG, 0, 0, junk));
        assertThrows(FrameFormatException.class, () -> FrameConverter.toRgb(PixelFormat.PNG, 21, 10,
                smooth(20, 10).toPng()));
        assertThrows(FrameFormatException.class, () -> PixelFormat.parse("YUYV"));
    }
}
