package io.latentstream.codec.stream;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.GainedLatent;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.LatentWindow;
import io.latentstream.codec.latent.QuantizedLatent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The next frames of several cameras, coded together: frames of one size share analysis
 * and synthesis calls (at most maxBatch frames each), and each camera's
 * {@link StreamEncoder} codes its frames in the order given, so its references follow its
 * own frame order. The reconstruction is the picture a consumer decodes (the same integer
 * symbols through the same synthesis), for the frame's PSNR.
 */
public final class StreamBatch {
    /** A camera's next frame, at the level asked for (where it starts, if the encoder holds a bitrate target). */
    public record Frame(StreamEncoder encoder, RgbImage image, int level, long captureMicros) {}

    /** A coded frame and the picture it decodes to. */
    public record Coded(EncodedFrame frame, RgbImage reconstruction) {}

    private StreamBatch() {}

    /** A frame's latent, where it codes, how it was analysed, and its share of the network time. */
    record Analysed(GainedLatent latent, RateDecision rate, LatentTiles.Plan plan, long networkNanos) {}

    /** Windows per network call: a few calls per batch, each input a few megabytes. */
    private static final int MAX_WINDOWS_PER_CALL = 32;

    /** Codes frames in their order; the result's i-th entry is frames' i-th. Applications: LatentCodec.encodeStreams. */
    public static List<Coded> encode(LatentTransform transform, List<Frame> frames, int maxBatch) {
        int n = frames.size();
        Analysed[] analysed = analyse(transform, frames, maxBatch);
        EncodedFrame[] encoded = new EncodedFrame[n];
        for (int i = 0; i < n; i++) {
            Frame f = frames.get(i);
            encoded[i] = f.encoder().encode(f.image(), analysed[i].latent(), analysed[i].plan(), analysed[i].rate(),
                    f.captureMicros(), analysed[i].networkNanos());
        }
        // Reconstructions: whole frames batched by size, the others' windows in a few calls together.
        LatentTiles.Plan[] plans = new LatentTiles.Plan[n];
        List<Integer> whole = new ArrayList<>();
        List<LatentTransform.SynthesisWindow> windows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            plans[i] = frames.get(i).encoder().reconstructionPlan(encoded[i]);
            if (plans[i].wholeFrame()) {
                whole.add(i);
            } else {
                windows.addAll(frames.get(i).encoder().reconstructionWindows(plans[i], encoded[i].latent()));
            }
        }
        RgbImage[] wholePictures = new RgbImage[n];
        List<Frame> wholeFrames = whole.stream().map(frames::get).toList();
        for (List<Integer> batch : batchesBySize(wholeFrames, maxBatch)) {
            RgbImage first = wholeFrames.get(batch.get(0)).image();
            List<RgbImage> out = transform.synthesize(batch.stream().map(k -> encoded[whole.get(k)].latent()).toList(),
                    first.width(), first.height());
            for (int k = 0; k < batch.size(); k++) {
                wholePictures[whole.get(batch.get(k))] = out.get(k);
            }
        }
        List<RgbImage> windowPictures = new ArrayList<>(windows.size());
        for (List<LatentTransform.SynthesisWindow> call : calls(windows)) {
            windowPictures.addAll(transform.synthesizeWindows(call));
        }
        RgbImage[] decoded = new RgbImage[n];
        for (int i = 0, k = 0; i < n; i++) {
            int count = plans[i].wholeFrame() ? 0 : plans[i].cores().length;
            decoded[i] = frames.get(i).encoder().reconstructed(plans[i], encoded[i].latent(),
                    windowPictures.subList(k, k + count), wholePictures[i]);
            k += count;
        }
        List<Coded> coded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            coded.add(new Coded(encoded[i], decoded[i]));
        }
        return coded;
    }

    /**
     * The latents of frames, each on its encoder's key grid: frames its encoder analyses
     * whole go through the network batched by size, the others' windows in a few calls
     * together (batched by shape); each frame is charged its share of its calls' time.
     */
    static Analysed[] analyse(LatentTransform transform, List<Frame> frames, int maxBatch) {
        int n = frames.size();
        LatentTiles.Plan[] plans = new LatentTiles.Plan[n];
        RateDecision[] rates = new RateDecision[n];
        List<Integer> whole = new ArrayList<>();
        List<LatentWindow> windows = new ArrayList<>();
        List<Integer> windowFrame = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Frame f = frames.get(i);
            rates[i] = f.encoder().decide(f.image(), f.level(), f.captureMicros());
            plans[i] = f.encoder().analysisPlan(f.image(), rates[i].point(), f.captureMicros());
            if (plans[i].wholeFrame()) {
                whole.add(i);
            } else {
                for (LatentWindow w : f.encoder().windows(plans[i], f.image())) {
                    windows.add(w);
                    windowFrame.add(i);
                }
            }
        }
        GainedLatent[] latents = new GainedLatent[n];
        long[] networkNanos = new long[n];
        List<Frame> wholeFrames = whole.stream().map(frames::get).toList();
        for (List<Integer> batch : batchesBySize(wholeFrames, maxBatch)) {
            List<RgbImage> images = new ArrayList<>(batch.size());
            int[] levels = new int[batch.size()];
            for (int k = 0; k < batch.size(); k++) {
                images.add(wholeFrames.get(batch.get(k)).image());
                levels[k] = rates[whole.get(batch.get(k))].point().keyLevel();
            }
            long t0 = System.nanoTime();
            List<GainedLatent> out = transform.analyze(images, levels);
            long perFrame = (System.nanoTime() - t0) / batch.size();
            for (int k = 0; k < batch.size(); k++) {
                int i = whole.get(batch.get(k));
                latents[i] = out.get(k);
                networkNanos[i] = perFrame;
            }
        }
        List<GainedLatent> windowLatents = new ArrayList<>(windows.size());
        for (List<LatentWindow> call : calls(windows)) {
            int from = windowLatents.size();
            long area = 0;
            for (LatentWindow w : call) {
                area += (long) w.rows() * w.cols();
            }
            long t0 = System.nanoTime();
            windowLatents.addAll(transform.analyzeWindows(call));
            long spent = System.nanoTime() - t0;
            // Each frame is charged its windows' share of the calls' positions.
            for (int k = from; k < from + call.size(); k++) {
                LatentWindow w = windows.get(k);
                networkNanos[windowFrame.get(k)] += spent * w.rows() * w.cols() / area;
            }
        }
        for (int i = 0, k = 0; i < n; i++) {
            if (!plans[i].wholeFrame()) {
                int count = plans[i].cores().length;
                latents[i] = frames.get(i).encoder().assemble(plans[i], windowLatents.subList(k, k + count));
                k += count;
            }
        }
        Analysed[] out = new Analysed[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Analysed(latents[i], rates[i], plans[i], networkNanos[i]);
        }
        return out;
    }

    /** windows cut into network calls of at most {@link #MAX_WINDOWS_PER_CALL}, in order. */
    private static <W> List<List<W>> calls(List<W> windows) {
        List<List<W>> out = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += MAX_WINDOWS_PER_CALL) {
            out.add(windows.subList(from, Math.min(windows.size(), from + MAX_WINDOWS_PER_CALL)));
        }
        return out;
    }

    /** Indices into frames, grouped by frame size in order, at most maxBatch per batch. */
    private static List<List<Integer>> batchesBySize(List<Frame> frames, int maxBatch) {
        Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            RgbImage img = frames.get(i).image();
            bySize.computeIfAbsent(((long) img.width() << 32) | img.height(), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> group : bySize.values()) {
            for (int from = 0; from < group.size(); from += maxBatch) {
                out.add(group.subList(from, Math.min(group.size(), from + maxBatch)));
            }
        }
        return out;
    }
}
