package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latentstream.codec.stream.GopSettings.RatePoint;
import org.junit.jupiter.api.Test;

class GopSettingsTest {
    private static GopSettings withStep(int interStep) {
        return new GopSettings(250, 30_000_000L, 0.7, interStep, 0);
    }

    @Test
    void levelsCodeOnAFinerKeyGridWithCoarserInterSteps() {
        GopSettings gop = withStep(3);
        assertEquals(new RatePoint(2, 3), gop.ratePoint(0, 6));
        assertEquals(new RatePoint(5, 3), gop.ratePoint(3, 6));
        // No grid finer than the top: the step shrinks, and the top level is plain inter coding.
        assertEquals(new RatePoint(5, 2), gop.ratePoint(4, 6));
        assertEquals(new RatePoint(5, 1), gop.ratePoint(5, 6));
        assertEquals(new RatePoint(0, 1), gop.ratePoint(0, 1));
    }

    @Test
    void stepOneCodesAtTheLevelAskedFor() {
        for (int level = 0; level < 6; level++) {
            assertEquals(new RatePoint(level, 1), withStep(1).ratePoint(level, 6));
        }
        assertEquals(new RatePoint(4, 1), GopSettings.INTRA_ONLY.ratePoint(4, 6));
    }

    @Test
    void refusesWhatCannotBeCoded() {
        assertThrows(IllegalArgumentException.class, () -> withStep(0));
        assertThrows(IllegalArgumentException.class, () -> withStep(17));
        assertThrows(IllegalArgumentException.class, () -> withStep(3).ratePoint(6, 6));
        assertThrows(IllegalArgumentException.class, () -> withStep(3).ratePoint(-1, 6));
    }
}
