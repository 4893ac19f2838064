package io.latentstream.tools.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Kafka connection options of the commands that talk to a broker. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(names = "--kafka-property", description = "extra Kafka client property KEY=VALUE (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }
}
