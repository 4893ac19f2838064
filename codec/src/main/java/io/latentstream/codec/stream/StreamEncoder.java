package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.entropy.InterQuantizer;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.GainedLatent;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.LatentWindow;
import io.latentstream.codec.latent.QuantizedLatent;
import java.util.List;

/**
 * Encodes one camera's frames, coding most of them as inter frames: the residual between
 * this frame's latent symbols and, per position, the previous frame's or the background's
 * ({@link ReferenceLatents}), in the integer latent domain.
 *
 * <p>The references are symbols exactly as the decoder will have them, so encoder and
 * decoder stay in lock-step with no drift and no floating point involved. Which symbols move,
 * and how far, is a rate-distortion choice ({@link InterQuantizer}): what the residual
 * models would charge against what the error left costs in the picture, at the grid's
 * Lagrangian. A stream asked for a level codes on a finer latent grid with coarser inter
 * residuals ({@link GopSettings#ratePoint}). Key frames come on the first frame, after
 * {@link GopSettings#maxFrames} frames or {@link GopSettings#maxMicros}, on a scene change,
 * on a change of size or latent grid, and when {@link #requestKeyFrame()} asks. With a
 * {@link GopSettings#changeThreshold}, inter frames run the networks only where the picture
 * changed ({@link SparseAnalysis}, {@link SparseSynthesis}); the bitstream does not say. Not
 * thread-safe: one instance per camera.
 */
public final class StreamEncoder {
    /**
     * What a source's re-quantization and sensor noise do to a tile ({@link LatentTiles}) of
     * symbols: move at most this many of them, each by at most {@link #NOISE_STEPS} residual
     * steps (1 to 13 of a tile's 9,216 on the indoor clip, scattered). Sparse analysis learns
     * from it where pixel changes are noise ({@link SparseAnalysis}); the moves are coded.
     */
    static final int NOISE_MOVES = 16;
    static final int NOISE_STEPS = 2;
    /**
     * The inter frames' Lagrangian against the grid's training λ at step 1 (see
     * {@link #distortionBits}); measured over the development clips' ladders (docs/decisions.md).
     */
    static final double INTER_LAMBDA_SCALE = 0.75;
    /** The rate level {@link GopSettings#changeThreshold} is stated for; others scale it ({@link #changeThreshold}). */
    static final int THRESHOLD_LEVEL = 3;

    private final LatentTransform transform;
    private final GopSettings gop;
    /** Null where the settings analyse every frame whole; then reconstructions are whole-frame too. */
    private final SparseAnalysis sparse;
    private final SparseSynthesis reconstruction;
    private ReferenceLatents references;
    private ResidualCoder.Models residualModels;
    private int referenceLevel = -1;
    private int referenceWidth;
    private int referenceHeight;
    private long frameNumber;
    private long keyFrameNumber;
    private long keyCaptureMicros;
    private int keyBytes;
    private boolean keyRequested = true;
    /** Null: frames code at the level asked for. */
    private BitrateController rate;
    /**
     * The residual step and Lagrangian scale of the last frame if every symbol of it kept its
     * prediction (an empty inter payload); else null. A next frame that analyses nothing has the
     * same latents, reference and models, so weighing it would end where that frame did.
     */
    private KeptAll keptAll;

    private record KeptAll(int residualStep, double lambdaScale) {}

    /** Applications get one from {@link io.latentstream.codec.LatentCodec#streamEncoder}. */
    public StreamEncoder(LatentTransform transform, GopSettings gop) {
        this.transform = transform;
        this.gop = gop;
        int stride = transform.model().latentStride();
        this.sparse = gop.changeThreshold() > 0 ? new SparseAnalysis(stride) : null;
        this.reconstruction = sparse != null ? new SparseSynthesis(stride) : null;
    }

    /** The next frame will be a key frame (a consumer joined, a restore, an operator asked). */
    public void requestKeyFrame() {
        keyRequested = true;
    }

    /** Bytes held for this camera: the reference latents, the residual models and what sparse analysis keeps. */
    public long referenceBytes() {
        return (references == null ? 0 : references.bytes() + residualModels.bytes())
                + (sparse == null ? 0 : sparse.bytes() + reconstruction.bytes());
    }

