package io.latentstream.job.camera;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes footage as RawFrames (RGB24, Avro single-object encoding, key = camera id)
 * for N cameras, camera k starting k * offset frames into the clip so the cameras do
 * not show the same picture. Real time at the given fps, or as fast as possible.
 */
public final class CameraSimulator {
    private final String bootstrapServers;
    private final String topic;
    private final Properties extra;

    public CameraSimulator(String bootstrapServers, String topic, Properties extra) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.extra = extra;
    }

    /** Sends framesPerCamera frames from each camera; returns the number sent. */
    public long run(List<RgbImage> clip, List<String> cameras, int framesPerCamera, double fps, boolean realTime)
            throws Exception {
        Properties p = new Properties();
        p.putAll(extra);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("max.request.size", "16777216");
        long sent = 0;
        long startMicros = System.currentTimeMillis() * 1000;
        long startNanos = System.nanoTime();
        long periodMicros = Math.round(1e6 / fps);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int seq = 0; seq < framesPerCamera; seq++) {
                long captureMicros = startMicros + seq * periodMicros;
                if (realTime) {
                    long waitNanos = seq * periodMicros * 1000 - (System.nanoTime() - startNanos);
                    if (waitNanos > 0) {
                        TimeUnit.NANOSECONDS.sleep(waitNanos);
                    }
                }
                for (int c = 0; c < cameras.size(); c++) {
                    RgbImage img = clip.get((seq + c * (clip.size() / Math.max(1, cameras.size()))) % clip.size());
                    RawFrame frame = RawFrame.newBuilder()
                            .setCameraId(cameras.get(c))
                            .setSequence(seq)
                            .setCaptureTimeMicros(captureMicros)
                            .setWidth(img.width())
                            .setHeight(img.height())
                            .setPixelFormat("RGB24")
                            .setPixels(ByteBuffer.wrap(img.rgb()))
                            .setHeaders(Map.of())
                            .build();
                    ByteBuffer value = frame.toByteBuffer();
                    byte[] bytes = new byte[value.remaining()];
                    value.get(bytes);
                    producer.send(new ProducerRecord<>(topic, cameras.get(c).getBytes(StandardCharsets.UTF_8), bytes));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }
}
