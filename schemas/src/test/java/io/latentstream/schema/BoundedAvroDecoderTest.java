package io.latentstream.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedAvroDecoderTest {
    private static final BoundedAvroDecoder<RawFrame> RAW = BoundedAvroDecoder.rawFrames(1 << 20);

    private static byte[] encoded(RawFrame f) throws Exception {
        ByteBuffer b = f.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static RawFrame frame() {
        return RawFrame.newBuilder().setCameraId("cam-1").setSequence(7).setCaptureTimeMicros(1_000_000L)
                .setWidth(2).setHeight(1).setPixelFormat("RGB24").setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}))
                .setHeaders(Map.of("site", "north")).build();
    }

    /** The single-object header of RawFrame followed by the given body bytes. */
    private static byte[] withRawHeader(byte... body) throws Exception {
        byte[] good = encoded(frame());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(good, 0, 10);
        out.write(body);
        return out.toByteArray();
    }

    @Test
    void decodesWhatTheGeneratedEncoderWrote() throws Exception {
        RawFrame back = RAW.decode(encoded(frame()));
        assertEquals(frame(), back);
    }

    @Test
    void refusesAStringLengthOfGigabytesBeforeAllocating() throws Exception {
        // 18 bytes: header, then a zig-zag varint for a string length of about 2^31.
        byte[] poison = withRawHeader((byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f, (byte) 0, (byte) 0, (byte) 0);
        assertEquals(18, poison.length);
        var e = assertThrows(MalformedRecordException.class, () -> RAW.decode(poison));
        assertTrue(e.getMessage().startsWith("length "), e.getMessage());
    }

    @Test
    void refusesAMapCountThatCannotFit() throws Exception {
        byte[] good = encoded(frame());
        // The map is the last field: replace its block count (1 entry) by 2^40.
        int mapAt = good.length - ("site".length() + "north".length() + 2 + 1 + 1);
        byte[] head = Arrays.copyOf(good, mapAt);
        byte[] poison = concat(head, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40});
        var e = assertThrows(MalformedRecordException.class, () -> RAW.decode(poison));
        assertTrue(e.getMessage().contains("items"), e.getMessage());
    }

    @Test
    void refusesEmptyTruncatedTrailingAndForeignRecords() throws Exception {
        byte[] good = encoded(frame());
        assertThrows(MalformedRecordException.class, () -> RAW.decode(new byte[0]));
        assertThrows(MalformedRecordException.class, () -> RAW.decode("{\"cameraId\":\"x\"}".getBytes()));
        assertThrows(MalformedRecordException.class, () -> RAW.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(MalformedRecordException.class, () -> RAW.decode(Arrays.copyOf(good, good.length + 1)));
        byte[] control = EncoderControl.newBuilder().setCameraId("c").setCommand(EncoderCommand.KEY_FRAME)
                .setLevel(null).setRequestedAtMicros(0).build().toByteBuffer().array();
        var e = assertThrows(MalformedRecordException.class, () -> RAW.decode(control));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
    }

    @Test
    void refusesRecordsAboveTheSizeLimit() throws Exception {
        byte[] good = encoded(frame());
        var small = BoundedAvroDecoder.rawFrames(good.length - 1);
        var e = assertThrows(MalformedRecordException.class, () -> small.decode(good));
        assertTrue(e.getMessage().contains("above the limit"), e.getMessage());
    }

    @Test
    void refusesAnUnknownEnumSymbolOrUnionBranch() throws Exception {
        byte[] control = EncoderControl.newBuilder().setCameraId("c").setCommand(EncoderCommand.SET_LEVEL)
                .setLevel(2).setRequestedAtMicros(0).build().toByteBuffer().array();
        var decoder = BoundedAvroDecoder.controls(1024);
        assertEquals(2, decoder.decode(control).getLevel());
        byte[] badEnum = control.clone();
        badEnum[12] = 0x7e; // after header and the 1-char camera id: the command's index
        assertThrows(MalformedRecordException.class, () -> decoder.decode(badEnum));
        byte[] badUnion = control.clone();
        badUnion[13] = 0x06; // the level union's branch
        assertThrows(MalformedRecordException.class, () -> decoder.decode(badUnion));
    }

    @Test
    void everyPrefixAndEveryByteFlipIsDecodedOrRefusedWithTheTypedException() throws Exception {
        byte[] good = encoded(frame());
        for (int n = 0; n < good.length; n++) {
            byte[] prefix = Arrays.copyOf(good, n);
            assertThrows(MalformedRecordException.class, () -> RAW.decode(prefix));
        }
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = good.clone();
                flipped[i] ^= (byte) (1 << bit);
                try {
                    RAW.decode(flipped);
                } catch (MalformedRecordException expected) {
                    // refused with a reason: the only other outcome allowed
                }
            }
        }
        assertArrayEquals(good, encoded(RAW.decode(good)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
