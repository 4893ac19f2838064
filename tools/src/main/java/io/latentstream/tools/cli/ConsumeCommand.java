package io.latentstream.tools.cli;

import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.job.JobConfig;
import io.latentstream.tools.consume.CameraStats;
import io.latentstream.tools.consume.FrameWriter;
import io.latentstream.tools.consume.StreamConsumer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consume", description = "Read a compressed topic (read_committed), decode every frame with the model "
        + "it names, write PNG frames or a video (Y4M, MP4) per camera or one camera's Y4M to stdout, and print "
        + "per-camera figures.")
final class ConsumeCommand implements Callable<Integer> {
    private static final String STDOUT = "-";

    @Option(names = "--topic", defaultValue = JobConfig.COMPRESSED_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--models", defaultValue = "models", description = "folder of model directories (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--decoder", defaultValue = ModelBundle.FULL_DECODER, description = "decoder variant where the "
            + "frame's model has it, e.g. 2L (faster, a little less PSNR); otherwise full (default: ${DEFAULT-VALUE})")
    String decoderVariant;

    @Option(names = "--out", description = "write decoded frames into this folder, one folder (png) or file (y4m, "
            + "mp4) per camera; - : one camera's Y4M on stdout (figures go to stderr)")
    String out;

    @Option(names = "--format", defaultValue = "png", description = "png, y4m or mp4 (mp4 runs ffmpeg) "
            + "(default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--camera", description = "decode this camera only (default: every camera; with --out -, the first "
            + "camera whose frame arrives is written)")
    String camera;

    @Option(names = "--max-frames", defaultValue = "0", description = "stop after this many frames (0: no limit)")
    long maxFrames;

    @Option(names = "--idle-timeout-s", defaultValue = "15", description = "stop when nothing arrives for this long "
            + "(default: ${DEFAULT-VALUE})")
    int idleTimeoutSeconds;

    @Option(names = "--max-pixels", description = "frames declaring more pixels are refused unread (default: ${DEFAULT-VALUE})")
    long maxPixels = LatentCodec.DEFAULT_MAX_PIXELS;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        FrameWriter.Format f = switch (format) {
            case "png" -> FrameWriter.Format.PNG;
            case "y4m" -> FrameWriter.Format.Y4M;
            case "mp4" -> FrameWriter.Format.MP4;
            default -> throw new IllegalArgumentException("--format takes png, y4m or mp4");
        };
        boolean toStdout = STDOUT.equals(out);
        if (toStdout && f != FrameWriter.Format.Y4M) {
            throw new IllegalArgumentException("--out - writes Y4M only: add --format y4m");
        }
        kafka.requireBroker();
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(InstallHome.locate(models)), ExecutionTarget.cpu(0),
                decoderVariant, maxPixels);
        FrameWriter writer = out == null ? null
                : toStdout ? FrameWriter.toStream(new FileOutputStream(FileDescriptor.out), camera)
                : FrameWriter.toFolder(Path.of(out), f);
        CameraStats stats = StreamConsumer.consume(kafka.bootstrapServers, topic, kafka.clientProperties(), decoder,
                camera, writer, maxFrames, Duration.ofSeconds(idleTimeoutSeconds));
        (toStdout ? System.err : System.out).print(stats.table());
        return 0;
    }
}
