package io.latentstream.job.serialization;

import io.latentstream.schema.CompressedFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The Kafka headers on every record the job writes (docs/topics.md, "Headers"): what the value
 * is, and on compressed frames what a router or a filtering consumer needs without decoding
 * the value. Values are UTF-8.
 */
public final class RecordHeaders {
    /** The value's format and record, e.g. {@code application/avro; encoding=single-object; record=io.latentstream.schema.CompressedFrame}. */
    public static final String CONTENT_TYPE = "content-type";
    /** The model that decodes the frame, as in its bitstream header ({@code b18-vr-n96}). */
    public static final String MODEL_ID = "latentstream-model-id";
    /** INTRA (a key frame: a consumer can start here) or INTER. */
    public static final String FRAME_TYPE = "latentstream-frame-type";

    private RecordHeaders() {}

    public static Map<String, String> forRecord(SpecificRecordBase record) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CONTENT_TYPE, "application/avro; encoding=single-object; record=" + record.getSchema().getFullName());
        return h;
    }

    public static Map<String, String> forFrame(CompressedFrame frame) {
        Map<String, String> h = forRecord(frame);
        h.put(MODEL_ID, frame.getModelId());
        h.put(FRAME_TYPE, frame.getFrameType());
        return h;
    }
}
