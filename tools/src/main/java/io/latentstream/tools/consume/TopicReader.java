package io.latentstream.tools.consume;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning (or from a point in time) with read_committed isolation,
 * so only frames of committed transactions are seen: what an application consuming the job's
 * output sees.
 */
public final class TopicReader<T> implements AutoCloseable {
    /**
     * A record's value with where it was read and its headers (UTF-8; the last of a repeated
     * key); or, for a value that did not parse, null and why.
     */
    public record Read<T>(int partition, long offset, Map<String, String> headers, T value, String error) {}

    /** How long each poll of {@link #readUntilIdle} and {@link #readToEnd} waits. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Function<byte[], T> parse;

    public TopicReader(String bootstrapServers, String topic, Properties extra, Function<byte[], T> parse) {
        this(bootstrapServers, topic, extra, parse, null);
    }

    /** From the first records written at or after from (by their Kafka timestamps; null: the beginning). */
    public TopicReader(String bootstrapServers, String topic, Properties extra, Function<byte[], T> parse, Instant from) {
        Properties p = new Properties();
        p.putAll(extra);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", "latentstream-reader-" + UUID.randomUUID());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("max.partition.fetch.bytes", "16777216");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (from == null) {
            this.consumer.subscribe(List.of(topic));
        } else {
            this.consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, Long> times = new java.util.HashMap<>();
                    partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
                    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
                    for (TopicPartition tp : partitions) {
                        OffsetAndTimestamp o = offsets.get(tp);
                        if (o != null) {
                            consumer.seek(tp, o.offset());
                        } else {
                            consumer.seekToEnd(List.of(tp));
                        }
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }
            });
        }
        this.parse = parse;
    }

    /** Polls until done says so of what was read so far, or the timeout passes. */
    public List<Read<T>> readUntil(Predicate<List<Read<T>>> done, Duration timeout) {
        List<Read<T>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(out) && System.nanoTime() < deadline) {
            poll(out, Duration.ofMillis(200));
        }
        return out;
    }

    /** What a reader hands each non-empty poll to; it may write (frames, files). */
    @FunctionalInterface
    public interface Batches<T> {
        void accept(List<Read<T>> batch) throws IOException;
    }

    /**
     * Polls until done says so, or until nothing has arrived for idleTimeout (null: until
     * interrupted), handing each non-empty poll's records, parsed or not, to each.
     */
    public void readUntilIdle(Duration idleTimeout, BooleanSupplier done, Batches<T> each) throws IOException {
        long lastArrival = System.nanoTime();
        while (!done.getAsBoolean()) {
            List<Read<T>> batch = new ArrayList<>();
            poll(batch, POLL);
            if (!batch.isEmpty()) {
                lastArrival = System.nanoTime();
                each.accept(batch);
            } else if (idleTimeout != null && System.nanoTime() - lastArrival > idleTimeout.toNanos()) {
                return;
            }
        }
    }

    /**
     * Reads what the topic holds now: polls until the position in every partition reaches the
     * end it had when the partitions were assigned (under read_committed the last stable
     * offset, which a transaction left open does not pass), handing each non-empty poll to
     * each. Returns as soon as that end is reached, however slowly records arrive; a topic
     * that is missing or has no partitions returns once assignTimeout passes unassigned.
     */
    public void readToEnd(Duration assignTimeout, Batches<T> each) throws IOException {
        long deadline = System.nanoTime() + assignTimeout.toNanos();
        Map<TopicPartition, Long> ends = null;
        while (true) {
            List<Read<T>> batch = new ArrayList<>();
            poll(batch, POLL);
            if (!batch.isEmpty()) {
                each.accept(batch);
            }
            if (ends == null && !consumer.assignment().isEmpty()) {
                ends = consumer.endOffsets(consumer.assignment());
            }
            if (ends == null ? System.nanoTime() > deadline
                    : ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                return;
            }
        }
    }

    /** One poll, appending what arrived; a value parse refuses is appended with its error, not thrown. */
    public void poll(List<Read<T>> out, Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            try {
                out.add(new Read<>(r.partition(), r.offset(), headers, parse.apply(r.value()), null));
            } catch (RuntimeException e) {
                out.add(new Read<>(r.partition(), r.offset(), headers, null, e.getMessage()));
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
