package io.latentstream.job.serialization;

import io.latentstream.operators.AvroBytes;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records as single-object encoded values (schema fingerprint header), keyed by
 * camera id so that each camera stays in one partition, in order, with the Kafka headers
 * {@link RecordHeaders} gives the record, so that routers need not decode values.
 *
 * <p>The job passes lambdas, not method references: Flink serializes these functions, and a
 * serializable method reference used at two element types in one class (RecordHeaders::forRecord
 * for RejectedFrame and StreamQuality) deserializes as whichever came first, casting to the wrong
 * record class.
 */
public final class AvroRecordSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;
    private final IoEncoder<T> encode;
    private final SerializableFunction<T, Map<String, String>> headers;

    public AvroRecordSerializer(String topic, SerializableFunction<T, String> key, IoEncoder<T> encode,
                                SerializableFunction<T, Map<String, String>> headers) {
        this.topic = topic;
        this.key = key;
        this.encode = encode;
        this.headers = headers;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), valueBytes(encode, element));
        headers.apply(element).forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** A record's single-object encoding as the bytes of a Kafka record value. */
    public static <T> byte[] valueBytes(IoEncoder<T> encoder, T value) {
        try {
            return AvroBytes.copy(encoder.encode(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // generated toByteBuffer writes to memory: cannot happen
        }
    }

    /** toByteBuffer of a generated Avro class. */
    @FunctionalInterface
    public interface IoEncoder<T> extends Serializable {
        ByteBuffer encode(T value) throws IOException;
    }
}
