package io.latentstream.codec.inference;

import io.latentstream.codec.frame.RgbImage;
import java.nio.FloatBuffer;

/**
 * Conversions between images and the networks' float NCHW tensors. Frames are padded
 * to a multiple of the latent stride by edge replication (no false edges for the
 * encoder to spend bits on) and the decoder's output is cropped back.
 */
public final class NetworkTensors {
    private NetworkTensors() {}

    public static int padded(int size, int stride) {
        return (size + stride - 1) / stride * stride;
    }

    /** Writes img as planar RGB in [0,1], padded to pw x ph, at the buffer's position. */
    public static void putPadded(RgbImage img, int pw, int ph, FloatBuffer out) {
        putWindow(img, 0, 0, pw, ph, out);
    }

    /**
     * Writes the ww x wh window at (x0, y0) of img padded as {@link #putPadded} pads it (edge
     * replication), planar RGB in [0,1], at the buffer's position.
     */
    public static void putWindow(RgbImage img, int x0, int y0, int ww, int wh, FloatBuffer out) {
        int w = img.width();
        int h = img.height();
        byte[] rgb = img.rgb();
        float[] plane = new float[ww * wh];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < wh; y++) {
                int sy = Math.min(y0 + y, h - 1);
                int row = y * ww;
                for (int x = 0; x < ww; x++) {
                    int sx = Math.min(x0 + x, w - 1);
                    plane[row + x] = (rgb[3 * (sy * w + sx) + c] & 0xFF) * (1f / 255f);
                }
            }
            out.put(plane);
        }
    }

    /** Reads a planar RGB float image of pw x ph at the buffer's position: its w x h at (x0, y0). */
    public static RgbImage takeCropped(FloatBuffer in, int pw, int ph, int x0, int y0, int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        int base = in.position();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int src = base + c * pw * ph + (y0 + y) * pw + x0;
                for (int x = 0; x < w; x++) {
                    rgb[3 * (y * w + x) + c] = toByte(in.get(src + x));
                }
            }
        }
        in.position(base + 3 * pw * ph);
        return new RgbImage(w, h, rgb);
    }

    /** [0,1] to 8 bits, rounding half up; NaN maps to 0. */
    static byte toByte(float v) {
        float s = v * 255f + 0.5f;
        if (!(s > 0f)) {
            return 0;
        }
        return (byte) Math.min(255, (int) s);
    }
}
