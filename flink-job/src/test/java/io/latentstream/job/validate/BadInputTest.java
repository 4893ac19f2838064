package io.latentstream.job.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.job.serialization.AvroRecordSerializer;
import io.latentstream.schema.EncoderCommand;
import io.latentstream.schema.EncoderControl;
import io.latentstream.schema.RawFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad record the raw and control topics may carry, and the reason code it
 * gets (docs/bad-input.md lists them). Each must be refused quickly, before anything sized
 * by the record is allocated: the 26000x26000 images would need 2 GB to decode.
 */
@Timeout(10)
class BadInputTest {
    private static final long MAX_PIXELS = 100_000;
    private static final int MAX_RECORD_BYTES = 1 << 20;
    private static final RgbImage IMAGE = gradient(32, 24);

    static Stream<Arguments> badFrames() throws Exception {
        byte[] good = raw(frame("cam-1", 0, 32, 24, "RGB24", IMAGE.rgb()));
        return Stream.of(
                Arguments.of("empty record", new byte[0], RejectReason.MALFORMED_RECORD),
                Arguments.of("tombstone (no value)", null, RejectReason.MALFORMED_RECORD),
                Arguments.of("text, not Avro", "{\"cameraId\":\"cam-1\"}".getBytes(StandardCharsets.UTF_8),
                        RejectReason.MALFORMED_RECORD),
                Arguments.of("18 bytes claiming a 2 GB string", poisonString(good), RejectReason.MALFORMED_RECORD),
                Arguments.of("headers map claiming 2^40 entries", hugeMap(good), RejectReason.MALFORMED_RECORD),
                Arguments.of("truncated RawFrame", Arrays.copyOf(good, good.length - 7), RejectReason.MALFORMED_RECORD),
                Arguments.of("bytes after the RawFrame", Arrays.copyOf(good, good.length + 3), RejectReason.MALFORMED_RECORD),
                Arguments.of("another schema (an EncoderControl)", control("cam-1", EncoderCommand.KEY_FRAME, null),
                        RejectReason.MALFORMED_RECORD),
                Arguments.of("record above --max-record-bytes", new byte[MAX_RECORD_BYTES + 1],
                        RejectReason.RECORD_TOO_LARGE),
                Arguments.of("empty camera id", raw(frame("", 0, 32, 24, "RGB24", IMAGE.rgb())),
                        RejectReason.MISSING_CAMERA_ID),
                Arguments.of("10,000-character camera id", raw(frame("c".repeat(10_000), 0, 32, 24, "RGB24", IMAGE.rgb())),
                        RejectReason.BAD_CAMERA_ID),
                Arguments.of("camera id with a path", raw(frame("../../etc", 0, 32, 24, "RGB24", IMAGE.rgb())),
                        RejectReason.BAD_CAMERA_ID),
                Arguments.of("camera id with a space", raw(frame("cam a", 0, 32, 24, "RGB24", IMAGE.rgb())),
                        RejectReason.BAD_CAMERA_ID),
                Arguments.of("negative sequence", raw(frame("cam-1", -1, 32, 24, "RGB24", IMAGE.rgb())),
                        RejectReason.BAD_SEQUENCE),
                Arguments.of("unknown pixel format", raw(frame("cam-1", 0, 32, 24, "YUYV", IMAGE.rgb())),
                        RejectReason.UNKNOWN_PIXEL_FORMAT),
                Arguments.of("zero width", raw(frame("cam-1", 0, 0, 24, "RGB24", IMAGE.rgb())), RejectReason.BAD_DIMENSIONS),
                Arguments.of("width 70000", raw(frame("cam-1", 0, 70_000, 1, "GRAY8", new byte[10])),
                        RejectReason.BAD_DIMENSIONS),
                Arguments.of("more pixels than --max-pixels", raw(frame("cam-1", 0, 400, 300, "GRAY8", new byte[10])),
                        RejectReason.TOO_LARGE),
                Arguments.of("RGB24 bytes short of the frame", raw(frame("cam-1", 0, 32, 24, "RGB24", new byte[100])),
                        RejectReason.SIZE_MISMATCH),
                Arguments.of("JPEG payload that is not a JPEG", raw(frame("cam-1", 0, 32, 24, "JPEG", new byte[] {1, 2, 3})),
                        RejectReason.UNDECODABLE_IMAGE),
                Arguments.of("small JPEG whose header claims 26000x26000",
                        raw(frame("cam-1", 0, 32, 24, "JPEG", claimSize(jpeg(IMAGE), 26000, 26000))),
                        RejectReason.UNDECODABLE_IMAGE),
                Arguments.of("JPEG of 26000x26000 declared as such",
                        raw(frame("cam-1", 0, 26000, 26000, "JPEG", claimSize(jpeg(IMAGE), 26000, 26000))),
                        RejectReason.TOO_LARGE),
                Arguments.of("PNG whose header claims 26000x26000",
                        raw(frame("cam-1", 0, 32, 24, "PNG", claimPngSize(IMAGE.toPng(), 26000, 26000))),
                        RejectReason.UNDECODABLE_IMAGE),
                Arguments.of("PNG of another size than the frame's", raw(frame("cam-1", 0, 32, 20, "PNG", IMAGE.toPng())),
                        RejectReason.UNDECODABLE_IMAGE));
    }

