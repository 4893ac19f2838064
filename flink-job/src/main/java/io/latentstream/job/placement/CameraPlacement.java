package io.latentstream.job.placement;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Spreads the cameras of a fleet evenly over the encode subtasks, whatever their number.
 *
 * <p>Flink sends a key to the key group murmur(hashCode) mod maxParallelism and gives each
 * subtask a contiguous range of key groups. Hashing balances only many keys: four cameras
 * fall 1:3 on two subtasks, and the job runs at the pace of the busier one. The fleet's
 * cameras (the job's {@code --cameras}, in order) are instead spaced evenly over the key
 * groups, camera i of n at group (2i + 1) · maxParallelism / 2n, each with a hash chosen to
 * land there. The spacing does not depend on the parallelism, so a job rescaled from a
 * savepoint keeps every camera's state; with 1024 key groups every subtask serves within
 * one camera of the others for any fleet of up to 256 cameras on up to 8 subtasks (96 on 16).
 * Changing the list moves cameras, and a moved camera loses the overrides it was sent on the
 * control topic (its configured level and target stand). A camera not on the list keeps
 * Flink's usual place: the hash of its id.
 */
public final class CameraPlacement implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Integer> hashes = new HashMap<>();

    /** fleet: distinct camera ids, in a fixed order; maxParallelism: the job's. */
    public CameraPlacement(List<String> fleet, int maxParallelism) {
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism " + maxParallelism);
        }
        if (new HashSet<>(fleet).size() != fleet.size()) {
            throw new IllegalArgumentException("a camera is listed twice: " + fleet);
        }
        Map<Integer, Integer> hashOfGroup = new HashMap<>();
        int n = fleet.size();
        for (int i = 0; i < n; i++) {
            int group = (int) ((2L * i + 1) * maxParallelism / (2L * n));
            hashes.put(fleet.get(i), hashOfGroup.computeIfAbsent(group, g -> hashInto(g, maxParallelism)));
        }
    }

    /** The key of a camera's records. */
    public CameraKey keyOf(String cameraId) {
        Integer hash = hashes.get(cameraId);
        return new CameraKey(cameraId, hash != null ? hash : cameraId.hashCode());
    }

    /** The smallest non-negative hash Flink sends to key group g. */
    private static int hashInto(int g, int maxParallelism) {
        for (int h = 0; ; h++) {
            if (KeyGroupRangeAssignment.computeKeyGroupForKeyHash(h, maxParallelism) == g) {
                return h;
            }
        }
    }
}
