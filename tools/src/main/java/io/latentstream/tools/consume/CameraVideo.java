package io.latentstream.tools.consume;

import io.latentstream.codec.frame.RgbImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One camera's frames of one size as a Y4M stream. A Y4M header names a single frame rate,
 * so the first {@link #RATE_FRAMES} frames wait until their capture times give it
 * ({@link FrameRate}); a stream that ends sooner is written at the rate of what arrived.
 */
final class CameraVideo implements AutoCloseable {
    /** Frames whose capture times set the rate: at 720p, 22 MB held once per camera. */
    static final int RATE_FRAMES = 8;

    /** Where the stream goes, opened once the rate is known. */
    interface Destination {
        OutputStream open() throws IOException;
    }

    private final Destination destination;
    private final int width;
    private final int height;
    private final List<RgbImage> waiting = new ArrayList<>();
    private final long[] captureMicros = new long[RATE_FRAMES];
    private Y4mWriter writer;

    CameraVideo(Destination destination, int width, int height) {
        this.destination = destination;
        this.width = width;
        this.height = height;
    }

    boolean fits(RgbImage frame) {
        return frame.width() == width && frame.height() == height;
    }

    void write(RgbImage frame, long captureTimeMicros) throws IOException {
        if (writer != null) {
            writer.write(frame);
            return;
        }
        captureMicros[waiting.size()] = captureTimeMicros;
        waiting.add(frame);
        if (waiting.size() == RATE_FRAMES) {
            start();
        }
    }

    private void start() throws IOException {
        long[] times = Arrays.copyOf(captureMicros, waiting.size());
        writer = new Y4mWriter(destination.open(), width, height, FrameRate.ofCaptureTimes(times));
        for (RgbImage f : waiting) {
            writer.write(f);
        }
        waiting.clear();
    }

    @Override
    public void close() throws IOException {
        if (writer == null && !waiting.isEmpty()) {
            start();
        }
        if (writer != null) {
            writer.close();
        }
    }
}
