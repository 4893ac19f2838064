package io.latentstream.operators;

import io.latentstream.codec.stream.GopSettings;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * What the encode operator needs, validated once when the job is built rather than in
 * every task.
 *
 * @param modelDir      model directory, present at this path on every TaskManager
 * @param encoderVariant the model's encoder network: full or int8
 * @param defaultLevel  rate level of cameras without an override
 * @param cameraLevels  per-camera rate level overrides
 * @param defaultKbps   bitrate target of cameras without their own, kbit/s (0: none, they code at their level)
 * @param cameraKbps    per-camera bitrate targets (0: none)
 * @param rateWindowMillis the window of capture time each target is held over: the quality window
 * @param maxBatch      most frames in one network call
 * @param maxWaitMillis longest a frame waits for its batch to fill
 * @param msSsimEvery   MS-SSIM on every n-th frame of a camera (0: never)
 * @param cpuThreads    ONNX Runtime CPU threads per session (0: its default)
 * @param gop           when a camera gets a key frame; maxFrames 1 codes every frame intra
 * @param cameraIdleMillis a camera without frames this long (processing time) has its
 *                      encoder dropped; its next frame is a key frame
 * @param cameraStateBytes the most memory the cameras' encoders hold per subtask (references,
 *                      models, pictures); past it the cameras idle longest are dropped, as if
 *                      idle. 0: half the TaskManager's heap over its slots
 */
public record EncoderSettings(String modelDir, String encoderVariant, int defaultLevel,
                              Map<String, Integer> cameraLevels, double defaultKbps, Map<String, Double> cameraKbps, long rateWindowMillis, int maxBatch,
                              long maxWaitMillis, int msSsimEvery, int cpuThreads, GopSettings gop,
                              long cameraIdleMillis, long cameraStateBytes)
        implements Serializable {
    public EncoderSettings {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(encoderVariant, "encoderVariant");
        Objects.requireNonNull(gop, "gop");
        cameraLevels = Map.copyOf(cameraLevels);
        cameraKbps = Map.copyOf(cameraKbps);
        if (defaultLevel < 0 || cameraLevels.values().stream().anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("rate levels must be >= 0");
        }
        if (!(defaultKbps >= 0) || cameraKbps.values().stream().anyMatch(k -> !(k >= 0)) || rateWindowMillis <= 0) {
            throw new IllegalArgumentException("bitrate targets must be >= 0 (0: none), the rate window > 0");
        }
        if (maxBatch < 1 || maxWaitMillis < 0 || msSsimEvery < 0 || cpuThreads < 0 || cameraIdleMillis <= 0
                || cameraStateBytes < 0) {
            throw new IllegalArgumentException("maxBatch >= 1, maxWaitMillis, msSsimEvery, cpuThreads and "
                    + "cameraStateBytes >= 0, cameraIdleMillis > 0");
        }
    }

    public int levelOf(String camera) {
        return cameraLevels.getOrDefault(camera, defaultLevel);
    }

    /** The configured bitrate target of camera, in kbit/s; 0: none. */
    public double kbpsOf(String camera) {
        return cameraKbps.getOrDefault(camera, defaultKbps);
    }
}
