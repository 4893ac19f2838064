package io.latentstream.job.network;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobgraph.DistributionPattern;
import org.apache.flink.runtime.jobgraph.IntermediateDataSet;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.taskmanager.NettyShuffleEnvironmentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many network buffers a TaskManager needs to run the job, and a check at submission that it has them.
 *
 * <p>Raw frames want large buffers ({@code RawFrameBuffers}: 2 MiB for 720p), and Flink needs a fixed
 * number of buffers per subtask that grows with the parallelism: each keyed output holds one per
 * receiving subtask plus one, and each keyed input two per channel from another TaskManager plus one
 * (Flink's {@code NettyShuffleUtils} and {@code InputGateSpecUtils}, whose rules are restated here:
 * calling them from the job jar breaks on the commons-lang3 it bundles). This job has two keyed edges (raw
 * frames and control to the encoder; its other paths are chained), so a TaskManager of s slots needs
 * s x (6p - 4s + 4) buffers at parallelism p: a fixed 64 buffers of 2 MiB held the job at p = 2 and left
 * it restarting forever at p = 8 on one TaskManager ("Insufficient number of network buffers").
 * Counted here from the job's own graph, as Flink counts them, so that a TaskManager too small is
 * refused in one line before the job starts.
 */
public final class NetworkBuffers {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkBuffers.class);

    /** Beyond every pool at its maximum: what keeps Flink's usage warning (at 100% of its buffers) quiet. */
    private static final int SPARE = 1;

    private NetworkBuffers() {}

    /**
     * The buffers Flink requires on one TaskManager of {@code slots} slots, each holding one subtask
     * of every vertex (slot sharing); channels from subtasks on the same TaskManager need no
     * exclusive buffers, and pointwise edges stay within a slot.
     */
    public static int required(JobGraph graph, int slots, Configuration conf) {
        return count(graph, slots, shuffle(conf, MemorySize.ZERO), false);
    }

    /**
     * What to give a TaskManager of {@code slots} slots: the most its buffer pools take, each at its
     * maximum (memory past it is never used), and one buffer to spare. Flink shares what exceeds the
     * required buffers among all pools alike, so the raw-frame edge holds as many frames as it may
     * only when every pool can: at parallelism 2, the required buffers and 16 more per slot ran the
     * job on cheap sparse frames at 0.71 of its codec, 32 more at 0.74, 64 more at 1.01
     * (docs/decisions.md). The spare buffer because Flink warns, at every start, that network
     * throughput may suffer when its pools may take all of its buffers, as they then exactly would.
     */
    public static int recommended(JobGraph graph, int slots, Configuration conf) {
        return recommended(graph, slots, shuffle(conf, MemorySize.ZERO));
    }

    private static int recommended(JobGraph graph, int slots, NettyShuffleEnvironmentConfiguration net) {
        return count(graph, slots, net, true) + SPARE;
    }

    /**
     * The buffers of one TaskManager's pools, at their minimum (what Flink requires) or at their
     * maximum: a result partition's pool one per subpartition plus one, at most Flink's buffers per
     * channel for each and its floating buffers (NettyShuffleUtils.getMinMaxNetworkBuffersPerResultPartition);
     * an input gate's one floating buffer, at most its floating buffers, and the exclusive ones of
     * its remote channels (getMinMaxFloatingBuffersPerInputGate, InputGateSpecUtils).
     */
    private static int count(JobGraph graph, int slots, NettyShuffleEnvironmentConfiguration net, boolean most) {
        int floating = most ? net.floatingNetworkBuffersPerGate() : 1;
        int buffers = 0;
        for (JobVertex v : graph.getVertices()) {
            int subtasks = Math.min(slots, v.getParallelism());
            int perSubtask = 0;
            for (IntermediateDataSet out : v.getProducedDataSets()) {
                JobEdge edge = out.getConsumers().get(0);
                int subpartitions = peers(edge.getDistributionPattern(), v.getParallelism(),
                        edge.getTarget().getParallelism());
                perSubtask += most ? Math.max(subpartitions + 1,
                        subpartitions * net.networkBuffersPerChannel() + floating) : subpartitions + 1;
            }
            for (JobEdge in : v.getInputs()) {
                int producers = in.getSource().getProducer().getParallelism();
                int channels = peers(in.getDistributionPattern(), v.getParallelism(), producers);
                int remote = in.getDistributionPattern() == DistributionPattern.ALL_TO_ALL
                        ? Math.max(0, channels - Math.min(slots, producers)) : 0;
                perSubtask += floating + remote * exclusivePerChannel(net, channels);
            }
            buffers += subtasks * perSubtask;
        }
        return buffers;
    }

    /** Flink's network settings for TaskManagers of conf with networkMemory for buffers. */
    private static NettyShuffleEnvironmentConfiguration shuffle(Configuration conf, MemorySize networkMemory) {
        return NettyShuffleEnvironmentConfiguration.fromConfiguration(conf, networkMemory, false,
                InetAddress.getLoopbackAddress());
    }

    /**
     * Refuses graph where conf's TaskManagers cannot hold its buffers. Skipped where conf does not
     * size the TaskManagers (a local environment, a client without the cluster's configuration).
     */
    public static void check(JobGraph graph, Configuration conf) {
        Optional<MemorySize> network = networkMemory(conf);
        if (network.isEmpty()) {
            return;
        }
        int slots = conf.get(TaskManagerOptions.NUM_TASK_SLOTS);
        NettyShuffleEnvironmentConfiguration net = shuffle(conf, network.get());
        int need = count(graph, slots, net, false);
        int recommended = recommended(graph, slots, net);
        long segment = net.networkBufferSize();
        LOG.info("Network buffers of {} on each TaskManager of {} slots: {} required, {} with every pool full and "
                + "one to spare ({}), {} held", flinkSize(segment), slots, need, recommended,
                flinkSize(segment * recommended), net.numNetworkBuffers());
        if (need > net.numNetworkBuffers()) {
            throw new IllegalConfigurationException(String.format(Locale.ROOT,
                    "at parallelism %d the job needs %d network buffers of %s on each TaskManager of %d slots, and "
                    + "they hold %d: set taskmanager.memory.network.min and .max to %s (%d buffers: "
                    + "every buffer pool full, one to spare), or give each TaskManager fewer slots",
                    graph.getMaximumParallelism(), need, flinkSize(segment), slots, net.numNetworkBuffers(),
                    flinkSize(segment * recommended), recommended));
        }
    }

    /** The TaskManagers' network memory as Flink derives it from conf; empty where conf does not size them. */
    static Optional<MemorySize> networkMemory(Configuration conf) {
        try {
            return Optional.of(TaskExecutorProcessUtils.processSpecFromConfig(conf).getNetworkMemSize());
        } catch (IllegalConfigurationException e) {
            return Optional.empty();
        }
    }

    /** The subtasks of the other end that one subtask exchanges with: every one, or its share of them. */
    private static int peers(DistributionPattern pattern, int parallelism, int otherParallelism) {
        return pattern == DistributionPattern.ALL_TO_ALL ? otherParallelism
                : (otherParallelism + parallelism - 1) / parallelism;
    }

    /** Exclusive buffers per remote channel: Flink's configured count, fewer where a gate's required maximum is set. */
    private static int exclusivePerChannel(NettyShuffleEnvironmentConfiguration net, int channels) {
        int perChannel = net.networkBuffersPerChannel();
        int requiredMax = net.maxRequiredBuffersPerGate().orElse(Integer.MAX_VALUE);
        int expected = (int) Math.min(requiredMax, (long) channels * perChannel + 1);
        return Math.min(perChannel, (expected - 1) / channels);
    }

    /** bytes as Flink's configuration writes sizes: whole KiB under a MiB, else MiB rounded up. */
    static String flinkSize(long bytes) {
        return bytes < 1 << 20 ? ((bytes + 1023) >> 10) + "kb" : ((bytes + (1 << 20) - 1) >> 20) + "mb";
    }
}
