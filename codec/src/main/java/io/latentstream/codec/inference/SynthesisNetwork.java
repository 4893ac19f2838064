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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder network (any variant, whole-frame or windowed): dequantized latents and rate
 * levels in, images out. Inputs "latent" float[B,M,h,w] and "level" int64[B]; output
 * "image" float[B,3,H,W]. A whole-frame decoder pads every side: H = h*s, W = w*s. A windowed
 * one has a third input, "edges" int64[4] (top, left, bottom, right: 1 where that side is the
 * frame's edge), pads only those sides, and leaves off a fixed border on the others (the
 * pixels its padding would have made up): its output starts that far in on such a side.
 */
public final class SynthesisNetwork {
    private final OrtSession session;
    private final int stride;
    private final boolean windowed;

    public SynthesisNetwork(Path model, ExecutionTarget target, int stride) {
        this.session = OrtSessions.get(model, target);
        this.stride = stride;
        this.windowed = session.getInputNames().contains("edges");
    }

    /**
     * latents: n images' channel-major latents of channels x lh x lw; of each picture (s pixels
     * per position) the width x height at (x, y), which the network must cover. edges: for a
     * windowed decoder, which sides (top, left, bottom, right) are the frame's edge; null for a
     * whole-frame one.
     */
    public List<RgbImage> run(float[] latents, int n, int channels, int lh, int lw, int[] levels, boolean[] edges,
            int x, int y, int width, int height) {
        if (windowed != (edges != null)) {
            throw new IllegalArgumentException(windowed ? "a windowed decoder needs the window's edges"
                    : "a whole-frame decoder takes no edges");
        }
        long[] lv = new long[n];
        for (int i = 0; i < n; i++) {
            lv[i] = levels[i];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("latent", OnnxTensor.createTensor(env, FloatBuffer.wrap(latents),
                    new long[] {n, channels, lh, lw}));
            inputs.put("level", OnnxTensor.createTensor(env, LongBuffer.wrap(lv), new long[] {n}));
            if (windowed) {
                long[] sides = new long[4];
                for (int i = 0; i < 4; i++) {
                    sides[i] = edges[i] ? 1 : 0;
                }
                inputs.put("edges", OnnxTensor.createTensor(env, LongBuffer.wrap(sides), new long[] {4}));
            }
            try (OrtSession.Result out = session.run(inputs)) {
                OnnxTensor image = (OnnxTensor) out.get(0);
                long[] shape = image.getInfo().getShape();
                int ph = (int) shape[2];
                int pw = (int) shape[3];
                int oy = origin(lh * stride, ph, edges == null || edges[0], edges == null || edges[2]);
                int ox = origin(lw * stride, pw, edges == null || edges[1], edges == null || edges[3]);
                if (shape[0] != n || shape[1] != 3 || oy < 0 || ox < 0 || x < ox || y < oy || x + width > ox + pw
                        || y + height > oy + ph) {
                    throw new IllegalStateException("decoder returned " + Arrays.toString(shape) + " for latents of "
                            + lh + "x" + lw + ", which does not hold the " + width + "x" + height + " at (" + x
                            + ", " + y + "): model and bundle disagree");
                }
                FloatBuffer pixels = image.getFloatBuffer();
                List<RgbImage> images = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    images.add(NetworkTensors.takeCropped(pixels, pw, ph, x - ox, y - oy, width, height));
                }
                return images;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("decoder failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Where an output of size out starts in the size pixels the latents cover, along one axis
     * whose two sides pad (a frame's edge) or not: a side that does not pad leaves off the same
     * border as the other; -1 when out fits neither.
     */
    private static int origin(int size, int out, boolean startPads, boolean endPads) {
        int unpadded = (startPads ? 0 : 1) + (endPads ? 0 : 1);
        if (unpadded == 0) {
            return out == size ? 0 : -1;
        }
        int border = (size - out) / unpadded;
        if (border < 0 || border * unpadded != size - out) {
            return -1;
        }
        return startPads ? 0 : border;
    }
}
