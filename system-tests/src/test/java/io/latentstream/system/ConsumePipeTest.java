package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.codec.frame.FrameReader;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What README promises a consuming application: `bin/latentstream consume --format y4m --out -`
 * piped into ffmpeg gives a playable MP4 at the camera's frame rate, here 15 fps read from
 * the capture times of a real broker's frames.
 */
class ConsumePipeTest {
    private static final String TOPIC = "pipe.compressed";
    private static final int FRAMES = 20;
    private static final long INTERVAL_MICROS = 1_000_000 / 15;

    @Test
    @Timeout(180)
    void y4mOnStdoutIntoFfmpegPlaysAtTheCameraRate(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, TOPIC);
            CompressedFrames.publish(kafka, TOPIC, "gate-7", FrameReader.read(Processes.CLIP, FRAMES), INTERVAL_MICROS);
            CompressedFrames.publish(kafka, TOPIC, "other-camera", FrameReader.read(Processes.CLIP, 3), INTERVAL_MICROS);
            Path mp4 = dir.resolve("gate-7.mp4");
            String pipeline = Processes.REPO.resolve("bin/latentstream") + " consume --bootstrap-servers "
                    + kafka.bootstrapServers() + " --topic " + TOPIC + " --camera gate-7 --format y4m --out -"
                    + " --idle-timeout-s 3 | ffmpeg -nostdin -v error -y -i - " + mp4;
            Processes.run(new ProcessBuilder("bash", "-o", "pipefail", "-c", pipeline).redirectErrorStream(true),
                    Duration.ofSeconds(120));
            String probe = Processes.run(new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v",
                    "-count_frames", "-show_entries", "stream=width,height,r_frame_rate,nb_read_frames", "-of", "csv=p=0",
                    mp4.toString()), Duration.ofSeconds(30));
            assertEquals("320,240,15/1," + FRAMES, probe.strip());
        }
    }
}
