package io.latentstream.codec.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.latentstream.codec.frame.RgbImage;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The encoder network: images in [0,1] and rate levels in, gained latents y out
 * (float; quantization to symbols happens in Java with the tables' medians).
 * Inputs "image" float[B,3,H,W] and "level" int64[B]; output "latent" float[B,M,H/s,W/s].
 */
public final class AnalysisNetwork {
    private final OrtSession session;
    private final int stride;
    private final int channels;

    public AnalysisNetwork(Path model, ExecutionTarget target, int stride, int channels) {
        this.session = OrtSessions.get(model, target);
        this.stride = stride;
        this.channels = channels;
    }

    /**
     * Runs a batch of same-size images. Returns the latents, image after image, each
     * channel-major: M planes of (H/s) x (W/s).
     */
    public float[] run(List<RgbImage> images, int[] levels) {
        RgbImage first = images.get(0);
        for (RgbImage img : images) {
            if (img.width() != first.width() || img.height() != first.height()) {
                throw new IllegalArgumentException("a batch holds images of one size");
            }
        }
        int[] origins = new int[images.size()];
        return run(images, levels, origins, origins, NetworkTensors.padded(first.width(), stride),
                NetworkTensors.padded(first.height(), stride));
    }

    /**
     * Runs a batch of same-size windows, ww x wh pixels at (x0[i], y0[i]) of each image's
     * padded frame, all multiples of the stride. Returns their latents as {@link #run} does.
     */
    public float[] run(List<RgbImage> images, int[] levels, int[] x0, int[] y0, int ww, int wh) {
        int n = images.size();
        if (ww % stride != 0 || wh % stride != 0) {
            throw new IllegalArgumentException("windows are whole latent blocks");
        }
        FloatBuffer pixels = FloatBuffer.allocate(Math.multiplyExact(n, 3 * ww * wh));
        for (int i = 0; i < n; i++) {
            if (x0[i] % stride != 0 || y0[i] % stride != 0) {
                throw new IllegalArgumentException("windows start on the latent grid");
            }
            NetworkTensors.putWindow(images.get(i), x0[i], y0[i], ww, wh, pixels);
        }
        pixels.flip();
        long[] lv = new long[n];
        for (int i = 0; i < n; i++) {
            lv[i] = levels[i];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor image = OnnxTensor.createTensor(env, pixels, new long[] {n, 3, wh, ww});
             OnnxTensor level = OnnxTensor.createTensor(env, LongBuffer.wrap(lv), new long[] {n});
             OrtSession.Result out = session.run(Map.of("image", image, "level", level))) {
            FloatBuffer latent = ((OnnxTensor) out.get(0)).getFloatBuffer();
            int expected = n * channels * (wh / stride) * (ww / stride);
            if (latent.remaining() != expected) {
                throw new IllegalStateException("encoder returned " + latent.remaining() + " values, expected "
                        + expected + ": model and bundle disagree");
            }
            float[] y = new float[expected];
            latent.get(y);
            return y;
        } catch (OrtException e) {
            throw new IllegalStateException("encoder failed: " + e.getMessage(), e);
        }
    }
}
