package io.latentstream.job;

import io.latentstream.operators.BatchingEncodeOperator;
import io.latentstream.operators.EncoderSettings;
import io.latentstream.job.network.NetworkBuffers;
import io.latentstream.job.placement.CameraKey;
import io.latentstream.job.placement.CameraPlacement;
import io.latentstream.job.quality.CameraQualityWindows;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.job.serialization.RecordHeaders;
import io.latentstream.job.source.KafkaRecord;
import io.latentstream.job.source.KafkaRecordDeserializer;
import io.latentstream.job.validate.ControlValidator;
import io.latentstream.job.validate.FrameValidator;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.EncoderControl;
import io.latentstream.schema.RawFrame;
import io.latentstream.schema.RejectedFrame;
import io.latentstream.schema.StreamQuality;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The LatentStream job: raw frames from Kafka, validated, encoded per camera, written
 * exactly once as CompressedFrames; rejected records to a dead-letter topic; windowed
 * per-camera StreamQuality to a quality topic; operators' key-frame and rate-level
 * requests from a control topic.
 *
 * <pre>
 * KafkaSource(raw) -> FrameValidator --rejected--> KafkaSink(dead letters)
 *                          |
 *                     keyBy(camera)            KafkaSink(dead letters) <--rejected--
 *                          |                                                        |
 *                   BatchingEncodeOperator <- keyBy(camera) <- ControlValidator <- KafkaSource(control)
 *                          |
 *                          +-> KafkaSink(compressed, exactly once)
 *                          +-> CameraQualityWindows(capture time), chained -> KafkaSink(quality)
 * </pre>
 *
 * The encoder's keyBy places the fleet's cameras evenly over its subtasks ({@link CameraPlacement}).
 * Submit with {@code flink run -c io.latentstream.job.LatentStreamJob flink-job.jar --bootstrap-servers ...}.
 */
public final class LatentStreamJob {
    private static final TypeInformation<CameraKey> CAMERA_KEY = TypeInformation.of(CameraKey.class);

    private LatentStreamJob() {}

    public static void main(String[] args) throws Exception {
        if (JobConfig.helpRequested(args)) {
            System.out.print(JobConfig.usage());
            return;
        }
        JobConfig config = JobConfig.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        // A TaskManager short of network buffers would fail the job's tasks and restart them forever.
        NetworkBuffers.check(env.getStreamGraph(false).getJobGraph(), Configuration.fromMap(env.getConfiguration().toMap()));
        env.execute("latentstream " + config.rawTopic + " -> " + config.compressedTopic);
    }

    /** The job's graph for config as Flink runs it: for sizing TaskManagers before a cluster exists. */
    public static JobGraph jobGraph(JobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        build(env, config);
        return env.getStreamGraph().getJobGraph();
    }

    /** Adds the job's pipeline to env (tests and the demo run it on their own environments). */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        if (config.parallelism > 0) {
            env.setParallelism(config.parallelism);
        }
        env.setMaxParallelism(config.maxParallelism);
        env.enableCheckpointing(config.checkpointIntervalMillis, CheckpointingMode.EXACTLY_ONCE);

        SingleOutputStreamOperator<RawFrame> valid = env
                .fromSource(source(config, config.rawTopic), WatermarkStrategy.noWatermarks(), "raw frames")
                .uid("raw-source")
                .process(new FrameValidator(config.maxPixels, config.maxRecordBytes))
                .uid("validate").name("validate");
        SingleOutputStreamOperator<EncoderControl> control = env
                .fromSource(source(config, config.controlTopic), WatermarkStrategy.noWatermarks(), "control")
                .uid("control-source")
                .process(new ControlValidator())
                .uid("validate-control").name("validate control");

        // Each validator's rejections go to a dead-letter sink chained to it: no network edge, and
        // no buffer pools (NetworkBuffers).
        valid.getSideOutput(FrameValidator.REJECTED)
                .sinkTo(deadLetters(config, "dead-letters"))
                .uid("dead-letter-sink").name("dead letters");
        control.getSideOutput(FrameValidator.REJECTED)
                .sinkTo(deadLetters(config, "control-dead-letters"))
                .uid("control-dead-letter-sink").name("control dead letters");

        CameraPlacement placement = new CameraPlacement(config.cameras, config.maxParallelism);
        EncoderSettings settings = new EncoderSettings(Path.of(config.modelDir).toAbsolutePath().toString(),
                config.encoderVariant, config.defaultLevel, config.cameraLevels, config.defaultKbps, config.cameraKbps,
                config.qualityWindowSeconds * 1000L, config.maxBatch, config.maxWaitMillis, config.msSsimEvery,
                config.onnxThreads, config.gop(), config.cameraIdleTimeoutSeconds * 1000L,
                config.maxCameraStateMb * (1L << 20));
        DataStream<CompressedFrame> compressed = valid
                .keyBy(f -> placement.keyOf(f.getCameraId()), CAMERA_KEY)
                .connect(control.keyBy(c -> placement.keyOf(c.getCameraId()), CAMERA_KEY))
                .transform("encode", TypeInformation.of(CompressedFrame.class), new BatchingEncodeOperator(settings))
                .uid("encode");

        compressed.sinkTo(sink(config, config.compressedTopic, "compressed",
                        new AvroRecordSerializer<CompressedFrame>(config.compressedTopic, f -> f.getCameraId(),
                                f -> f.toByteBuffer(), f -> RecordHeaders.forFrame(f))))
                .uid("compressed-sink").name("compressed frames");

        // The encoder's output is already partitioned by camera key: the quality windows run in its
        // subtasks, chained, with no network edge and no buffer pools (NetworkBuffers).
        DataStreamUtils.reinterpretAsKeyedStream(compressed, f -> placement.keyOf(f.getCameraId()), CAMERA_KEY)
                .process(new CameraQualityWindows(config.qualityWindowSeconds * 1000L))
                // Flink's event-time windows (uid quality-window) until 2026-12-07: a savepoint from
                // before restores with --allowNonRestoredState, dropping its open windows.
                .uid("camera-quality-windows").name("quality windows")
                .sinkTo(sink(config, config.qualityTopic, "quality",
                        new AvroRecordSerializer<StreamQuality>(config.qualityTopic, q -> q.getCameraId(),
                                q -> q.toByteBuffer(), q -> RecordHeaders.forRecord(q))))
                .uid("quality-sink").name("quality");
    }

    private static KafkaSource<KafkaRecord> source(JobConfig config, String topic) {
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(topic)
                .setGroupId(config.groupId)
                .setProperties(config.kafkaClientProperties())
                .setProperty("isolation.level", "read_committed")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        config.startFromEarliest ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new KafkaRecordDeserializer())
                .build();
    }

    private static KafkaSink<RejectedFrame> deadLetters(JobConfig config, String name) {
        return sink(config, config.deadLetterTopic, name, new AvroRecordSerializer<RejectedFrame>(
                config.deadLetterTopic, r -> r.getCameraId(), r -> r.toByteBuffer(), r -> RecordHeaders.forRecord(r)));
    }

    private static <T extends SpecificRecordBase> KafkaSink<T> sink(JobConfig config, String topic, String name,
                                                                     KafkaRecordSerializationSchema<T> serializer) {
        Properties props = config.kafkaClientProperties();
        props.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeoutMillis));
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setKafkaProducerConfig(props)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // Unique per job and sink: two sinks sharing a prefix would fence each other.
                .setTransactionalIdPrefix(config.groupId + "-" + name)
                .build();
    }
}
