package io.latentstream.tools.consume;

import java.util.Arrays;

/**
 * A video's frame rate as the fraction a Y4M header names ({@code F30000:1001}), read from
 * capture times: the median interval, so one dropped or late frame does not set the rate.
 */
public record FrameRate(long numerator, long denominator) {
    /** What a stream too short to measure, or with capture times that do not advance, is written at. */
    public static final FrameRate FALLBACK = new FrameRate(10, 1);

    /** The rate of frames captured at these times (microseconds, in arrival order). */
    public static FrameRate ofCaptureTimes(long[] captureMicros) {
        long[] intervals = new long[Math.max(0, captureMicros.length - 1)];
        int n = 0;
        for (int i = 1; i < captureMicros.length; i++) {
            long d = captureMicros[i] - captureMicros[i - 1];
            if (d > 0) {
                intervals[n++] = d;
            }
        }
        if (n == 0) {
            return FALLBACK;
        }
        long[] sorted = Arrays.copyOf(intervals, n);
        Arrays.sort(sorted);
        long median = sorted[n / 2];
        // Millihertz: exact for whole rates and NTSC's 30000/1001 (29.97 Hz), within 0.001 Hz otherwise.
        long milliHertz = Math.max(1, Math.round(1e9 / median));
        long g = gcd(milliHertz, 1000);
        return new FrameRate(milliHertz / g, 1000 / g);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
