package io.latentstream.codec.stream;

import io.latentstream.codec.entropy.ResidualCoder;

/**
 * The integer latents one camera's inter frames predict from: the previous frame's
 * symbols, and a background that remembers what each latent position showed when it was
 * last still.
 *
 * <p>On a fixed camera, a car or a person passing uncovers the scene behind it: the
 * previous frame holds the object there, and coding the scene's return against it costs
 * as much as coding the object's arrival. The background holds the scene, so an uncovered
 * position comes back for a flag. A position's background follows its symbols once they
 * have stayed unchanged for {@link #STILL_FRAMES} frames in a row (something parked
 * becomes background; something passing does not). Encoder and decoder each hold one and
 * advance it with the same symbols, integers only, so both always predict alike.
 */
final class ReferenceLatents {
    /** Frames a position must stay unchanged before its background follows it. */
    static final int STILL_FRAMES = 3;

    private final int channels;
    private final int plane;
    private int[] previous;
    private final int[] background;
    /** Per position: frames in a row its symbols stayed unchanged. */
    private final int[] still;

    /** Starts from a key frame: previous and background are its symbols. */
    ReferenceLatents(int[] keySymbols, int channels, int plane) {
        if ((long) channels * plane != keySymbols.length) {
            throw new IllegalArgumentException(keySymbols.length + " symbols do not fill " + channels + "x" + plane);
        }
        this.channels = channels;
        this.plane = plane;
        this.previous = keySymbols;
        this.background = keySymbols.clone();
        this.still = new int[plane];
    }

    int[] previous() {
        return previous;
    }

    int[] background() {
        return background;
    }

    /** Takes the symbols of the frame just coded as the next frame's previous, and updates the background. */
    void advance(int[] symbols) {
        boolean[] changed = ResidualCoder.differing(symbols, previous, channels, plane);
        for (int p = 0; p < plane; p++) {
            still[p] = changed[p] ? 0 : Math.min(still[p] + 1, STILL_FRAMES);
        }
        // Channel by channel: the symbols lie channel-major, so each pass reads memory in order.
        for (int c = 0, k = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++, k++) {
                if (still[p] == STILL_FRAMES) {
                    background[k] = symbols[k];
                }
            }
        }
        previous = symbols;
    }

    /** Memory held: previous and background symbols, and the stillness counts. */
    long bytes() {
        return 4L * (previous.length + background.length + still.length);
    }
}
