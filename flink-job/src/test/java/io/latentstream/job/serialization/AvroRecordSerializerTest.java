package io.latentstream.job.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RejectedFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** What the job's sinks write: the camera as key, the single-object value, and headers a router can read. */
class AvroRecordSerializerTest {
    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> r) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void aCompressedFrameNamesItsModelAndFrameType() throws Exception {
        CompressedFrame f = CompressedFrame.newBuilder().setCameraId("gate-7").setSequence(3).setCaptureTimeMicros(1)
                .setWidth(64).setHeight(48).setFrameType("INTRA").setModelId("b18-vr-n96").setCodecHash("00")
                .setRateLevel(3).setBitstream(ByteBuffer.wrap(new byte[] {1, 2, 3})).setBpp(0.1).setPsnr(40)
                .setEncodeLatencyMicros(5).build();
        var serializer = new AvroRecordSerializer<CompressedFrame>("camera.compressed", CompressedFrame::getCameraId,
                CompressedFrame::toByteBuffer, RecordHeaders::forFrame);
        ProducerRecord<byte[], byte[]> r = serializer.serialize(f, null, 7L);
        assertEquals("camera.compressed", r.topic());
        assertArrayEquals("gate-7".getBytes(StandardCharsets.UTF_8), r.key());
        assertEquals(7L, r.timestamp());
        assertEquals(f, BoundedAvroDecoder.compressedFrames().decode(r.value()));
        assertEquals(Map.of(
                RecordHeaders.CONTENT_TYPE, "application/avro; encoding=single-object; record=io.latentstream.schema.CompressedFrame",
                RecordHeaders.MODEL_ID, "b18-vr-n96",
                RecordHeaders.FRAME_TYPE, "INTRA"), headers(r));
    }

    @Test
    void everyRecordSaysWhatItsValueIs() {
        RejectedFrame r = RejectedFrame.newBuilder().setSourceTopic("camera.raw").setPartition(0).setOffset(9)
                .setCameraId(null).setReasonCode("MALFORMED_RECORD").setMessage("18 bytes").build();
        var serializer = new AvroRecordSerializer<RejectedFrame>("camera.rejected", RejectedFrame::getCameraId,
                RejectedFrame::toByteBuffer, RecordHeaders::forRecord);
        ProducerRecord<byte[], byte[]> record = serializer.serialize(r, null, null);
        assertNull(record.key(), "a record with no camera has no key");
        assertEquals(Map.of(RecordHeaders.CONTENT_TYPE,
                "application/avro; encoding=single-object; record=io.latentstream.schema.RejectedFrame"), headers(record));
    }
}
