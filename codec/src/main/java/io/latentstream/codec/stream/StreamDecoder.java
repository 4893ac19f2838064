package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.CorruptBitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.QuantizedLatent;
import io.latentstream.codec.model.LatentShape;
import java.util.List;

/**
 * Decodes one camera's stream of key and inter frames, holding the reference latents (the
 * last decoded frame's symbols and the background, {@link ReferenceLatents}) and the
 * residual models of its group of pictures.
 * An inter frame must name exactly that frame as its reference; otherwise (joined
 * mid-stream, a lost or reordered frame) it raises {@link MissingReferenceException} and
 * the stream resumes at the next key frame: never a wrong picture. A corrupt inter frame
 * likewise drops the reference. Not thread-safe: one instance per camera.
 */
public final class StreamDecoder {
    private final LatentTransform transform;
    /** Null where every picture is synthesized whole. */
    private final SparseSynthesis sparse;
    private ReferenceLatents references;
    private FrameHeader referenceHeader;
    private ResidualCoder.Models residualModels;

    /**
     * Applications get one from {@link io.latentstream.codec.LatentCodec#streamDecoder}.
     * sparseSynthesis: synthesize only where symbols changed ({@link SparseSynthesis}).
     */
    public StreamDecoder(LatentTransform transform, boolean sparseSynthesis) {
        this.transform = transform;
        this.sparse = sparseSynthesis ? new SparseSynthesis(transform.model().latentStride()) : null;
    }

    /** Memory this stream's state holds: its references, residual models and last picture. */
    public long referenceBytes() {
        return (references == null ? 0 : references.bytes() + residualModels.bytes())
                + (sparse == null ? 0 : sparse.bytes());
    }

    /** Symbols of the last decoded frame (the next inter frame's reference), or null. */
    public int[] referenceSymbols() {
        return references == null ? null : references.previous().clone();
    }

    public DecodedFrame decode(byte[] bitstream) {
        Bitstream.Parsed parsed = transform.parse(bitstream);
        FrameHeader h;
        try {
            h = parsed.header().resolve(referenceHeader);
        } catch (MissingReferenceException e) {
            dropReference();
            throw e;
        }
        LatentShape shape = transform.shape(h);
        long t0 = System.nanoTime();
        int[] symbols;
        if (h.frameType() == FrameType.INTRA) {
            symbols = ResidualCoder.decodeKey(parsed.data(), parsed.payloadOffset(), parsed.payloadLength(),
                    shape.channels(), shape.height(), shape.width(),
                    transform.model().keyPriors().models(h.level(), shape.channels()));
            residualModels = new ResidualCoder.Models(shape.channels());
            references = new ReferenceLatents(symbols, shape.channels(), shape.plane());
        } else {
            symbols = interSymbols(parsed, h, shape);
            references.advance(symbols);
        }
        long t1 = System.nanoTime();
        QuantizedLatent latent = new QuantizedLatent(h.level(), shape.channels(), shape.height(), shape.width(), symbols);
        RgbImage image = sparse != null
                ? sparse.picture(transform, latent, h.width(), h.height(), h.frameType() == FrameType.INTRA)
                : transform.synthesize(List.of(latent), h.width(), h.height()).get(0);
        referenceHeader = h;
        return new DecodedFrame(h, image, t1 - t0, System.nanoTime() - t1);
    }

    private int[] interSymbols(Bitstream.Parsed parsed, FrameHeader h, LatentShape shape) {
        try {
            return ResidualCoder.decode(parsed.data(), parsed.payloadOffset(), parsed.payloadLength(),
                    references.previous(), references.background(), h.residualStep(), shape.channels(), shape.height(),
                    shape.width(), residualModels);
        } catch (CorruptBitstreamException e) {
            // The models took part of this frame's updates: only a key frame can resynchronize them.
            dropReference();
            throw e;
        }
    }

    private void dropReference() {
        references = null;
        referenceHeader = null;
        residualModels = null;
    }
}