    static Stream<Arguments> badControls() throws Exception {
        byte[] good = control("cam-1", EncoderCommand.SET_LEVEL, 2);
        byte[] badEnum = good.clone();
        badEnum[16] = 0x7e; // after the 10-byte header and the 6-byte "cam-1": the command index
        return Stream.of(
                Arguments.of("empty control record", new byte[0], RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: not Avro", "key frame please".getBytes(StandardCharsets.UTF_8),
                        RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: a 2 GB string length", poisonString(good), RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: above 4 KB", Arrays.copyOf(good, ControlValidator.MAX_CONTROL_BYTES + 1),
                        RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: unknown command", badEnum, RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: negative level", control("cam-1", EncoderCommand.SET_LEVEL, -1),
                        RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: negative bitrate", bitrate("cam-1", -25.0), RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: NaN bitrate", bitrate("cam-1", Double.NaN), RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: bitrate in bit/s, not kbit/s", bitrate("cam-1", 2.5e10),
                        RejectReason.BAD_CONTROL_MESSAGE),
                Arguments.of("control: empty camera id", control("", EncoderCommand.KEY_FRAME, null),
                        RejectReason.MISSING_CAMERA_ID),
                Arguments.of("control: camera id with a path", control("a/../b", EncoderCommand.KEY_FRAME, null),
                        RejectReason.BAD_CAMERA_ID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFramesAreRefusedWithTheirReason(String kind, byte[] value, RejectReason expected) {
        Verdict<RawFrame> v = new FrameValidator(MAX_PIXELS, MAX_RECORD_BYTES).check(value);
        assertEquals(expected, v.reason(), kind + ": " + v.message());
        assertNull(v.value());
        assertTrue(v.message() != null && !v.message().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badControls")
    void badControlMessagesAreRefusedWithTheirReason(String kind, byte[] value, RejectReason expected) {
        Verdict<EncoderControl> v = new ControlValidator().check(value);
        assertEquals(expected, v.reason(), kind + ": " + v.message());
    }

    @Test
    void goodFramesInEveryFormatPass() throws Exception {
        var validator = new FrameValidator(MAX_PIXELS, MAX_RECORD_BYTES);
        assertTrue(validator.check(raw(frame("cam-1", 0, 32, 24, "RGB24", IMAGE.rgb()))).accepted());
        assertTrue(validator.check(raw(frame("cam.north_2-B", 7, 32, 24, "PNG", IMAGE.toPng()))).accepted());
        assertTrue(validator.check(raw(frame("cam-1", 1, 32, 24, "JPEG", jpeg(IMAGE)))).accepted());
        assertTrue(new ControlValidator().check(control("cam-1", EncoderCommand.SET_LEVEL, null)).accepted());
        for (Double kbps : new Double[] {25.0, 0.0, null}) {
            assertTrue(new ControlValidator().check(bitrate("cam-1", kbps)).accepted(), "SET_BITRATE " + kbps);
        }
    }

    @Test
    void aDeadLetterNamesOnlyACameraIdThatKeepsTheRuleAndStaysSmall() {
        var record = new io.latentstream.job.source.KafkaRecord("camera.raw", 0, 5, 0, null, null);
        var dead = Rejections.of(record, "x".repeat(10_000), RejectReason.BAD_CAMERA_ID, "y".repeat(10_000));
        assertNull(dead.getCameraId());
        assertTrue(dead.getMessage().length() < 600);
        assertEquals("cam-1", Rejections.of(record, "cam-1", RejectReason.TOO_LARGE, "m").getCameraId());
    }

    private static RawFrame frame(String camera, long seq, int w, int h, String format, byte[] pixels) {
        return RawFrame.newBuilder().setCameraId(camera).setSequence(seq).setCaptureTimeMicros(1_000_000L)
                .setWidth(w).setHeight(h).setPixelFormat(format).setPixels(ByteBuffer.wrap(pixels))
                .setHeaders(Map.of()).build();
    }

    private static byte[] raw(RawFrame f) {
        return AvroRecordSerializer.valueBytes(RawFrame::toByteBuffer, f);
    }

    private static byte[] control(String camera, EncoderCommand command, Integer level) {
        return AvroRecordSerializer.valueBytes(EncoderControl::toByteBuffer, EncoderControl.newBuilder()
                .setCameraId(camera).setCommand(command).setLevel(level).setRequestedAtMicros(0).build());
    }

    private static byte[] bitrate(String camera, Double kbps) {
        return AvroRecordSerializer.valueBytes(EncoderControl::toByteBuffer, EncoderControl.newBuilder()
                .setCameraId(camera).setCommand(EncoderCommand.SET_BITRATE).setKbitPerSecond(kbps)
                .setRequestedAtMicros(0).build());
    }

    /** The record's 10-byte single-object header, then a first string whose length is 2^31 - 1. */
    private static byte[] poisonString(byte[] record) {
        byte[] out = Arrays.copyOf(record, 18);
        byte[] length = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f};
        System.arraycopy(length, 0, out, 10, length.length);
        return out;
    }

    /** The RawFrame with its (empty) headers map replaced by a block claiming 2^40 entries. */
    private static byte[] hugeMap(byte[] record) {
        byte[] out = Arrays.copyOf(record, record.length + 5);
        byte[] count = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        System.arraycopy(count, 0, out, record.length - 1, count.length);
        return out;
    }

    private static RgbImage gradient(int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) (i % w * 8);
            rgb[3 * i + 1] = (byte) (i / w * 10);
            rgb[3 * i + 2] = (byte) 128;
        }
        return new RgbImage(w, h, rgb);
    }

    private static byte[] jpeg(RgbImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img.toBufferedImage(), "jpeg", out);
        return out.toByteArray();
    }

    /** The JPEG with its frame header (SOF0) claiming w x h. */
    private static byte[] claimSize(byte[] jpeg, int w, int h) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xff) == 0xff && (out[i + 1] & 0xff) == 0xc0) {
                out[i + 5] = (byte) (h >> 8);
                out[i + 6] = (byte) h;
                out[i + 7] = (byte) (w >> 8);
                out[i + 8] = (byte) w;
                return out;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    /** The PNG with its IHDR claiming w x h, CRC recomputed so only the size is wrong. */
    private static byte[] claimPngSize(byte[] png, int w, int h) {
        byte[] out = png.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return out;
    }
}
