package io.latentstream.job.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/** Where Flink's own key-group assignment puts the keys {@link CameraPlacement} makes. */
class CameraPlacementTest {
    private static final int MAX_PARALLELISM = 1024;

    private static List<String> fleet(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("cam-%02d", i)).toList();
    }

    private static int[] perSubtask(CameraPlacement placement, List<String> cameras, int parallelism) {
        int[] count = new int[parallelism];
        for (String camera : cameras) {
            count[KeyGroupRangeAssignment.assignKeyToParallelOperator(placement.keyOf(camera), MAX_PARALLELISM,
                    parallelism)]++;
        }
        return count;
    }

    @Test
    void fourCamerasFallTwoAndTwoOnTwoSubtasks() {
        assertEquals("[2, 2]", Arrays.toString(perSubtask(new CameraPlacement(fleet(4), MAX_PARALLELISM),
                fleet(4), 2)));
    }

    @Test
    void everySubtaskServesWithinOneCameraOfTheOthers() {
        for (int n = 1; n <= 256; n++) {
            CameraPlacement placement = new CameraPlacement(fleet(n), MAX_PARALLELISM);
            for (int p = 1; p <= 8; p++) {
                int[] count = perSubtask(placement, fleet(n), p);
                int max = IntStream.of(count).max().orElseThrow();
                int min = IntStream.of(count).min().orElseThrow();
                assertTrue(max - min <= 1, n + " cameras on " + p + " subtasks: " + Arrays.toString(count));
            }
        }
    }

    @Test
    void theSameListPlacesACameraAlikeAtAnyParallelism() {
        // The key group is the parallelism-free part: a rescaled job finds each camera's state.
        CameraPlacement a = new CameraPlacement(fleet(10), MAX_PARALLELISM);
        CameraPlacement b = new CameraPlacement(fleet(10), MAX_PARALLELISM);
        for (String camera : fleet(10)) {
            assertEquals(a.keyOf(camera).hashCode(), b.keyOf(camera).hashCode());
        }
    }

    @Test
    void anUnlistedCameraKeepsTheKeyGroupOfItsId() {
        CameraPlacement placement = new CameraPlacement(fleet(4), MAX_PARALLELISM);
        assertEquals(KeyGroupRangeAssignment.assignToKeyGroup("gate-7", MAX_PARALLELISM),
                KeyGroupRangeAssignment.assignToKeyGroup(placement.keyOf("gate-7"), MAX_PARALLELISM));
    }

    @Test
    void keysAreEqualByCameraIdAlone() {
        CameraPlacement placement = new CameraPlacement(fleet(4), MAX_PARALLELISM);
        assertEquals(placement.keyOf("cam-01"), new CameraPlacement(List.of(), MAX_PARALLELISM).keyOf("cam-01"));
        assertNotEquals(placement.keyOf("cam-01"), placement.keyOf("cam-02"));
    }

    @Test
    void aCameraListedTwiceIsRefused() {
        List<String> twice = new ArrayList<>(fleet(3));
        twice.add("cam-02");
        assertThrows(IllegalArgumentException.class, () -> new CameraPlacement(twice, MAX_PARALLELISM));
    }

    @Test
    void theKeySerializesAsAPojoWithItsHash() throws Exception {
        TypeInformation<CameraKey> type = TypeInformation.of(CameraKey.class);
        assertTrue(type instanceof PojoTypeInfo, "not Kryo: " + type);
        TypeSerializer<CameraKey> serializer = type.createSerializer(new ExecutionConfig().getSerializerConfig());
        CameraKey key = new CameraPlacement(fleet(4), MAX_PARALLELISM).keyOf("cam-03");
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(key, out);
        CameraKey back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(key, back);
        assertEquals(key.hashCode(), back.hashCode());
    }
}