    /** Where this stream codes when asked for level: the level its latents come from, and its residual step. */
    public GopSettings.RatePoint ratePoint(int level) {
        return gop.ratePoint(level, transform.model().levels());
    }

    /**
     * Holds the stream to a bitrate ({@link BitrateController}): the level asked for with each
     * frame is then only where it starts. Null: back to the level asked for. A new target keeps
     * what was learned of the scene.
     */
    public void setBitrateTarget(BitrateTarget target) {
        if (target == null) {
            rate = null;
        } else if (rate == null) {
            rate = new BitrateController(target, gop, transform.model().levels());
        } else {
            rate.retarget(target);
        }
    }

    /** The bitrate target the stream holds; null: none. */
    public BitrateTarget bitrateTarget() {
        return rate == null ? null : rate.target();
    }

    public EncodedFrame encode(RgbImage image, int level, long captureMicros) {
        StreamBatch.Analysed a = StreamBatch.analyse(transform, List.of(new StreamBatch.Frame(this, image, level,
                captureMicros)), 1)[0];
        return encode(image, a.latent(), a.plan(), a.rate(), captureMicros, a.networkNanos());
    }

    /** Where the next frame codes, asked for at level: there, or where the bitrate target says. */
    RateDecision decide(RgbImage image, int level, long captureMicros) {
        if (rate == null) {
            return new RateDecision(level, ratePoint(level), 1, false);
        }
        return rate.next(level, captureMicros, keyDue(image, referenceLevel, frameNumber, captureMicros));
    }

    /** What the analysis network must see of this camera's next frame, which codes at point. */
    LatentTiles.Plan analysisPlan(RgbImage image, GopSettings.RatePoint point, long captureMicros) {
        return sparse == null ? LatentTiles.Plan.WHOLE_FRAME : sparse.plan(image, point.keyLevel(),
                changeThreshold(point), keyDue(image, point.keyLevel(), frameNumber, captureMicros));
    }

    /**
     * The change threshold of a frame coded at point: the stream's, which is stated for rate
     * level {@link #THRESHOLD_LEVEL}, scaled down where one residual step moves the picture less
     * than there (the step times the root of the grid's mean distortion weight): a finer grid or
     * step codes smaller changes, so it must look at them (at the top level a third of the
     * stated threshold). Coarser levels keep the stated one: a larger threshold there let the
     * parking lot's drift through for less than it saved (docs/decisions.md).
     */
    float changeThreshold(GopSettings.RatePoint point) {
        int levels = transform.model().levels();
        GopSettings.RatePoint stated = gop.ratePoint(Math.min(THRESHOLD_LEVEL, levels - 1), levels);
        return (float) (gop.changeThreshold() * Math.min(1, stepPixels(point) / stepPixels(stated)));
    }

    /** The root mean square picture change of one residual step at point, over the model's channels. */
    private double stepPixels(GopSettings.RatePoint point) {
        double sum = 0;
        float[] weights = transform.model().distortionWeights().weights(point.keyLevel());
        for (float w : weights) {
            sum += w;
        }
        return point.residualStep() * Math.sqrt(sum / weights.length);
    }

    /** The windows a plan runs and the latents they make, for {@link StreamBatch}. */
    List<LatentWindow> windows(LatentTiles.Plan plan, RgbImage image) {
        return sparse.windows(plan, image);
    }

    GainedLatent assemble(LatentTiles.Plan plan, List<GainedLatent> windows) {
        return sparse.assemble(plan, windows);
    }

    /** What the reconstruction of frame (just encoded) must synthesize, for {@link StreamBatch}. */
    LatentTiles.Plan reconstructionPlan(EncodedFrame frame) {
        return reconstruction == null ? LatentTiles.Plan.WHOLE_FRAME : reconstruction.plan(frame.latent(),
                frame.header().width(), frame.header().height(), frame.header().frameType() == FrameType.INTRA);
    }

    List<LatentTransform.SynthesisWindow> reconstructionWindows(LatentTiles.Plan plan, QuantizedLatent q) {
        return reconstruction.windows(plan, q);
    }

    /** The reconstruction of the frame just encoded, from the plan's windows (none for a whole frame, given whole). */
    RgbImage reconstructed(LatentTiles.Plan plan, QuantizedLatent q, List<RgbImage> windows, RgbImage whole) {
        if (reconstruction == null) {
            return whole;
        }
        RgbImage picture = plan.wholeFrame() ? whole : reconstruction.assemble(plan, windows);
        reconstruction.accept(q, picture, plan);
        return picture;
    }

