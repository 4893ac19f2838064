package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import java.util.ArrayDeque;

/**
 * Holds one camera's {@link BitrateTarget}: chooses the rate level of each group of pictures
 * and the residual step of each inter frame so that every window of capture time spends its
 * budget.
 *
 * <p>The model (fitted on the traffic clip video02, docs/rate-control.md): on one latent
 * grid an inter frame's payload falls as step^-{@value #STEP_EXPONENT}, times the scene's
 * complexity, learned from the inter frames just coded (smoothed, in logs); one grid finer
 * costs about {@value #INTER_LEVEL_RATIO}x at the same step, and its key frame
 * {@value #KEY_LEVEL_RATIO}x. An inter frame is allowed the window's remaining bits over
 * its remaining frames (less the key frame the group of pictures will code before the
 * window ends) and gets the step the model says spends that; what the model misjudges, the
 * next frames' allowances correct. Until a frame is coded its estimate counts as spent, so
 * frames of one camera batched together share the budget.
 *
 * <p>The level changes only where a key frame is coded anyway or pays for itself, since a
 * new grid needs one: at a scheduled key frame, to the highest level whose group of pictures
 * the model says fits the target at that level's own step (and whose key frame takes at most
 * half a window's budget); within a group, one level up when the step wanted stays below 1
 * (bits left at the finest step) for {@value #PINNED_FRAMES} frames. Where even the top
 * level at step 1 spends too little, or level 0 at the coarsest step too much, frames code
 * at that limit and say the target is out of reach.
 */
final class BitrateController {
    static final double STEP_EXPONENT = 1.5;
    static final double INTER_LEVEL_RATIO = 1.55;
    static final double KEY_LEVEL_RATIO = 1.28;
    /** Weight of the newest inter frame in the complexity estimate. */
    private static final double SMOOTHING = 0.3;
    private static final int PINNED_FRAMES = 10;

    private final GopSettings gop;
    private final int levels;
    private BitrateTarget target;
    /** The current group of pictures' rate level; -1 before the first frame. */
    private int level = -1;
    /** log(payload bits * step^STEP_EXPONENT) of inter frames on complexityGrid; NaN before the first. */
    private double logComplexity = Double.NaN;
    private int complexityGrid;
    /** The last key frame's bits, on keyGrid; NaN before the first. */
    private double keyBits = Double.NaN;
    private int keyGrid;
    /** An inter frame's bits outside its payload: header and CRC. */
    private double headerBits;
    private long windowStart = Long.MIN_VALUE;
    /** Bits of the current window: coded frames' real sizes, frames in flight their estimates. */
    private double spent;
    private final ArrayDeque<Estimate> inFlight = new ArrayDeque<>();
    private long lastCapture = Long.MIN_VALUE;
    private double intervalMicros = Double.NaN;
    private long framesSinceKey;
    private int pinned;
    private int lastStep = 1;

    private record Estimate(long windowStart, double bits) {}

    BitrateController(BitrateTarget target, GopSettings gop, int levels) {
        this.target = target;
        this.gop = gop;
        this.levels = levels;
    }

    BitrateTarget target() {
        return target;
    }

    /** A new target; what was learned of the scene stays, and so does the current window's spending. */
    void retarget(BitrateTarget target) {
        this.target = target;
    }

    /**
     * Where the next frame codes. askedLevel is where a camera starts; keyScheduled: the
     * encoder will code a key frame whatever the grid (first frame, GOP, request, size).
     */
    RateDecision next(int askedLevel, long captureMicros, boolean keyScheduled) {
        if (level < 0) {
            level = Math.min(askedLevel, levels - 1);
        }
        advance(captureMicros);
        boolean outOfReach = false;
        GopSettings.RatePoint point = gop.ratePoint(level, levels);
        double estimate = 0;
        if (keyScheduled) {
            if (!Double.isNaN(logComplexity) && !Double.isNaN(keyBits)) {
                level = levelForGroup();
                point = gop.ratePoint(level, levels);
            }
            estimate = keyBitsAt(point.keyLevel());
        } else if (!Double.isNaN(logComplexity)) {
            int grid = point.keyLevel();
            double payload = Math.max(1, allowance(captureMicros, grid) - headerBits);
            double wanted = Math.exp((logComplexityAt(grid) - Math.log(payload)) / STEP_EXPONENT);
            pinned = wanted < 1 && level < levels - 1 ? pinned + 1 : 0;
            if (pinned >= PINNED_FRAMES) {
                pinned = 0;
                level++;
                point = gop.ratePoint(level, levels);
            }
            if (point.keyLevel() != grid) {
                estimate = keyBitsAt(point.keyLevel());
            } else {
                // At most twice or half the last step: no single frame is much coarser or finer than its
                // neighbours (the last frames of a window would otherwise take all that is left, or nothing).
                // A move to a finer step takes the finest whole step that fits the allowance, not the
                // nearest: a finer step costs more than the model says (video02: 3.5x step 2's bytes at
                // step 1, the model 2.8x), and a window's last frames have nothing left to pay it back.
                double bounded = Math.max(lastStep / 2.0, Math.min(2.0 * lastStep, wanted));
                double rounded = bounded < lastStep ? Math.ceil(bounded) : Math.rint(bounded);
                int step = (int) Math.max(1, Math.min(FrameHeader.MAX_RESIDUAL_STEP, rounded));
                lastStep = step;
                outOfReach = (wanted < 1 && level == levels - 1)
                        || (wanted > FrameHeader.MAX_RESIDUAL_STEP && step == FrameHeader.MAX_RESIDUAL_STEP);
                point = new GopSettings.RatePoint(grid, step);
                estimate = headerBits + Math.exp(logComplexityAt(grid) - STEP_EXPONENT * Math.log(step));
            }
        }
        spent += estimate;
        inFlight.add(new Estimate(windowStart, estimate));
        return new RateDecision(level, point, outOfReach);
    }

