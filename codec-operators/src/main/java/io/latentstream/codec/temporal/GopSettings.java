package io.latentstream.codec.temporal;

/**
 * When a stream encoder codes a key frame instead of an inter frame.
 *
 * @param maxFrames        a key frame at least every this many frames
 * @param maxMicros        and at least every this much capture time
 * @param deadZone         a latent stays equal to its reference unless it moved more than
 *                         0.5 + deadZone quantization steps, so sensor noise does not flip symbols
 * @param positionSkip     a latent position keeps its whole prediction when at most this many
 *                         of its channels moved past the dead zone, each by one step: so small a
 *                         change is mostly noise, and coding it costs a flag for every channel
 * @param sceneChangeRatio code a key frame when the inter frame would cost more than this
 *                         fraction of the key frame (a new scene, or a large change)
 */
public record GopSettings(int maxFrames, long maxMicros, float deadZone, int positionSkip, double sceneChangeRatio)
        implements java.io.Serializable {
    public static final GopSettings DEFAULT = new GopSettings(250, 30_000_000L, 0.5f, 8, 0.7);

    public GopSettings {
        if (maxFrames < 1 || maxMicros < 1 || deadZone < 0 || deadZone > 1 || positionSkip < 0 || sceneChangeRatio <= 0) {
            throw new IllegalArgumentException(
                    "maxFrames, maxMicros >= 1; deadZone in [0, 1]; positionSkip >= 0; sceneChangeRatio > 0");
        }
    }
}
