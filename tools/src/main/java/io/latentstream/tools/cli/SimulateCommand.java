package io.latentstream.tools.cli;

import io.latentstream.job.JobConfig;
import io.latentstream.tools.camera.CameraSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", description = "Publish camera footage (a video file or a folder of images) to Kafka as RawFrames.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, split = ",",
            description = "video file(s) (FFmpeg) or image folder(s); cameras take them in turn")
    List<Path> sources;

    @Option(names = "--topic", defaultValue = JobConfig.RAW_TOPIC, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--cameras", defaultValue = "4", description = "number of cameras (default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--frames", defaultValue = "100", description = "frames per camera (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--fps", defaultValue = "5", description = "frames per second per camera (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--as-fast-as-possible", description = "do not wait between frames (capture times still follow --fps)")
    boolean asFastAsPossible;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        kafka.requireBroker();
        List<CameraSimulator.Feed> feeds = CameraSimulator.feeds(sources, cameras, frames);
        long sent = new CameraSimulator(kafka.bootstrapServers, topic, kafka.clientProperties())
                .run(feeds, frames, fps, !asFastAsPossible);
        System.out.println("published " + sent + " frames from " + cameras + " cameras to " + topic);
        return 0;
    }
}
