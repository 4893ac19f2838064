package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import java.util.ArrayDeque;

/**
 * Holds one camera's {@link BitrateTarget}: chooses the rate level of each group of pictures,
 * and the residual step and the Lagrangian's scale of each inter frame, so that every window
 * of capture time spends its budget.
 *
 * <p>The model (fitted on the traffic clip video02, docs/rate-control.md): on one latent
 * grid an inter frame's payload falls as step^-{@value #STEP_EXPONENT}, times the scene's
 * complexity, learned from the inter frames just coded (smoothed, in logs); one grid finer
 * costs about {@value #INTER_LEVEL_RATIO}x at the same step, and its key frame
 * {@value #KEY_LEVEL_RATIO}x; a larger Lagrangian spends more ({@link #lambdaGain}), and a
 * step finer than the reference's pays for refining it ({@link #refinementGain}). An inter
 * frame is allowed the window's remaining bits over its remaining frames (less the key frame
 * the group of pictures will code before the window ends) and gets the step and scale the
 * model says spend that; what the model misjudges, the next frames' allowances correct.
 * Until a frame is coded its estimate counts as spent, so frames of one camera batched
 * together share the budget.
 *
 * <p>The level changes only where a key frame is coded anyway or pays for itself, since a
 * new grid needs one: at a scheduled key frame, to the highest level whose group of pictures
 * the model says fits the target at that level's own step (and whose key frame takes at most
 * half a window's budget); within a group, one level up when step 1 at the largest scale
 * leaves bits over for {@value #PINNED_FRAMES} frames. Where even the top level at step 1
 * spends too little, or level 0 at the coarsest step too much, frames code
 * at that limit and say the target is out of reach.
 */
