package io.latentstream.codec.stream;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.GainedLatent;
import io.latentstream.codec.latent.LatentTransform;
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
    /** A camera's next frame, at the level asked for. */
    public record Frame(StreamEncoder encoder, RgbImage image, int level, long captureMicros) {}

    /** A coded frame and the picture it decodes to. */
    public record Coded(EncodedFrame frame, RgbImage reconstruction) {}

    private StreamBatch() {}

    /** Codes frames in their order; the result's i-th entry is frames' i-th. Applications: LatentCodec.encodeStreams. */
    public static List<Coded> encode(LatentTransform transform, List<Frame> frames, int maxBatch) {
        int n = frames.size();
        List<List<Integer>> batches = batchesBySize(frames, maxBatch);
        GainedLatent[] latents = new GainedLatent[n];
        GopSettings.RatePoint[] points = new GopSettings.RatePoint[n];
        long[] networkNanos = new long[n];
        for (List<Integer> batch : batches) {
            List<RgbImage> images = new ArrayList<>(batch.size());
            int[] levels = new int[batch.size()];
            for (int k = 0; k < batch.size(); k++) {
                Frame f = frames.get(batch.get(k));
                points[batch.get(k)] = f.encoder().ratePoint(f.level());
                images.add(f.image());
                levels[k] = points[batch.get(k)].keyLevel();
            }
            long t0 = System.nanoTime();
            List<GainedLatent> out = transform.analyze(images, levels);
            long perFrame = (System.nanoTime() - t0) / batch.size();
            for (int k = 0; k < batch.size(); k++) {
                latents[batch.get(k)] = out.get(k);
                networkNanos[batch.get(k)] = perFrame;
            }
        }
        EncodedFrame[] encoded = new EncodedFrame[n];
        for (int i = 0; i < n; i++) {
            Frame f = frames.get(i);
            encoded[i] = f.encoder().encode(f.image(), latents[i], points[i].residualStep(), f.captureMicros(),
                    networkNanos[i]);
        }
        List<Coded> coded = new ArrayList<>(n);
        RgbImage[] decoded = new RgbImage[n];
        for (List<Integer> batch : batches) {
            RgbImage first = frames.get(batch.get(0)).image();
            List<RgbImage> out = transform.synthesize(batch.stream().map(i -> encoded[i].latent()).toList(),
                    first.width(), first.height());
            for (int k = 0; k < batch.size(); k++) {
                decoded[batch.get(k)] = out.get(k);
            }
        }
        for (int i = 0; i < n; i++) {
            coded.add(new Coded(encoded[i], decoded[i]));
        }
        return coded;
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
