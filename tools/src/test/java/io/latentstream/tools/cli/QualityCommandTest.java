package io.latentstream.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.job.JobConfig;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.schema.StreamQuality;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `latentstream quality` on a real broker: windows as a table or as plain JSON, one camera or all. */
@Timeout(120)
class QualityCommandTest {
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> openTransaction;

    @BeforeAll
    static void publishWindows() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, JobConfig.QUALITY_TOPIC);
        var props = kafka.clientProperties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (StreamQuality q : List.of(window("gate-7", 0, 38.5), window("dock-2", 0, Double.NaN),
                    window("gate-7", 10_000, 38.25))) {
                producer.send(new ProducerRecord<>(JobConfig.QUALITY_TOPIC, q.getCameraId().getBytes(StandardCharsets.UTF_8),
                        AvroRecordSerializer.valueBytes(StreamQuality::toByteBuffer, q))).get();
            }
            producer.send(new ProducerRecord<>(JobConfig.QUALITY_TOPIC, new byte[] {1, 2, 3})).get();
        }
        // What a cancelled job leaves: a transaction never committed. Every test reads past the
        // windows before it and stops there, without its window and without waiting on it.
        var transactional = kafka.clientProperties();
        transactional.put("bootstrap.servers", kafka.bootstrapServers());
        transactional.put("transactional.id", "quality-command-test");
        transactional.put("transaction.timeout.ms", "600000");
        openTransaction = new KafkaProducer<>(transactional, new ByteArraySerializer(), new ByteArraySerializer());
        openTransaction.initTransactions();
        openTransaction.beginTransaction();
        StreamQuality uncommitted = window("open-txn", 0, 30.0);
        openTransaction.send(new ProducerRecord<>(JobConfig.QUALITY_TOPIC, uncommitted.getCameraId()
                .getBytes(StandardCharsets.UTF_8), AvroRecordSerializer.valueBytes(StreamQuality::toByteBuffer,
                uncommitted))).get();
    }

    @AfterAll
    static void stop() throws Exception {
        openTransaction.close();
        kafka.close();
    }

    private static StreamQuality window(String camera, long startMillis, double p5) {
        return StreamQuality.newBuilder().setCameraId(camera).setWindowStartMillis(startMillis)
                .setWindowEndMillis(startMillis + 10_000).setFrames(100).setDroppedFrames(1).setRepeatedFrames(0)
                .setMeanPsnr(39.0).setP5Psnr(p5).setMeanBpp(0.0125).setKbitPerSecond(81.5).setKeyFrames(1)
                .setKeyFrameKbitPerSecond(20.0).setInterFrameKbitPerSecond(61.5).setFps(10.0).build();
    }

    private static String run(String... extra) {
        StringWriter out = new StringWriter();
        var cmd = LatentStreamCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        String[] args = Stream.concat(Stream.of("quality", "--bootstrap-servers", kafka.bootstrapServers()),
                Stream.of(extra)).toArray(String[]::new);
        assertEquals(0, cmd.execute(args));
        return out.toString();
    }

    @Test
    void jsonIsOneObjectPerWindowWithPlainValues() throws Exception {
        List<String> lines = run("--json").lines().toList();
        assertEquals(3, lines.size(), "the record that is no StreamQuality is said on stderr, not printed: " + lines);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertEquals(StreamQuality.getClassSchema().getFields().stream().map(Schema.Field::name).toList(), names);
        assertEquals("gate-7", first.get("cameraId").asText());
        assertEquals(38.5, first.get("p5Psnr").asDouble());
        assertEquals(100, first.get("frames").asLong());
        assertTrue(mapper.readTree(lines.get(1)).get("p5Psnr").isNull(), "NaN is null: " + lines.get(1));
    }

    @Test
    void oneCamerasWindowsAsATable() {
        List<String> lines = run("--camera", "gate-7").lines().toList();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("| camera | window start (UTC) |"), lines.get(0));
        assertTrue(lines.get(2).startsWith("| gate-7 | 1970-01-01T00:00:00Z | 100 | 1 | 1 | 39.00 | 38.50 |"), lines.get(2));
        assertTrue(lines.get(3).startsWith("| gate-7 | 1970-01-01T00:00:10Z |"), lines.get(3));
    }

    @Test
    void aTopicWithNoWindowsPrintsTheHeaderAndReturns() throws Exception {
        kafka.createTopics(1, "quality-empty");
        assertEquals(2, run("--topic", "quality-empty").lines().count(), "the header and its rule");
    }
}
