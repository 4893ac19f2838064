package io.latentstream.job.network;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.model.ModelBundle;
import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.junit.jupiter.api.Test;

/** Counting the job's network buffers; that Flink needs exactly these is NetworkBuffersClusterTest's (system-tests). */
class NetworkBuffersTest {
    private static final Path REPO = ModelBundle.findRoot(Paths.get(""));

    private static JobGraph job(int parallelism) throws IOException {
        return LatentStreamJob.jobGraph(JobConfig.parse("--bootstrap-servers", "localhost:9092", "--parallelism",
                Integer.toString(parallelism)));
    }

    private static Configuration taskManagers(int slots, String segment, String network) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("3072m"));
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, MemorySize.parse(segment));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse(network));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse(network));
        return conf;
    }

    @Test
    void onlyTheTwoKeyedEdgesCrossTheNetwork() throws IOException {
        // Raw frames and control to the encoder; dead letters and quality windows are chained to
        // the operators that make them, and take no buffer pools.
        JobGraph graph = job(4);
        int edges = 0;
        for (JobVertex v : graph.getVertices()) {
            edges += v.getInputs().size();
        }
        assertEquals(2, edges);
    }

    @Test
    void eachSlotNeedsSixBuffersMorePerSubtaskOfParallelism() throws IOException {
        // Two keyed edges: one buffer per receiver on each output, two per remote sender on each input.
        Configuration flinkDefaults = new Configuration();
        for (int p = 2; p < 8; p++) {
            assertEquals(6, NetworkBuffers.required(job(p + 1), 1, flinkDefaults)
                    - NetworkBuffers.required(job(p), 1, flinkDefaults), "p = " + p);
        }
        // Senders in the same TaskManager need no exclusive buffers: two slots need less than twice one.
        assertTrue(NetworkBuffers.required(job(8), 2, flinkDefaults) < 2 * NetworkBuffers.required(job(8), 1, flinkDefaults));
    }

    @Test
    void recommendsEveryPoolAtItsMaximumAndOneBufferToSpare() throws IOException {
        // Each output pool up to two buffers per receiver and eight floating ones; each input pool
        // eight floating and two per remote sender: 8p + 28 on a TaskManager of one slot, and one more
        // so that Flink's pools never request all of its buffers (it warns at every start then).
        Configuration flinkDefaults = new Configuration();
        for (int p = 1; p <= 64; p *= 4) {
            assertEquals(8 * p + 28 + 1, NetworkBuffers.recommended(job(p), 1, flinkDefaults), "p = " + p);
        }
    }

    @Test
    void refusesTaskManagersTooSmallForTheParallelismInOneLine() throws IOException {
        // 64 buffers of 2 MiB held the job at parallelism 2; at 8 on 8 slots Flink restarted it forever.
        assertDoesNotThrow(() -> NetworkBuffers.check(job(2), taskManagers(2, "2mb", "128mb")));
        JobGraph eight = job(8);
        var e = assertThrows(IllegalConfigurationException.class,
                () -> NetworkBuffers.check(eight, taskManagers(8, "2mb", "128mb")));
        assertTrue(e.getMessage().startsWith("at parallelism 8 the job needs 160 network buffers of 2mb on each "
                + "TaskManager of 8 slots, and they hold 64: set taskmanager.memory.network.min and .max to 1026mb"),
                e.getMessage());
        assertDoesNotThrow(() -> NetworkBuffers.check(job(8), taskManagers(8, "2mb", "320mb")));
    }

    @Test
    void theShippedConfigurationsHoldTheirJobs() throws IOException {
        Configuration local = GlobalConfiguration.loadConfiguration(REPO.resolve("deploy/local-cluster").toString());
        assertDoesNotThrow(() -> NetworkBuffers.check(job(local.get(CoreOptions.DEFAULT_PARALLELISM)), local));
        // deploy/kubernetes: the cluster settings of deploy/flink, 8 GiB TaskManagers, parallelism 4.
        Configuration gpu = GlobalConfiguration.loadConfiguration(REPO.resolve("deploy/flink").toString());
        gpu.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("8192m"));
        assertDoesNotThrow(() -> NetworkBuffers.check(job(4), gpu));
    }

    @Test
    void aClientWithoutTheTaskManagersSizesLeavesTheCheckToFlink() throws IOException {
        assertDoesNotThrow(() -> NetworkBuffers.check(job(64), new Configuration()));
    }
}
