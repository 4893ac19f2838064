package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamEncoder;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
            publish(kafka, "gate-7", FrameReader.read(Processes.CLIP, FRAMES));
            publish(kafka, "other-camera", FrameReader.read(Processes.CLIP, 3));
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

    private static void publish(EmbeddedKafka kafka, String camera, List<RgbImage> frames) throws Exception {
        LatentCodec codec = LatentCodec.builder(ModelBundle.load(Processes.REPO.resolve(ModelBundle.DEFAULT_MODEL_DIR)))
                .build();
        StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
        var props = kafka.clientProperties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < frames.size(); i++) {
                long capture = 1_700_000_000_000_000L + i * INTERVAL_MICROS;
                EncodedFrame e = encoder.encode(frames.get(i), 1, capture);
                CompressedFrame f = CompressedFrame.newBuilder().setCameraId(camera).setSequence(i)
                        .setCaptureTimeMicros(capture).setWidth(frames.get(i).width()).setHeight(frames.get(i).height())
                        .setFrameType(e.header().frameType().name()).setModelId(codec.model().modelId())
                        .setCodecHash(e.header().codecHashPrefixHex()).setRateLevel(1)
                        .setBitstream(ByteBuffer.wrap(e.bitstream())).setBpp(e.bpp()).setPsnr(0).setEncodeLatencyMicros(0)
                        .build();
                producer.send(new ProducerRecord<>(TOPIC, camera.getBytes(StandardCharsets.UTF_8),
                        AvroRecordSerializer.valueBytes(CompressedFrame::toByteBuffer, f)));
            }
        }
    }
}
