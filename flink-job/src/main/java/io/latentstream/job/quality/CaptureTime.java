package io.latentstream.job.quality;

import io.latentstream.schema.RawFrame;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for the quality windows: frames' capture times, out of order by up to
 * {@link #OUT_OF_ORDERNESS}, a source subtask idle after {@link #IDLENESS}.
 *
 * <p>A watermark follows the largest capture time its source subtask has read, whichever camera
 * it came from. One camera whose clock runs far ahead (an RTC reset to 2038, a wrong time server)
 * would carry the watermark with it, every other camera's frames would fall behind it, and their
 * quality windows would stop: at parallelism 1 at once, elsewhere as soon as the other subtasks
 * idle. So a frame captured more than {@link #MAX_AHEAD_MILLIS} ahead of the job's clock moves no
 * watermark, and its own windows are placed that far ahead at most, so that they close. Cameras
 * ahead by less still hold the others back (see docs/topics.md); clocks behind harm only their
 * own windows.
 */
public final class CaptureTime {
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    static final Duration IDLENESS = Duration.ofSeconds(30);
    /** Beyond what a camera simulator replaying a clip ahead of real time puts on its frames. */
    static final long MAX_AHEAD_MILLIS = 60_000;

    /** A clock the strategy can carry to the TaskManagers. */
    interface Clock extends LongSupplier, Serializable {}

    private CaptureTime() {}

    public static WatermarkStrategy<RawFrame> watermarks() {
        return watermarks(System::currentTimeMillis);
    }

    static WatermarkStrategy<RawFrame> watermarks(Clock clock) {
        return WatermarkStrategy.<RawFrame>forGenerator(context -> new Watermarks(clock))
                .withTimestampAssigner((SerializableTimestampAssigner<RawFrame>) (frame, recordTimestamp) ->
                        Math.min(captureMillis(frame), clock.getAsLong() + MAX_AHEAD_MILLIS))
                .withIdleness(IDLENESS);
    }

    private static long captureMillis(RawFrame frame) {
        return frame.getCaptureTimeMicros() / 1000;
    }

    /** Flink's bounded out-of-orderness, over the frames whose clocks are not far ahead. */
    static final class Watermarks implements WatermarkGenerator<RawFrame> {
        private final Clock clock;
        private long latest = Long.MIN_VALUE + OUT_OF_ORDERNESS.toMillis() + 1;

        Watermarks(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void onEvent(RawFrame frame, long timestamp, WatermarkOutput output) {
            if (captureMillis(frame) <= clock.getAsLong() + MAX_AHEAD_MILLIS) {
                latest = Math.max(latest, timestamp);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(latest - OUT_OF_ORDERNESS.toMillis() - 1));
        }
    }
}
