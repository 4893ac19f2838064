package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RawFrame;
import io.latentstream.schema.RejectedFrame;
import io.latentstream.schema.StreamQuality;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job submitted with `flink run` to a standalone cluster, through hostile records and
 * the faults a fleet meets: a TaskManager killed outright, a broker killed and restarted.
 */
class StandaloneClusterFaultTest {
    private static final List<String> CAMERAS = List.of("cam-01", "cam-02");
    private static final int FRAMES = 60;

    static List<String> jobArgs(Processes.Broker broker, String... extra) {
        List<String> args = new ArrayList<>(broker.kafkaFlags());
        args.addAll(List.of("--model", Processes.REPO.resolve("models/b18-vr-n96").toString(), "--start-from-earliest",
                "--checkpoint-interval-ms", "2000", "--quality-window-s", "2"));
        args.addAll(List.of(extra));
        return args;
    }

    /** Cameras publishing in real time (5 fps, so a 60-frame run spans 12 s of capture time), in the background. */
    static CompletableFuture<Long> cameras(Processes.Broker broker) throws Exception {
        List<RgbImage> clip = FrameReader.read(Processes.CLIP, FRAMES);
        Properties extra = new Properties();
        extra.putAll(broker.clientProperties);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new CameraSimulator(broker.bootstrapServers, "camera.raw", extra)
                        .run(CameraSimulator.sharedClip(clip, CAMERAS), FRAMES, 5, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void assertQualityForEveryCamera(Processes.Broker broker) {
        List<StreamQuality> quality = Delivery.quality(broker.clientProperties(), l -> CAMERAS.stream()
                .allMatch(c -> l.stream().anyMatch(q -> q.getCameraId().equals(c))), Duration.ofSeconds(60));
        for (String c : CAMERAS) {
            assertTrue(quality.stream().anyMatch(q -> q.getCameraId().equals(c) && q.getFrames() > 0),
                    "quality windows for " + c + ": " + quality);
        }
    }

    @Test
    @Timeout(600)
    void poisonRecordsAndAKilledTaskManagerStopNothing(@TempDir Path tmp) throws Exception {
        try (Processes.Broker broker = new Processes.Broker(tmp.resolve("kafka"));
             Processes.FlinkCluster flink = new Processes.FlinkCluster(tmp.resolve("flink"))) {
            // Ahead of the good frames: a length field claiming 2 GB, a value that is not Avro, an empty value.
            List<Long> badOffsets = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (byte[] bad : List.of(poison(), "not a frame".getBytes(StandardCharsets.UTF_8), new byte[0])) {
                    RecordMetadata m = producer.send(new ProducerRecord<>("camera.raw", 0, null, bad)).get();
                    badOffsets.add(m.offset());
                }
            }
            String job = flink.submit(jobArgs(broker));
            streamThrough(broker, flink, job, () -> {
                flink.killTaskManager(1);
                // A replacement, as Kubernetes would start one; the job restores onto it.
                flink.startTaskManager();
            });
            List<RejectedFrame> dead = Delivery.rejected(broker.clientProperties(), 3, Duration.ofSeconds(30));
            assertEquals(3, dead.size(), "each bad record dead-lettered once: " + dead);
            for (int i = 0; i < 3; i++) {
                RejectedFrame r = dead.get(i);
                assertEquals("MALFORMED_RECORD", r.getReasonCode(), r.getMessage());
                assertEquals((long) badOffsets.get(i), r.getOffset());
                assertEquals(0, r.getPartition());
            }
            assertEquals("RUNNING", flink.jobState(job));
        }
    }

    @Test
    @Timeout(600)
    void aBrokerKilledAndRestartedMidStreamLosesAndDuplicatesNothing(@TempDir Path tmp) throws Exception {
        try (Processes.Broker broker = new Processes.Broker(tmp.resolve("kafka"));
             Processes.FlinkCluster flink = new Processes.FlinkCluster(tmp.resolve("flink"))) {
            String job = flink.submit(jobArgs(broker));
            streamThrough(broker, flink, job, () -> {
                broker.kill();
                Thread.sleep(5000);
                // The same broker: its data directory, its ports. Cameras and job reconnect by themselves.
                broker.start();
            });
        }
    }

    @Test
    @Timeout(300)
    void aParallelismItsTaskManagersCannotHoldIsRefusedAtSubmission(@TempDir Path tmp) throws Exception {
        // Flink would deploy it and restart it forever, short of network buffers; the job refuses first.
        try (Processes.FlinkCluster flink = new Processes.FlinkCluster(tmp.resolve("flink"))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> flink.submit(List.of(
                    "--bootstrap-servers", "localhost:9", "--model", Processes.REPO.resolve("models/b18-vr-n96").toString(),
                    "--parallelism", "40")));
            assertTrue(refused.getMessage().contains("at parallelism 40 the job needs 472 network buffers of 2mb on "
                    + "each TaskManager of 2 slots"), refused.getMessage());
        }
    }

    /** A fault, struck once mid-stream. */
    interface Fault {
        void strike() throws Exception;
    }

    /**
     * Two cameras stream in real time through the running job while the fault strikes, once 20
     * frames are committed; then every frame arrives exactly once and decodes, the job is
     * running again by itself, and the quality topic has windows for both cameras.
     */
    static void streamThrough(Processes.Broker broker, Processes.FlinkCluster flink, String job, Fault fault)
            throws Exception {
        flink.awaitRunning(job, Duration.ofMinutes(2));
        CompletableFuture<Long> cameras = cameras(broker);
        List<CompressedFrame> before = Delivery.compressed(broker.clientProperties(), 20, Duration.ofMinutes(3));
        assertTrue(before.size() >= 20 && before.size() < CAMERAS.size() * FRAMES,
                "the fault must strike mid-stream: " + before.size() + " frames committed");
        fault.strike();
        cameras.get();
        List<CompressedFrame> frames = Delivery.compressed(broker.clientProperties(), CAMERAS.size() * FRAMES,
                Duration.ofMinutes(5));
        flink.awaitRunning(job, Duration.ofMinutes(2));
        Delivery.assertExactlyOnceAndDecodable(frames, CAMERAS, FRAMES);
        assertQualityForEveryCamera(broker);
    }

    /** 18 bytes: RawFrame's single-object header, then a camera id whose length claims 2^31 - 1 bytes. */
    static byte[] poison() throws Exception {
        ByteBuffer good = RawFrame.newBuilder().setCameraId("x").setSequence(0).setCaptureTimeMicros(0).setWidth(1)
                .setHeight(1).setPixelFormat("GRAY8").setPixels(ByteBuffer.wrap(new byte[1])).setHeaders(Map.of())
                .build().toByteBuffer();
        byte[] out = new byte[18];
        good.get(out, 0, 10);
        byte[] length = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f};
        System.arraycopy(length, 0, out, 10, length.length);
        return out;
    }
}
