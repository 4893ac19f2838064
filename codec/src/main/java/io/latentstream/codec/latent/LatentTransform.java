package io.latentstream.codec.latent;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.CorruptBitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.InterHeader;
import io.latentstream.codec.bitstream.ModelMismatchException;
import io.latentstream.codec.bitstream.UnsupportedBitstreamException;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.AnalysisNetwork;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.inference.SynthesisNetwork;
import io.latentstream.codec.model.LatentShape;
import io.latentstream.codec.model.ModelBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One model's pictures and latents: the analysis network (pictures to gained latents), the
 * quantization domain (y - median per channel, the values symbols round), the synthesis
 * network (symbols to pictures), the headers that name the model, and the limits every
 * frame is checked against. Below the frame coders: it knows no frame types, references or
 * entropy coding. Applications use {@link io.latentstream.codec.LatentCodec}; this is the
 * layer the stream coders share with it. Thread-safe; the networks' sessions are shared per JVM.
 */
public final class LatentTransform {
    /**
     * Latent positions of context a window of the grid needs around what it computes exactly:
     * the analysis reads 30 pixels around a position (four 5x5 stride-2 layers), under 2
     * positions of 16; the synthesis reads under 2 positions around a block (3x3 layers at
     * each of its resolutions: 1 + 1/2 + 1/4 + 1/8). Checked for every shipped network by
     * LatentTransformTest.
     */
    public static final int WINDOW_MARGIN = 2;

    /**
     * Latents around a block whose picture is wanted: the block less top, left, bottom and
     * right positions of context. A side with fewer than {@link #WINDOW_MARGIN} positions of
     * context must be the frame's edge.
     */
    public record SynthesisWindow(QuantizedLatent latent, int top, int left, int bottom, int right) {
        public SynthesisWindow {
            if (top < 0 || left < 0 || bottom < 0 || right < 0 || top + bottom >= latent.height()
                    || left + right >= latent.width()) {
                throw new IllegalArgumentException("context " + top + "/" + left + "/" + bottom + "/" + right
                        + " leaves nothing of a " + latent.height() + "x" + latent.width() + " window");
            }
        }

        /** Which sides (top, left, bottom, right) are the frame's edge: those with less than the margin's context. */
        boolean[] frameEdges() {
            return new boolean[] {top < WINDOW_MARGIN, left < WINDOW_MARGIN, bottom < WINDOW_MARGIN,
                right < WINDOW_MARGIN};
        }
    }

    private final ModelBundle model;
    private final byte[] hashPrefix;
    private final AnalysisNetwork analysis;
    private final SynthesisNetwork synthesis;
    /** The decoder's windowed form: padding only at the frame's edges, it computes no pixel a window's context would throw away. */
    private final SynthesisNetwork windowSynthesis;
    private final long maxPixels;

    public LatentTransform(ModelBundle model, ExecutionTarget target, String encoderVariant, String decoderVariant,
            long maxPixels) {
        this.model = model;
        this.hashPrefix = Arrays.copyOf(model.codecHash(), FrameHeader.HASH_PREFIX_BYTES);
        this.analysis = new AnalysisNetwork(model.encoder(encoderVariant), target, model.latentStride(),
                model.latentChannels());
        this.synthesis = new SynthesisNetwork(model.decoder(decoderVariant), target, model.latentStride());
        this.windowSynthesis = new SynthesisNetwork(model.windowDecoder(decoderVariant), target, model.latentStride());
        this.maxPixels = maxPixels;
    }

    public ModelBundle model() {
        return model;
    }

    /** Runs the encoder network on same-size images; each may use its own level. */
    public List<GainedLatent> analyze(List<RgbImage> images, int[] levels) {
        if (images.isEmpty() || images.size() != levels.length) {
            throw new IllegalArgumentException("need one level per image, and at least one image");
        }
        RgbImage first = images.get(0);
        checkSize(first.width(), first.height());
        for (int level : levels) {
            model.tables().medians(level);
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
     * Runs the encoder network on windows (any images, sizes and levels), those of one shape
     * in one call; in the order given. A window's latents at least {@link #WINDOW_MARGIN}
     * positions from its edges, or at an edge the window shares with its frame, are those the
     * whole frame gives: the window is aligned to the grid, so there it sees exactly the
     * pixels the whole frame would.
     */
    public List<GainedLatent> analyzeWindows(List<LatentWindow> windows) {
        return perShape(windows, w -> List.of(w.rows(), w.cols()), this::analyzeShape);
    }

    private List<GainedLatent> analyzeShape(List<LatentWindow> windows) {
        LatentWindow first = windows.get(0);
        int stride = model.latentStride();
        int n = windows.size();
        List<RgbImage> images = new ArrayList<>(n);
        int[] levels = new int[n];
        int[] x0 = new int[n];
        int[] y0 = new int[n];
        for (int i = 0; i < n; i++) {
            LatentWindow w = windows.get(i);
            LatentShape shape = model.latentShape(w.image().width(), w.image().height());
            if (w.row() < 0 || w.col() < 0 || w.row() + w.rows() > shape.height() || w.col() + w.cols() > shape.width()) {
                throw new IllegalArgumentException("windows inside their frames' latent grids");
            }
            checkSize(w.image().width(), w.image().height());
            model.tables().medians(w.level());
            images.add(w.image());
            levels[i] = w.level();
            x0[i] = w.col() * stride;
            y0[i] = w.row() * stride;
        }
        float[] y = analysis.run(images, levels, x0, y0, first.cols() * stride, first.rows() * stride);
        int channels = model.latentChannels();
        int perWindow = channels * first.rows() * first.cols();
        List<GainedLatent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new GainedLatent(levels[i], channels, first.rows(), first.cols(),
                    Arrays.copyOfRange(y, i * perWindow, (i + 1) * perWindow)));
        }
        return out;
    }

