package io.latentstream.tools.camera;

import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes footage as RawFrames (RGB24, Avro single-object encoding, key = camera id),
 * one feed per camera, looping a feed that is shorter than the run. Real time at the
 * given fps, or as fast as possible; capture times follow the fps either way.
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

    /** One camera: its id and the frames it shows. */
    public record Feed(String cameraId, List<RgbImage> frames) {}

    /** N cameras on one clip, camera k starting k/N of the way into it so they differ. */
    public static List<Feed> sharedClip(List<RgbImage> clip, List<String> cameras) {
        List<Feed> feeds = new ArrayList<>();
        for (int c = 0; c < cameras.size(); c++) {
            int start = c * (clip.size() / cameras.size());
            List<RgbImage> rotated = new ArrayList<>(clip.subList(start, clip.size()));
            rotated.addAll(clip.subList(0, start));
            feeds.add(new Feed(cameras.get(c), rotated));
        }
        return feeds;
    }

    /** Reads up to n frames of a source. */
    public interface Footage {
        List<RgbImage> read(Path source, int n) throws Exception;
    }

    public static List<Feed> feeds(List<Path> sources, int cameras, int frames) throws Exception {
        return feeds(sources, cameras, frames, FrameReader::read);
    }

    /** Camera k shows source k mod n; cameras sharing a source start at different points of it. */
    public static List<Feed> feeds(List<Path> sources, int cameras, int frames, Footage footage)
            throws Exception {
        List<Feed> feeds = new ArrayList<>();
        for (int s = 0; s < sources.size() && s < cameras; s++) {
            List<String> ids = new ArrayList<>();
            for (int c = s; c < cameras; c += sources.size()) {
                ids.add(String.format("cam-%02d", c + 1));
            }
            List<RgbImage> clip = footage.read(sources.get(s), frames * ids.size());
            feeds.addAll(sharedClip(clip, ids));
        }
        feeds.sort(Comparator.comparing(Feed::cameraId));
        return feeds;
    }

    /** Sends framesPerCamera frames from each feed; returns the number sent. */
    public long run(List<Feed> feeds, int framesPerCamera, double fps, boolean realTime) throws Exception {
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
                for (Feed feed : feeds) {
                    RgbImage img = feed.frames().get(seq % feed.frames().size());
                    RawFrame frame = RawFrame.newBuilder()
                            .setCameraId(feed.cameraId())
                            .setSequence(seq)
                            .setCaptureTimeMicros(captureMicros)
                            .setWidth(img.width())
                            .setHeight(img.height())
                            .setPixelFormat("RGB24")
                            .setPixels(ByteBuffer.wrap(img.rgb()))
                            .setHeaders(Map.of())
                            .build();
                    byte[] bytes = AvroRecordSerializer.valueBytes(RawFrame::toByteBuffer, frame);
                    producer.send(new ProducerRecord<>(topic, feed.cameraId().getBytes(StandardCharsets.UTF_8), bytes));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }
}
