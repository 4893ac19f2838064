package io.latentstream.codec;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.StreamDecoder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoding for applications: hand it any LatentStream bitstream and it decodes with the
 * model the stream names, found in a {@link ModelRegistry}. Thread-safe across streams;
 * the frames of one stream must come from one thread, in order.
 *
 * <p>A frame whose header declares more than {@code maxPixels} is refused
 * ({@link io.latentstream.codec.bitstream.UnsupportedBitstreamException}) before anything is
 * allocated for it: a 42-byte key frame may declare 3840x2160, and decoding that costs
 * gigabytes whatever the payload holds.
 */
public final class FrameDecoder {
    private final ModelRegistry registry;
    private final ExecutionTarget target;
    private final String decoderVariant;
    private final long maxPixels;
    private final Map<ModelBundle, LatentCodec> codecs = new ConcurrentHashMap<>();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    /** A stream's decoder and the codec it was made by: a stream that changes model starts afresh. */
    private record Stream(LatentCodec codec, StreamDecoder decoder) {}

    /** maxPixels: the largest frame this application decodes (LatentCodec's default: 3840x2160). */
    public FrameDecoder(ModelRegistry registry, ExecutionTarget target, String decoderVariant, long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
        this.registry = registry;
        this.target = target;
        this.decoderVariant = decoderVariant;
        this.maxPixels = maxPixels;
    }

    /** Decodes a key frame on its own (a still image, or a stream's key frame). */
    public DecodedFrame decode(byte[] bitstream) {
        FrameHeader key = Bitstream.readHeader(bitstream).key();
        if (key == null) {
            throw new MissingReferenceException("an inter frame decodes only in its stream, after its key frame");
        }
        return codecFor(key).decode(bitstream);
    }

    /**
     * Decodes the next frame of a stream (a camera): key frames and inter frames, in the
     * stream's order. An inter frame without its reference raises
     * {@link io.latentstream.codec.bitstream.MissingReferenceException}; the stream
     * resumes at its next key frame.
     */
    public DecodedFrame decode(String stream, byte[] bitstream) {
        Stream current = streams.get(stream);
        FrameHeader key = Bitstream.readHeader(bitstream).key();
        if (key != null) {
            LatentCodec codec = codecFor(key);
            if (current == null || current.codec() != codec) {
                current = new Stream(codec, codec.streamDecoder());
                streams.put(stream, current);
            }
        } else if (current == null) {
            // An inter frame names its model by a short tag: only its key frame says which it is.
            throw new MissingReferenceException("inter frame of stream " + stream
                    + " before any key frame of it; waiting for the next key frame");
        }
        return current.decoder().decode(bitstream);
    }

    private LatentCodec codecFor(FrameHeader h) {
        ModelBundle model = registry.find(h.modelId(), h.codecHashPrefix());
        return codecs.computeIfAbsent(model, m -> LatentCodec.builder(m).target(target)
                .decoderVariant(m.decoders().containsKey(decoderVariant) ? decoderVariant : ModelBundle.FULL_DECODER)
                .maxPixels(maxPixels).build());
    }
}
