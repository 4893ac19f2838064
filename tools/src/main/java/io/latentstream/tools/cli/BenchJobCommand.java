package io.latentstream.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamBatch;
import io.latentstream.codec.stream.StreamEncoder;
import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import io.latentstream.job.placement.CameraPlacement;
import io.latentstream.operators.RawFrameBuffers;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.flink.LocalFlink;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-job", description = "Frames/s of the whole job (Kafka -> encode -> Kafka, exactly once) against "
        + "the codec alone doing the encode operator's work (key and inter frames, reconstruction, PSNR) on the same "
        + "frames and threads, in one run.")
final class BenchJobCommand implements Callable<Integer> {
    /** Capture rate of the simulated cameras: GOP times follow it, so both sides code the same key frames. */
    private static final double FPS = 10;

    @Option(names = "--source", description = "video or image folder (default: the Intel parking-lot clip)")
    Path source;

    @Option(names = "--size", description = "scale the video to WIDTHxHEIGHT (default: its own size)")
    String size;

    // The job is told the fleet (--cameras), so it spreads even a handful evenly over its subtasks.
    @Option(names = "--cameras", defaultValue = "16", description = "(default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--frames", defaultValue = "10", description = "frames per camera (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism = codec-only threads (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--max-batch", defaultValue = "" + JobConfig.DEFAULT_MAX_BATCH, description = "(default: ${DEFAULT-VALUE}, the job's)")
    int maxBatch;

    @Option(names = "--level", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
    int level;

    @Option(names = "--change-threshold", split = ",", defaultValue = "" + GopSettings.DEFAULT_CHANGE_THRESHOLD,
            description = "sparse analysis, as the job's flag; a list (0,3: dense, then sparse) measures each in turn, "
                    + "in one run (default: ${DEFAULT-VALUE})")
    List<Float> changeThresholds;

    @Option(names = "--encoder", split = ",", defaultValue = ModelBundle.FULL_ENCODER,
            description = "the job's encoder network; a list (full,int8) runs each with every change threshold, in "
                    + "one run (default: ${DEFAULT-VALUE}, the job's)")
    List<String> encoders;

    /** One measured configuration: the job and the codec alone, both with this encoder and threshold. */
    private record Setting(String encoder, float threshold) {
        @Override
        public String toString() {
            return encoder + " encoder, change threshold " + threshold;
        }
    }

    @Option(names = "--json", description = "write the figures here")
    Path json;

    @Override
    public Integer call() throws Exception {
        Path home = InstallHome.home();
        Path clip = source != null ? source
                : InstallHome.sharedData().resolve("video/intel-sample-videos/car-detection.mp4");
        Path modelDir = home.resolve(ModelBundle.DEFAULT_MODEL_DIR);
        CameraSimulator.Footage footage = FrameReader::read;
        if (size != null) {
            int[] wh = BenchOutput.size(size);
            footage = (video, n) -> FrameReader.readScaled(video, n, wh[0], wh[1]);
        }
        List<CameraSimulator.Feed> feeds = CameraSimulator.feeds(List.of(clip), cameras, frames, footage);
        RgbImage first = feeds.get(0).frames().get(0);
        long frameBytes = 3L * first.width() * first.height();
        int total = cameras * frames;
        List<String> fleet = feeds.stream().map(CameraSimulator.Feed::cameraId).toList();
        CameraPlacement placement = new CameraPlacement(fleet, JobConfig.DEFAULT_MAX_PARALLELISM);
        int[] perSubtask = new int[parallelism];
        for (String camera : fleet) {
            perSubtask[KeyGroupRangeAssignment.assignKeyToParallelOperator(placement.keyOf(camera),
                    JobConfig.DEFAULT_MAX_PARALLELISM, parallelism)]++;
        }
        System.out.println("cameras per encoder subtask: " + Arrays.toString(perSubtask));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("source", clip.getFileName().toString()).put("width", first.width()).put("height", first.height())
                .put("cameras", cameras).put("frames_per_camera", frames).put("parallelism", parallelism)
                .put("max_batch", maxBatch).put("level", level)
                .put("network_buffer_bytes", RawFrameBuffers.segmentSize(frameBytes));
        ArrayNode split = root.putArray("cameras_per_subtask");
        Arrays.stream(perSubtask).forEach(split::add);

        List<Setting> settings = new ArrayList<>();
        for (String e : encoders) {
            for (float t : changeThresholds) {
                settings.add(new Setting(e, t));
            }
        }
        ArrayNode runs = root.putArray("runs");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createJobTopics(parallelism);
            new CameraSimulator(kafka.bootstrapServers(), JobConfig.RAW_TOPIC, new Properties()).run(feeds, frames, FPS,
                    false);
            for (int r = 0; r < settings.size(); r++) {
                Setting setting = settings.get(r);
                System.out.printf(Locale.ROOT, "%s:%n", setting);
                Rate codec = codecOnly(modelDir, feeds, setting);
                System.out.printf(Locale.ROOT, "  codec only: %d frames, %.2f frames/s, %.2f in steady state (%d "
                        + "threads, batch %d)%n", total, codec.all(), codec.steady(), parallelism, maxBatch);
                ObjectNode run = runs.addObject().put("encoder", setting.encoder())
                        .put("change_threshold", setting.threshold())
                        .put("codec_frames_per_s", codec.all()).put("codec_steady_frames_per_s", codec.steady());
                if (!job(kafka, modelDir, fleet, frameBytes, setting, r, codec, run)) {
                    return 1;
                }
            }
        }
        for (int r = 1; r < runs.size(); r++) {
            System.out.printf(Locale.ROOT, "%s against %s, steady state: codec %.2fx, job %.2fx%n",
                    settings.get(r), settings.get(0),
                    runs.get(r).get("codec_steady_frames_per_s").asDouble()
                            / runs.get(0).get("codec_steady_frames_per_s").asDouble(),
                    runs.get(r).get("job_steady_frames_per_s").asDouble()
                            / runs.get(0).get("job_steady_frames_per_s").asDouble());
        }
        if (json != null) {
            BenchOutput.writeJson(mapper, root, json);
        }
        return 0;
    }

