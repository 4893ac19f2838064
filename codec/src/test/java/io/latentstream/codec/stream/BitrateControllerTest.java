package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A stream encoder held to a bitrate, on a busy 320x240 traffic camera at 10 fps. */
class BitrateControllerTest {
    private static final long FRAME_MICROS = 100_000;
    private static final long WINDOW_MICROS = 5_000_000;
    private static LatentCodec codec;
    private static List<RgbImage> clip;

    @BeforeAll
    static void load() throws Exception {
        codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        clip = FrameReader.read(TestModels.sharedData().resolve("video/bgslibrary-traffic/video02.avi"), 200);
    }

    /**
     * Bits spent in each window of WINDOW_MICROS that frames of clip, coded from level 3 under target
     * and the first captured startMicros into a window, fill to its end.
     */
    private static long[] windowBits(StreamEncoder encoder, int frames, long startMicros, List<EncodedFrame> out) {
        long[] bits = new long[(int) ((startMicros + frames * FRAME_MICROS) / WINDOW_MICROS)];
        for (int i = 0; i < frames; i++) {
            long capture = startMicros + i * FRAME_MICROS;
            EncodedFrame f = encoder.encode(clip.get(i), 3, capture);
            int window = (int) (capture / WINDOW_MICROS);
            if (window < bits.length) {
                bits[window] += 8L * f.bitstream().length;
            }
            out.add(f);
        }
        return bits;
    }

    /**
     * Starting 1 s into a window, the last frame of the third used to move from step 2 to 1 and
     * spend 12% of the window's budget on the refinement alone (the job's windows start wherever
     * the cameras' clocks put them).
     */
    @ParameterizedTest
    @CsvSource({"25, 0", "25, 1000000", "80, 0", "80, 1000000"})
    void eachWindowAfterTheFirstSpendsItsBudgetWithinTenPercent(double kbps, long startMicros) {
        StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
        BitrateTarget target = new BitrateTarget(kbps, WINDOW_MICROS);
        encoder.setBitrateTarget(target);
        List<EncodedFrame> frames = new java.util.ArrayList<>();
        long[] bits = windowBits(encoder, clip.size(), startMicros, frames);
        for (int w = 1; w < bits.length; w++) {
            assertEquals(1, bits[w] / target.windowBits(), 0.10, "window " + w + ": " + bits[w] + " bits");
        }
        // The first window pays for the key frame while the model of the scene is still cold: its last
        // frame may find the window spent. From the second window on the target is always within reach.
        int firstWindow = (int) ((WINDOW_MICROS - startMicros) / FRAME_MICROS);
        assertEquals(List.of(), java.util.stream.IntStream.range(firstWindow, frames.size())
                .filter(i -> frames.get(i).rate().targetOutOfReach()).boxed().toList(), "frames out of reach");
        assertTrue(frames.stream().skip(1).allMatch(f -> f.header().frameType() == FrameType.INTER
                || f.rate().level() != 3), "after the first, a key frame only where the level changed");
        assertTrue(frames.stream().map(f -> f.rate().lambdaScale()).distinct().count() > 2, "the Lagrangian follows the scene");
    }

    /**
     * A still frame (an empty payload: a camera repeating its picture) costs its framing at any
     * step, so it must not teach the controller that the scene got cheaper: learnt from, it cut
     * the complexity to a third and the next frames spent their window in four.
     */
    @Test
    void aStillFrameDoesNotMakeTheNextFramesFiner() {
        BitrateController still = steadyController();
        BitrateController busy = steadyController();
        long capture = 30 * FRAME_MICROS;
        still.accept(codedAs(still.next(3, capture, false), false, 0));
        busy.accept(codedAs(busy.next(3, capture, false), false, 300));
        RateDecision afterStill = still.next(3, capture + FRAME_MICROS, false);
        RateDecision afterBusy = busy.next(3, capture + FRAME_MICROS, false);
        assertEquals(afterBusy.point(), afterStill.point(), "the step after a still frame");
        assertEquals(1, afterStill.lambdaScale() / afterBusy.lambdaScale(), 0.25, "the scale after a still frame, "
                + "against after a frame like its predecessors");
    }

    /** A controller at 25 kbit/s that has coded a key frame and 29 inter frames of 300 payload bytes each. */
    private static BitrateController steadyController() {
        BitrateController rate = new BitrateController(new BitrateTarget(25, WINDOW_MICROS), GopSettings.DEFAULT, 6);
        rate.accept(codedAs(rate.next(3, 0, true), true, 4000));
        for (int i = 1; i < 30; i++) {
            rate.accept(codedAs(rate.next(3, i * FRAME_MICROS, false), false, 300));
        }
        return rate;
    }

    /** A 320x240 key or inter frame of payloadBytes, coded where decision says. */
    private static EncodedFrame codedAs(RateDecision decision, boolean key, int payloadBytes) {
        byte[] codec = new byte[FrameHeader.HASH_PREFIX_BYTES];
        int grid = decision.point().keyLevel();
        FrameHeader h = key ? FrameHeader.intra("test", codec, grid, 320, 240, 0)
                : FrameHeader.inter(codec, grid, 320, 240, 1, 0, decision.point().residualStep());
        return new EncodedFrame(h, Bitstream.write(h, new byte[payloadBytes]), null, decision, 0, 0);
    }

    @Test
    void theLagrangiansScaleReachesTheStepsBetweenWholeOnesAndStopsAtItsRange() {
        for (double scale = BitrateController.MIN_LAMBDA; scale <= BitrateController.MAX_LAMBDA; scale += 0.25) {
            assertEquals(scale, BitrateController.lambdaAt(2, BitrateController.reach(2, scale)), 1e-9);
        }
        assertEquals(1, BitrateController.lambdaAt(3, 3), 1e-12);
        assertEquals(BitrateController.MAX_LAMBDA, BitrateController.lambdaAt(2, 1));
        assertEquals(BitrateController.MIN_LAMBDA, BitrateController.lambdaAt(2, 4));
        assertTrue(BitrateController.reach(3, BitrateController.MAX_LAMBDA)
                < BitrateController.reach(2, BitrateController.MIN_LAMBDA), "steps 2 and 3 overlap: no bits between them out of reach");
    }

    @Test
    void aTargetAboveTheTopLevelCodesThereAndSaysSo() {
        StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
        encoder.setBitrateTarget(new BitrateTarget(5000, WINDOW_MICROS));
        List<EncodedFrame> frames = new java.util.ArrayList<>();
        windowBits(encoder, 40, 0, frames);
        EncodedFrame last = frames.get(frames.size() - 1);
        int top = codec.model().levels() - 1;
        assertEquals(top, last.rate().level());
        assertEquals(new GopSettings.RatePoint(top, 1), last.rate().point());
        assertTrue(last.rate().targetOutOfReach());
    }

    @Test
    void withoutATargetFramesCodeAtTheLevelAskedFor() {
        StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
        encoder.setBitrateTarget(new BitrateTarget(25, WINDOW_MICROS));
        encoder.setBitrateTarget(null);
        assertNull(encoder.bitrateTarget());
        EncodedFrame f = encoder.encode(clip.get(0), 2, 0);
        assertEquals(new RateDecision(2, encoder.ratePoint(2), 1, false), f.rate());
        assertFalse(f.rate().targetOutOfReach());
    }
}
