package io.latentstream.job.kafka;

import io.latentstream.job.JobConfig;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker in this JVM (Kafka's own cluster test kit), for
 * the embedded demo and the integration tests. Transactions work: their internal
 * topics are configured for one replica.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("message.max.bytes", "16777216")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates the job's topics under their default names: frames in and out with
     * framePartitions partitions (the job's parallelism), quality, dead letters and
     * control with one.
     */
    public void createJobTopics(int framePartitions) throws Exception {
        createTopics(framePartitions, JobConfig.RAW_TOPIC, JobConfig.COMPRESSED_TOPIC);
        createTopics(1, JobConfig.QUALITY_TOPIC, JobConfig.DEAD_LETTER_TOPIC, JobConfig.CONTROL_TOPIC);
    }

    /** Creates topics (idempotently): a KafkaSource on a missing topic would wait forever. */
    public void createTopics(int partitions, String... topics) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            for (String t : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1)
                            .configs(java.util.Map.of("max.message.bytes", "16777216")))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
