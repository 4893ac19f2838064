package io.latentstream.tools.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameRateTest {
    private static long[] every(double micros, int frames) {
        long[] t = new long[frames];
        for (int i = 0; i < frames; i++) {
            t[i] = 1_700_000_000_000_000L + Math.round(i * micros);
        }
        return t;
    }

    @Test
    void wholeRatesAreExact() {
        assertEquals(new FrameRate(25, 1), FrameRate.ofCaptureTimes(every(40_000, 8)));
        assertEquals(new FrameRate(10, 1), FrameRate.ofCaptureTimes(every(100_000, 8)));
    }

    @Test
    void ntscRateIsThirtyThousandOver1001() {
        assertEquals(new FrameRate(2997, 100), FrameRate.ofCaptureTimes(every(1e6 * 1001 / 30000, 8)));
    }

    @Test
    void oneLateOrDroppedFrameDoesNotSetTheRate() {
        long[] t = every(40_000, 8);
        t[5] += 70_000; // a late frame: one long interval, one short one
        t[6] += 80_000; // and a drop
        t[7] += 80_000;
        assertEquals(new FrameRate(25, 1), FrameRate.ofCaptureTimes(t));
    }

    @Test
    void timesThatDoNotAdvanceFallBack() {
        assertEquals(FrameRate.FALLBACK, FrameRate.ofCaptureTimes(new long[] {5, 5, 5}));
        assertEquals(FrameRate.FALLBACK, FrameRate.ofCaptureTimes(new long[] {5}));
        assertEquals(FrameRate.FALLBACK, FrameRate.ofCaptureTimes(new long[0]));
    }
}
