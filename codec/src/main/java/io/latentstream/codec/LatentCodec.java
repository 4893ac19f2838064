package io.latentstream.codec;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.CorruptBitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.bitstream.ModelMismatchException;
import io.latentstream.codec.bitstream.UnsupportedBitstreamException;
import io.latentstream.codec.entropy.CdfTable;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.AnalysisNetwork;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.inference.SynthesisNetwork;
import io.latentstream.codec.model.LatentShape;
import io.latentstream.codec.model.ModelBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The codec as a library: frames to self-describing bitstreams and back, no Flink on
 * the call path. Thread-safe; the networks' sessions are shared per JVM.
 *
 * <p>Only the encoder computes in floating point before the symbols are fixed; the
 * bitstream then carries integers, and decoding them needs nothing but the integer
 * tables, so a stream decodes the same on every host.
 */
public final class LatentCodec {
    /** The largest frame encoded or decoded unless a builder says otherwise: 3840x2160. */
    public static final long DEFAULT_MAX_PIXELS = 3840L * 2160;

    private final ModelBundle model;
    private final byte[] hashPrefix;
    private final AnalysisNetwork analysis;
    private final SynthesisNetwork synthesis;
    private final long maxPixels;

    private LatentCodec(Builder b) {
        this.model = b.model;
        this.hashPrefix = Arrays.copyOf(model.codecHash(), FrameHeader.HASH_PREFIX_BYTES);
        this.analysis = new AnalysisNetwork(model.encoder(), b.target, model.latentStride(), model.latentChannels());
        this.synthesis = new SynthesisNetwork(model.decoder(b.decoderVariant), b.target, model.latentStride());
        this.maxPixels = b.maxPixels;
    }

    public static Builder builder(ModelBundle model) {
        return new Builder(model);
    }

    public ModelBundle model() {
        return model;
    }

    public EncodedFrame encode(RgbImage image, int level) {
        return encodeBatch(List.of(image), new int[] {level}).get(0);
    }

