package io.latentstream.tools.consume;

import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.RgbImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes frames of one size as a YUV4MPEG2 stream (I420, BT.601 limited range) that ffplay and ffmpeg read. */
public final class Y4mWriter implements AutoCloseable {
    private final OutputStream out;
    private final int width;
    private final int height;

    public Y4mWriter(OutputStream out, int width, int height, FrameRate rate) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 20);
        this.width = width;
        this.height = height;
        this.out.write(String.format("YUV4MPEG2 W%d H%d F%d:%d Ip A1:1 C420jpeg XCOLORRANGE=LIMITED%n", width, height,
                rate.numerator(), rate.denominator()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether frame has this stream's size (a Y4M stream has one). */
    public boolean fits(RgbImage frame) {
        return frame.width() == width && frame.height() == height;
    }

    public void write(RgbImage frame) throws IOException {
        if (!fits(frame)) {
            throw new IOException("Y4M frames must all be " + width + "x" + height);
        }
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(FrameConverter.toI420(frame));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