    /**
     * Codes a frame whose latent {@link StreamBatch} computed (batched across cameras), as
     * plan says, where {@link #decide} said: y on its grid, inter residuals in its step.
     */
    EncodedFrame encode(RgbImage image, GainedLatent y, LatentTiles.Plan plan, RateDecision decision,
            long captureMicros, long networkNanos) {
        long t0 = System.nanoTime();
        int residualStep = decision.point().residualStep();
        long number = frameNumber++;
        if (number > FrameHeader.MAX_FRAME_NUMBER) {
            frameNumber = 1;
            number = 0;
            keyRequested = true;
        }
        boolean key = keyDue(image, y.level(), number, captureMicros);
        EncodedFrame frame = null;
        EncodedFrame busyInter = null;
        boolean[] symbolsMoved = null;
        if (!key) {
            boolean[] fromBackground = new boolean[y.plane()];
            // The background may have taken up still positions since, which only removes options
            // that were not chosen: the rate-distortion choices would keep every symbol again.
            boolean unchanged = !plan.wholeFrame() && plan.cores().length == 0
                    && new KeptAll(residualStep, decision.lambdaScale()).equals(keptAll);
            int[] symbols = unchanged ? references.previous().clone() : InterQuantizer.quantize(transform.centred(y),
                    references.previous(), references.background(), fromBackground, residualStep,
                    distortionBits(y.level(), residualStep, decision.lambdaScale()), y.channels(), y.height(),
                    y.width(), residualModels);
            if (sparse != null) {
                symbolsMoved = movedPastNoise(symbols, references.previous(), residualStep, y.channels(), y.height(),
                        y.width());
            }
            byte[] payload = ResidualCoder.encode(symbols, references.previous(), references.background(),
                    fromBackground, residualStep, y.channels(), y.height(), y.width(), residualModels);
            FrameHeader h = transform.interHeader(y.level(), image.width(), image.height(), number, number - 1,
                    residualStep);
            QuantizedLatent q = new QuantizedLatent(y.level(), y.channels(), y.height(), y.width(), symbols);
            EncodedFrame inter = new EncodedFrame(h, Bitstream.write(h, payload), q, decision, networkNanos,
                    System.nanoTime() - t0);
            if (payload.length <= gop.sceneChangeRatio() * keyBytes) {
                frame = inter;
            } else {
                busyInter = inter;
            }
        }
        GainedLatent whole = y;
        if (frame == null) {
            long wholeNetworkNanos = networkNanos;
            long keyT0 = t0;
            if (!plan.wholeFrame()) {
                // A scene change found after a sparse analysis: key frames come from the whole frame.
                long n0 = System.nanoTime();
                whole = transform.analyze(List.of(image), new int[] {y.level()}).get(0);
                long spent = System.nanoTime() - n0;
                wholeNetworkNanos += spent;
                keyT0 += spent;
            }
            // Either frame's time includes the attempt discarded.
            EncodedFrame keyFrame = keyFrame(image, whole, number, decision, wholeNetworkNanos, keyT0);
            // A busy moment is no scene change: the key frame replaces the inter frame only
            // where it costs no more (a key frame in a busy street cost 3.6x the inter frame).
            frame = busyInter != null && Bitstream.payloadLength(keyFrame.bitstream())
                    >= Bitstream.payloadLength(busyInter.bitstream())
                    ? new EncodedFrame(busyInter.header(), busyInter.bitstream(), busyInter.latent(), decision,
                            wholeNetworkNanos, keyFrame.entropyNanos())
                    : keyFrame;
        }
        keptAll = frame.header().frameType() == FrameType.INTER && Bitstream.payloadLength(frame.bitstream()) == 0
                ? new KeptAll(residualStep, decision.lambdaScale()) : null;
        if (frame.header().frameType() == FrameType.INTRA) {
            y = whole;
            plan = LatentTiles.Plan.WHOLE_FRAME;
            symbolsMoved = null;
            keyFrameNumber = number;
            keyCaptureMicros = captureMicros;
            keyBytes = Bitstream.payloadLength(frame.bitstream());
            keyRequested = false;
            residualModels = new ResidualCoder.Models(y.channels());
            referenceLevel = y.level();
            referenceWidth = image.width();
            referenceHeight = image.height();
            references = new ReferenceLatents(frame.latent().symbols(), y.channels(), y.plane());
        } else {
            references.advance(frame.latent().symbols());
        }
        if (sparse != null) {
            sparse.accept(image, y, plan, symbolsMoved);
        }
        if (rate != null) {
            rate.accept(frame);
        }
        return frame;
    }

