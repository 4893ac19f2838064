package io.latentstream.tools.cli;

import io.latentstream.tools.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", description = "Run a real single-node KRaft Kafka broker in this process until interrupted, "
        + "with the job's topics created; prints its bootstrap servers.")
final class KafkaCommand implements Callable<Integer> {
    @Option(names = "--partitions", defaultValue = "2",
            description = "partitions of the raw and compressed topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--data-dir", description = "keep the broker's data here; a broker started again on it (and the "
            + "same --port) comes back with its topics and offsets (default: a temporary folder, deleted on exit)")
    Path dataDir;

    @Option(names = "--port", defaultValue = "0", description = "client listener port (default: any free port)")
    int port;

    @Option(names = "--sasl", description = "clients authenticate (SASL_PLAINTEXT, PLAIN, one user with a password "
            + "drawn at the first start); the client properties are printed and kept in the data directory")
    boolean sasl;

    @Option(names = "--tls", description = "the client listener speaks TLS with a self-signed certificate for "
            + "localhost made at the first start (with --sasl: SASL_SSL); clients get its trust store")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port, sasl, tls)) {
            kafka.createJobTopics(partitions);
            // One line per client setting besides bootstrap.servers, as --kafka-property takes it.
            kafka.clientProperties().forEach((k, v) -> {
                if (!k.equals("bootstrap.servers")) {
                    System.out.println("kafka-property " + k + "=" + v);
                }
            });
            System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
