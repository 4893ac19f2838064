package io.latentstream.codec.temporal;

import io.latentstream.codec.EncodedFrame;
import io.latentstream.codec.GainedLatent;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.QuantizedLatent;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import java.util.List;

/**
 * Encodes one camera's frames, coding most of them as inter frames: the residual between
 * this frame's latent symbols and, per position, the previous frame's or the background's
 * ({@link ReferenceLatents}), in the integer latent domain.
 *
 * <p>The references are symbols exactly as the decoder will have them, so encoder and
 * decoder stay in lock-step with no drift and no floating point involved;
 * quality cannot degrade along a group of pictures beyond the dead zone's rounding. Key
 * frames come on the first frame, after {@link GopSettings#maxFrames} frames or
 * {@link GopSettings#maxMicros}, on a scene change, on a size or level change, and when
 * {@link #requestKeyFrame()} asks. Not thread-safe: one instance per camera.
 */
public final class StreamEncoder {
    private final LatentCodec codec;
    private final GopSettings gop;
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

    public StreamEncoder(LatentCodec codec, GopSettings gop) {
        this.codec = codec;
        this.gop = gop;
    }

    /** The next frame will be a key frame (a consumer joined, a restore, an operator asked). */
    public void requestKeyFrame() {
        keyRequested = true;
    }

    /** Bytes held for this camera: the reference latents and the residual models. */
    public long referenceBytes() {
        return references == null ? 0 : references.bytes() + residualModels.bytes();
    }

    public EncodedFrame encode(RgbImage image, int level, long captureMicros) {
        long t0 = System.nanoTime();
        GainedLatent y = codec.analyzeBatch(List.of(image), new int[] {level}).get(0);
        return encode(image, y, captureMicros, System.nanoTime() - t0);
    }

    /** Codes a frame whose latent the caller already computed (batched across cameras). */
    public EncodedFrame encode(RgbImage image, GainedLatent y, long captureMicros, long networkNanos) {
        long t0 = System.nanoTime();
        long number = frameNumber++;
        if (number > FrameHeader.MAX_FRAME_NUMBER) {
            frameNumber = 1;
            number = 0;
            keyRequested = true;
        }
        boolean key = keyRequested || references == null || y.level() != referenceLevel
                || image.width() != referenceWidth || image.height() != referenceHeight
                || number - keyFrameNumber >= gop.maxFrames() || captureMicros - keyCaptureMicros >= gop.maxMicros();
        EncodedFrame frame = null;
        if (!key) {
            boolean[] fromBackground = new boolean[y.plane()];
            int[] symbols = interSymbols(y, fromBackground);
            byte[] payload = ResidualCoder.encode(symbols, references.previous(), references.background(),
                    fromBackground, y.channels(), y.height(), y.width(), residualModels);
            if (payload.length <= gop.sceneChangeRatio() * keyBytes) {
                FrameHeader h = codec.header(FrameType.INTER, image, y.level(), number, number - 1);
                QuantizedLatent q = new QuantizedLatent(y.level(), y.channels(), y.height(), y.width(), symbols);
                frame = new EncodedFrame(h, Bitstream.write(h, payload), q, networkNanos, System.nanoTime() - t0);
            }
        }
        if (frame == null) {
            QuantizedLatent q = codec.quantize(y);
            FrameHeader h = codec.header(FrameType.INTRA, image, y.level(), number, FrameHeader.NO_REFERENCE);
            byte[] payload = codec.intraPayload(q);
            frame = new EncodedFrame(h, Bitstream.write(h, payload), q, networkNanos, System.nanoTime() - t0);
            keyFrameNumber = number;
            keyCaptureMicros = captureMicros;
            keyBytes = payload.length;
            keyRequested = false;
            residualModels = new ResidualCoder.Models(y.channels());
            referenceLevel = y.level();
            referenceWidth = image.width();
            referenceHeight = image.height();
            references = new ReferenceLatents(q.symbols(), y.channels(), y.plane());
        } else {
            references.advance(frame.latent().symbols());
        }
        return frame;
    }

    /**
     * Symbols that keep their prediction unless the latent moved past the dead zone. Each
     * position predicts from the previous frame or, where that differs, from the background,
     * whichever leaves fewer and smaller residuals (ties keep the previous frame);
     * fromBackground receives the choice. A position where only a few channels moved, by
     * one step each, keeps its whole prediction ({@link GopSettings#positionSkip}).
     */
    private int[] interSymbols(GainedLatent y, boolean[] fromBackground) {
        int plane = y.plane();
        int channels = y.channels();
        float keep = 0.5f + gop.deadZone();
        int[] previous = references.previous();
        int[] background = references.background();
        float[] centred = codec.centred(y);
        int[] symbols = new int[centred.length];
        for (int p = 0; p < plane; p++) {
            long fromPrevious = 0;
            long fromScene = 0;
            for (int c = 0; c < channels; c++) {
                int k = c * plane + p;
                fromPrevious += residualCost(centred[k], previous[k], keep);
                fromScene += residualCost(centred[k], background[k], keep);
            }
            // Where previous and background agree the costs are equal, so the previous frame is kept.
            fromBackground[p] = fromScene < fromPrevious;
            int[] from = fromBackground[p] ? background : previous;
            int n = 0;
            int max = 0;
            for (int c = 0; c < channels; c++) {
                int k = c * plane + p;
                symbols[k] = Math.abs(centred[k] - from[k]) <= keep ? from[k] : (int) Math.rint(centred[k]);
                if (symbols[k] != from[k]) {
                    n++;
                    max = Math.max(max, Math.abs(symbols[k] - from[k]));
                }
            }
            if (n > 0 && n <= gop.positionSkip() && max == 1) {
                for (int c = 0; c < channels; c++) {
                    symbols[c * plane + p] = from[c * plane + p];
                }
            }
        }
        return symbols;
    }

    /** What predicting v by symbol s leaves to code: nothing inside the dead zone, else 1 + |residual|. */
    private static long residualCost(float v, int s, float keep) {
        return Math.abs(v - s) <= keep ? 0 : 1 + Math.abs((long) Math.rint(v) - s);
    }
}
