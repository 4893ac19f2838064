package io.latentstream.codec;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoding for applications: hand it any LatentStream bitstream and it decodes with the
 * model the stream names, found in a {@link ModelRegistry}. Thread-safe.
 */
public final class FrameDecoder {
    private final ModelRegistry registry;
    private final ExecutionTarget target;
    private final String decoderVariant;
    private final Map<ModelBundle, LatentCodec> codecs = new ConcurrentHashMap<>();

    public FrameDecoder(ModelRegistry registry, ExecutionTarget target, String decoderVariant) {
        this.registry = registry;
        this.target = target;
        this.decoderVariant = decoderVariant;
    }

    public DecodedFrame decode(byte[] bitstream) {
        FrameHeader h = Bitstream.readHeader(bitstream);
        ModelBundle model = registry.find(h.modelId(), h.codecHashPrefix());
        LatentCodec codec = codecs.computeIfAbsent(model, m -> LatentCodec.builder(m).target(target)
                .decoderVariant(m.decoders().containsKey(decoderVariant) ? decoderVariant : ModelBundle.FULL_DECODER)
                .build());
        return codec.decode(bitstream);
    }
}
