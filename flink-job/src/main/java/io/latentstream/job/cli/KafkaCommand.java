package io.latentstream.job.cli;

import io.latentstream.job.kafka.EmbeddedKafka;
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

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createJobTopics(partitions);
            System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
