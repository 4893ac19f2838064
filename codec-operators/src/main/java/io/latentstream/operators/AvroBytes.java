package io.latentstream.operators;

import java.nio.ByteBuffer;

/** Avro hands {@code bytes} fields out as ByteBuffers that belong to the record. */
public final class AvroBytes {
    private AvroBytes() {
    }

    /** The buffer's remaining bytes, copied without moving its position, so the record can be read again. */
    public static byte[] copy(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