final class BitrateController {
    static final double STEP_EXPONENT = 1.5;
    static final double INTER_LEVEL_RATIO = 1.55;
    static final double KEY_LEVEL_RATIO = 1.28;
    /**
     * An inter frame's payload grows with the Lagrangian's scale s as exp(LAMBDA_GAIN * ln s +
     * LAMBDA_GAIN_BEND * ln² s): 0.69x at s = 0.5, 1.30x at 2, 1.55x at 6 (measured on video02,
     * grid 5, step 2: 0.69x, 1.24x, 1.54x; {@link #lambdaGain}).
     */
    static final double LAMBDA_GAIN = 0.46;
    static final double LAMBDA_GAIN_BEND = -0.12;
    /**
     * The range of the Lagrangian's scale, which tunes a frame's bits between whole steps. A
     * coarser step at a larger scale codes as well as a finer step at a smaller one or better
     * (video02, grid 5: step 2 at 3 spent 94 kbit/s for 32.44 dB, step 1 at 0.5 106 for 32.36),
     * so a frame takes the coarsest step that reaches its bits.
     */
    static final double MIN_LAMBDA = 0.5;
    static final double MAX_LAMBDA = 6;
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
    /** The step of the reference the next frame decided on codes against (1 after a key frame: plain rounding). */
    private int referenceStep = 1;
    /** The same for the next frame {@link #accept} takes. */
    private int codedReferenceStep = 1;

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
        double lambda = 1;
        double estimate = 0;
        boolean key = keyScheduled;
        if (keyScheduled) {
            if (!Double.isNaN(logComplexity) && !Double.isNaN(keyBits)) {
                level = levelForGroup();
                point = gop.ratePoint(level, levels);
            }
            estimate = keyBitsAt(point.keyLevel());
        } else if (!Double.isNaN(logComplexity)) {
            int grid = point.keyLevel();
            Allowance allowance = allowance(captureMicros, grid);
            double payload = Math.max(1, allowance.perFrame() - headerBits);
            double wanted = stepSpending(grid, payload);
            pinned = wanted < reach(1, MAX_LAMBDA) && level < levels - 1 ? pinned + 1 : 0;
            if (pinned >= PINNED_FRAMES) {
                pinned = 0;
                level++;
                point = gop.ratePoint(level, levels);
            }
            if (point.keyLevel() != grid) {
                key = true;
                estimate = keyBitsAt(point.keyLevel());
            } else {
                int step = lastStep;
                if (wanted < reach(step, MAX_LAMBDA) || wanted > reach(step, MIN_LAMBDA)) {
                    // The coarsest whole step that reaches wanted, at most twice or half the last: no single
                    // frame is much coarser or finer than its neighbours (a window's last frames would
                    // otherwise take all that is left, or nothing). Until then the step stays, since each
                    // move to a finer one costs a refinement (below).
                    double coarsest = Math.floor(wanted / reach(1, MAX_LAMBDA));
                    double bounded = Math.max(Math.ceil(lastStep / 2.0), Math.min(2.0 * lastStep, coarsest));
                    step = (int) Math.max(1, Math.min(FrameHeader.MAX_RESIDUAL_STEP, bounded));
                }
                // A finer step's first frame also re-codes what the reference's coarser step left out (video02:
                // 3 -> 2 cost 1.7x the model's step-2 frame, 2 -> 1 3.6x), so the step is taken only where the
                // window's remaining frames, at a scale that spreads that cost over them, still reach it; else
                // the last frames of a window took it and overspent the window by up to 18%.
                lambda = lambdaAt(step, wanted);
                while (step < referenceStep) {
                    double refinement = Math.exp(refinementGain(referenceStep, step));
                    double spread = payload * allowance.frames() / (refinement + allowance.frames() - 1);
                    double spreadStep = stepSpending(grid, spread);
                    if (spreadStep <= reach(step, MIN_LAMBDA)) {
                        lambda = lambdaAt(step, spreadStep);
                        break;
                    }
                    step++;
                    lambda = lambdaAt(step, wanted);
                }
                lastStep = step;
                outOfReach = (wanted < reach(1, MAX_LAMBDA) && level == levels - 1)
                        || (wanted > reach(FrameHeader.MAX_RESIDUAL_STEP, MIN_LAMBDA)
                            && step == FrameHeader.MAX_RESIDUAL_STEP);
                point = new GopSettings.RatePoint(grid, step);
                estimate = headerBits + payloadBits(grid, step, referenceStep, lambda);
            }
        }
        referenceStep = key ? 1 : point.residualStep();
        spent += estimate;
        inFlight.add(new Estimate(windowStart, estimate));
        return new RateDecision(level, point, lambda, outOfReach);
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
            codedReferenceStep = 1;
            return;
        }
        framesSinceKey++;
        int payloadBytes = Bitstream.payloadLength(frame.bitstream());
        headerBits = bits - 8.0 * payloadBytes;
        if (payloadBytes == 0) {
            // A still frame (a camera's repeated picture) costs its framing at any step and Lagrangian, so it
            // says nothing of the scene; learnt from, one cut the complexity to a third, and the frames after
            // it spent a window's budget in four (BitrateTargetTest).
            return;
        }
        int step = frame.header().residualStep();
        // The scene's complexity at its own step and Lagrangian: a refinement's extra bits (payloadBits) are the
        // reference's, not the scene's.
        double observed = Math.log(Math.max(8, bits - headerBits)) - lambdaGain(frame.rate().lambdaScale())
                - refinementGain(codedReferenceStep, step) + STEP_EXPONENT * Math.log(step);
        codedReferenceStep = step;
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

    /** What the window has left for its inter frames from the one captured at captureMicros on: bits per frame, frames. */
    private record Allowance(double perFrame, double frames) {}

    private Allowance allowance(long captureMicros, int grid) {
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
        return new Allowance(remaining / framesLeft, framesLeft);
    }

    /** The highest level whose group of pictures fits the target at its own step; 0 if none does. */
    private int levelForGroup() {
        double interval = intervalMicros;
        double frames = Math.max(1, Math.min(gop.maxFrames(), gop.maxMicros() / interval));
        double budget = target.kbitPerSecond() * frames * interval / 1000.0;
        for (int l = levels - 1; l > 0; l--) {
            GopSettings.RatePoint p = gop.ratePoint(l, levels);
            double inter = headerBits + payloadBits(p.keyLevel(), p.residualStep(), p.residualStep(), 1);
            double key = keyBitsAt(p.keyLevel());
            if (key + (frames - 1) * inter <= budget && key <= 0.5 * target.windowBits()) {
                return l;
            }
        }
        return 0;
    }

    /**
     * An inter frame's payload at step and Lagrangian scale lambda on grid, against a reference coded at
     * referenceStep: a step finer than the reference's also codes the reference's quantization error, about
     * (referenceStep/step)^STEP_EXPONENT times a frame at that step against a reference at it (see {@link #accept}).
     */
    private double payloadBits(int grid, int step, int referenceStep, double lambda) {
        return Math.exp(logComplexityAt(grid) - STEP_EXPONENT * Math.log(step) + refinementGain(referenceStep, step)
                + lambdaGain(lambda));
    }

    /** The step, not necessarily whole, at which an inter frame on grid spends payload bits at the Lagrangian's own scale. */
    private double stepSpending(int grid, double payload) {
        return Math.exp((logComplexityAt(grid) - Math.log(payload)) / STEP_EXPONENT);
    }

    /** ln of how many times a frame at step costs, against a reference at referenceStep, what it does against one at step. */
    private static double refinementGain(int referenceStep, int step) {
        return STEP_EXPONENT * Math.max(0, Math.log((double) referenceStep / step));
    }

    /** ln of the factor by which Lagrangian scale lambda multiplies an inter frame's payload at scale 1. */
    static double lambdaGain(double lambda) {
        double x = Math.log(lambda);
        return LAMBDA_GAIN * x + LAMBDA_GAIN_BEND * x * x;
    }

    /**
     * The Lagrangian scale at which step spends what the model says the step wanted would, within
     * [MIN_LAMBDA, MAX_LAMBDA]: the smaller root of {@link #lambdaGain} = gain (the gain peaks past
     * MAX_LAMBDA).
     */
    static double lambdaAt(int step, double wanted) {
        double gain = STEP_EXPONENT * Math.log(step / wanted);
        double discriminant = LAMBDA_GAIN * LAMBDA_GAIN + 4 * LAMBDA_GAIN_BEND * gain;
        if (discriminant <= 0) {
            return MAX_LAMBDA;
        }
        double x = (-LAMBDA_GAIN + Math.sqrt(discriminant)) / (2 * LAMBDA_GAIN_BEND);
        return Math.max(MIN_LAMBDA, Math.min(MAX_LAMBDA, Math.exp(x)));
    }

    /** The step that spends what step does at Lagrangian scale lambda. */
    static double reach(int step, double lambda) {
        return step * Math.exp(-lambdaGain(lambda) / STEP_EXPONENT);
    }

    private double logComplexityAt(int grid) {
        return logComplexity + (grid - complexityGrid) * Math.log(INTER_LEVEL_RATIO);
    }

    /** A key frame's bits on grid, from the last one; 0 before any (the first frame's is learned, not planned). */
    private double keyBitsAt(int grid) {
        return Double.isNaN(keyBits) ? 0 : keyBits * Math.pow(KEY_LEVEL_RATIO, grid - keyGrid);
    }
}
