package io.latentstream.job.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.job.placement.CameraKey;
import io.latentstream.job.placement.CameraPlacement;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.StreamQuality;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CameraQualityWindowsTest {
    private static final long WINDOW = 1_000;
    private static final long YEAR = 365L * 24 * 3600 * 1000;
    private static final CameraPlacement PLACEMENT = new CameraPlacement(List.of(), 128);

    private static CompressedFrame frame(String camera, long seq, long captureMillis) {
        return CompressedFrame.newBuilder().setCameraId(camera).setSequence(seq).setCaptureTimeMicros(captureMillis * 1000)
                .setWidth(8).setHeight(8).setFrameType(seq == 0 ? "INTRA" : "INTER").setModelId("m").setCodecHash("h")
                .setRateLevel(0).setBitstream(ByteBuffer.wrap(new byte[10])).setBpp(1.25).setPsnr(30)
                .setMsSsim(null).setEncodeLatencyMicros(1).build();
    }

    /** The operator's metrics by name, as it registers them. */
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

    private KeyedOneInputStreamOperatorTestHarness<CameraKey, CompressedFrame, StreamQuality> harness()
            throws Exception {
        TaskManagerMetricGroup taskManager = TaskManagerMetricGroup.createTaskManagerMetricGroup(
                TestingMetricRegistry.builder().setRegisterConsumer((m, name, group) -> metrics.put(name, m)).build(),
                "localhost", ResourceID.generate());
        MockEnvironment environment = new MockEnvironmentBuilder()
                .setMetricGroup(taskManager.addJob(new JobID(), "job").addTask(ExecutionAttemptID.randomId(), "task"))
                .build();
        KeySelector<CompressedFrame, CameraKey> key = f -> PLACEMENT.keyOf(f.getCameraId());
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CameraQualityWindows(WINDOW)),
                key, TypeInformation.of(CameraKey.class), environment);
        h.open();
        return h;
    }

    /** Sends camera's frames captured every 100 ms over [fromMillis, toMillis). */
    private static void send(KeyedOneInputStreamOperatorTestHarness<CameraKey, CompressedFrame, StreamQuality> h,
            String camera, long fromMillis, long toMillis) throws Exception {
        for (long t = fromMillis, seq = 0; t < toMillis; t += 100, seq++) {
            h.processElement(new StreamRecord<>(frame(camera, seq, t)));
        }
    }

    private static List<StreamQuality> windows(
            KeyedOneInputStreamOperatorTestHarness<CameraKey, CompressedFrame, StreamQuality> h, String camera) {
        return h.extractOutputValues().stream().filter(q -> q.getCameraId().equals(camera)).toList();
    }

    @Test
    void aWindowClosesOnceItsCameraIsTwoSecondsPastIt() throws Exception {
        try (var h = harness()) {
            send(h, "cam-a", 0, 3_100);
            // Frames up to 3.0 s: the window [0, 1 s) is 2 s behind, [1 s, 2 s) not yet.
            List<StreamQuality> closed = windows(h, "cam-a");
            assertEquals(1, closed.size());
            assertEquals(0, closed.get(0).getWindowStartMillis());
            assertEquals(10, closed.get(0).getFrames());
        }
    }

    @Test
    void aCameraAheadMakesNoOtherCamerasFramesLate() throws Exception {
        try (var h = harness()) {
            send(h, "cam-ahead", 30_000, 31_000);
            send(h, "cam-2038", 68 * YEAR, 68 * YEAR + 1_000);
            send(h, "cam-a", 0, 5_000);
            h.setProcessingTime(CameraQualityWindows.IDLENESS_MILLIS);
            assertEquals(5, windows(h, "cam-a").size());
            assertEquals(50, windows(h, "cam-a").stream().mapToLong(StreamQuality::getFrames).sum());
        }
    }

    @Test
    void aSilentCameraClosesItsWindowsAndLeavesNoState() throws Exception {
        try (var h = harness()) {
            send(h, "cam-a", 0, 1_500);
            assertEquals(0, windows(h, "cam-a").size());
            h.setProcessingTime(CameraQualityWindows.IDLENESS_MILLIS - 1);
            assertEquals(0, windows(h, "cam-a").size(), "not silent yet");
            h.setProcessingTime(CameraQualityWindows.IDLENESS_MILLIS);
            assertEquals(List.of(10L, 5L), windows(h, "cam-a").stream().map(StreamQuality::getFrames).toList());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void aFrameOfAClosedWindowIsCountedInNone() throws Exception {
        try (var h = harness()) {
            send(h, "cam-a", 0, 3_100);
            h.processElement(new StreamRecord<>(frame("cam-a", 99, 500)));
            h.setProcessingTime(CameraQualityWindows.IDLENESS_MILLIS);
            assertEquals(31, windows(h, "cam-a").stream().mapToLong(StreamQuality::getFrames).sum());
            assertEquals(1, ((Counter) metrics.get("framesLateForQuality")).getCount(), "counted as late");
        }
    }

    @Test
    void aClockSetBackClosesTheCamerasWindowsAndStartsAgain() throws Exception {
        try (var h = harness()) {
            // An RTC reset to 2038, then put right.
            send(h, "cam-a", 68 * YEAR, 68 * YEAR + 500);
            send(h, "cam-a", 0, 3_100);
            List<StreamQuality> closed = windows(h, "cam-a");
            assertEquals(2, closed.size());
            assertEquals(68 * YEAR, closed.get(0).getWindowStartMillis());
            assertEquals(5, closed.get(0).getFrames());
            assertEquals(0, closed.get(1).getWindowStartMillis());
            assertEquals(10, closed.get(1).getFrames());
        }
    }
}
