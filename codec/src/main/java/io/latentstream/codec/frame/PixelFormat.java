package io.latentstream.codec.frame;

import java.util.Locale;

/** Pixel layouts a frame may arrive in. YUV formats are BT.601 limited range (cameras' default). */
public enum PixelFormat {
    RGB24, BGR24, GRAY8, I420, NV12, JPEG, PNG;

    /** Bytes of one raw frame, or -1 for compressed payloads whose size the payload tells. */
    public long frameBytes(int width, int height) {
        long px = (long) width * height;
        return switch (this) {
            case RGB24, BGR24 -> 3 * px;
            case GRAY8 -> px;
            case I420, NV12 -> px + 2L * ((width + 1) / 2) * ((height + 1) / 2);
            case JPEG, PNG -> -1;
        };
    }

    public boolean isCompressed() {
        return this == JPEG || this == PNG;
    }

    /** Parses a format name, case-insensitively; a clear error names the formats we take. */
    public static PixelFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FrameFormatException("unknown pixel format '" + name + "'; known: "
                    + java.util.Arrays.toString(values()));
        }
    }

    public static PixelFormat fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return PNG;
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return JPEG;
        }
        throw new FrameFormatException(name + ": only .png, .jpg and .jpeg image files are read");
    }
}
