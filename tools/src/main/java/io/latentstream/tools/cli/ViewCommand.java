package io.latentstream.tools.cli;

import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.job.JobConfig;
import io.latentstream.tools.view.LiveView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "view", description = "Serve a live view of a compressed topic on localhost: every camera's latest "
        + "decoded picture, its kbit/s and PSNR over the last minutes with key frames marked, its details on click. "
        + "Runs until interrupted.")
final class ViewCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = JobConfig.COMPRESSED_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--port", defaultValue = "8080", description = "port on localhost (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--since-s", defaultValue = "300", description = "start this many seconds back in the topic "
            + "(default: ${DEFAULT-VALUE}); a camera's picture appears from its next key frame")
    int sinceSeconds;

    @Option(names = "--history-s", defaultValue = "300", description = "charts over this many seconds of capture time "
            + "(default: ${DEFAULT-VALUE})")
    int historySeconds;

    @Option(names = "--max-cameras", defaultValue = "64", description = "cameras shown, the first to arrive "
            + "(default: ${DEFAULT-VALUE})")
    int maxCameras;

    @Option(names = "--models", defaultValue = "models", description = "folder of model directories (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--decoder", defaultValue = ModelBundle.FULL_DECODER, description = "decoder variant where the "
            + "frame's model has it, e.g. 2L (faster) (default: ${DEFAULT-VALUE})")
    String decoderVariant;

    @Option(names = "--max-pixels", description = "frames declaring more pixels are refused unread (default: ${DEFAULT-VALUE})")
    long maxPixels = LatentCodec.DEFAULT_MAX_PIXELS;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535 || sinceSeconds < 0 || historySeconds < 1 || maxCameras < 1) {
            throw new IllegalArgumentException("--port in 0..65535, --since-s >= 0, --history-s and --max-cameras >= 1");
        }
        kafka.requireBroker();
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(InstallHome.locate(models)), ExecutionTarget.cpu(0),
                decoderVariant, maxPixels);
        try (LiveView view = new LiveView(port, maxCameras, Duration.ofSeconds(historySeconds))) {
            System.err.println("live view of " + topic + " on http://localhost:" + view.port() + "/");
            view.read(kafka.bootstrapServers, topic, kafka.clientProperties(), decoder, Duration.ofSeconds(sinceSeconds));
        }
        return 0;
    }
}
