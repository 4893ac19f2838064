package io.latentstream.tools.flink;

import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import io.latentstream.job.network.NetworkBuffers;
import io.latentstream.operators.RawFrameBuffers;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job on a local Flink (one TaskManager of {@code slots} slots in this process), its network
 * buffers set as the deploy configurations set them: each holds half a raw frame
 * ({@link RawFrameBuffers}), and there are as many as the job's graph lets every buffer pool fill
 * ({@link NetworkBuffers#recommended}). Flink's defaults (32 KiB buffers) make the encode subtasks
 * wait on each other's frames, and the encode operator says so in the log.
 *
 * @param configuration the cluster's configuration; add to it before {@link #environment()}
 * @param slots the TaskManager's slots, and the job's default parallelism
 * @param buffers network buffers of the TaskManager
 */
public record LocalFlink(Configuration configuration, int slots, int buffers) {

    /** Sized for {@code job} at {@code slots} slots and raw frames of at most {@code frameBytes}. */
    public static LocalFlink forFrames(JobConfig job, int slots, long frameBytes) {
        Configuration conf = new Configuration();
        long segment = RawFrameBuffers.segmentSize(frameBytes);
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, new MemorySize(segment));
        int buffers = NetworkBuffers.recommended(LatentStreamJob.jobGraph(job), slots, conf);
        MemorySize network = new MemorySize(segment * buffers);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
        return new LocalFlink(conf, slots, buffers);
    }

    /** A local environment on this configuration, its default parallelism the slots. */
    public StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.createLocalEnvironment(slots, configuration);
    }
}
