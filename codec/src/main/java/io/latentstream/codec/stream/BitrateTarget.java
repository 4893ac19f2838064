package io.latentstream.codec.stream;

/**
 * A camera's bitrate budget: kbitPerSecond of capture time, held over each window of
 * windowMicros, windows aligned to the epoch as the job's quality windows are, so that each
 * quality window is one budget.
 */
public record BitrateTarget(double kbitPerSecond, long windowMicros) implements java.io.Serializable {
    public BitrateTarget {
        if (!(kbitPerSecond > 0) || Double.isInfinite(kbitPerSecond) || windowMicros <= 0) {
            throw new IllegalArgumentException("a bitrate target needs kbit/s > 0 (finite) and a window > 0");
        }
    }

    /** Bits one window may spend. */
    double windowBits() {
        return kbitPerSecond * windowMicros / 1000.0;
    }
}
