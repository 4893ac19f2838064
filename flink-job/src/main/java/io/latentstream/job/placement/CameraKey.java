package io.latentstream.job.placement;

import java.util.Objects;

/**
 * The key the job partitions a camera's records and state by: the camera id, equal by id
 * alone, with the hash {@link CameraPlacement} chose for it, which decides the camera's key
 * group and so its subtask. A Flink POJO (public fields, no-argument constructor), so state
 * and network records serialize it without Kryo.
 */
public final class CameraKey {
    public String cameraId;
    /** Flink's key hash: {@link #hashCode()}. Stored with the key, so state restored under it is found again. */
    public int placementHash;

    public CameraKey() {}

    CameraKey(String cameraId, int placementHash) {
        this.cameraId = cameraId;
        this.placementHash = placementHash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraKey k && Objects.equals(cameraId, k.cameraId);
    }

    @Override
    public int hashCode() {
        return placementHash;
    }

    @Override
    public String toString() {
        return cameraId;
    }
}
