package io.latentstream.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdaptiveBitTest {
    @Test
    void theReciprocalGivesTheExactDivisionForEveryCountAModelCanHold() {
        for (int zeros = 1; zeros < AdaptiveBit.HALVE_AT; zeros++) {
            for (int ones = 1; zeros + ones < AdaptiveBit.HALVE_AT; ones++) {
                int total = zeros + ones;
                long exact = ((long) zeros * AdaptiveBit.ONE + total / 2) / total;
                int expected = (int) Math.max(1, Math.min(AdaptiveBit.ONE - 1, exact));
                assertEquals(expected, AdaptiveBit.zeroFrequency(zeros, ones), zeros + ":" + ones);
            }
        }
    }

    @Test
    void squashIsMonotoneWithinItsRangeAndStretchInvertsIt() {
        int previous = 0;
        for (int d = -2047; d <= 2047; d++) {
            int p = LogisticMixer.squash(d);
            assertTrue(p >= previous && p >= 1 && p <= AdaptiveBit.ONE - 1, "squash(" + d + ") = " + p);
            previous = p;
        }
        assertEquals(AdaptiveBit.ONE / 2, LogisticMixer.squash(0));
        for (int p = 1; p < AdaptiveBit.ONE; p++) {
            int d = LogisticMixer.stretch(p);
            assertTrue(d == 2047 || LogisticMixer.squash(d) >= p, "squash(stretch(" + p + "))");
            assertTrue(d == -2047 || LogisticMixer.squash(d - 1) < p, "stretch(" + p + ") is the smallest");
        }
    }
}