    /**
     * Run r of the job on the frames already in the raw topic, read from the start under its
     * own consumer group into its own compressed topic; puts its frames/s into run. False when
     * it did not deliver every frame.
     */
    private boolean job(EmbeddedKafka kafka, Path modelDir, List<String> fleet, long frameBytes, Setting setting,
            int r, Rate codec, ObjectNode run) throws Exception {
        int total = fleet.size() * frames;
        String compressed = JobConfig.COMPRESSED_TOPIC + ".run" + r;
        kafka.createTopics(parallelism, compressed);
        JobConfig config = JobConfig.parse("--bootstrap-servers", kafka.bootstrapServers(),
                "--model", modelDir.toString(), "--level", Integer.toString(level), "--start-from-earliest",
                "--checkpoint-interval-ms", "1000", "--parallelism", Integer.toString(parallelism),
                "--onnx-threads", "1", "--max-batch", Integer.toString(maxBatch), "--ms-ssim-every", "0",
                "--change-threshold", Float.toString(setting.threshold()), "--encoder", setting.encoder(),
                "--group-id", "latentstream-bench-" + r,
                "--compressed-topic", compressed,
                "--cameras", String.join(",", fleet));
        LocalFlink cluster = LocalFlink.forFrames(config, parallelism, frameBytes);
        run.put("network_buffers", cluster.buffers());
        StreamExecutionEnvironment env = cluster.environment();
        LatentStreamJob.build(env, config);
        long start = System.nanoTime();
        JobClient job = env.executeAsync("latentstream bench");
        long[] visibleAt = new long[total];
        int seen = 0;
        try (TopicReader<CompressedFrame> reader = new TopicReader<>(kafka.bootstrapServers(), compressed,
                new Properties(), BoundedAvroDecoder.compressedFrames()::decode)) {
            List<TopicReader.Read<CompressedFrame>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < total && System.nanoTime() < deadline) {
                reader.poll(got, Duration.ofMillis(100));
                long now = System.nanoTime();
                while (seen < got.size() && seen < total) {
                    visibleAt[seen++] = now - start;
                }
            }
        } finally {
            job.cancel().get();
        }
        if (seen < total) {
            System.out.println("  job delivered only " + seen + " of " + total + " frames");
            return false;
        }
        Rate rate = Rate.of(visibleAt);
        System.out.printf(Locale.ROOT, "  job, steady state (10%%..90%% of frames committed): %.2f frames/s, "
                + "ratio %.2f%n", rate.steady(), rate.steady() / codec.steady());
        System.out.printf(Locale.ROOT, "  job, from submission (startup and last checkpoint included): %.2f frames/s, "
                + "ratio %.2f%n", rate.all(), rate.all() / codec.all());
        run.put("job_steady_frames_per_s", rate.steady()).put("job_end_to_end_frames_per_s", rate.all());
        return true;
    }

    /**
     * The encode operator's work on parallelism threads, each coding its cameras' frames in
     * the order the simulator sends them (frame by frame across cameras) with one
     * StreamEncoder per camera, in batches of maxBatch, then each frame's PSNR.
     */
    private Rate codecOnly(Path modelDir, List<CameraSimulator.Feed> feeds, Setting setting) throws Exception {
        LatentCodec codec = LatentCodec.builder(ModelBundle.load(modelDir)).target(ExecutionTarget.cpu(1))
                .encoderVariant(setting.encoder()).build();
        // Warm-up, so session creation is not timed.
        RgbImage first = feeds.get(0).frames().get(0);
        codec.decode(codec.encode(first, level).bitstream());
        long periodMicros = Math.round(1e6 / FPS);
        GopSettings gop = GopSettings.DEFAULT.withChangeThreshold(setting.threshold());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        long[] doneAt = new long[feeds.size() * frames];
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < parallelism; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                List<CameraSimulator.Feed> mine = new ArrayList<>();
                List<StreamEncoder> encoders = new ArrayList<>();
                for (int c = thread; c < feeds.size(); c += parallelism) {
                    mine.add(feeds.get(c));
                    encoders.add(codec.streamEncoder(gop));
                }
                List<StreamBatch.Frame> batch = new ArrayList<>();
                for (int i = 0; i < frames; i++) {
                    for (int c = 0; c < mine.size(); c++) {
                        batch.add(new StreamBatch.Frame(encoders.get(c), mine.get(c).frames().get(i), level,
                                i * periodMicros));
                        if (batch.size() == maxBatch || (i == frames - 1 && c == mine.size() - 1)) {
                            List<StreamBatch.Coded> coded = codec.encodeStreams(batch, maxBatch);
                            for (int k = 0; k < batch.size(); k++) {
                                Psnr.of(batch.get(k).image(), coded.get(k).reconstruction());
                                doneAt[done.getAndIncrement()] = System.nanoTime() - start;
                            }
                            batch.clear();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        Arrays.sort(doneAt);
        return Rate.of(doneAt);
    }

    /**
     * Frames/s over a run, from each frame's completion time after the start: over all of it,
     * and in steady state, between the 10% and the 90% frame (measured alike for the codec and
     * the job, so neither counts start-up the other leaves out).
     */
    private record Rate(double all, double steady) {
        static Rate of(long[] sortedNanos) {
            int n = sortedNanos.length;
            int a = n / 10;
            int b = n * 9 / 10;
            return new Rate(n / (sortedNanos[n - 1] / 1e9), (b - a) / ((sortedNanos[b] - sortedNanos[a]) / 1e9));
        }
    }
}
