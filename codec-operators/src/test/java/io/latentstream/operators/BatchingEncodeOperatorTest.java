package io.latentstream.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamEncoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.EncoderCommand;
import io.latentstream.schema.EncoderControl;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The encode operator in Flink's keyed operator test harness: it emits the library's bytes
 * (a StreamEncoder fed the same frames), answers key-frame requests, and keeps a camera's
 * rate level across a snapshot and restore.
 */
class BatchingEncodeOperatorTest {
    private static final String CAMERA = "gate-7";
    private static final int LEVEL = 2;
    private static final EncoderSettings SETTINGS = new EncoderSettings(TestModels.modelDir().toString(),
            ModelBundle.FULL_ENCODER, LEVEL, Map.of(), 0, Map.of(), 10_000, 1, 0, 0, 2, GopSettings.DEFAULT, 600_000, 0);
    private static List<RgbImage> clip;

    @BeforeAll
    static void readClip() throws Exception {
        clip = FrameReader.read(TestModels.sharedData().resolve("video/bgslibrary-traffic/video03.avi"), 6);
    }

    @Test
    void emitsTheLibrarysBytesAndAnswersAKeyFrameRequest() throws Exception {
        List<CompressedFrame> out;
        try (var harness = harness()) {
            harness.open();
            for (int i = 0; i < clip.size(); i++) {
                if (i == 4) {
                    harness.processElement2(new StreamRecord<>(control(EncoderCommand.KEY_FRAME, null)));
                }
                harness.processElement1(new StreamRecord<>(raw(i), i * 100L));
            }
            out = harness.extractOutputValues();
        }
        LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        StreamEncoder reference = codec.streamEncoder(GopSettings.DEFAULT);
        assertEquals(clip.size(), out.size());
        for (int i = 0; i < clip.size(); i++) {
            if (i == 4) {
                reference.requestKeyFrame();
            }
            byte[] expected = reference.encode(clip.get(i), LEVEL, i * 100_000L).bitstream();
            assertArrayEquals(expected, AvroBytes.copy(out.get(i).getBitstream()), "frame " + i);
            assertEquals(i == 0 || i == 4 ? "INTRA" : "INTER", out.get(i).getFrameType(), "frame " + i);
        }
    }

    @Test
    void aCamerasLevelSurvivesSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            harness.processElement2(new StreamRecord<>(control(EncoderCommand.SET_LEVEL, 4)));
            harness.processElement1(new StreamRecord<>(raw(0), 0L));
            assertEquals(4, harness.extractOutputValues().get(0).getRateLevel());
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement1(new StreamRecord<>(raw(1), 100L));
            CompressedFrame f = restored.extractOutputValues().get(0);
            assertEquals(4, f.getRateLevel());
            // The restored operator has no encoder for the camera yet: it starts with a key frame.
            assertEquals("INTRA", f.getFrameType());
        }
    }

    /** SET_BITRATE sets a target that survives a restore; 0 clears it, null returns to the configuration's (none). */
    @Test
    void aCamerasBitrateTargetIsSetKeptAcrossRestoreAndCleared() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            harness.processElement1(new StreamRecord<>(raw(0), 0L));
            harness.processElement2(new StreamRecord<>(bitrate(40.0)));
            harness.processElement1(new StreamRecord<>(raw(1), 100L));
            List<CompressedFrame> out = harness.extractOutputValues();
            assertNull(out.get(0).getTargetKbitPerSecond());
            assertEquals(40.0, out.get(1).getTargetKbitPerSecond());
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement1(new StreamRecord<>(raw(2), 200L));
            restored.processElement2(new StreamRecord<>(bitrate(0.0)));
            restored.processElement1(new StreamRecord<>(raw(3), 300L));
            restored.processElement2(new StreamRecord<>(bitrate(25.0)));
            restored.processElement2(new StreamRecord<>(bitrate(null)));
            restored.processElement1(new StreamRecord<>(raw(4), 400L));
            List<CompressedFrame> out = restored.extractOutputValues();
            assertEquals(40.0, out.get(0).getTargetKbitPerSecond(), "kept in keyed state");
            assertNull(out.get(1).getTargetKbitPerSecond(), "0: no target");
            assertEquals(LEVEL, out.get(1).getRateLevel(), "without a target, the camera's level");
            assertNull(out.get(2).getTargetKbitPerSecond(), "null: the configuration's, here none");
        }
    }

    /** A flood of new camera ids drops the cameras idle longest instead of growing the heap; a dropped camera restarts with a key frame. */
    @Test
    void theCamerasStateStaysWithinItsBudget() throws Exception {
        StreamEncoder probe = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build()
                .streamEncoder(GopSettings.DEFAULT);
        probe.encode(clip.get(0), LEVEL, 0);
        long afterKey = probe.referenceBytes();
        probe.encode(clip.get(1), LEVEL, 100_000);
        long afterInter = probe.referenceBytes();
        // Room for one camera past its key frame and one at its key frame, not for a third.
        EncoderSettings budget = new EncoderSettings(SETTINGS.modelDir(), SETTINGS.encoderVariant(), LEVEL, Map.of(),
                0, Map.of(), 10_000, 1, 0, 0, 2, GopSettings.DEFAULT, 600_000, afterInter + afterKey + afterKey / 2);
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<>(new BatchingEncodeOperator(budget),
                RawFrame::getCameraId, EncoderControl::getCameraId, Types.STRING)) {
            harness.open();
            harness.processElement1(new StreamRecord<>(raw("gate-1", 0), 0L));
            harness.processElement1(new StreamRecord<>(raw("gate-1", 1), 100L));
            harness.processElement1(new StreamRecord<>(raw("gate-2", 0), 0L));
            harness.processElement1(new StreamRecord<>(raw("gate-3", 0), 0L));  // over budget: gate-1 goes
            harness.processElement1(new StreamRecord<>(raw("gate-2", 1), 100L));
            harness.processElement1(new StreamRecord<>(raw("gate-1", 2), 200L));
            assertEquals(List.of("gate-1 INTRA", "gate-1 INTER", "gate-2 INTRA", "gate-3 INTRA", "gate-2 INTER",
                    "gate-1 INTRA"), harness.extractOutputValues().stream()
                    .map(f -> f.getCameraId() + " " + f.getFrameType()).toList());
        }
    }

    private static EncoderControl bitrate(Double kbps) {
        return EncoderControl.newBuilder().setCameraId(CAMERA).setCommand(EncoderCommand.SET_BITRATE)
                .setKbitPerSecond(kbps).setRequestedAtMicros(0).build();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, RawFrame, EncoderControl, CompressedFrame> harness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new BatchingEncodeOperator(SETTINGS),
                RawFrame::getCameraId, EncoderControl::getCameraId, Types.STRING);
    }

    private static RawFrame raw(int i) {
        return raw(CAMERA, i);
    }

    private static RawFrame raw(String camera, int i) {
        RgbImage image = clip.get(i);
        return RawFrame.newBuilder().setCameraId(camera).setSequence(i).setCaptureTimeMicros(i * 100_000L)
                .setWidth(image.width()).setHeight(image.height()).setPixelFormat("RGB24")
                .setPixels(ByteBuffer.wrap(image.rgb())).build();
    }

    private static EncoderControl control(EncoderCommand command, Integer level) {
        return EncoderControl.newBuilder().setCameraId(CAMERA).setCommand(command).setLevel(level)
                .setRequestedAtMicros(0).build();
    }
}
