package io.latentstream.tools.cli;

import io.latentstream.job.JobConfig;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.codec.frame.FrameReader;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<CameraSimulator.Feed> feeds = feeds(sources, cameras, frames);
        long sent = new CameraSimulator(kafka.bootstrapServers, topic, kafka.clientProperties())
                .run(feeds, frames, fps, !asFastAsPossible);
        System.out.println("published " + sent + " frames from " + cameras + " cameras to " + topic);
        return 0;
    }

    /** Camera k shows source k mod n; cameras sharing a source start at different points of it. */
    static List<CameraSimulator.Feed> feeds(List<Path> sources, int cameras, int frames) throws Exception {
        List<CameraSimulator.Feed> feeds = new ArrayList<>();
        for (int s = 0; s < sources.size() && s < cameras; s++) {
            List<String> ids = new ArrayList<>();
            for (int c = s; c < cameras; c += sources.size()) {
                ids.add(String.format("cam-%02d", c + 1));
            }
            List<RgbImage> clip = FrameReader.read(sources.get(s), frames * ids.size());
            feeds.addAll(CameraSimulator.sharedClip(clip, ids));
        }
        feeds.sort(java.util.Comparator.comparing(CameraSimulator.Feed::cameraId));
        return feeds;
    }
}
