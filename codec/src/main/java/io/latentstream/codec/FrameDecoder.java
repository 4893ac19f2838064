package io.latentstream.codec;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.StreamDecoder;
import java.util.LinkedHashMap;
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
 * gigabytes whatever the payload holds. The streams' state together stays within
 * {@code maxStateBytes} (a 720p stream holds megabytes, and a topic may carry any number of
 * cameras): past it the streams idle longest are dropped, and resume at their next key frame.
 */
public final class FrameDecoder {
    private final ModelRegistry registry;
    private final ExecutionTarget target;
    private final String decoderVariant;
    private final long maxPixels;
    private final long maxStateBytes;
    private final Map<ModelBundle, LatentCodec> codecs = new ConcurrentHashMap<>();
    /** In access order, the streams idle longest first; guarded by this, as is stateBytes. */
    private final LinkedHashMap<String, Stream> streams = new LinkedHashMap<>(16, 0.75f, true);
    private long stateBytes;

    /**
     * A stream's decoder and the codec it was made by (a stream that changes model starts afresh),
     * and what its state held after its last frame.
     */
    private static final class Stream {
        final LatentCodec codec;
        final StreamDecoder decoder;
        long bytes;

        Stream(LatentCodec codec) {
            this.codec = codec;
            this.decoder = codec.streamDecoder();
        }
    }

    /** maxPixels: the largest frame this application decodes (LatentCodec's default: 3840x2160); streams' state within half the heap. */
    public FrameDecoder(ModelRegistry registry, ExecutionTarget target, String decoderVariant, long maxPixels) {
        this(registry, target, decoderVariant, maxPixels, Runtime.getRuntime().maxMemory() / 2);
    }

    /** maxStateBytes: the most the streams' state holds together; past it the streams idle longest are dropped. */
    public FrameDecoder(ModelRegistry registry, ExecutionTarget target, String decoderVariant, long maxPixels,
                        long maxStateBytes) {
        if (maxPixels <= 0 || maxStateBytes <= 0) {
            throw new IllegalArgumentException("maxPixels and maxStateBytes must be positive");
        }
        this.registry = registry;
        this.target = target;
        this.decoderVariant = decoderVariant;
        this.maxPixels = maxPixels;
        this.maxStateBytes = maxStateBytes;
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
        Stream current;
        synchronized (this) {
            current = streams.get(stream);
        }
        FrameHeader key = Bitstream.readHeader(bitstream).key();
        if (key != null) {
            LatentCodec codec = codecFor(key);
            if (current == null || current.codec != codec) {
                current = new Stream(codec);
                synchronized (this) {
                    Stream replaced = streams.put(stream, current);
                    stateBytes -= replaced == null ? 0 : replaced.bytes;
                }
            }
        } else if (current == null) {
            // An inter frame names its model by a short tag: only its key frame says which it is.
            throw new MissingReferenceException("inter frame of stream " + stream
                    + " before any key frame of it; waiting for the next key frame");
        }
        try {
            return current.decoder.decode(bitstream);
        } finally {
            account(stream, current);
        }
    }

    /** Brings stream's share of stateBytes up to date and drops the streams idle longest while over the bound. */
    private synchronized void account(String stream, Stream current) {
        if (streams.get(stream) != current) {
            return;  // dropped or replaced meanwhile: no longer counted
        }
        long bytes = current.decoder.referenceBytes();
        stateBytes += bytes - current.bytes;
        current.bytes = bytes;
        var it = streams.values().iterator();
        while (stateBytes > maxStateBytes && streams.size() > 1) {
            Stream eldest = it.next();
            stateBytes -= eldest.bytes;
            it.remove();
        }
    }

    private LatentCodec codecFor(FrameHeader h) {
        ModelBundle model = registry.find(h.modelId(), h.codecHashPrefix());
        return codecs.computeIfAbsent(model, m -> LatentCodec.builder(m).target(target)
                .decoderVariant(m.decoders().containsKey(decoderVariant) ? decoderVariant : ModelBundle.FULL_DECODER)
                .maxPixels(maxPixels).build());
    }
}
