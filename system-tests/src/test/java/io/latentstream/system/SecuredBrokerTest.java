package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A broker that takes only authenticated clients (SASL/PLAIN), in clear or over TLS, used by
 * the job on the standalone cluster, the simulator and the consumer, each through
 * --kafka-property as README says.
 */
class SecuredBrokerTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"SASL_PLAINTEXT, --sasl", "SASL_SSL, --sasl --tls"})
    @Timeout(600)
    void theJobSimulatorAndConsumerAuthenticate(String protocol, String brokerFlags, @TempDir Path tmp)
            throws Exception {
        try (Processes.Broker broker = new Processes.Broker(tmp.resolve("kafka"), brokerFlags.split(" "));
             Processes.FlinkCluster flink = new Processes.FlinkCluster(tmp.resolve("flink"))) {
            assertEquals(protocol, broker.clientProperties.get("security.protocol"));
            Properties anonymous = new Properties();
            anonymous.put("bootstrap.servers", broker.bootstrapServers);
            anonymous.put("request.timeout.ms", "3000");
            anonymous.put("default.api.timeout.ms", "5000");
            try (Admin admin = Admin.create(anonymous)) {
                assertThrows(Exception.class, () -> admin.listTopics().names().get(),
                        "a client without credentials gets nothing");
            }

            int frames = 15;
            String job = flink.submit(StandaloneClusterFaultTest.jobArgs(broker));
            flink.awaitRunning(job, Duration.ofMinutes(2));
            List<String> simulate = new ArrayList<>(List.of("simulate", "--cameras", "2", "--frames",
                    Integer.toString(frames), "--as-fast-as-possible", "--source", Processes.CLIP.toString()));
            simulate.addAll(broker.kafkaFlags());
            Processes.cli(Duration.ofMinutes(2), simulate);
            List<String> consume = new ArrayList<>(List.of("consume", "--max-frames", Integer.toString(2 * frames),
                    "--idle-timeout-s", "120"));
            consume.addAll(broker.kafkaFlags());
            String table = Processes.cli(Duration.ofMinutes(4), consume);
            long decoded = table.lines().filter(l -> l.startsWith("| cam-"))
                    .mapToLong(l -> Long.parseLong(l.split("\\|")[5].trim())).sum();
            assertEquals(2L * frames, decoded, table);
            assertEquals("RUNNING", flink.jobState(job));
        }
    }
}
