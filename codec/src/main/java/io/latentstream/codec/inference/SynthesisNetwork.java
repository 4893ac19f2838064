package io.latentstream.codec.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.latentstream.codec.frame.RgbImage;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A decoder network (any variant): dequantized latents and rate levels in, images out.
 * Inputs "latent" float[B,M,h,w] and "level" int64[B]; output "image" float[B,3,h*s,w*s].
 */
public final class SynthesisNetwork {
    private final OrtSession session;
    private final int stride;

    public SynthesisNetwork(Path model, ExecutionTarget target, int stride) {
        this.session = OrtSessions.get(model, target);
        this.stride = stride;
    }

    /** latents: n images' channel-major latents of channels x lh x lw; crops to width x height. */
    public List<RgbImage> run(float[] latents, int n, int channels, int lh, int lw, int[] levels, int width, int height) {
        long[] lv = new long[n];
        for (int i = 0; i < n; i++) {
            lv[i] = levels[i];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor latent = OnnxTensor.createTensor(env, FloatBuffer.wrap(latents), new long[] {n, channels, lh, lw});
             OnnxTensor level = OnnxTensor.createTensor(env, LongBuffer.wrap(lv), new long[] {n});
             OrtSession.Result out = session.run(Map.of("latent", latent, "level", level))) {
            FloatBuffer pixels = ((OnnxTensor) out.get(0)).getFloatBuffer();
            int ph = lh * stride;
            int pw = lw * stride;
            if (pixels.remaining() != n * 3 * ph * pw) {
                throw new IllegalStateException("decoder returned " + pixels.remaining() + " values, expected "
                        + n * 3 * ph * pw + ": model and bundle disagree");
            }
            List<RgbImage> images = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                images.add(NetworkTensors.takeCropped(pixels, pw, ph, width, height));
            }
            return images;
        } catch (OrtException e) {
            throw new IllegalStateException("decoder failed: " + e.getMessage(), e);
        }
    }
}
