package io.latentstream.system;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamBatch;
import io.latentstream.codec.stream.StreamEncoder;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A camera's frames coded as the job codes them (key and inter frames) and published as CompressedFrames, for consumer tests. */
final class CompressedFrames {
    static final long FIRST_CAPTURE_MICROS = 1_700_000_000_000_000L;

    private CompressedFrames() {}

    static void publish(EmbeddedKafka kafka, String topic, String camera, List<RgbImage> frames, long intervalMicros)
            throws Exception {
        LatentCodec codec = LatentCodec.builder(ModelBundle.load(Processes.REPO.resolve(ModelBundle.DEFAULT_MODEL_DIR)))
                .build();
        StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
        var props = kafka.clientProperties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < frames.size(); i++) {
                long capture = FIRST_CAPTURE_MICROS + i * intervalMicros;
                StreamBatch.Coded coded = codec.encodeStreams(List.of(new StreamBatch.Frame(encoder, frames.get(i), 1,
                        capture)), 1).get(0);
                EncodedFrame e = coded.frame();
                CompressedFrame f = CompressedFrame.newBuilder().setCameraId(camera).setSequence(i)
                        .setCaptureTimeMicros(capture).setWidth(frames.get(i).width()).setHeight(frames.get(i).height())
                        .setFrameType(e.header().frameType().name()).setModelId(codec.model().modelId())
                        .setCodecHash(e.header().codecHashPrefixHex()).setRateLevel(1)
                        .setBitstream(ByteBuffer.wrap(e.bitstream())).setBpp(e.bpp())
                        .setPsnr(Psnr.of(frames.get(i), coded.reconstruction())).setEncodeLatencyMicros(0)
                        .build();
                producer.send(new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8),
                        AvroRecordSerializer.valueBytes(CompressedFrame::toByteBuffer, f)));
            }
        }
    }
}
