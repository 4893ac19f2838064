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
        int pw = NetworkTensors.padded(first.width(), stride);
        int ph = NetworkTensors.padded(first.height(), stride);
        int n = images.size();
        FloatBuffer pixels = FloatBuffer.allocate(Math.multiplyExact(n, 3 * pw * ph));
        for (RgbImage img : images) {
            if (img.width() != first.width() || img.height() != first.height()) {
                throw new IllegalArgumentException("a batch holds images of one size");
            }
            NetworkTensors.putPadded(img, pw, ph, pixels);
        }
        pixels.flip();
        long[] lv = new long[n];
        for (int i = 0; i < n; i++) {
            lv[i] = levels[i];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor image = OnnxTensor.createTensor(env, pixels, new long[] {n, 3, ph, pw});
             OnnxTensor level = OnnxTensor.createTensor(env, LongBuffer.wrap(lv), new long[] {n});
             OrtSession.Result out = session.run(Map.of("image", image, "level", level))) {
            FloatBuffer latent = ((OnnxTensor) out.get(0)).getFloatBuffer();
            int expected = n * channels * (ph / stride) * (pw / stride);
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
