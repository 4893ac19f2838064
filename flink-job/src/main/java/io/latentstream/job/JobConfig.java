package io.latentstream.job;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.stream.GopSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's settings, from command-line flags and an optional properties file
 * ({@code --config FILE}, same names without the leading dashes; flags win).
 * Validated when parsed, so a bad setting fails the submission, not a task.
 */
@Command(name = "latentstream-job", sortOptions = false,
        description = "The LatentStream Flink job: RawFrames from Kafka in, CompressedFrames, StreamQuality and "
                + "RejectedFrames out. Submit with flink run -c io.latentstream.job.LatentStreamJob JAR FLAGS.")
public final class JobConfig implements Serializable {
    public static final String RAW_TOPIC = "camera.raw";
    public static final String COMPRESSED_TOPIC = "camera.compressed";
    public static final String QUALITY_TOPIC = "camera.quality";
    public static final String DEAD_LETTER_TOPIC = "camera.rejected";
    public static final String CONTROL_TOPIC = "camera.control";
    /**
     * Frames per network call. Measured on 2 CPU cores, batching does not pay (docs/results.md);
     * on GPU slots, where a batch amortizes launches and transfers, use 4-8.
     */
    public static final int DEFAULT_MAX_BATCH = 1;
    /** Key groups: enough to spread a fleet evenly over 8-16 subtasks ({@link io.latentstream.job.placement.CameraPlacement}). */
    public static final int DEFAULT_MAX_PARALLELISM = 1024;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print these flags and exit")
    boolean help;

    @Option(names = "--config", description = "properties file with any of these settings (flags override it)")
    Path configFile;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(names = "--raw-topic", description = "topic of RawFrames (default: ${DEFAULT-VALUE})", defaultValue = RAW_TOPIC)
    String rawTopic;

    @Option(names = "--compressed-topic", description = "topic of CompressedFrames (default: ${DEFAULT-VALUE})",
            defaultValue = COMPRESSED_TOPIC)
    String compressedTopic;

    @Option(names = "--quality-topic", description = "topic of StreamQuality (default: ${DEFAULT-VALUE})",
            defaultValue = QUALITY_TOPIC)
    String qualityTopic;

    @Option(names = "--dead-letter-topic", description = "topic of RejectedFrames (default: ${DEFAULT-VALUE})",
            defaultValue = DEAD_LETTER_TOPIC)
    String deadLetterTopic;

    @Option(names = "--control-topic", description = "topic of EncoderControl requests: key frames, rate levels "
            + "(default: ${DEFAULT-VALUE})", defaultValue = CONTROL_TOPIC)
    String controlTopic;

    @Option(names = "--group-id", description = "consumer group id (default: ${DEFAULT-VALUE})", defaultValue = "latentstream")
    String groupId;

