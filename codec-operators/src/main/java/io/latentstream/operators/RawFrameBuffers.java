package io.latentstream.operators;

import java.util.Locale;

/**
 * How large Flink's network buffers must be for raw frames.
 *
 * <p>A raw frame crosses from the Kafka source to the encode operator through the network
 * stack, in buffers of {@code taskmanager.memory.segment-size} (Flink's default 32 KiB), and a
 * channel holds about ten buffers at most. A source reads its partitions' cameras in order;
 * when its next frame goes to an encode subtask still busy and the channel cannot hold it, the
 * source stops, and the frames it has for every other subtask wait too. With frames of many
 * buffers the encode subtasks then move in lockstep, each at the pace of the slowest frame of
 * the moment; sparse coding makes frame costs differ a lot from camera to camera, so that
 * costs most there. Buffers that hold half a frame give each channel several frames of slack.
 * Measured at 720p (4 cameras, 2 subtasks): the job ran at 0.72-0.87 of the codec alone with
 * 32 KiB buffers, 0.87 with 1 MiB, 1.10 with 2 MiB (docs/decisions.md). How many buffers a
 * TaskManager then needs grows with the parallelism; the job counts them when it is submitted
 * ({@code io.latentstream.job.network.NetworkBuffers}).
 */
public final class RawFrameBuffers {
    private static final long FLINK_DEFAULT_SEGMENT = 32 * 1024;

    private RawFrameBuffers() {}

    /** The segment size for raw frames of frameBytes: the power of two holding half a frame, at least Flink's default. */
    public static long segmentSize(long frameBytes) {
        long half = Math.max(FLINK_DEFAULT_SEGMENT, (frameBytes + 1) / 2);
        return Long.highestOneBit(half - 1) << 1;
    }

    /** What to set when frames of frameBytes outgrow buffers of segmentBytes; null when they do not. */
    static String advice(long frameBytes, long segmentBytes) {
        if (segmentBytes >= segmentSize(frameBytes)) {
            return null;
        }
        return String.format(Locale.ROOT, "raw frames of %d bytes span %d network buffers of %d bytes: the "
                + "encode subtasks wait on each other's frames; set taskmanager.memory.segment-size: %s "
                + "(deploy/flink/config.yaml), and the network memory the job asks for when submitted with it",
                frameBytes, (frameBytes + segmentBytes - 1) / segmentBytes, segmentBytes,
                flinkSize(segmentSize(frameBytes)));
    }

    /** bytes, a power of two of at least 1 KiB, as Flink's configuration writes sizes. */
    private static String flinkSize(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + "mb" : (bytes >> 10) + "kb";
    }
}
