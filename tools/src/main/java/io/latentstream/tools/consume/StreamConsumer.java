package io.latentstream.tools.consume;

import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.model.ModelBundleException;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.operators.AvroBytes;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/** Reads a compressed topic and decodes every camera's frames in order: what `consume` and the demo do. */
public final class StreamConsumer {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private StreamConsumer() {}

    /**
     * Reads until maxFrames (0: unbounded) or idleTimeout without records; decodes each frame
     * of camera (null: every camera) and hands it to writer (null: decode only). A record that
     * does not parse or a frame that does not decode costs one line on stderr; the rest go on,
     * and a progress line on stderr every {@link #PROGRESS_EVERY} says how far it got.
     */
    public static CameraStats consume(String bootstrap, String topic, Properties props, FrameDecoder decoder,
                               String camera, FrameWriter writer, long maxFrames, Duration idleTimeout)
            throws IOException {
        CameraStats stats = new CameraStats();
        Set<String> waiting = new HashSet<>();
        long[] nextProgress = {System.nanoTime() + PROGRESS_EVERY.toNanos()};
        try (TopicReader<CompressedFrame> reader = new TopicReader<>(bootstrap, topic, props,
                BoundedAvroDecoder.compressedFrames()::decode);
             FrameWriter w = writer) {
            reader.readUntilIdle(idleTimeout, () -> maxFrames != 0 && stats.frames() >= maxFrames, batch -> {
                for (TopicReader.Read<CompressedFrame> r : batch) {
                    if (r.value() == null) {
                        System.err.println(topic + "/" + r.partition() + "@" + r.offset() + " is not a CompressedFrame: "
                                + r.error());
                    } else if (camera == null || camera.equals(r.value().getCameraId())) {
                        stats.add(r.value(), decode(r.value(), decoder, w, waiting));
                    }
                }
                if (System.nanoTime() > nextProgress[0]) {
                    System.err.println(stats.progress());
                    nextProgress[0] = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
            });
        }
        return stats;
    }

    /** Decodes and writes one frame; false (and at most one line on stderr) when it does not decode. */
    private static boolean decode(CompressedFrame f, FrameDecoder decoder, FrameWriter writer, Set<String> waiting)
            throws IOException {
        String camera = CameraFiles.shown(f.getCameraId());
        DecodedFrame d;
        try {
            d = decoder.decode(f.getCameraId(), AvroBytes.copy(f.getBitstream()));
        } catch (MissingReferenceException e) {
            if (waiting.add(f.getCameraId())) {
                System.err.println(camera + ": joined mid-stream at frame " + f.getSequence()
                        + "; skipping to its next key frame");
            }
            return false;
        } catch (BitstreamException | ModelBundleException e) {
            System.err.println(camera + "/" + f.getSequence() + " does not decode: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // Not a refusal the decoder names: still one frame, reported, and the stream goes on.
            System.err.println(camera + "/" + f.getSequence() + " does not decode (" + e.getClass().getSimpleName()
                    + "): " + e.getMessage());
            return false;
        }
        waiting.remove(f.getCameraId());
        if (writer != null) {
            writer.write(f.getCameraId(), f.getSequence(), f.getCaptureTimeMicros(), d.image());
        }
        return true;
    }
}