    @Option(names = "--kafka-property", description = "extra Kafka client property, e.g. security.protocol=SSL (repeatable)")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--model", description = "model directory on every TaskManager (default: ${DEFAULT-VALUE})",
            defaultValue = io.latentstream.codec.model.ModelBundle.DEFAULT_MODEL_DIR)
    String modelDir;

    @Option(names = "--encoder", description = "the model's encoder network: full (encoder.onnx, float) or int8 "
            + "(2.2x faster on CPUs with VNNI, a little slower without; slightly lower quality, docs/decisions.md); "
            + "streams of either decode with the same decoders (default: ${DEFAULT-VALUE})",
            defaultValue = io.latentstream.codec.model.ModelBundle.FULL_ENCODER)
    String encoderVariant;

    @Option(names = "--level", description = "default rate level (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int defaultLevel;

    @Option(names = "--camera-level", description = "per-camera rate level, CAMERA=LEVEL (repeatable)")
    Map<String, Integer> cameraLevels = new LinkedHashMap<>();

    @Option(names = "--kbps", description = "bitrate target of every camera, kbit/s of capture time, held over each "
            + "quality window; the encoder then chooses levels and steps, starting at the camera's level (default: none, "
            + "cameras code at their rate level)")
    double defaultKbps;

    @Option(names = "--camera-kbps", description = "per-camera bitrate target, CAMERA=KBPS; 0: none (repeatable)")
    Map<String, Double> cameraKbps = new LinkedHashMap<>();

    @Option(names = "--gop-frames", description = "a key frame at least every N frames per camera (default: ${DEFAULT-VALUE})",
            defaultValue = "" + GopSettings.DEFAULT_MAX_FRAMES)
    int gopFrames;

    @Option(names = "--gop-seconds", description = "and at least every this many seconds of capture time (default: ${DEFAULT-VALUE})",
            defaultValue = "" + GopSettings.DEFAULT_MAX_SECONDS)
    int gopSeconds;

    @Option(names = "--intra-only", description = "code every frame as a key frame (no temporal coding)")
    boolean intraOnly;

    @Option(names = "--inter-step", description = "inter frames code changes this many latent steps coarse, on the "
            + "grid of a key frame this many levels finer, less one; 1: both at the rate level (default: ${DEFAULT-VALUE})",
            defaultValue = "" + GopSettings.DEFAULT_INTER_STEP)
    int interStep;

    @Option(names = "--change-threshold", description = "inter frames run the encoder network only around 16x16 "
            + "blocks whose mean absolute change (8-bit levels) exceeds this, less above level 3 (finer steps); "
            + "0: whole frames (default: ${DEFAULT-VALUE})",
            defaultValue = "" + GopSettings.DEFAULT_CHANGE_THRESHOLD)
    float changeThreshold;

    // Batching pays on GPUs (fewer, larger kernel launches); on 2 CPU cores it measured
    // slower (bench-job: 3.39 frames/s at batch 1 against 2.75 at batch 4).
    @Option(names = "--max-batch", description = "frames per network call; 4-8 on GPU slots (default: ${DEFAULT-VALUE})",
            defaultValue = "" + DEFAULT_MAX_BATCH)
    int maxBatch;

    @Option(names = "--max-wait-ms", description = "longest a frame waits for a batch (default: ${DEFAULT-VALUE})",
            defaultValue = "20")
    long maxWaitMillis;

    @Option(names = "--max-pixels", description = "larger frames are rejected (default: ${DEFAULT-VALUE})",
            defaultValue = "" + LatentCodec.DEFAULT_MAX_PIXELS)
    long maxPixels;

    // A 3840x2160 RGB24 frame (24.9 MB) fits; the brokers' message.max.bytes bounds what a
    // fetch may allocate before this check, so keep it no larger than that.
    @Option(names = "--max-record-bytes", description = "larger raw records are dead-lettered unparsed "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "26214400")
    int maxRecordBytes;

    @Option(names = "--camera-idle-timeout-s", description = "a camera silent this long (processing time) has its "
            + "encoder state dropped; it restarts with a key frame (default: ${DEFAULT-VALUE})", defaultValue = "600")
    int cameraIdleTimeoutSeconds;

    @Option(names = "--max-camera-state-mb", description = "the most memory the cameras' encoder state may hold per "
            + "encode subtask; past it the cameras idle longest are dropped and restart with a key frame (default: "
            + "half the TaskManager's heap over its slots)", defaultValue = "0")
    int maxCameraStateMb;

    @Option(names = "--ms-ssim-every", description = "MS-SSIM on every n-th frame per camera, 0 = never (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int msSsimEvery;

    @Option(names = "--quality-window-s", description = "StreamQuality window, seconds of capture time (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int qualityWindowSeconds;

    @Option(names = "--checkpoint-interval-ms", description = "(default: ${DEFAULT-VALUE})", defaultValue = "10000")
    long checkpointIntervalMillis;

    @Option(names = "--transaction-timeout-ms", description = "Kafka transaction timeout; must exceed checkpoint interval "
            + "plus restart time (default: ${DEFAULT-VALUE})", defaultValue = "900000")
    long transactionTimeoutMillis;

    @Option(names = "--parallelism", description = "job parallelism (default: the cluster's)", defaultValue = "0")
    int parallelism;

    @Option(names = "--max-parallelism", description = "key groups: the most subtasks the job can be rescaled to, "
            + "fixed for the life of its state (default: ${DEFAULT-VALUE})", defaultValue = "" + DEFAULT_MAX_PARALLELISM)
    int maxParallelism;

    @Option(names = "--cameras", split = ",", description = "the fleet's camera ids, spread evenly over the encode "
            + "subtasks in this order (add new cameras at the end); other cameras go where their id hashes "
            + "(default: none)")
    List<String> cameras = new ArrayList<>();

    @Option(names = "--onnx-threads", description = "ONNX Runtime CPU threads per session, 0 = its default (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    int onnxThreads;

    @Option(names = "--start-from-earliest", description = "without committed offsets, start at the earliest record "
            + "(default: latest)")
    boolean startFromEarliest;

    /**
     * Parses flags; the settings of {@code --config FILE} come first, so flags override
     * them. File keys are the flag names without dashes; {@code kafka.X=V} is
     * {@code --kafka-property X=V}.
     */
    public static JobConfig parse(String... args) throws IOException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String file = a.startsWith("--config=") ? a.substring("--config=".length())
                    : a.equals("--config") && i + 1 < args.length ? args[i + 1] : null;
            if (file != null) {
                all.addAll(0, fileArgs(Path.of(file)));
            }
        }
        all.addAll(List.of(args));
        JobConfig config = new JobConfig();
        new CommandLine(config).setOverwrittenOptionsAllowed(true).parseArgs(all.toArray(String[]::new));
        config.validate();
        return config;
    }

    /** Whether args ask for the flags' help ({@link #usage}) rather than a job. */
    public static boolean helpRequested(String... args) {
        try {
            return new CommandLine(new JobConfig()).parseArgs(args).isUsageHelpRequested();
        } catch (CommandLine.ParameterException e) {
            return false; // parse says what is wrong
        }
    }

    /** Every flag with its default. */
    public static String usage() {
        return new CommandLine(new JobConfig()).getUsageMessage();
    }

    private static List<String> fileArgs(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            String v = p.getProperty(k).trim();
            if (k.startsWith("kafka.")) {
                out.add("--kafka-property");
                out.add(k.substring("kafka.".length()) + "=" + v);
            } else if (k.equals("start-from-earliest") || k.equals("intra-only")) {
                if (Boolean.parseBoolean(v)) {
                    out.add("--" + k);
                }
            } else {
                out.add("--" + k);
                out.add(v);
            }
        }
        return out;
    }

    private void validate() {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "--bootstrap-servers is required");
        for (String t : new String[] {rawTopic, compressedTopic, qualityTopic, deadLetterTopic, controlTopic}) {
            require(t != null && !t.isBlank(), "topic names must not be empty");
        }
        require(maxBatch >= 1, "--max-batch must be >= 1");
        require(gopFrames >= 1 && gopSeconds >= 1, "--gop-frames and --gop-seconds must be >= 1");
        require(interStep >= 1 && interStep <= FrameHeader.MAX_RESIDUAL_STEP,
                "--inter-step must be in 1.." + FrameHeader.MAX_RESIDUAL_STEP);
        require(changeThreshold >= 0 && changeThreshold <= 255, "--change-threshold must be in 0..255");
        require(maxWaitMillis >= 0, "--max-wait-ms must be >= 0");
        require(maxPixels > 0, "--max-pixels must be positive");
        require(maxRecordBytes >= 1024, "--max-record-bytes must be at least 1024");
        require(cameraIdleTimeoutSeconds > 0, "--camera-idle-timeout-s must be positive");
        require(maxCameraStateMb >= 0, "--max-camera-state-mb must be >= 0 (0: half the heap over the slots)");
        require(qualityWindowSeconds > 0, "--quality-window-s must be positive");
        require(checkpointIntervalMillis >= 100, "--checkpoint-interval-ms must be >= 100");
        require(transactionTimeoutMillis > 2 * checkpointIntervalMillis,
                "--transaction-timeout-ms must be well above the checkpoint interval (at least 2x)");
        require(maxParallelism >= Math.max(1, parallelism) && maxParallelism <= 32768,
                "--max-parallelism must be in --parallelism..32768");
        require(cameras.stream().noneMatch(String::isBlank) && new HashSet<>(cameras).size() == cameras.size(),
                "--cameras must list distinct, non-empty camera ids");
        require(defaultLevel >= 0 && cameraLevels.values().stream().allMatch(l -> l >= 0), "rate levels must be >= 0");
        require(Stream.concat(Stream.of(defaultKbps), cameraKbps.values().stream()).allMatch(k -> k >= 0 && k < 1e7),
                "bitrate targets must be in 0..1e7 kbit/s (0: none)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    GopSettings gop() {
        return intraOnly ? GopSettings.INTRA_ONLY
                : new GopSettings(gopFrames, gopSeconds * 1_000_000L, GopSettings.DEFAULT.sceneChangeRatio(), interStep,
                        changeThreshold);
    }

    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        return p;
    }
}
