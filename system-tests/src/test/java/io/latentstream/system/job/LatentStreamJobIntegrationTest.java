package io.latentstream.system.job;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.StreamDecoder;
import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.operators.AvroBytes;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.EncoderCommand;
import io.latentstream.schema.EncoderControl;
import io.latentstream.schema.RawFrame;
import io.latentstream.schema.RejectedFrame;
import io.latentstream.schema.StreamQuality;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.consume.TopicReader.Read;
import io.latentstream.tools.consume.TopicReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole job on a real KRaft broker and a Flink MiniCluster, with real footage and the shipped model. */
class LatentStreamJobIntegrationTest {
    private static final List<String> CAMERAS = List.of("cam-a", "cam-b", "cam-c", "cam-d");
    private static final int FRAMES = 50;

    private static JobClient start(JobHarness h, JobConfig config) throws Exception {
        TestStreamEnvironment env = new TestStreamEnvironment(h.flink, 2);
        LatentStreamJob.build(env, config);
        return env.executeAsync("latentstream-it");
    }

    /** Fails with the job's own error if it died, rather than with a count mismatch later. */
    private static void assertRunning(JobClient job) throws Exception {
        var status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get();
            } catch (Exception e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                throw new AssertionError("job " + status + ": " + root, e);
            }
            throw new AssertionError("job ended: " + status);
        }
    }

    /** Cancels a running job; a job that already failed reports why. */
    private static void stop(JobClient job) throws Exception {
        assertRunning(job);
        job.cancel().get();
    }

    private static TopicReader<CompressedFrame> compressedReader(JobHarness h) {
        return new TopicReader<>(h.kafka.bootstrapServers(), JobHarness.COMPRESSED, new Properties(),
                JobHarness::compressed);
    }

    /** Each (camera, seq) exactly once, in order per camera, with its headers, decoding to the PSNR it carries. */
    private static void assertExactlyOnceInOrder(List<Read<CompressedFrame>> frames, List<RgbImage> clip) throws Exception {
        assertEquals(CAMERAS.size() * clip.size(), frames.size(), "compressed frames under read_committed");
        Set<String> seen = new HashSet<>();
        Map<String, Long> lastSeq = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        LatentCodec decoder = LatentCodec.builder(ModelBundle.load(JobHarness.modelDir()))
                .target(ExecutionTarget.cpu(1)).build();
        for (Read<CompressedFrame> r : frames) {
            CompressedFrame f = r.value();
            String camera = f.getCameraId();
            assertTrue(seen.add(camera + "/" + f.getSequence()), "duplicate " + camera + "/" + f.getSequence());
            assertEquals(r.partition(), partitionOf.computeIfAbsent(camera, c -> r.partition()), "one partition per camera");
            long previous = lastSeq.getOrDefault(camera, -1L);
            assertTrue(f.getSequence() > previous, camera + " out of order: " + f.getSequence() + " after " + previous);
            lastSeq.put(camera, f.getSequence());
            // A router reads what a frame is from its headers, without decoding the value.
            assertEquals(Map.of("content-type", "application/avro; encoding=single-object; record="
                    + CompressedFrame.getClassSchema().getFullName(), "latentstream-model-id", f.getModelId(),
                    "latentstream-frame-type", f.getFrameType()), r.headers(), "headers of " + camera + "/"
                    + f.getSequence());
        }
        // A consumer decodes every frame, in each camera's order, to the PSNR the job put on it.
        Map<String, StreamDecoder> streams = new HashMap<>();
        for (Read<CompressedFrame> r : frames) {
            CompressedFrame f = r.value();
            byte[] bits = AvroBytes.copy(f.getBitstream());
            RgbImage decoded = streams.computeIfAbsent(f.getCameraId(), c -> decoder.streamDecoder())
                    .decode(bits).image();
            int c = CAMERAS.indexOf(f.getCameraId());
            RgbImage original = CameraSimulator.sharedClip(clip, CAMERAS).get(c).frames()
                    .get((int) (f.getSequence() % clip.size()));
            assertEquals(f.getPsnr(), Psnr.of(original, decoded), 0.05, "PSNR carried by " + f.getCameraId()
                    + "/" + f.getSequence());
            assertEquals(8.0 * bits.length / (f.getWidth() * f.getHeight()), f.getBpp(), 1e-9);
        }
    }

    /**
     * Each camera has closed quality windows, and each window's figures are those of the
     * compressed frames whose capture time falls in it.
     */
    private static void assertQualityMatchesFrames(List<StreamQuality> quality, List<Read<CompressedFrame>> frames) {
        for (String camera : CAMERAS) {
            List<StreamQuality> windows = quality.stream().filter(q -> q.getCameraId().equals(camera)).toList();
            assertTrue(windows.size() >= 3, camera + " has " + windows.size() + " quality windows");
            for (StreamQuality q : windows) {
                List<CompressedFrame> in = frames.stream().map(Read::value)
                        .filter(f -> f.getCameraId().equals(camera))
                        .filter(f -> f.getCaptureTimeMicros() / 1000 >= q.getWindowStartMillis()
                                && f.getCaptureTimeMicros() / 1000 < q.getWindowEndMillis())
                        .toList();
                String where = camera + " [" + q.getWindowStartMillis() + ", " + q.getWindowEndMillis() + ")";
                assertEquals(in.size(), q.getFrames(), where + " frames");
                assertEquals(in.stream().mapToDouble(CompressedFrame::getPsnr).average().orElseThrow(), q.getMeanPsnr(),
                        1e-9, where + " mean PSNR");
                assertEquals(in.stream().mapToDouble(CompressedFrame::getBpp).average().orElseThrow(), q.getMeanBpp(),
                        1e-9, where + " mean bpp");
                double seconds = (q.getWindowEndMillis() - q.getWindowStartMillis()) / 1000.0;
                long bits = in.stream().mapToLong(f -> 8L * f.getBitstream().remaining()).sum();
                assertEquals(bits / seconds / 1000, q.getKbitPerSecond(), 1e-9, where + " kbit/s");
                assertEquals(0, q.getDroppedFrames(), where + " dropped");
                assertEquals(0, q.getRepeatedFrames(), where + " repeated");
            }
        }
    }

    /** Key frames per camera: the first frame, and any restore. */
    private static Map<String, Long> keyFrames(List<Read<CompressedFrame>> frames) {
        Map<String, Long> keys = new HashMap<>();
        for (Read<CompressedFrame> r : frames) {
            if (r.value().getFrameType().equals("INTRA")) {
                keys.merge(r.value().getCameraId(), 1L, Long::sum);
            }
        }
        return keys;
    }

    @Test
    @Timeout(300)
    void fourCamerasExactlyOnceInOrder() throws Exception {
        List<RgbImage> clip = JobHarness.trafficClip(FRAMES);
        try (JobHarness h = new JobHarness()) {
            // 5 fps of capture time: 10 s per camera, so 2-s quality windows close behind the
            // watermark (2 s out of orderness) before the clip ends.
            new CameraSimulator(h.kafka.bootstrapServers(), JobHarness.RAW, new Properties())
                    .run(CameraSimulator.sharedClip(clip, CAMERAS), FRAMES, 5, false);
            JobClient job = start(h, h.config("--max-batch", "4"));
            List<Read<CompressedFrame>> frames;
            List<StreamQuality> quality;
            try (TopicReader<CompressedFrame> reader = compressedReader(h);
                 TopicReader<StreamQuality> qualityReader = new TopicReader<>(h.kafka.bootstrapServers(),
                         JobHarness.QUALITY, new Properties(), BoundedAvroDecoder.qualities(1 << 16)::decode)) {
                frames = reader.readUntil(l -> l.size() >= CAMERAS.size() * FRAMES, Duration.ofSeconds(180));
                assertRunning(job);
                // Let a few more checkpoints pass: duplicates would show up now.
                List<Read<CompressedFrame>> more = new java.util.ArrayList<>(frames);
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    reader.poll(more, Duration.ofMillis(200));
                }
                frames = more;
                quality = qualityReader.readUntil(l -> CAMERAS.stream().allMatch(c -> l.stream()
                        .filter(q -> q.value().getCameraId().equals(c)).count() >= 3), Duration.ofSeconds(60))
                        .stream().map(Read::value).toList();
            } finally {
                stop(job);
            }
            assertExactlyOnceInOrder(frames, clip);
            assertQualityMatchesFrames(quality, frames);
            assertTrue(frames.stream().anyMatch(r -> r.value().getFrameType().equals("INTER")), "temporal coding is on");
            assertEquals(Map.of("cam-a", 1L, "cam-b", 1L, "cam-c", 1L, "cam-d", 1L), keyFrames(frames),
                    "one key frame per camera, then inter frames");
        }
    }

    @Test
    @Timeout(300)
    void exactlyOnceAcrossATaskManagerFailure() throws Exception {
        List<RgbImage> clip = JobHarness.trafficClip(FRAMES);
        try (JobHarness h = new JobHarness()) {
            JobClient job = start(h, h.config("--max-batch", "2"));
            // Cameras publish in real time while the job runs, so the failure lands mid-stream.
            CompletableFuture<Long> cameras = h.camerasInBackground(CameraSimulator.sharedClip(clip, CAMERAS), FRAMES, 8);
            List<Read<CompressedFrame>> frames;
            try (TopicReader<CompressedFrame> reader = compressedReader(h)) {
                List<Read<CompressedFrame>> before = reader.readUntil(l -> l.size() >= 20, Duration.ofSeconds(120));
                assertTrue(before.size() >= 20, "job produced committed output before the failure");
                assertTrue(before.size() < CAMERAS.size() * FRAMES, "failure must land mid-stream");
                h.flink.terminateTaskManager(0).get();
                // A replacement TaskManager, as Kubernetes would start one; the job restores onto it.
                h.flink.startTaskManager();
                cameras.get();
                frames = new java.util.ArrayList<>(before);
                frames.addAll(reader.readUntil(l -> before.size() + l.size() >= CAMERAS.size() * FRAMES,
                        Duration.ofSeconds(180)));
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    reader.poll(frames, Duration.ofMillis(200));
                }
            } finally {
                stop(job);
            }
            assertExactlyOnceInOrder(frames, clip);
            // The restored encoders hold no references: the cameras they serve restart with a key frame.
            assertTrue(keyFrames(frames).values().stream().anyMatch(k -> k >= 2), "a restore produces key frames: "
                    + keyFrames(frames));
        }
    }

    @Test
    @Timeout(300)
    void aRescaleFromASavepointKeepsEveryFrameAndEveryCamerasOverride(@TempDir Path savepoints) throws Exception {
        List<RgbImage> clip = JobHarness.trafficClip(FRAMES);
        try (JobHarness h = new JobHarness()) {
            JobGraph before = LatentStreamJob.jobGraph(h.config(2, "--level", "2", "--cameras", String.join(",", CAMERAS)));
            h.flink.submitJob(before).get();
            CompletableFuture<Long> cameras = h.camerasInBackground(CameraSimulator.sharedClip(clip, CAMERAS), FRAMES, 8);
            List<Read<CompressedFrame>> frames;
            try (TopicReader<CompressedFrame> reader = compressedReader(h);
                 KafkaProducer<byte[], byte[]> control = h.producer()) {
                frames = new java.util.ArrayList<>(reader.readUntil(l -> l.size() >= 12, Duration.ofSeconds(120)));
                control.send(new ProducerRecord<>(JobHarness.CONTROL, control("cam-a", EncoderCommand.SET_LEVEL, 4)));
                control.flush();
                frames.addAll(reader.readUntil(l -> l.stream().anyMatch(r -> r.value().getCameraId().equals("cam-a")
                        && r.value().getRateLevel() == 4), Duration.ofSeconds(120)));
                // Down from two subtasks to one: the removed subtask's cameras, their override and its
                // open Kafka transaction all move or end.
                String savepoint = h.flink.stopWithSavepoint(before.getJobID(), savepoints.toString(), false,
                        SavepointFormatType.CANONICAL).get();
                assertTrue(frames.size() < CAMERAS.size() * FRAMES, "the rescale must land mid-stream");
                JobGraph after = LatentStreamJob.jobGraph(h.config(1, "--level", "2", "--cameras",
                        String.join(",", CAMERAS)));
                after.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
                h.flink.submitJob(after).get();
                try {
                    cameras.get();
                    int seen = frames.size();
                    frames.addAll(reader.readUntil(l -> seen + l.size() >= CAMERAS.size() * FRAMES,
                            Duration.ofSeconds(180)));
                    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (System.nanoTime() < until) {
                        reader.poll(frames, Duration.ofMillis(200));
                    }
                } finally {
                    h.flink.cancelJob(after.getJobID()).get();
                }
            }
            assertExactlyOnceInOrder(frames, clip);
            CompressedFrame lastOfA = frames.stream().map(Read::value).filter(f -> f.getCameraId().equals("cam-a"))
                    .reduce((first, second) -> second).orElseThrow();
            assertEquals(4, lastOfA.getRateLevel(), "cam-a's SET_LEVEL outlived the rescale");
            assertTrue(frames.stream().map(Read::value).filter(f -> !f.getCameraId().equals("cam-a"))
                    .allMatch(f -> f.getRateLevel() == 2), "the other cameras kept the job's level");
        }
    }

    @Test
    @Timeout(300)
    void camerasOverTheStateBudgetAreDroppedAndEveryFrameStillPasses() throws Exception {
        int frames = 12;
        List<RgbImage> clip = JobHarness.trafficClip(frames);
        try (JobHarness h = new JobHarness()) {
            // 1 MB holds about one 320x240 camera: each subtask's two cameras keep pushing each other out.
            new CameraSimulator(h.kafka.bootstrapServers(), JobHarness.RAW, new Properties())
                    .run(CameraSimulator.sharedClip(clip, CAMERAS), frames, 5, false);
            JobClient job = start(h, h.config("--max-camera-state-mb", "1", "--cameras", String.join(",", CAMERAS)));
            List<Read<CompressedFrame>> out;
            try (TopicReader<CompressedFrame> reader = compressedReader(h)) {
                out = reader.readUntil(l -> l.size() >= CAMERAS.size() * frames, Duration.ofSeconds(180));
            } finally {
                stop(job);
            }
            // Every frame still passes once and decodes, in each camera's order, to the PSNR it carries.
            assertExactlyOnceInOrder(out, clip);
            Map<String, Long> keys = keyFrames(out);
            assertTrue(keys.values().stream().mapToLong(Long::longValue).sum() > 2L * CAMERAS.size(),
                    "dropped cameras restart with key frames: " + keys);
        }
    }

    @Test
    @Timeout(300)
    void camerasWhoseClocksRunAheadLeaveTheOthersQualityWindowsWhole() throws Exception {
        int frames = 40;
        List<RgbImage> clip = JobHarness.trafficClip(frames);
        try (JobHarness h = new JobHarness()) {
            try (KafkaProducer<byte[], byte[]> producer = h.producer()) {
                RgbImage f = clip.get(0);
                long now = System.currentTimeMillis();
                // An RTC reset to 2038, and a camera half a minute ahead.
                for (var ahead : Map.of("cam-2038", 365L * 24 * 3600 * 1000, "cam-ahead", 30_000L).entrySet()) {
                    byte[] record = raw(ahead.getKey(), 0, (now + ahead.getValue()) * 1000, f.width(), f.height(),
                            "RGB24", f.rgb());
                    producer.send(new ProducerRecord<>(JobHarness.RAW, ahead.getKey().getBytes(StandardCharsets.UTF_8),
                            record)).get();
                }
            }
            new CameraSimulator(h.kafka.bootstrapServers(), JobHarness.RAW, new Properties())
                    .run(CameraSimulator.sharedClip(clip, CAMERAS), frames, 5, false);
            // One subtask reads and encodes every camera: Flink's watermarks would carry the cameras
            // ahead's time to the others' windows and make their frames late.
            JobClient job = start(h, h.config(1));
            try (TopicReader<StreamQuality> quality = new TopicReader<>(h.kafka.bootstrapServers(), JobHarness.QUALITY,
                    new Properties(), BoundedAvroDecoder.qualities(1 << 16)::decode)) {
                // A camera's last windows close when it has been silent for 30 s.
                List<StreamQuality> windows = quality.readUntil(l -> CAMERAS.stream().allMatch(c -> framesIn(l, c)
                        == frames), Duration.ofSeconds(150)).stream().map(Read::value).toList();
                for (String c : CAMERAS) {
                    assertEquals(frames, windows.stream().filter(q -> q.getCameraId().equals(c))
                            .mapToLong(StreamQuality::getFrames).sum(), "every frame of " + c + " in its windows");
                }
            } finally {
                stop(job);
            }
        }
    }

    private static long framesIn(List<Read<StreamQuality>> windows, String camera) {
        return windows.stream().map(Read::value).filter(q -> q.getCameraId().equals(camera))
                .mapToLong(StreamQuality::getFrames).sum();
    }

    @Test
    @Timeout(300)
    void badRecordsGoToTheDeadLetterTopicAndGoodFramesPass() throws Exception {
        List<RgbImage> clip = JobHarness.trafficClip(6);
        try (JobHarness h = new JobHarness()) {
            Map<String, String> expectedReasons = new HashMap<>();
            try (KafkaProducer<byte[], byte[]> producer = h.producer()) {
                java.util.function.BiConsumer<String, byte[]> send = (camera, value) -> producer.send(
                        new ProducerRecord<>(JobHarness.RAW, camera.getBytes(StandardCharsets.UTF_8), value));
                RgbImage img = clip.get(0);
                send.accept("bad-avro", "this is not avro".getBytes(StandardCharsets.UTF_8));
                expectedReasons.put("bad-avro", "MALFORMED_RECORD");
                send.accept("cam-short", raw("cam-short", 0, img.width(), img.height(), "RGB24",
                        java.util.Arrays.copyOf(img.rgb(), 1000)));
                expectedReasons.put("cam-short", "SIZE_MISMATCH");
                send.accept("cam-yuyv", raw("cam-yuyv", 0, img.width(), img.height(), "YUYV", img.rgb()));
                expectedReasons.put("cam-yuyv", "UNKNOWN_PIXEL_FORMAT");
                send.accept("cam-huge", raw("cam-huge", 0, 400, 300, "GRAY8", new byte[400 * 300]));
                expectedReasons.put("cam-huge", "TOO_LARGE");
                send.accept("cam-jpeg", raw("cam-jpeg", 0, img.width(), img.height(), "JPEG", new byte[] {1, 2, 3}));
                expectedReasons.put("cam-jpeg", "UNDECODABLE_IMAGE");
                for (int seq = 0; seq < clip.size(); seq++) {
                    RgbImage f = clip.get(seq);
                    send.accept("cam-good", raw("cam-good", seq, f.width(), f.height(), "RGB24", f.rgb()));
                }
                producer.flush();
            }
            JobClient job = start(h, h.config("--max-pixels", "100000"));
            try (TopicReader<CompressedFrame> good = compressedReader(h);
                 TopicReader<RejectedFrame> dead = new TopicReader<>(h.kafka.bootstrapServers(), JobHarness.REJECTED,
                         new Properties(), LatentStreamJobIntegrationTest::rejected)) {
                List<Read<CompressedFrame>> frames = good.readUntil(l -> l.size() >= clip.size(), Duration.ofSeconds(120));
                List<Read<RejectedFrame>> rejects = dead.readUntil(l -> l.size() >= expectedReasons.size(),
                        Duration.ofSeconds(60));
                assertEquals(clip.size(), frames.size());
                assertTrue(frames.stream().allMatch(r -> r.value().getCameraId().equals("cam-good")));
                assertEquals(expectedReasons.size(), rejects.size());
                for (Read<RejectedFrame> r : rejects) {
                    RejectedFrame f = r.value();
                    assertEquals(JobHarness.RAW, f.getSourceTopic());
                    assertTrue(f.getOffset() >= 0);
                    assertTrue(!f.getMessage().isBlank());
                    String camera = f.getCameraId() != null ? f.getCameraId() : "bad-avro";
                    assertEquals(expectedReasons.get(camera), f.getReasonCode(), camera + ": " + f.getMessage());
                }
            } finally {
                stop(job);
            }
        }
    }

    @Test
    @Timeout(300)
    void controlMessagesRequestKeyFramesAndSwitchRateLevels() throws Exception {
        int frames = 60;
        List<RgbImage> clip = JobHarness.trafficClip(frames);
        List<String> camera = List.of("cam-a");
        try (JobHarness h = new JobHarness()) {
            JobClient job = start(h, h.config("--level", "2"));
            CompletableFuture<Long> cameras = h.camerasInBackground(CameraSimulator.sharedClip(clip, camera), frames, 6);
            List<Read<CompressedFrame>> out;
            try (TopicReader<CompressedFrame> reader = compressedReader(h);
                 TopicReader<RejectedFrame> dead = new TopicReader<>(h.kafka.bootstrapServers(), JobHarness.REJECTED,
                         new Properties(), LatentStreamJobIntegrationTest::rejected);
                 KafkaProducer<byte[], byte[]> control = h.producer()) {
                out = new java.util.ArrayList<>(reader.readUntil(l -> l.size() >= 10, Duration.ofSeconds(120)));
                control.send(new ProducerRecord<>(JobHarness.CONTROL, control("cam-a", EncoderCommand.KEY_FRAME, null)));
                control.send(new ProducerRecord<>(JobHarness.CONTROL, "not avro".getBytes(StandardCharsets.UTF_8)));
                control.flush();
                int seen = out.size();
                out.addAll(reader.readUntil(l -> seen + l.size() >= 25, Duration.ofSeconds(120)));
                control.send(new ProducerRecord<>(JobHarness.CONTROL, control("cam-a", EncoderCommand.SET_LEVEL, 5)));
                control.flush();
                cameras.get();
                int seen2 = out.size();
                out.addAll(reader.readUntil(l -> seen2 + l.size() >= frames, Duration.ofSeconds(120)));
                List<Read<RejectedFrame>> rejects = dead.readUntil(l -> !l.isEmpty(), Duration.ofSeconds(60));
                assertEquals(1, rejects.size());
                assertEquals(JobHarness.CONTROL, rejects.get(0).value().getSourceTopic());
                assertEquals("BAD_CONTROL_MESSAGE", rejects.get(0).value().getReasonCode());
            } finally {
                stop(job);
            }
            assertEquals(frames, out.size());
            List<CompressedFrame> f = out.stream().map(Read::value).toList();
            int firstAtFive = java.util.stream.IntStream.range(0, frames).filter(i -> f.get(i).getRateLevel() == 5)
                    .findFirst().orElseThrow(() -> new AssertionError("SET_LEVEL 5 never took effect"));
            assertTrue(f.subList(0, firstAtFive).stream().allMatch(x -> x.getRateLevel() == 2));
            assertTrue(f.subList(firstAtFive, frames).stream().allMatch(x -> x.getRateLevel() == 5));
            assertEquals("INTRA", f.get(firstAtFive).getFrameType(), "a level change starts with a key frame");
            long requested = f.subList(1, firstAtFive).stream().filter(x -> x.getFrameType().equals("INTRA")).count();
            assertTrue(requested >= 1, "the KEY_FRAME request produced a key frame before the level change");
        }
    }

    @Test
    @Timeout(300)
    void aCameraSilentPastItsIdleTimeoutRestartsWithAKeyFrame() throws Exception {
        List<RgbImage> clip = JobHarness.trafficClip(5);
        List<String> camera = List.of("cam-a");
        try (JobHarness h = new JobHarness()) {
            JobClient job = start(h, h.config("--camera-idle-timeout-s", "2"));
            CameraSimulator cameras = new CameraSimulator(h.kafka.bootstrapServers(), JobHarness.RAW, new Properties());
            List<CompressedFrame> out = new java.util.ArrayList<>();
            try (TopicReader<CompressedFrame> reader = compressedReader(h)) {
                cameras.run(CameraSimulator.sharedClip(clip, camera), 5, 5, false);
                reader.readUntil(l -> l.size() >= 5, Duration.ofSeconds(120)).forEach(r -> out.add(r.value()));
                Thread.sleep(4000);
                cameras.run(CameraSimulator.sharedClip(clip, camera), 5, 5, false);
                reader.readUntil(l -> l.size() >= 5, Duration.ofSeconds(60)).forEach(r -> out.add(r.value()));
            } finally {
                stop(job);
            }
            List<String> types = out.stream().map(CompressedFrame::getFrameType).toList();
            assertEquals(List.of("INTRA", "INTER", "INTER", "INTER", "INTER", "INTRA", "INTER", "INTER", "INTER", "INTER"),
                    types, "the encoder was dropped while the camera was silent; it came back with a key frame");
        }
    }

    private static byte[] control(String camera, EncoderCommand command, Integer level) {
        return AvroRecordSerializer.valueBytes(EncoderControl::toByteBuffer, EncoderControl.newBuilder()
                .setCameraId(camera).setCommand(command).setLevel(level)
                .setRequestedAtMicros(System.currentTimeMillis() * 1000).build());
    }


    private static byte[] raw(String camera, long seq, int w, int h, String format, byte[] pixels) {
        return raw(camera, seq, System.currentTimeMillis() * 1000, w, h, format, pixels);
    }

    private static byte[] raw(String camera, long seq, long captureMicros, int w, int h, String format, byte[] pixels) {
        return AvroRecordSerializer.valueBytes(RawFrame::toByteBuffer, RawFrame.newBuilder().setCameraId(camera)
                .setSequence(seq).setCaptureTimeMicros(captureMicros).setWidth(w).setHeight(h)
                .setPixelFormat(format).setPixels(ByteBuffer.wrap(pixels)).setHeaders(Map.of()).build());
    }

    private static RejectedFrame rejected(byte[] value) {
        return BoundedAvroDecoder.rejectedFrames(1 << 16).decode(value);
    }
}
