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
 * @param defaultLevel  rate level of cameras without an override
 * @param cameraLevels  per-camera rate level overrides
 * @param maxBatch      most frames in one network call
 * @param maxWaitMillis longest a frame waits for its batch to fill
 * @param msSsimEvery   MS-SSIM on every n-th frame of a camera (0: never)
 * @param cpuThreads    ONNX Runtime CPU threads per session (0: its default)
 * @param gop           when a camera gets a key frame; maxFrames 1 codes every frame intra
 * @param cameraIdleMillis a camera without frames this long (processing time) has its
 *                      encoder dropped; its next frame is a key frame
 */
public record EncoderSettings(String modelDir, int defaultLevel, Map<String, Integer> cameraLevels, int maxBatch,
                              long maxWaitMillis, int msSsimEvery, int cpuThreads, GopSettings gop,
                              long cameraIdleMillis)
        implements Serializable {
    public EncoderSettings {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(gop, "gop");
        cameraLevels = Map.copyOf(cameraLevels);
        if (defaultLevel < 0 || cameraLevels.values().stream().anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("rate levels must be >= 0");
        }
        if (maxBatch < 1 || maxWaitMillis < 0 || msSsimEvery < 0 || cpuThreads < 0 || cameraIdleMillis <= 0) {
            throw new IllegalArgumentException("maxBatch >= 1, maxWaitMillis, msSsimEvery and cpuThreads >= 0, "
                    + "cameraIdleMillis > 0");
        }
    }

    public int levelOf(String camera) {
        return cameraLevels.getOrDefault(camera, defaultLevel);
    }
}
