package io.latentstream.job.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.schema.CompressedFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class QualityWindowTest {
    private static CompressedFrame frame(long seq) {
        return CompressedFrame.newBuilder().setCameraId("cam-1").setSequence(seq).setCaptureTimeMicros(seq * 100_000)
                .setWidth(8).setHeight(8).setFrameType(seq == 0 ? "INTRA" : "INTER").setModelId("m").setCodecHash("h")
                .setRateLevel(0).setBitstream(ByteBuffer.wrap(new byte[10])).setBpp(1.25).setPsnr(30 + seq)
                .setMsSsim(null).setEncodeLatencyMicros(1).build();
    }

    private static QualityWindow.Stats of(long... sequences) {
        QualityWindow.Stats s = new QualityWindow.Stats();
        for (long seq : sequences) {
            QualityWindow.add(s, frame(seq));
        }
        return s;
    }

    @Test
    void gapsAreDroppedFramesAndRepeatsAreCountedApart() {
        QualityWindow.Stats s = of(3, 4, 7, 8);
        assertEquals(2, s.droppedFrames);
        assertEquals(0, s.repeatedFrames);
    }

    @Test
    void duplicatesAndRegressionsNeverMakeDroppedFramesNegative() {
        // A producer's retry (5 twice), then a camera restarting from 0.
        QualityWindow.Stats s = of(4, 5, 5, 6, 0, 1);
        assertEquals(0, s.droppedFrames);
        assertEquals(3, s.repeatedFrames);
        assertEquals(6, s.frames);
    }
}
