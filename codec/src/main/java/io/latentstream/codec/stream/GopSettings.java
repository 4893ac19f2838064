package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.FrameHeader;

/**
 * How a stream encoder codes a camera: when a key frame comes instead of an inter frame, and
 * how coarsely inter frames code what changed.
 *
 * @param maxFrames        a key frame at least every this many frames
 * @param maxMicros        and at least every this much capture time
 * @param sceneChangeRatio try a key frame when the inter frame would cost more than this
 *                         fraction of the last key frame, and code it if it costs no more
 *                         than the inter frame (a new scene; a busy moment stays inter)
 * @param interStep        the residual step of inter frames; see {@link #ratePoint}. 1 codes
 *                         key and inter frames on the grid of the level asked for
 * @param changeThreshold  inter frames run the analysis network only around 16x16 blocks whose
 *                         mean absolute change, in 8-bit levels, exceeds this; above rate level 3
 *                         this scaled down by their finer residual step's effect on the picture
 *                         (level 5: a third; {@link SparseAnalysis}, {@code StreamEncoder#changeThreshold});
 *                         0 analyses every frame whole
 */
public record GopSettings(int maxFrames, long maxMicros, double sceneChangeRatio, int interStep,
                          float changeThreshold) implements java.io.Serializable {
    /** The job's defaults, constants so that command lines can name them. */
    public static final int DEFAULT_MAX_FRAMES = 250;
    public static final int DEFAULT_MAX_SECONDS = 30;
    public static final int DEFAULT_INTER_STEP = 2;
    /** Measured on the development clips: sparse ladders within -0.2%..0% BD-rate of dense (docs/decisions.md). */
    public static final float DEFAULT_CHANGE_THRESHOLD = 3;
    public static final GopSettings DEFAULT = new GopSettings(DEFAULT_MAX_FRAMES, DEFAULT_MAX_SECONDS * 1_000_000L, 1.0,
            DEFAULT_INTER_STEP, DEFAULT_CHANGE_THRESHOLD);
    /** Every frame a key frame at the level asked for. */
    public static final GopSettings INTRA_ONLY = new GopSettings(1, Long.MAX_VALUE, 1, 1, 0);

    public GopSettings {
        if (maxFrames < 1 || maxMicros < 1 || !(sceneChangeRatio > 0) || interStep < 1
                || interStep > FrameHeader.MAX_RESIDUAL_STEP || !(changeThreshold >= 0)) {
            throw new IllegalArgumentException("maxFrames, maxMicros >= 1; sceneChangeRatio > 0; interStep in 1.."
                    + FrameHeader.MAX_RESIDUAL_STEP + "; changeThreshold >= 0");
        }
    }

    /** These settings with another change threshold (0: whole-frame analysis). */
    public GopSettings withChangeThreshold(float threshold) {
        return new GopSettings(maxFrames, maxMicros, sceneChangeRatio, interStep, threshold);
    }

    /**
     * Where a stream asked to code at {@code level} (of a model's {@code levels}) codes: its
     * key frames on the latent grid {@code interStep - 1} levels finer, its inter frames'
     * residuals {@code interStep} grid steps coarse. What changes lands near the level asked
     * for, while the still scene, most of a fixed camera's picture, keeps the finer key
     * frame's quality for the whole group of pictures at no further cost. Near the top level,
     * where no finer grid exists, the step shrinks instead, so that each level still codes at
     * its own rate and the top level codes inter frames on its own grid.
     */
    public RatePoint ratePoint(int level, int levels) {
        if (level < 0 || level >= levels) {
            throw new IllegalArgumentException("level " + level + " not in 0.." + (levels - 1));
        }
        int keyLevel = Math.min(level + interStep - 1, levels - 1);
        // One step more than the levels the key grid is finer: interStep where it is interStep - 1 finer.
        return new RatePoint(keyLevel, keyLevel - level + 1);
    }

    /**
     * @param keyLevel     the model level whose latent grid every frame of the stream codes on
     * @param residualStep inter frames' residual step on that grid
     */
    public record RatePoint(int keyLevel, int residualStep) {}
}
