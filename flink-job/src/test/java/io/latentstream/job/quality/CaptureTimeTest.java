package io.latentstream.job.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class CaptureTimeTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long YEAR = 365L * 24 * 3600 * 1000;

    private static RawFrame capturedAt(long millis) {
        return RawFrame.newBuilder().setCameraId("cam-1").setSequence(0).setCaptureTimeMicros(millis * 1000)
                .setWidth(1).setHeight(1).setPixelFormat("GRAY8").setPixels(ByteBuffer.wrap(new byte[1])).build();
    }

    /** The last watermark emitted. */
    private static final class Last implements WatermarkOutput {
        long watermark = Long.MIN_VALUE;

        @Override
        public void emitWatermark(Watermark w) {
            watermark = w.getTimestamp();
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void aCameraClockFarAheadMovesNoWatermarkAndItsWindowsStayNearNow() {
        CaptureTime.Clock clock = () -> NOW;
        var timestamps = CaptureTime.watermarks(clock).createTimestampAssigner(null);
        var watermarks = new CaptureTime.Watermarks(clock);
        Last out = new Last();
        RawFrame inSync = capturedAt(NOW - 500);
        watermarks.onEvent(inSync, timestamps.extractTimestamp(inSync, 0), out);
        RawFrame ahead = capturedAt(NOW + YEAR);
        long aheadTimestamp = timestamps.extractTimestamp(ahead, 0);
        watermarks.onEvent(ahead, aheadTimestamp, out);
        watermarks.onPeriodicEmit(out);
        assertEquals(NOW - 500 - 2000 - 1, out.watermark, "the in-sync camera's time holds the watermark");
        assertEquals(NOW + CaptureTime.MAX_AHEAD_MILLIS, aheadTimestamp, "its windows close a minute from now");
        // A replay a few seconds ahead of real time, as the camera simulator makes, keeps its own time.
        RawFrame replay = capturedAt(NOW + 10_000);
        watermarks.onEvent(replay, timestamps.extractTimestamp(replay, 0), out);
        watermarks.onPeriodicEmit(out);
        assertEquals(NOW + 10_000 - 2000 - 1, out.watermark);
    }
}
