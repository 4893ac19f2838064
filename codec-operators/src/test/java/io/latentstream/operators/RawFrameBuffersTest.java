package io.latentstream.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RawFrameBuffersTest {
    private static final long RGB_720P = 1280L * 720 * 3;
    private static final long RGB_1080P = 1920L * 1080 * 3;

    @Test
    void segmentHoldsHalfAFrameInAPowerOfTwo() {
        assertEquals(2L << 20, RawFrameBuffers.segmentSize(RGB_720P));
        assertEquals(4L << 20, RawFrameBuffers.segmentSize(RGB_1080P));
        assertEquals(1L << 20, RawFrameBuffers.segmentSize(2L << 20));
        for (long bytes = 1; bytes < 50_000_000; bytes = bytes * 3 + 7) {
            long s = RawFrameBuffers.segmentSize(bytes);
            assertEquals(1, Long.bitCount(s), "power of two for " + bytes);
            assertTrue(2 * s >= bytes && s >= 32 * 1024, bytes + " -> " + s);
        }
    }

    @Test
    void smallFramesKeepFlinksDefault() {
        assertEquals(32 * 1024, RawFrameBuffers.segmentSize(0));
        assertEquals(32 * 1024, RawFrameBuffers.segmentSize(64 * 1024));
        assertNull(RawFrameBuffers.advice(160L * 120 * 3, 32 * 1024));
    }

    @Test
    void adviceNamesTheSettingsWhereFramesOutgrowTheBuffers() {
        String advice = RawFrameBuffers.advice(RGB_720P, 32 * 1024);
        assertNotNull(advice);
        assertTrue(advice.contains("segment-size: 2mb"), advice);
        assertNull(RawFrameBuffers.advice(RGB_720P, 2L << 20));
        assertNull(RawFrameBuffers.advice(RGB_720P, 4L << 20));
    }
}
