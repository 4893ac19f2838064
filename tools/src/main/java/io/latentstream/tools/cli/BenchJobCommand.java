package io.latentstream.tools.cli;

import io.latentstream.codec.EncodedFrame;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.QuantizedLatent;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.kafka.EmbeddedKafka;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        + "the codec alone doing the same work (encode, reconstruct, PSNR) on the same frames and threads, in one run.")
final class BenchJobCommand implements Callable<Integer> {
    @Option(names = "--source", description = "video or image folder (default: the Intel parking-lot clip)")
    Path source;

    // A fleet, not a handful: Flink spreads cameras over subtasks by key hash, which only
    // balances with many keys (cam-01..04 fall 1:3 on two subtasks, cam-01..16 8:8).
    @Option(names = "--cameras", defaultValue = "16", description = "(default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--frames", defaultValue = "10", description = "frames per camera (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism = codec-only threads (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--max-batch", defaultValue = "4", description = "(default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--level", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
    int level;

    @Override
    public Integer call() throws Exception {
        Path home = InstallHome.home();
        Path clip = source != null ? source
                : InstallHome.sharedData().resolve("video/intel-sample-videos/car-detection.mp4");
        Path modelDir = home.resolve(ModelBundle.DEFAULT_MODEL_DIR);
        List<CameraSimulator.Feed> feeds = SimulateCommand.feeds(List.of(clip), cameras, frames);
        int total = cameras * frames;
        int[] perSubtask = new int[parallelism];
        for (CameraSimulator.Feed f : feeds) {
            perSubtask[KeyGroupRangeAssignment.assignKeyToParallelOperator(f.cameraId(),
                    KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism), parallelism)]++;
        }
        System.out.println("cameras per encoder subtask: " + java.util.Arrays.toString(perSubtask));

        double codecFps = codecOnly(modelDir, feeds);
        System.out.printf(Locale.ROOT, "codec only: %d frames, %.2f frames/s (%d threads, batch %d)%n", total, codecFps,
                parallelism, maxBatch);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createJobTopics(parallelism);
            new CameraSimulator(kafka.bootstrapServers(), JobConfig.RAW_TOPIC, new Properties()).run(feeds, frames, 10, false);
            JobConfig config = JobConfig.parse("--bootstrap-servers", kafka.bootstrapServers(),
                    "--model", modelDir.toString(), "--level", Integer.toString(level), "--start-from-earliest",
                    "--checkpoint-interval-ms", "1000", "--parallelism", Integer.toString(parallelism),
                    "--onnx-threads", "1", "--max-batch", Integer.toString(maxBatch), "--ms-ssim-every", "0",
                    "--group-id", "latentstream-bench");
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
        }
        return 0;
    }

    /** The encode operator's work (batched encode, batched reconstruct, PSNR) on parallelism threads. */
    private double codecOnly(Path modelDir, List<CameraSimulator.Feed> feeds) throws Exception {
        LatentCodec codec = LatentCodec.builder(ModelBundle.load(modelDir)).target(ExecutionTarget.cpu(1)).build();
        // Warm-up, so session creation is not timed.
        RgbImage first = feeds.get(0).frames().get(0);
        codec.reconstructBatch(List.of(codec.encode(first, level).latent()), first.width(), first.height());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < parallelism; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int c = thread; c < feeds.size(); c += parallelism) {
                    List<RgbImage> clip = feeds.get(c).frames().subList(0, frames);
                    for (int i = 0; i < clip.size(); i += maxBatch) {
                        List<RgbImage> batch = clip.subList(i, Math.min(clip.size(), i + maxBatch));
                        int[] levels = new int[batch.size()];
                        java.util.Arrays.fill(levels, level);
                        List<EncodedFrame> enc = codec.encodeBatch(batch, levels);
                        List<QuantizedLatent> latents = enc.stream().map(EncodedFrame::latent).toList();
                        List<RgbImage> dec = codec.reconstructBatch(latents, batch.get(0).width(), batch.get(0).height());
                        for (int k = 0; k < batch.size(); k++) {
                            Psnr.of(batch.get(k), dec.get(k));
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