    /** Encodes same-size images as key frames (frame number 0) in one network call; each may use its own level. */
    public List<EncodedFrame> encodeBatch(List<RgbImage> images, int[] levels) {
        long t0 = System.nanoTime();
        List<GainedLatent> latents = analyzeBatch(images, levels);
        long networkNanos = (System.nanoTime() - t0) / images.size();
        List<EncodedFrame> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(keyFrame(images.get(i), latents.get(i), 0, networkNanos));
        }
        return out;
    }

    /**
     * A key frame from the encoder network's latent: symbol = rint(y - median), half to even
     * as torch.round and ONNX Round, coded against the all-zero latent with fresh models.
     */
    public EncodedFrame keyFrame(RgbImage image, GainedLatent y, long frameNumber, long networkNanos) {
        long t0 = System.nanoTime();
        float[] centred = centred(y);
        int[] symbols = new int[centred.length];
        for (int i = 0; i < centred.length; i++) {
            symbols[i] = (int) Math.rint(centred[i]);
        }
        QuantizedLatent q = new QuantizedLatent(y.level(), y.channels(), y.height(), y.width(), symbols);
        FrameHeader h = FrameHeader.intra(model.modelId(), hashPrefix, y.level(), image.width(), image.height(),
                frameNumber);
        byte[] bitstream = Bitstream.write(h, ResidualCoder.encodeKey(symbols, q.channels(), q.height(), q.width()));
        return new EncodedFrame(h, bitstream, q, networkNanos, System.nanoTime() - t0);
    }

    /** Runs the encoder network on same-size images; each may use its own level. */
    public List<GainedLatent> analyzeBatch(List<RgbImage> images, int[] levels) {
        if (images.isEmpty() || images.size() != levels.length) {
            throw new IllegalArgumentException("need one level per image, and at least one image");
        }
        RgbImage first = images.get(0);
        checkSize(first.width(), first.height());
        for (int level : levels) {
            model.tables().level(level);
        }
        float[] y = analysis.run(images, levels);
        LatentShape shape = model.latentShape(first.width(), first.height());
        int perImage = shape.size();
        List<GainedLatent> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(new GainedLatent(levels[i], shape.channels(), shape.height(), shape.width(),
                    Arrays.copyOfRange(y, i * perImage, (i + 1) * perImage)));
        }
        return out;
    }

    /**
     * y - median per channel, the values symbols round; refuses what no symbol can hold (a
     * non-finite or runaway latent means the encoder network misbehaved).
     */
    public float[] centred(GainedLatent y) {
        CdfTable[] tables = model.tables().level(y.level());
        int plane = y.plane();
        float[] centred = new float[y.values().length];
        for (int c = 0; c < tables.length; c++) {
            float median = tables[c].median();
            for (int i = 0; i < plane; i++) {
                float v = y.values()[c * plane + i] - median;
                if (!(Math.abs(v) <= ResidualCoder.MAX_SYMBOL_MAGNITUDE)) {
                    throw new IllegalStateException("encoder produced a latent out of the codable range: "
                            + y.values()[c * plane + i]);
                }
                centred[c * plane + i] = v;
            }
        }
        return centred;
    }

    /** The header of an inter frame of this model. */
    public FrameHeader interHeader(RgbImage image, int level, long frameNumber, long referenceNumber, int residualStep) {
        return FrameHeader.inter(hashPrefix, level, image.width(), image.height(), frameNumber, referenceNumber,
                residualStep);
    }

    /** The latent of a frame with this header, from its decoded symbols. */
    public QuantizedLatent latent(FrameHeader h, int[] symbols) {
        LatentShape shape = model.latentShape(h.width(), h.height());
        return new QuantizedLatent(h.level(), shape.channels(), shape.height(), shape.width(), symbols);
    }

    /**
     * Decodes a bitstream made with this model.
     *
     * @throws io.latentstream.codec.bitstream.BitstreamException typed: truncated, corrupt,
     *         unsupported, or made by another model
     */
    public DecodedFrame decode(byte[] bitstream) {
        Bitstream.Parsed parsed = parse(bitstream);
        FrameHeader h = parsed.header();
        if (h.frameType() != FrameType.INTRA) {
            throw new MissingReferenceException("frame " + h.frameNumber() + " is " + h.frameType()
                    + ": it decodes only after its reference, with a StreamDecoder");
        }
        long t0 = System.nanoTime();
        int[] symbols = intraSymbols(parsed);
        long t1 = System.nanoTime();
        RgbImage image = reconstruct(latent(h, symbols), h.width(), h.height());
        return new DecodedFrame(h, image, t1 - t0, System.nanoTime() - t1);
    }

    /** Runs the decoder network on integer symbols: y_hat = symbol + median. */
    public RgbImage reconstruct(QuantizedLatent q, int width, int height) {
        return reconstructBatch(List.of(q), width, height).get(0);
    }

    /** Reconstructs same-shape latents (levels may differ) in one network call. */
    public List<RgbImage> reconstructBatch(List<QuantizedLatent> latents, int width, int height) {
        QuantizedLatent first = latents.get(0);
        int perImage = first.symbols().length;
        int plane = first.plane();
        float[] yHat = new float[Math.multiplyExact(latents.size(), perImage)];
        int[] levels = new int[latents.size()];
        for (int n = 0; n < latents.size(); n++) {
            QuantizedLatent q = latents.get(n);
            if (q.channels() != first.channels() || q.height() != first.height() || q.width() != first.width()) {
                throw new IllegalArgumentException("a batch holds latents of one shape");
            }
            levels[n] = q.level();
            CdfTable[] tables = model.tables().level(q.level());
            int base = n * perImage;
            for (int c = 0; c < q.channels(); c++) {
                float median = tables[c].median();
                for (int i = 0; i < plane; i++) {
                    yHat[base + c * plane + i] = q.symbols()[c * plane + i] + median;
                }
            }
        }
        return synthesis.run(yHat, latents.size(), first.channels(), first.height(), first.width(), levels, width,
                height);
    }

    /** The latent symbols of a parsed key frame. */
    public int[] intraSymbols(Bitstream.Parsed parsed) {
        FrameHeader h = parsed.header();
        LatentShape shape = model.latentShape(h.width(), h.height());
        return ResidualCoder.decodeKey(parsed.data(), parsed.payloadOffset(), parsed.payloadLength(),
                shape.channels(), shape.height(), shape.width());
    }

    /** Parses and verifies a bitstream and checks that this model can decode it. */
    public Bitstream.Parsed parse(byte[] bitstream) {
        Bitstream.Parsed parsed = Bitstream.parse(bitstream);
        checkDecodable(parsed.header());
        return parsed;
    }

    private void checkDecodable(FrameHeader h) {
        // An inter frame carries no model id: its hash prefix names the model.
        boolean sameId = h.modelId() == null || h.modelId().equals(model.modelId());
        if (!sameId || !Arrays.equals(h.codecHashPrefix(), hashPrefix)) {
            throw new ModelMismatchException("bitstream was made by model " + Objects.toString(h.modelId(), "") + "@"
                    + h.codecHashPrefixHex() + ", this decoder has " + model.modelId() + "@"
                    + java.util.HexFormat.of().formatHex(hashPrefix));
        }
        if (h.level() >= model.levels()) {
            throw new CorruptBitstreamException("rate level " + h.level() + " beyond the model's " + model.levels());
        }
        if ((long) h.width() * h.height() > maxPixels) {
            throw new UnsupportedBitstreamException(h.width() + "x" + h.height() + " exceeds the decoder's limit of "
                    + maxPixels + " pixels");
        }
    }

    private void checkSize(int width, int height) {
        if ((long) width * height > maxPixels || width > FrameHeader.MAX_DIMENSION || height > FrameHeader.MAX_DIMENSION) {
            throw new IllegalArgumentException(width + "x" + height + " exceeds the limit of " + maxPixels + " pixels");
        }
    }

    /** Builds a codec; validates its settings before loading any network. */
    public static final class Builder {
        private final ModelBundle model;
        private ExecutionTarget target = ExecutionTarget.cpu(0);
        private String decoderVariant = ModelBundle.FULL_DECODER;
        private long maxPixels = DEFAULT_MAX_PIXELS;

        private Builder(ModelBundle model) {
            this.model = java.util.Objects.requireNonNull(model, "model");
        }

        public Builder target(ExecutionTarget target) {
            this.target = java.util.Objects.requireNonNull(target, "target");
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