    /** Takes the frame just coded, the oldest of those {@link #next} decided on and not yet taken. */
    void accept(EncodedFrame frame) {
        double bits = 8.0 * frame.bitstream().length;
        Estimate e = inFlight.poll();
        if (e != null && e.windowStart() == windowStart) {
            spent += bits - e.bits();
        }
        int grid = frame.header().level();
        if (frame.header().frameType() == FrameType.INTRA) {
            keyBits = bits;
            keyGrid = grid;
            framesSinceKey = 0;
            return;
        }
        framesSinceKey++;
        headerBits = bits - 8.0 * Bitstream.payloadLength(frame.bitstream());
        double observed = Math.log(Math.max(8, bits - headerBits))
                + STEP_EXPONENT * Math.log(frame.header().residualStep());
        logComplexity = Double.isNaN(logComplexity) ? observed
                : logComplexityAt(grid) + SMOOTHING * (observed - logComplexityAt(grid));
        complexityGrid = grid;
    }

    /** Moves the window and the frame interval on to a frame captured at captureMicros. */
    private void advance(long captureMicros) {
        long start = Math.floorDiv(captureMicros, target.windowMicros()) * target.windowMicros();
        if (start > windowStart) {
            windowStart = start;
            spent = 0;
        }
        if (captureMicros > lastCapture && lastCapture != Long.MIN_VALUE) {
            double d = captureMicros - lastCapture;
            intervalMicros = Double.isNaN(intervalMicros) ? d : intervalMicros + 0.1 * (d - intervalMicros);
        }
        lastCapture = Math.max(lastCapture, captureMicros);
    }

    /** The bits an inter frame captured at captureMicros, on grid, may spend. */
    private double allowance(long captureMicros, int grid) {
        double interval = Double.isNaN(intervalMicros) ? target.windowMicros() : intervalMicros;
        long end = windowStart + target.windowMicros();
        double framesLeft = Math.max(1, Math.ceil((end - captureMicros) / interval - 1e-6));
        double remaining = target.windowBits() - spent;
        // The scheduled key frame, if it falls in this window, is paid for from it.
        long index = framesSinceKey + inFlight.size() + 1;
        double untilKey = Math.min(gop.maxFrames() - index, (gop.maxMicros() - index * interval) / interval);
        if (untilKey >= 1 && untilKey < framesLeft && !Double.isNaN(keyBits)) {
            remaining -= keyBitsAt(grid);
            framesLeft -= 1;
        }
        return remaining / framesLeft;
    }

    /** The highest level whose group of pictures fits the target at its own step; 0 if none does. */
    private int levelForGroup() {
        double interval = intervalMicros;
        double frames = Math.max(1, Math.min(gop.maxFrames(), gop.maxMicros() / interval));
        double budget = target.kbitPerSecond() * frames * interval / 1000.0;
        for (int l = levels - 1; l > 0; l--) {
            GopSettings.RatePoint p = gop.ratePoint(l, levels);
            double inter = headerBits + Math.exp(logComplexityAt(p.keyLevel()) - STEP_EXPONENT * Math.log(p.residualStep()));
            double key = keyBitsAt(p.keyLevel());
            if (key + (frames - 1) * inter <= budget && key <= 0.5 * target.windowBits()) {
                return l;
            }
        }
        return 0;
    }

    private double logComplexityAt(int grid) {
        return logComplexity + (grid - complexityGrid) * Math.log(INTER_LEVEL_RATIO);
    }

    /** A key frame's bits on grid, from the last one; 0 before any (the first frame's is learned, not planned). */
    private double keyBitsAt(int grid) {
        return Double.isNaN(keyBits) ? 0 : keyBits * Math.pow(KEY_LEVEL_RATIO, grid - keyGrid);
    }
}
