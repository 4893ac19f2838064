package io.latentstream.tools.cli;

import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.job.JobConfig;
import io.latentstream.job.LatentStreamJob;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.StreamQuality;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.consume.CameraFiles;
import io.latentstream.tools.consume.CameraStats;
import io.latentstream.tools.consume.FrameWriter;
import io.latentstream.tools.consume.StreamConsumer;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.flink.LocalFlink;
import io.latentstream.tools.kafka.EmbeddedKafka;
import io.latentstream.tools.quality.QualityChart;
import io.latentstream.tools.quality.QualityRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Everything on this machine: a real Kafka broker (KRaft, in-process), the job on "
        + "a local Flink, sample cameras publishing in real time, a consumer decoding the output; prints the "
        + "per-camera table and writes decoded frames and a report under --out.")
final class DemoCommand implements Callable<Integer> {
    private static final String[] CLIPS = {
        "video/intel-sample-videos/car-detection.mp4",
        "video/intel-sample-videos/one-by-one-person-detection.mp4",
        "video/bgslibrary-traffic/video02.avi",
        "video/bgslibrary-traffic/video03.avi",
    };

    @Option(names = "--cameras", defaultValue = "4", description = "(default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--seconds", defaultValue = "60", description = "seconds of footage per camera (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--fps", defaultValue = "1", description = "frames per second per camera (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--level", defaultValue = "3", description = "rate level (default: ${DEFAULT-VALUE})")
    int level;

    @Option(names = "--data", description = "shared data folder (default: $LATENTSTREAM_DATA, else ../shared/data beside the install)")
    Path data;

    @Option(names = "--out", defaultValue = "target/demo", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path home = InstallHome.home();
        Path dataDir = data != null ? data : InstallHome.sharedData();
        Path outDir = out.isAbsolute() ? out : home.resolve(out);
        Files.createDirectories(outDir);
        int frames = (int) Math.round(seconds * fps);
        List<Path> sources = new ArrayList<>();
        for (String clip : CLIPS) {
            sources.add(dataDir.resolve(clip));
        }
        log("reading %d frames from each of %d sample clips (FFmpeg)", frames, Math.min(cameras, CLIPS.length));
        List<CameraSimulator.Feed> feeds = CameraSimulator.feeds(sources, cameras, frames);

        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            log("Kafka (KRaft) broker up at %s", kafka.bootstrapServers());
            JobConfig config = JobConfig.parse("--bootstrap-servers", kafka.bootstrapServers(),
                    "--model", home.resolve(ModelBundle.DEFAULT_MODEL_DIR).toString(), "--level", Integer.toString(level),
                    "--start-from-earliest", "--checkpoint-interval-ms", "2000", "--quality-window-s", "10",
                    "--parallelism", "2", "--onnx-threads", "1", "--group-id", "latentstream-demo");
            kafka.createJobTopics(2);

            long largestFrame = feeds.stream().flatMap(f -> f.frames().stream())
                    .mapToLong(f -> 3L * f.width() * f.height()).max().orElse(0);
            LocalFlink cluster = LocalFlink.forFrames(config, 2, largestFrame);
            cluster.configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            cluster.configuration().set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            StreamExecutionEnvironment env = cluster.environment();
            LatentStreamJob.build(env, config);
            JobClient job = env.executeAsync("latentstream demo");
            log("job %s running on a local Flink MiniCluster", job.getJobID());

            CompletableFuture<Long> published = CompletableFuture.supplyAsync(() -> {
                try {
                    return new CameraSimulator(kafka.bootstrapServers(), JobConfig.RAW_TOPIC, new Properties())
                            .run(feeds, frames, fps, true);
                } catch (Exception e) {
                    throw new IllegalStateException("camera simulator failed", e);
                }
            });
            log("%d cameras publishing %d frames each at %.1f fps", feeds.size(), frames, fps);

            FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(home.resolve("models")), ExecutionTarget.cpu(1), "full",
                    LatentCodec.DEFAULT_MAX_PIXELS);
            CameraStats stats = StreamConsumer.consume(kafka.bootstrapServers(), JobConfig.COMPRESSED_TOPIC, new Properties(),
                    decoder, null, FrameWriter.toFolder(outDir.resolve("frames"), FrameWriter.Format.PNG),
                    (long) frames * feeds.size(), Duration.ofSeconds(90));
            published.get();
            List<StreamQuality> quality = readQuality(kafka.bootstrapServers());
            job.cancel().get();

            String table = stats.table();
            System.out.println();
            System.out.print(table);
            writeReport(outDir, table, quality, feeds.size(), frames, (System.nanoTime() - started) / 1e9);
            log("decoded frames in %s, report in %s", outDir.resolve("frames"), outDir.resolve("report.md"));
            return stats.frames() == (long) frames * feeds.size() ? 0 : 1;
        }
    }

    private static List<StreamQuality> readQuality(String bootstrap) {
        try (TopicReader<StreamQuality> reader = new TopicReader<>(bootstrap, JobConfig.QUALITY_TOPIC, new Properties(),
                BoundedAvroDecoder.qualities(1 << 16)::decode)) {
            return reader.readUntil(l -> false, Duration.ofSeconds(3)).stream().map(TopicReader.Read::value).toList();
        }
    }

    private void writeReport(Path outDir, String table, List<StreamQuality> quality, int cams, int frames, double seconds)
            throws IOException {
        StringBuilder s = new StringBuilder("# LatentStream demo\n\n");
        s.append(String.format(Locale.ROOT, "%d cameras x %d frames at %.1f fps, rate level %d, %.0f s end to end.%n%n",
                cams, frames, fps, level, seconds));
        s.append("## Per camera (consumer, read_committed)\n\n").append(table).append('\n');
        s.append("## Quality topic (windows of capture time)\n\n");
        s.append(QualityRecords.tableHeader());
        for (StreamQuality q : quality) {
            s.append(QualityRecords.tableRow(q));
        }
        s.append("\n## Per camera over capture time (quality topic)\n\n");
        Path charts = outDir.resolve("charts");
        Files.createDirectories(charts);
        Map<String, List<StreamQuality>> byCamera = new TreeMap<>();
        quality.forEach(q -> byCamera.computeIfAbsent(q.getCameraId(), c -> new ArrayList<>()).add(q));
        for (var camera : byCamera.entrySet()) {
            String file = CameraFiles.name(camera.getKey()) + ".svg";
            Files.writeString(charts.resolve(file), QualityChart.svg(camera.getKey(), camera.getValue()));
            s.append("![").append(camera.getKey()).append("](charts/").append(file).append(")\n");
        }
        s.append("\n## Decoded samples\n\n");
        try (var dirs = Files.list(outDir.resolve("frames"))) {
            for (Path d : dirs.sorted().toList()) {
                s.append("![").append(d.getFileName()).append("](frames/").append(d.getFileName()).append("/00000000.png)\n");
            }
        }
        Files.writeString(outDir.resolve("report.md"), s.toString());
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[demo] " + format + "%n", args);
    }
}
