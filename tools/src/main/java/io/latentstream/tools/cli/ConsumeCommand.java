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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consume", description = "Read a compressed topic (read_committed), decode every frame with the model "
        + "it names, write PNG frames or a Y4M file per camera, and print per-camera figures.")
final class ConsumeCommand implements Callable<Integer> {
    @Option(names = "--topic", defaultValue = JobConfig.COMPRESSED_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--models", defaultValue = "models", description = "folder of model directories (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--decoder", defaultValue = ModelBundle.FULL_DECODER, description = "decoder variant where the "
            + "frame's model has it, e.g. 2L (faster, a little less PSNR); otherwise full (default: ${DEFAULT-VALUE})")
    String decoderVariant;

    @Option(names = "--out", description = "write decoded frames here, one folder (png) or file (y4m) per camera")
    Path out;

    @Option(names = "--format", defaultValue = "png", description = "png or y4m (default: ${DEFAULT-VALUE})")
    String format;

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
            default -> throw new IllegalArgumentException("--format takes png or y4m");
        };
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(InstallHome.locate(models)), ExecutionTarget.cpu(0),
                decoderVariant, maxPixels);
        CameraStats stats = StreamConsumer.consume(kafka.bootstrapServers, topic, kafka.clientProperties(), decoder,
                out == null ? null : new FrameWriter(out, f, 10), maxFrames, Duration.ofSeconds(idleTimeoutSeconds));
        System.out.print(stats.table());
        return 0;
    }
}
