package io.latentstream.system.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import io.latentstream.job.network.NetworkBuffers;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job's count of network buffers is Flink's: TaskManagers holding exactly that many run every
 * task of the job, and one buffer fewer fails it. Two TaskManagers of two slots at parallelism 4,
 * so each keyed input has channels from its own TaskManager and from the other.
 */
class NetworkBuffersClusterTest {
    private static final int TASK_MANAGERS = 2;
    private static final int SLOTS = 2;
    private static final long SEGMENT = 32 * 1024;

    @Test
    @Timeout(180)
    void exactlyTheCountedBuffersRunTheJobAndOneFewerFailsIt() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createJobTopics(TASK_MANAGERS * SLOTS);
            JobConfig config = JobConfig.parse("--bootstrap-servers", kafka.bootstrapServers(),
                    "--model", JobHarness.modelDir().toString(), "--parallelism", Integer.toString(TASK_MANAGERS * SLOTS),
                    "--onnx-threads", "1");
            int required = NetworkBuffers.required(LatentStreamJob.jobGraph(config), SLOTS, new Configuration());
            assertTrue(allTasksRun(config, required), "every task running with " + required + " buffers");
            Throwable failure = assertFails(config, required - 1);
            assertTrue(ExceptionUtils.findThrowableWithMessage(failure, "Insufficient number of network buffers")
                    .isPresent(), () -> "failed for another reason: " + ExceptionUtils.stringifyException(failure));
        }
    }

    private static MiniCluster cluster(int buffers) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, new MemorySize(SEGMENT));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, new MemorySize(buffers * SEGMENT));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, new MemorySize(buffers * SEGMENT));
        MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(TASK_MANAGERS).setNumSlotsPerTaskManager(SLOTS).build());
        flink.start();
        return flink;
    }

    private static boolean allTasksRun(JobConfig config, int buffers) throws Exception {
        try (MiniCluster flink = cluster(buffers)) {
            JobID job = submit(flink, config);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                AccessExecutionGraph graph = flink.getExecutionGraph(job).get();
                if (graph.getState().isGloballyTerminalState()) {
                    return false;
                }
                boolean running = true;
                for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                    running &= v.getExecutionState() == ExecutionState.RUNNING;
                }
                if (running) {
                    return true;
                }
                Thread.sleep(200);
            }
            return false;
        }
    }

    private static Throwable assertFails(JobConfig config, int buffers) throws Exception {
        try (MiniCluster flink = cluster(buffers)) {
            JobID job = submit(flink, config);
            try {
                flink.requestJobResult(job).get().toJobExecutionResult(NetworkBuffersClusterTest.class.getClassLoader());
            } catch (Exception e) {
                return e;
            }
            throw new AssertionError("the job ran with " + buffers + " buffers");
        }
    }

    private static JobID submit(MiniCluster flink, JobConfig config) throws Exception {
        JobGraph graph = LatentStreamJob.jobGraph(config);
        flink.submitJob(graph).get();
        return graph.getJobID();
    }
}
