package io.latentstream.tools.cli;

import io.latentstream.job.JobConfig;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.StreamQuality;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.quality.QualityRecords;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quality", description = "Print the quality topic's windows (per camera, per window of capture time) "
        + "as a table, or one JSON object per line.")
final class QualityCommand implements Callable<Integer> {
    /** Largest StreamQuality value read: a window is about 150 bytes. */
    private static final int MAX_RECORD_BYTES = 1 << 16;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = JobConfig.QUALITY_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--camera", description = "this camera's windows only (default: every camera)")
    String camera;

    @Option(names = "--json", description = "one JSON object per window, the schema's field names and plain values")
    boolean json;

    @Option(names = "--follow", description = "keep printing windows as they arrive, until interrupted (without it: "
            + "the windows on the topic now, then exit)")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        kafka.requireBroker();
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.print(QualityRecords.tableHeader());
        }
        try (TopicReader<StreamQuality> reader = new TopicReader<>(kafka.bootstrapServers, topic,
                kafka.clientProperties(), BoundedAvroDecoder.qualities(MAX_RECORD_BYTES)::decode)) {
            TopicReader.Batches<StreamQuality> printEach = batch -> {
                for (TopicReader.Read<StreamQuality> r : batch) {
                    print(r, out);
                }
                out.flush();
            };
            if (follow) {
                reader.readUntilIdle(null, () -> false, printEach);
            } else {
                reader.readToEnd(Duration.ofSeconds(kafka.connectTimeoutSeconds), printEach);
            }
        }
        return 0;
    }

    private void print(TopicReader.Read<StreamQuality> r, PrintWriter out) {
        StreamQuality q = r.value();
        if (q == null) {
            System.err.println(topic + "/" + r.partition() + "@" + r.offset() + " is not a StreamQuality: " + r.error());
        } else if (camera == null || camera.equals(q.getCameraId())) {
            out.print(json ? QualityRecords.jsonLine(q) + "\n" : QualityRecords.tableRow(q));
        }
    }
}
