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
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.consume.TopicReader;
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
import org.apache.flink.configuration.Configuration;
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

    // A fleet, not a handful: Flink spreads cameras over subtasks by key hash, which only
    // balances with many keys (cam-01..04 fall 1:3 on two subtasks, cam-01..16 8:8).
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

    @Option(names = "--change-threshold", defaultValue = "" + GopSettings.DEFAULT_CHANGE_THRESHOLD,
            description = "sparse analysis, as the job's flag (default: ${DEFAULT-VALUE})")
    float changeThreshold;

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
        int total = cameras * frames;
        int[] perSubtask = new int[parallelism];
        for (CameraSimulator.Feed f : feeds) {
            perSubtask[KeyGroupRangeAssignment.assignKeyToParallelOperator(f.cameraId(),
                    KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism), parallelism)]++;
        }
        System.out.println("cameras per encoder subtask: " + Arrays.toString(perSubtask));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("source", clip.getFileName().toString()).put("width", first.width()).put("height", first.height())
                .put("cameras", cameras).put("frames_per_camera", frames).put("parallelism", parallelism)
                .put("max_batch", maxBatch).put("level", level).put("change_threshold", changeThreshold);
        ArrayNode split = root.putArray("cameras_per_subtask");
        Arrays.stream(perSubtask).forEach(split::add);

        double codecFps = codecOnly(modelDir, feeds);
        System.out.printf(Locale.ROOT, "codec only: %d frames, %.2f frames/s (%d threads, batch %d)%n", total, codecFps,
                parallelism, maxBatch);
        root.put("codec_frames_per_s", codecFps);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createJobTopics(parallelism);
            new CameraSimulator(kafka.bootstrapServers(), JobConfig.RAW_TOPIC, new Properties()).run(feeds, frames, FPS,
                    false);
            JobConfig config = JobConfig.parse("--bootstrap-servers", kafka.bootstrapServers(),
                    "--model", modelDir.toString(), "--level", Integer.toString(level), "--start-from-earliest",
                    "--checkpoint-interval-ms", "1000", "--parallelism", Integer.toString(parallelism),
                    "--onnx-threads", "1", "--max-batch", Integer.toString(maxBatch), "--ms-ssim-every", "0",
                    "--change-threshold", Float.toString(changeThreshold), "--group-id", "latentstream-bench");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
            LatentStreamJob.build(env, config);
            long start = System.nanoTime();
            JobClient job = env.executeAsync("latentstream bench");
            long[] visibleAt = new long[total];
            int seen = 0;
            try (TopicReader<CompressedFrame> reader = new TopicReader<>(kafka.bootstrapServers(), JobConfig.COMPRESSED_TOPIC,
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
                System.out.println("job delivered only " + seen + " of " + total + " frames");
                return 1;
            }
            double endToEnd = total / (visibleAt[total - 1] / 1e9);
            int a = total / 10;
            int b = total * 9 / 10;
            double steady = (b - a) / ((visibleAt[b] - visibleAt[a]) / 1e9);
            System.out.printf(Locale.ROOT, "job, steady state (10%%..90%% of frames committed): %.2f frames/s, ratio %.2f%n",
                    steady, steady / codecFps);
            System.out.printf(Locale.ROOT, "job, from submission (startup and last checkpoint included): %.2f frames/s, "
                    + "ratio %.2f%n", endToEnd, endToEnd / codecFps);
            root.put("job_steady_frames_per_s", steady).put("job_end_to_end_frames_per_s", endToEnd);
        }
        if (json != null) {
            BenchOutput.writeJson(mapper, root, json);
        }
        return 0;
    }

    /**
     * The encode operator's work on parallelism threads, each coding its cameras' frames in
     * the order the simulator sends them (frame by frame across cameras) with one
     * StreamEncoder per camera, in batches of maxBatch, then each frame's PSNR.
     */
    private double codecOnly(Path modelDir, List<CameraSimulator.Feed> feeds) throws Exception {
        LatentCodec codec = LatentCodec.builder(ModelBundle.load(modelDir)).target(ExecutionTarget.cpu(1)).build();
        // Warm-up, so session creation is not timed.
        RgbImage first = feeds.get(0).frames().get(0);
        codec.decode(codec.encode(first, level).bitstream());
        long periodMicros = Math.round(1e6 / FPS);
        GopSettings gop = GopSettings.DEFAULT.withChangeThreshold(changeThreshold);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
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
        return feeds.size() * frames / ((System.nanoTime() - start) / 1e9);
    }
}
