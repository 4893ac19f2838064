package io.latentstream.job.quality;

import io.latentstream.job.placement.CameraKey;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.StreamQuality;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each camera's quality windows, tumbling windows of its capture time, closed by that camera's
 * own clock.
 *
 * <p>A camera's window is emitted once the camera has sent a frame captured
 * {@link #OUT_OF_ORDERNESS_MILLIS} past its end, or once the camera has been silent for
 * {@link #IDLENESS_MILLIS} of the job's time. A frame whose window was already emitted is late:
 * it is compressed as any other, but counted in no window, only in the counter
 * {@code framesLateForQuality}. Cameras do not share a clock: Flink's
 * watermarks, which these windows used before, followed the latest capture time of every camera a
 * source subtask read, so one camera a few seconds ahead made the others' frames late, and one a
 * year ahead (an RTC reset to 2038) stopped their windows (docs/decisions.md). Here a camera's
 * clock moves its own windows only. A frame captured more than {@link #CLOCK_SET_BACK_MILLIS}
 * before the camera's latest is a clock set back: the camera's open windows are emitted and its
 * clock starts again there, rather than every later frame being late until it catches up.
 *
 * <p>State per camera: its open windows (about two) and its latest capture time, cleared when it
 * falls silent, so departed cameras leave nothing behind.
 */
public final class CameraQualityWindows extends KeyedProcessFunction<CameraKey, CompressedFrame, StreamQuality> {
    static final long OUT_OF_ORDERNESS_MILLIS = 2_000;
    static final long IDLENESS_MILLIS = 30_000;
    static final long CLOCK_SET_BACK_MILLIS = 60_000;

    private final long windowMillis;
    /** Open windows by their start, capture time in ms. */
    private transient MapState<Long, QualityWindow.Stats> open;
    /** The latest capture time (ms) of the camera's frames since it last fell silent. */
    private transient ValueState<Long> latestCapture;
    /** When the camera counts as silent, in the job's processing time. */
    private transient ValueState<Long> silentAt;
    private transient Counter late;

    public CameraQualityWindows(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("a window of at least 1 ms");
        }
        this.windowMillis = windowMillis;
    }

    @Override
    public void open(OpenContext context) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-windows", Types.LONG,
                TypeInformation.of(QualityWindow.Stats.class)));
        latestCapture = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-capture", Types.LONG));
        silentAt = getRuntimeContext().getState(new ValueStateDescriptor<>("silent-at", Types.LONG));
        late = getRuntimeContext().getMetricGroup().counter("framesLateForQuality");
    }

    @Override
    public void processElement(CompressedFrame frame, Context ctx, Collector<StreamQuality> out) throws Exception {
        String camera = ctx.getCurrentKey().cameraId;
        long capture = Math.floorDiv(frame.getCaptureTimeMicros(), 1000);
        Long latest = latestCapture.value();
        if (latest != null && capture < latest - CLOCK_SET_BACK_MILLIS) {
            emitEnding(Long.MAX_VALUE, camera, out);
            latest = null;
        }
        long start = capture - Math.floorMod(capture, windowMillis);
        if (latest == null || start + windowMillis > latest - OUT_OF_ORDERNESS_MILLIS) {
            QualityWindow.Stats stats = open.get(start);
            open.put(start, QualityWindow.add(stats != null ? stats : new QualityWindow.Stats(), frame));
        } else {
            late.inc();
        }
        latest = latest == null ? capture : Math.max(latest, capture);
        latestCapture.update(latest);
        emitEnding(latest - OUT_OF_ORDERNESS_MILLIS, camera, out);

        Long previous = silentAt.value();
        if (previous != null) {
            ctx.timerService().deleteProcessingTimeTimer(previous);
        }
        long at = ctx.timerService().currentProcessingTime() + IDLENESS_MILLIS;
        ctx.timerService().registerProcessingTimeTimer(at);
        silentAt.update(at);
    }

    /** The camera fell silent: its open windows are emitted, and nothing of it is kept. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StreamQuality> out) throws Exception {
        emitEnding(Long.MAX_VALUE, ctx.getCurrentKey().cameraId, out);
        latestCapture.clear();
        silentAt.clear();
    }

    /** Emits, in time order, and forgets the open windows ending at or before limit. */
    private void emitEnding(long limit, String camera, Collector<StreamQuality> out) throws Exception {
        List<Long> due = new ArrayList<>();
        for (Long start : open.keys()) {
            if (start + windowMillis <= limit) {
                due.add(start);
            }
        }
        Collections.sort(due);
        for (Long start : due) {
            out.collect(QualityWindow.quality(camera, start, start + windowMillis, open.get(start)));
            open.remove(start);
        }
    }
}
