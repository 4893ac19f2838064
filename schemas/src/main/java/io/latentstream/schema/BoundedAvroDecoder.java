package io.latentstream.schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;

/**
 * Decodes Avro single-object records from untrusted bytes without letting the bytes size
 * an allocation. Avro's own decoder allocates whatever a length field claims (an 18-byte
 * record can claim a 2 GB string), so the body is walked against the schema first:
 *
 * <ul>
 *   <li>the record is at most {@code maxBytes} long and starts with the single-object
 *       marker C3 01 and the CRC-64-AVRO fingerprint of a version of the record's schema
 *       ({@link SchemaHistory}): today's, or one published before;</li>
 *   <li>every string, bytes and fixed length, and every array or map block count, fits in
 *       the bytes that remain (so nothing the decoder then allocates exceeds the record);</li>
 *   <li>varints end within 10 bytes, union branches and enum symbols exist, and the body
 *       ends exactly at the end of the record.</li>
 * </ul>
 *
 * Only then does Avro's decoder run, on input already known to be well formed, resolving
 * the writer's version to today's class (fields added since take their defaults).
 */
public final class BoundedAvroDecoder<T> {
    private static final int HEADER_BYTES = 10;

    private final Schema schema;
    /** Writer schemas by parsing fingerprint: today's and every earlier version. */
    private final Map<Long, Schema> writers = new HashMap<>();
    private final int maxBytes;
    private final BinaryMessageDecoder<T> decoder;

    /** schema: a generated class's schema (getClassSchema()), whose class decode returns. */
    private BoundedAvroDecoder(Schema schema, int maxBytes) {
        if (maxBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + HEADER_BYTES);
        }
        this.schema = schema;
        this.maxBytes = maxBytes;
        this.decoder = new BinaryMessageDecoder<>(SpecificData.getForSchema(schema), schema);
        writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        for (Schema earlier : SchemaHistory.of(schema.getName())) {
            if (writers.putIfAbsent(SchemaNormalization.parsingFingerprint64(earlier), earlier) == null) {
                decoder.addSchema(earlier);
            }
        }
    }

    public static BoundedAvroDecoder<RawFrame> rawFrames(int maxBytes) {
        return new BoundedAvroDecoder<>(RawFrame.getClassSchema(), maxBytes);
    }

    public static BoundedAvroDecoder<EncoderControl> controls(int maxBytes) {
        return new BoundedAvroDecoder<>(EncoderControl.getClassSchema(), maxBytes);
    }

    /**
     * For readers of the compressed topic: the record is already in memory (the consumer's
     * fetch size bounds it), so no size limit; the walk still keeps Avro from allocating more
     * than the record holds.
     */
    public static BoundedAvroDecoder<CompressedFrame> compressedFrames() {
        return new BoundedAvroDecoder<>(CompressedFrame.getClassSchema(), Integer.MAX_VALUE);
    }

    public static BoundedAvroDecoder<StreamQuality> qualities(int maxBytes) {
        return new BoundedAvroDecoder<>(StreamQuality.getClassSchema(), maxBytes);
    }

    public static BoundedAvroDecoder<RejectedFrame> rejectedFrames(int maxBytes) {
        return new BoundedAvroDecoder<>(RejectedFrame.getClassSchema(), maxBytes);
    }

    /** The record in data, or a {@link MalformedRecordException} saying what is wrong with it. */
    public T decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new MalformedRecordException("empty record");
        }
        if (data.length > maxBytes) {
            throw new MalformedRecordException("record of " + data.length + " bytes is above the limit of " + maxBytes);
        }
        if (data.length < HEADER_BYTES || (data[0] & 0xff) != 0xC3 || data[1] != 0x01) {
            throw new MalformedRecordException("not an Avro single-object record (no C3 01 marker)");
        }
        long fp = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writers.get(fp);
        if (writer == null) {
            throw new MalformedRecordException(String.format("schema fingerprint %016x is no version of %s's",
                    fp, schema.getName()));
        }
        Walk walk = new Walk(data, HEADER_BYTES);
        walk.value(writer);
        if (walk.pos != data.length) {
            throw new MalformedRecordException((data.length - walk.pos) + " bytes after the end of the " + schema.getName());
        }
        try {
            return decoder.decode(data);
        } catch (Exception e) {
            // The walk accepts only what the schema can encode; this is a field the generated
            // class still refuses (an invalid UTF-8 string is decoded leniently, not here).
            throw new MalformedRecordException(schema.getName() + ": " + e.getMessage());
        }
    }

    /** A cursor over the body; every method advances past one encoded value or throws. */
    private static final class Walk {
        private final byte[] data;
        private int pos;

        Walk(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        void value(Schema s) {
            switch (s.getType()) {
                case NULL -> { }
                case BOOLEAN -> {
                    int b = take(1);
                    if (data[b] != 0 && data[b] != 1) {
                        throw new MalformedRecordException("boolean byte " + data[b] + " at " + b);
                    }
                }
                case INT -> varint(5);
                case LONG -> varint(10);
                case FLOAT -> take(4);
                case DOUBLE -> take(8);
                case STRING, BYTES -> take(length());
                case FIXED -> take(s.getFixedSize());
                case ENUM -> index(s.getEnumSymbols().size(), "enum symbol");
                case UNION -> value(s.getTypes().get(index(s.getTypes().size(), "union branch")));
                case ARRAY -> blocks(s.getElementType(), false);
                case MAP -> blocks(s.getValueType(), true);
                case RECORD -> {
                    for (Schema.Field f : s.getFields()) {
                        value(f.schema());
                    }
                }
            }
        }

        /** Array and map blocks: a count (negative: followed by the block's byte size), 0 ends. */
        private void blocks(Schema item, boolean withKeys) {
            while (true) {
                long count = varint(10);
                if (count == 0) {
                    return;
                }
                if (count < 0) {
                    count = -count;
                    long size = varint(10);
                    if (size < 0 || size > data.length - pos) {
                        throw new MalformedRecordException("block of " + size + " bytes at " + pos);
                    }
                }
                // Each item takes at least one byte in our schemas; a count that cannot fit is
                // refused before the decoder sizes a collection by it.
                if (count < 0 || count > data.length - pos) {
                    throw new MalformedRecordException("block of " + count + " items at " + pos + " with "
                            + (data.length - pos) + " bytes left");
                }
                for (long i = 0; i < count; i++) {
                    if (withKeys) {
                        take(length());
                    }
                    value(item);
                }
            }
        }

        private int index(int size, String what) {
            long i = varint(10);
            if (i < 0 || i >= size) {
                throw new MalformedRecordException(what + " " + i + " of " + size + " at " + pos);
            }
            return (int) i;
        }

        private int length() {
            long n = varint(10);
            if (n < 0 || n > data.length - pos) {
                throw new MalformedRecordException("length " + n + " at " + pos + " with " + (data.length - pos)
                        + " bytes left");
            }
            return (int) n;
        }

        /** Moves past n bytes; returns where they start. */
        private int take(int n) {
            if (n > data.length - pos) {
                throw new MalformedRecordException("record ends inside a value at " + pos);
            }
            int at = pos;
            pos += n;
            return at;
        }

        /** A zig-zag varint of at most maxBytes bytes. */
        private long varint(int maxBytes) {
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                int b = data[take(1)] & 0xff;
                raw |= (long) (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new MalformedRecordException("varint longer than " + maxBytes + " bytes at " + pos);
        }
    }
}
