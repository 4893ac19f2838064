package io.latentstream.tools.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import picocli.CommandLine.Option;

/** Kafka connection options of the commands that talk to a broker. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(names = "--kafka-property", description = "extra Kafka client property KEY=VALUE (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--connect-timeout-s", defaultValue = "10", description = "give up when no broker answers within "
            + "this long (default: ${DEFAULT-VALUE})")
    int connectTimeoutSeconds;

    Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }

    /**
     * Fails when no broker answers within the connect timeout: Kafka's clients retry an
     * unreachable address forever, so without this a command would read nothing and succeed.
     */
    void requireBroker() throws BrokerUnreachableException {
        Properties p = clientProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Admin admin = Admin.create(p);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(connectTimeoutSeconds * 1000))
                    .nodes().get(connectTimeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BrokerUnreachableException("no Kafka broker answered at " + bootstrapServers + " within "
                    + connectTimeoutSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted while reaching " + bootstrapServers);
        } finally {
            // close() would wait out the pending request's full timeout.
            admin.close(Duration.ZERO);
        }
    }

    /** No broker answered: the command cannot do its work. */
    static final class BrokerUnreachableException extends Exception {
        BrokerUnreachableException(String message) {
            super(message);
        }
    }
}
