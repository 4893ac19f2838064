package io.latentstream.codec.temporal;

import io.latentstream.codec.EncodedFrame;
import io.latentstream.codec.GainedLatent;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.QuantizedLatent;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.entropy.CdfTable;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import java.util.List;

/**
 * Encodes one camera's frames, coding most of them as inter frames: the residual between
 * this frame's latent symbols and the previous frame's, in the integer latent domain.
 *
 * <p>The reference is the previous frame's symbols exactly as the decoder will have them,
 * so encoder and decoder stay in lock-step with no drift and no floating point involved;
 * quality cannot degrade along a group of pictures beyond the dead zone's rounding. Key
 * frames come on the first frame, after {@link GopSettings#maxFrames} frames or
 * {@link GopSettings#maxMicros}, on a scene change, on a size or level change, and when
 * {@link #requestKeyFrame()} asks. Not thread-safe: one instance per camera.
 */
public final class StreamEncoder {
    private final LatentCodec codec;
    private final GopSettings gop;
    private int[] reference;
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

    /** Bytes held for this camera: the reference symbols and the residual models. */
    public long referenceBytes() {
        return reference == null ? 0 : 4L * reference.length + residualModels.bytes();
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
        boolean key = keyRequested || reference == null || y.level() != referenceLevel
                || image.width() != referenceWidth || image.height() != referenceHeight
                || number - keyFrameNumber >= gop.maxFrames() || captureMicros - keyCaptureMicros >= gop.maxMicros();
        EncodedFrame frame = null;
        if (!key) {
            int[] symbols = interSymbols(y);
            int[] residual = new int[symbols.length];
            for (int i = 0; i < symbols.length; i++) {
                residual[i] = symbols[i] - reference[i];
            }
            byte[] payload = ResidualCoder.encode(residual, reference, y.channels(), y.height(), y.width(), residualModels);
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
        }
        reference = frame.latent().symbols();
        return frame;
    }

    /** Symbols that keep the reference's value unless the latent moved past the dead zone. */
    private int[] interSymbols(GainedLatent y) {
        CdfTable[] tables = codec.model().tables().level(y.level());
        int plane = y.plane();
        float keep = 0.5f + gop.deadZone();
        int[] symbols = new int[y.values().length];
        for (int c = 0; c < tables.length; c++) {
            float median = tables[c].median();
            for (int i = 0; i < plane; i++) {
                int k = c * plane + i;
                float v = LatentCodec.centred(y.values()[k], median);
                symbols[k] = Math.abs(v - reference[k]) <= keep ? reference[k] : (int) Math.rint(v);
            }
        }
        return symbols;
    }
}
