package io.latentstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * Every schema version we published (SchemaHistory): today's is the newest, today's readers
 * read records of every version, and an earlier reader reads today's records once it is given
 * today's schema (single-object encoding names the writer's schema only by fingerprint).
 */
class SchemaHistoryTest {
    private static final int MAX = 1 << 20;

    private static final Map<Schema, Function<byte[], ? extends SpecificRecordBase>> TODAY = Map.of(
            RawFrame.getClassSchema(), BoundedAvroDecoder.rawFrames(MAX)::decode,
            CompressedFrame.getClassSchema(), BoundedAvroDecoder.compressedFrames()::decode,
            StreamQuality.getClassSchema(), BoundedAvroDecoder.qualities(MAX)::decode,
            RejectedFrame.getClassSchema(), BoundedAvroDecoder.rejectedFrames(MAX)::decode,
            EncoderControl.getClassSchema(), BoundedAvroDecoder.controls(MAX)::decode);

    @Test
    void todaysSchemaIsTheNewestPublished() {
        for (Schema today : TODAY.keySet()) {
            List<Schema> versions = SchemaHistory.of(today.getName());
            assertFalse(versions.isEmpty(), today.getName());
            assertEquals(SchemaNormalization.parsingFingerprint64(today),
                    SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1)),
                    today.getName() + " changed: publish it as history/" + today.getName() + "-" + (versions.size() + 1)
                            + ".avsc");
        }
        assertEquals(4, SchemaHistory.of("StreamQuality").size());
    }

    @Test
    void todaysReadersReadEveryEarlierVersion() throws Exception {
        for (var e : TODAY.entrySet()) {
            for (Schema earlier : SchemaHistory.of(e.getKey().getName())) {
                GenericRecord written = sample(earlier);
                byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), earlier).encode(written).array();
                SpecificRecordBase read = e.getValue().apply(bytes);
                for (Schema.Field f : e.getKey().getFields()) {
                    Schema.Field old = earlier.getField(f.name());
                    Object expected = old != null ? written.get(f.name()) : f.defaultVal();
                    assertEquals(plain(expected), plain(read.get(f.name())), earlier.getName() + "." + f.name());
                }
            }
        }
    }

    @Test
    void earlierReadersReadTodaysRecordsGivenTodaysSchema() throws Exception {
        for (Schema today : TODAY.keySet()) {
            GenericRecord now = sample(today);
            byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), today).encode(now).array();
            for (Schema earlier : SchemaHistory.of(today.getName())) {
                BinaryMessageDecoder<GenericRecord> reader = new BinaryMessageDecoder<>(GenericData.get(), earlier);
                if (SchemaNormalization.parsingFingerprint64(earlier) != SchemaNormalization.parsingFingerprint64(today)) {
                    assertThrows(MissingSchemaException.class, () -> reader.decode(bytes));
                    reader.addSchema(today);
                }
                GenericRecord read = reader.decode(bytes);
                for (Schema.Field f : earlier.getFields()) {
                    assertEquals(plain(now.get(f.name())), plain(read.get(f.name())), earlier.getName() + "." + f.name());
                }
            }
        }
    }

    /** The one direction that does not hold: a reader from before SET_BITRATE cannot read it (its job dead-letters it). */
    @Test
    void earlierControlReadersRejectCommandsAddedLater() throws Exception {
        GenericRecord now = sample(EncoderControl.getClassSchema());
        now.put("command", new GenericData.EnumSymbol(EncoderCommand.getClassSchema(), "SET_BITRATE"));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), EncoderControl.getClassSchema())
                .encode(now).array();
        BinaryMessageDecoder<GenericRecord> reader = new BinaryMessageDecoder<>(GenericData.get(),
                SchemaHistory.of("EncoderControl").get(0));
        reader.addSchema(EncoderControl.getClassSchema());
        assertThrows(org.apache.avro.AvroTypeException.class, () -> reader.decode(bytes));
    }

    /** A record of schema with a distinct value in every field. */
    private static GenericRecord sample(Schema schema) {
        GenericData.Record r = new GenericData.Record(schema);
        int i = 0;
        for (Schema.Field f : schema.getFields()) {
            r.put(f.pos(), value(f.schema(), ++i));
        }
        return r;
    }

    private static Object value(Schema s, int i) {
        return switch (s.getType()) {
            case INT -> i;
            case LONG -> 1000L + i;
            case DOUBLE -> i + 0.25;
            case FLOAT -> i + 0.5f;
            case BOOLEAN -> true;
            case STRING -> "v" + i;
            case BYTES -> ByteBuffer.wrap(new byte[] {(byte) i, 2, 3});
            // The first symbol, which every version has; a symbol added later is tested on its own.
            case ENUM -> new GenericData.EnumSymbol(s, s.getEnumSymbols().get(0));
            case UNION -> value(s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(), i);
            case RECORD -> sample(s);
            case MAP -> Map.of("k" + i, value(s.getValueType(), i));
            case ARRAY -> List.of(value(s.getElementType(), i));
            default -> throw new IllegalArgumentException("no sample for " + s);
        };
    }

    /** Strings, enums and bytes compared by content, whatever class Avro gave them; a null default as null. */
    private static Object plain(Object v) {
        if (v == org.apache.avro.JsonProperties.NULL_VALUE) {
            return null;
        }
        if (v instanceof CharSequence || v instanceof Enum<?> || v instanceof GenericData.EnumSymbol) {
            return v.toString();
        }
        if (v instanceof ByteBuffer b) {
            return List.of(b.duplicate());
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(plain(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(SchemaHistoryTest::plain).toList();
        }
        return v;
    }
}
