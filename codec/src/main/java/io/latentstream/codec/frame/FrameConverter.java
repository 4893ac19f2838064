package io.latentstream.codec.frame;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Converts frames between the formats cameras send and the RGB24 the codec works in.
 * YUV uses BT.601 limited range in fixed point, so conversion is the same on every JVM.
 */
public final class FrameConverter {
    /** An image of undeclared size (a local file) may be at most this many pixels a side, as a bitstream may. */
    private static final int MAX_UNDECLARED_SIDE = 65535;

    private FrameConverter() {}

    /**
     * @param width  declared width; ignored (0 allowed) for JPEG and PNG, whose payload
     *               carries it; checked against the payload when positive
     */
    public static RgbImage toRgb(PixelFormat format, int width, int height, byte[] data) {
        if (format.isCompressed()) {
            return decodeCompressed(format, width, height, data);
        }
        if (width <= 0 || height <= 0) {
            throw new FrameFormatException("frame size must be positive: " + width + "x" + height);
        }
        long expected = format.frameBytes(width, height);
        if (data.length != expected) {
            throw new FrameFormatException(format + " " + width + "x" + height + " needs " + expected
                    + " bytes, got " + data.length);
        }
        int px = width * height;
        byte[] rgb = new byte[3 * px];
        switch (format) {
            case RGB24 -> System.arraycopy(data, 0, rgb, 0, rgb.length);
            case BGR24 -> {
                for (int i = 0; i < rgb.length; i += 3) {
                    rgb[i] = data[i + 2];
                    rgb[i + 1] = data[i + 1];
                    rgb[i + 2] = data[i];
                }
            }
            case GRAY8 -> {
                for (int i = 0; i < px; i++) {
                    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = data[i];
                }
            }
            case I420, NV12 -> yuv420ToRgb(format, width, height, data, rgb);
            default -> throw new IllegalStateException(format.toString());
        }
        return new RgbImage(width, height, rgb);
    }

    /**
     * Decodes a JPEG or PNG payload. Its size is read from the image header and checked
     * against the declared one before any pixel is decoded, so a small payload that claims
     * a huge picture costs nothing.
     */
    private static RgbImage decodeCompressed(PixelFormat format, int width, int height, byte[] data) {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new FrameFormatException("payload is not a readable " + format + " image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (width > 0 ? w != width || h != height : w > MAX_UNDECLARED_SIDE
                        || h > MAX_UNDECLARED_SIDE) {
                    throw new FrameFormatException(format + " payload is " + w + "x" + h + ", the frame says "
                            + width + "x" + height);
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (FrameFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO's readers throw what they like on a damaged payload.
            throw new FrameFormatException("unreadable " + format + " payload: " + e.getMessage());
        }
        return RgbImage.fromBufferedImage(img);
    }

    private static void yuv420ToRgb(PixelFormat format, int width, int height, byte[] data, byte[] rgb) {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        int ySize = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = (y / 2) * cw + x / 2;
                int u;
                int v;
                if (format == PixelFormat.I420) {
                    u = data[ySize + c] & 0xFF;
                    v = data[ySize + cw * ch + c] & 0xFF;
                } else {
                    u = data[ySize + 2 * c] & 0xFF;
                    v = data[ySize + 2 * c + 1] & 0xFF;
                }
                int l = 298 * ((data[y * width + x] & 0xFF) - 16);
                int d = u - 128;
                int e = v - 128;
                int i = 3 * (y * width + x);
                rgb[i] = clamp((l + 409 * e + 128) >> 8);
                rgb[i + 1] = clamp((l - 100 * d - 208 * e + 128) >> 8);
                rgb[i + 2] = clamp((l + 516 * d + 128) >> 8);
            }
        }
    }

    /** RGB24 to I420 (BT.601 limited range, chroma averaged over 2x2), for video writers. */
    public static byte[] toI420(RgbImage img) {
        int w = img.width();
        int h = img.height();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        byte[] rgb = img.rgb();
        byte[] out = new byte[w * h + 2 * cw * ch];
        for (int i = 0; i < w * h; i++) {
            int r = rgb[3 * i] & 0xFF;
            int g = rgb[3 * i + 1] & 0xFF;
            int b = rgb[3 * i + 2] & 0xFF;
            out[i] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
        }
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int x = 2 * cx + dx;
                        int y = 2 * cy + dy;
                        if (x < w && y < h) {
                            int i = 3 * (y * w + x);
                            r += rgb[i] & 0xFF;
                            g += rgb[i + 1] & 0xFF;
                            b += rgb[i + 2] & 0xFF;
                            n++;
                        }
                    }
                }
                r = (r + n / 2) / n;
                g = (g + n / 2) / n;
                b = (b + n / 2) / n;
                out[w * h + cy * cw + cx] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                out[w * h + cw * ch + cy * cw + cx] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
            }
        }
        return out;
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
