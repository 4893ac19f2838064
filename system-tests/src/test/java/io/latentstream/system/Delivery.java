package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.LatentCodec;
import io.latentstream.operators.AvroBytes;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.consume.TopicReader.Read;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RejectedFrame;
import io.latentstream.schema.StreamQuality;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

/** What reaches the job's output topics, read as an application reads them (read_committed), and checks on it. */
final class Delivery {
    private Delivery() {}

    static List<CompressedFrame> compressed(Properties client, int atLeast, Duration timeout) {
        return read(client, "camera.compressed", BoundedAvroDecoder.compressedFrames()::decode,
                l -> l.size() >= atLeast, timeout);
    }

    static List<RejectedFrame> rejected(Properties client, int atLeast, Duration timeout) {
        return read(client, "camera.rejected", BoundedAvroDecoder.rejectedFrames(1 << 16)::decode,
                l -> l.size() >= atLeast, timeout);
    }

    static List<StreamQuality> quality(Properties client, Predicate<List<StreamQuality>> done, Duration timeout) {
        return read(client, "camera.quality", BoundedAvroDecoder.qualities(1 << 16)::decode, done, timeout);
    }

    private static <T> List<T> read(Properties client, String topic, java.util.function.Function<byte[], T> parse,
                                    Predicate<List<T>> done, Duration timeout) {
        Properties extra = new Properties();
        extra.putAll(client);
        String bootstrap = (String) extra.remove("bootstrap.servers");
        try (TopicReader<T> reader = new TopicReader<>(bootstrap, topic, extra, parse)) {
            List<Read<T>> got = reader.readUntil(l -> done.test(l.stream().map(Read::value).toList()), timeout);
            // A little longer: duplicates would show now.
            reader.poll(got, Duration.ofSeconds(3));
            return got.stream().map(Read::value).toList();
        }
    }

    /** Every (camera, seq) in 0..framesPerCamera-1 exactly once, and every frame decodes, in each camera's order. */
    static void assertExactlyOnceAndDecodable(List<CompressedFrame> frames, List<String> cameras, int framesPerCamera)
            throws java.io.IOException {
        Set<String> seen = new HashSet<>();
        for (CompressedFrame f : frames) {
            assertTrue(seen.add(f.getCameraId() + "/" + f.getSequence()), "duplicate " + f.getCameraId() + "/"
                    + f.getSequence());
        }
        for (String c : cameras) {
            for (int s = 0; s < framesPerCamera; s++) {
                assertTrue(seen.contains(c + "/" + s), "missing " + c + "/" + s);
            }
        }
        assertEquals(cameras.size() * framesPerCamera, frames.size(), "frames delivered");
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(Processes.REPO.resolve("models")),
                ExecutionTarget.cpu(1), "full", LatentCodec.DEFAULT_MAX_PIXELS);
        for (CompressedFrame f : frames) {
            // Throws its typed error if any frame does not decode after the one before it.
            decoder.decode(f.getCameraId(), AvroBytes.copy(f.getBitstream()));
        }
    }
}
