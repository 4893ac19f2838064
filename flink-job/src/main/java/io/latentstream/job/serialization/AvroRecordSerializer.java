package io.latentstream.job.serialization;

import io.latentstream.operators.AvroBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records as single-object encoded values (schema fingerprint header),
 * keyed by camera id so that each camera stays in one partition, in order.
 */
public final class AvroRecordSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, ByteBuffer> encode;

    public AvroRecordSerializer(String topic, SerializableFunction<T, String> key,
                                SerializableFunction<T, ByteBuffer> encode) {
        this.topic = topic;
        this.key = key;
        this.encode = encode;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] value = AvroBytes.copy(encode.apply(element));
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp, k == null ? null : k.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Adapts the generated classes' toByteBuffer, whose IOException cannot happen in memory. */
    public static <T> ByteBuffer encodeOrThrow(IoEncoder<T> encoder, T value) {
        try {
            return encoder.encode(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record's single-object encoding as the bytes of a Kafka record value. */
    public static <T> byte[] valueBytes(IoEncoder<T> encoder, T value) {
        return AvroBytes.copy(encodeOrThrow(encoder, value));
    }

    /** toByteBuffer of a generated Avro class. */
    @FunctionalInterface
    public interface IoEncoder<T> {
        ByteBuffer encode(T value) throws IOException;
    }
}
