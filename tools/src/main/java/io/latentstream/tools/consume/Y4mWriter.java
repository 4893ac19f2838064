package io.latentstream.tools.consume;

import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.RgbImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes decoded frames as a YUV4MPEG2 (I420, BT.601 limited range) file that ffplay/ffmpeg read. */
public final class Y4mWriter implements AutoCloseable {
    private final OutputStream out;
    private final int width;
    private final int height;

    public Y4mWriter(Path file, int width, int height, int fps) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        this.width = width;
        this.height = height;
        out.write(String.format("YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED%n", width, height, fps)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether frame has this file's size (a Y4M file has one). */
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
