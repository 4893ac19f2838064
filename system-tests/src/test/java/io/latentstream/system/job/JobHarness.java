package io.latentstream.system.job;

import io.latentstream.codec.frame.DataDirectory;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.job.JobConfig;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A real KRaft broker, a Flink MiniCluster with two TaskManagers, and real camera footage. */
final class JobHarness implements AutoCloseable {
    static final String RAW = JobConfig.RAW_TOPIC;
    static final String COMPRESSED = JobConfig.COMPRESSED_TOPIC;
    static final String QUALITY = JobConfig.QUALITY_TOPIC;
    static final String REJECTED = JobConfig.DEAD_LETTER_TOPIC;
    static final String CONTROL = JobConfig.CONTROL_TOPIC;

    final EmbeddedKafka kafka;
    final MiniCluster flink;

    JobHarness() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createJobTopics(2);
        Configuration conf = new Configuration();
        // Bounded restarts: a job that cannot recover fails the test instead of hanging it.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(1));
        flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                // One slot per TaskManager: a parallelism-2 job then runs on both, so stopping
                // either one is certain to hit it.
                .setNumTaskManagers(2).setNumSlotsPerTaskManager(1).build());
        flink.start();
    }

    static Path repo() {
        return io.latentstream.codec.model.ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.repo", "")));
    }

    static Path modelDir() {
        return repo().resolve(io.latentstream.codec.model.ModelBundle.DEFAULT_MODEL_DIR);
    }

    /** The first frames of a fixed 320x240 traffic camera. */
    static List<RgbImage> trafficClip(int frames) {
        try {
            return FrameReader.read(DataDirectory.beside(repo()).resolve("video/bgslibrary-traffic/video02.avi"),
                    frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JobConfig config(String... extra) throws IOException {
        return config(2, extra);
    }

    JobConfig config(int parallelism, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--model", modelDir().toString(),
                "--start-from-earliest",
                "--checkpoint-interval-ms", "1000",
                "--parallelism", Integer.toString(parallelism),
                "--onnx-threads", "1",
                "--quality-window-s", "2"));
        args.addAll(List.of(extra));
        return JobConfig.parse(args.toArray(String[]::new));
    }

    /** Cameras publishing feeds to the raw topic in real time, in the background; completes with the frames sent. */
    CompletableFuture<Long> camerasInBackground(List<CameraSimulator.Feed> feeds, int frames, double fps) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new CameraSimulator(kafka.bootstrapServers(), RAW, new Properties()).run(feeds, frames, fps, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A producer of raw bytes to the broker: hand-made records and control messages. */
    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static final BoundedAvroDecoder<CompressedFrame> COMPRESSED_FRAMES = BoundedAvroDecoder.compressedFrames();

    static CompressedFrame compressed(byte[] value) {
        return COMPRESSED_FRAMES.decode(value);
    }

    @Override
    public void close() throws Exception {
        try {
            flink.close();
        } finally {
            kafka.close();
        }
    }
}