    /** Whether frame number (captured at captureMicros, on keyLevel's grid) must be a key frame, before any inter attempt. */
    private boolean keyDue(RgbImage image, int keyLevel, long number, long captureMicros) {
        return keyRequested || references == null || number > FrameHeader.MAX_FRAME_NUMBER || keyLevel != referenceLevel
                || image.width() != referenceWidth || image.height() != referenceHeight
                || number - keyFrameNumber >= gop.maxFrames() || captureMicros - keyCaptureMicros >= gop.maxMicros();
    }

    /**
     * A key frame: symbol = rint(y - median), half to even as torch.round and ONNX Round,
     * coded against the all-zero latent with the key frame's fresh models.
     */
    private EncodedFrame keyFrame(RgbImage image, GainedLatent y, long number, RateDecision decision, long networkNanos,
            long t0) {
        float[] centred = transform.centred(y);
        int[] symbols = new int[centred.length];
        for (int i = 0; i < centred.length; i++) {
            symbols[i] = (int) Math.rint(centred[i]);
        }
        FrameHeader h = transform.keyHeader(y.level(), image.width(), image.height(), number);
        byte[] bitstream = Bitstream.write(h, ResidualCoder.encodeKey(symbols, y.channels(), y.height(), y.width(),
                transform.model().keyPriors().models(y.level(), y.channels())));
        return new EncodedFrame(h, bitstream, new QuantizedLatent(y.level(), y.channels(), y.height(), y.width(), symbols),
                decision, networkNanos, System.nanoTime() - t0);
    }

    /**
     * Per channel, what a squared error of one symbol costs in bits on grid, for a stream
     * coding residuals in steps of step: the model's distortion weight times the grid's
     * training λ (its loss is bits + λ · MSE over RGB in 8-bit levels, so a squared error
     * summed over RGB costs λ / 3 bits), scaled by {@link #INTER_LAMBDA_SCALE} / step². A
     * uniform quantizer's distortion grows with the square of its step, so a coarser step
     * trades at a proportionally lower λ, the rate a coarser grid would code at; a bitrate
     * target scales it further ({@link RateDecision#lambdaScale}).
     */
    private float[] distortionBits(int grid, int step, double lambdaScale) {
        float[] weights = transform.model().distortionWeights().weights(grid);
        double perUnit = transform.model().lambda(grid) / 3 * INTER_LAMBDA_SCALE * lambdaScale
                / ((double) step * step);
        float[] bits = new float[weights.length];
        for (int c = 0; c < bits.length; c++) {
            bits[c] = (float) (weights[c] * perUnit);
        }
        return bits;
    }

    /**
     * Per tile, whether its symbols moved from previous more than a source's re-quantization
     * or sensor noise moves them: more than {@link #NOISE_MOVES} of them, or one by more than
     * {@link #NOISE_STEPS} residual steps (symbols and previous are channels x rows x cols).
     */
    static boolean[] movedPastNoise(int[] symbols, int[] previous, int step, int channels, int rows, int cols) {
        int plane = rows * cols;
        LatentTiles grid = new LatentTiles(rows, cols);
        boolean[] moved = new boolean[grid.tiles()];
        for (int t = 0; t < grid.tiles(); t++) {
            int n = 0;
            LatentTiles.Block core = grid.tileCore(t);
            for (int c = 0; c < channels && !moved[t]; c++) {
                for (int r = core.row(); r < core.row() + core.rows(); r++) {
                    for (int k = c * plane + r * cols + core.col(), end = k + core.cols(); k < end; k++) {
                        int d = symbols[k] - previous[k];
                        if (d != 0 && (++n > NOISE_MOVES || Math.abs(d) > NOISE_STEPS * step)) {
                            moved[t] = true;
                        }
                    }
                }
            }
        }
        return moved;
    }
}