    /**
     * y - median per channel, the values symbols round; refuses what no symbol can hold (a
     * non-finite or runaway latent means the encoder network misbehaved).
     */
    public float[] centred(GainedLatent y) {
        float[] medians = model.tables().medians(y.level());
        int plane = y.plane();
        float[] centred = new float[y.values().length];
        for (int c = 0; c < medians.length; c++) {
            float median = medians[c];
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

    /** Runs the decoder network on same-shape latents (levels may differ) in one call: y_hat = symbol + median. */
    public List<RgbImage> synthesize(List<QuantizedLatent> latents, int width, int height) {
        return synthesize(synthesis, latents, null, 0, 0, width, height);
    }

    /**
     * Runs the decoder network on windows of latents, those of one shape and context in one
     * call: each gives its block's pictures (16 pixels per position), those the whole frame
     * gives within floating point; in the order given. The decoder's windowed form pads only
     * at the frame's edges, so it computes the block and no pixel of its context.
     */
    public List<RgbImage> synthesizeWindows(List<SynthesisWindow> windows) {
        int stride = model.latentStride();
        return perShape(windows, w -> List.of(w.latent().height(), w.latent().width(), w.top(), w.left(), w.bottom(),
                w.right()), same -> {
                    SynthesisWindow first = same.get(0);
                    QuantizedLatent q = first.latent();
                    return synthesize(windowSynthesis, same.stream().map(SynthesisWindow::latent).toList(),
                            first.frameEdges(), first.left() * stride, first.top() * stride,
                            (q.width() - first.left() - first.right()) * stride,
                            (q.height() - first.top() - first.bottom()) * stride);
                });
    }

    /** latents through network (edges: for the windowed one), each picture's width x height at (x, y). */
    private List<RgbImage> synthesize(SynthesisNetwork network, List<QuantizedLatent> latents, boolean[] edges, int x,
            int y, int width, int height) {
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
            float[] medians = model.tables().medians(q.level());
            int base = n * perImage;
            for (int c = 0; c < q.channels(); c++) {
                float median = medians[c];
                for (int i = 0; i < plane; i++) {
                    yHat[base + c * plane + i] = q.symbols()[c * plane + i] + median;
                }
            }
        }
        return network.run(yHat, latents.size(), first.channels(), first.height(), first.width(), levels, edges, x, y,
                width, height);
    }

    /** Runs items through run, those of one shape (a key of shape) in one call; the results in items' order. */
    private static <T, R> List<R> perShape(List<T> items, Function<T, Object> shape, Function<List<T>, List<R>> run) {
        Map<Object, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(shape.apply(items.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<R> out = new ArrayList<>(Collections.nCopies(items.size(), null));
        for (List<Integer> group : groups.values()) {
            List<R> results = run.apply(group.stream().map(items::get).toList());
            for (int k = 0; k < group.size(); k++) {
                out.set(group.get(k), results.get(k));
            }
        }
        return out;
    }

    /** The latent shape of a frame with this header. */
    public LatentShape shape(FrameHeader h) {
        return model.latentShape(h.width(), h.height());
    }

    /** The header of a key frame of this model. */
    public FrameHeader keyHeader(int level, int width, int height, long frameNumber) {
        return FrameHeader.intra(model.modelId(), hashPrefix, level, width, height, frameNumber);
    }

    /** The header of an inter frame of this model. */
    public FrameHeader interHeader(int level, int width, int height, long frameNumber, long referenceNumber,
            int residualStep) {
        return FrameHeader.inter(hashPrefix, level, width, height, frameNumber, referenceNumber, residualStep);
    }

    /**
     * Parses and verifies a bitstream and checks that this model can decode it.
     *
     * @throws io.latentstream.codec.bitstream.BitstreamException typed: truncated, corrupt,
     *         unsupported, or made by another model
     */
    public Bitstream.Parsed parse(byte[] bitstream) {
        Bitstream.Parsed parsed = Bitstream.parse(bitstream);
        FrameHeader h = parsed.header().key();
        if (h == null) {
            // An inter frame names its model by a tag; its level and size are its reference's.
            InterHeader inter = parsed.header().inter();
            if (inter.modelTag() != InterHeader.tagOf(hashPrefix)) {
                throw new ModelMismatchException("inter frame made by model @" + inter.modelTagHex()
                        + "..., this decoder has " + model.modelId() + "@" + HexFormat.of().formatHex(hashPrefix));
            }
            return parsed;
        }
        if (!h.modelId().equals(model.modelId()) || !Arrays.equals(h.codecHashPrefix(), hashPrefix)) {
            throw new ModelMismatchException("bitstream was made by model " + h.modelId() + "@"
                    + h.codecHashPrefixHex() + ", this decoder has " + model.modelId() + "@"
                    + HexFormat.of().formatHex(hashPrefix));
        }
        if (h.level() >= model.levels()) {
            throw new CorruptBitstreamException("rate level " + h.level() + " beyond the model's " + model.levels());
        }
        if ((long) h.width() * h.height() > maxPixels) {
            throw new UnsupportedBitstreamException(h.width() + "x" + h.height() + " exceeds the decoder's limit of "
                    + maxPixels + " pixels");
        }
        return parsed;
    }

    private void checkSize(int width, int height) {
        if ((long) width * height > maxPixels || width > FrameHeader.MAX_DIMENSION || height > FrameHeader.MAX_DIMENSION) {
            throw new IllegalArgumentException(width + "x" + height + " exceeds the limit of " + maxPixels + " pixels");
        }
    }
}
