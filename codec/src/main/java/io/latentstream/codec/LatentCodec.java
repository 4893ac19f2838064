package io.latentstream.codec;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.QuantizedLatent;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamBatch;
import io.latentstream.codec.stream.StreamDecoder;
import io.latentstream.codec.stream.StreamEncoder;
import java.util.List;
import java.util.Objects;

/**
 * The codec as a library: frames to self-describing bitstreams and back, no Flink on
 * the call path. Single pictures are key frames; a camera's frames go through a
 * {@link #streamEncoder} and a {@link #streamDecoder}, which add inter frames. Thread-safe;
 * the networks' sessions are shared per JVM.
 *
 * <p>Only the encoder computes in floating point before the symbols are fixed; the
 * bitstream then carries integers, and decoding them needs nothing but the integer
 * tables, so a stream decodes the same on every host.
 */
public final class LatentCodec {
    /** The largest frame encoded or decoded unless a builder says otherwise: 3840x2160. */
    public static final long DEFAULT_MAX_PIXELS = 3840L * 2160;

    private final LatentTransform transform;

    private LatentCodec(Builder b) {
        this.transform = new LatentTransform(b.model, b.target, b.encoderVariant, b.decoderVariant, b.maxPixels);
    }

    public static Builder builder(ModelBundle model) {
        return new Builder(model);
    }

    public ModelBundle model() {
        return transform.model();
    }

    /** A camera's encoder: key and inter frames under these settings. One per camera, not thread-safe. */
    public StreamEncoder streamEncoder(GopSettings gop) {
        return new StreamEncoder(transform, gop);
    }

    /**
     * A camera's decoder, for its key and inter frames in order, synthesizing only where the
     * symbols changed (pictures within 1/255 of a whole-frame synthesis). One per camera, not
     * thread-safe.
     */
    public StreamDecoder streamDecoder() {
        return streamDecoder(true);
    }

    /** sparseSynthesis false: every picture synthesized whole, as a key frame's is. */
    public StreamDecoder streamDecoder(boolean sparseSynthesis) {
        return new StreamDecoder(transform, sparseSynthesis);
    }

    /** Encodes a picture as a key frame (frame number 0) at level. */
    public EncodedFrame encode(RgbImage image, int level) {
        return streamEncoder(GopSettings.INTRA_ONLY).encode(image, level, 0);
    }

    /**
     * The next frames of several cameras (each with its {@link #streamEncoder}), through the
     * networks in batches of at most maxBatch same-size frames; see {@link StreamBatch}.
     */
    public List<StreamBatch.Coded> encodeStreams(List<StreamBatch.Frame> frames, int maxBatch) {
        return StreamBatch.encode(transform, frames, maxBatch);
    }

    /**
     * Decodes a key frame made with this model; an inter frame needs its reference, so it
     * raises {@link io.latentstream.codec.bitstream.MissingReferenceException} here.
     *
     * @throws io.latentstream.codec.bitstream.BitstreamException typed: truncated, corrupt,
     *         unsupported, missing its reference, or made by another model
     */
    public DecodedFrame decode(byte[] bitstream) {
        return streamDecoder(false).decode(bitstream);
    }

    /** The picture a frame's symbols decode to: the decoder network on y_hat = symbol + median. */
    public RgbImage reconstruct(QuantizedLatent q, int width, int height) {
        return transform.synthesize(List.of(q), width, height).get(0);
    }

    /** Builds a codec; validates its settings before loading any network. */
    public static final class Builder {
        private final ModelBundle model;
        private ExecutionTarget target = ExecutionTarget.cpu(0);
        private String encoderVariant = ModelBundle.FULL_ENCODER;
        private String decoderVariant = ModelBundle.FULL_DECODER;
        private long maxPixels = DEFAULT_MAX_PIXELS;

        private Builder(ModelBundle model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        public Builder target(ExecutionTarget target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * The encoder network (default {@value ModelBundle#FULL_ENCODER}, encoder.onnx); "int8" is
         * about 2x faster on CPUs with VNNI (a little slower without) and writes streams the same
         * decoders read.
         */
        public Builder encoderVariant(String variant) {
            model.encoder(variant);
            this.encoderVariant = variant;
            return this;
        }

        public Builder decoderVariant(String variant) {
            model.decoder(variant);
            this.decoderVariant = variant;
            return this;
        }

        /** Largest frame, in pixels, encoded or decoded; bigger bitstreams are refused unread. */
        public Builder maxPixels(long maxPixels) {
            if (maxPixels <= 0) {
                throw new IllegalArgumentException("maxPixels must be positive");
            }
            this.maxPixels = maxPixels;
            return this;
        }

        public LatentCodec build() {
            return new LatentCodec(this);
        }
    }
}
