package io.latentstream.job.validate;

import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.operators.AvroBytes;
import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.FrameFormatException;
import io.latentstream.codec.frame.PixelFormat;
import io.latentstream.job.source.KafkaRecord;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CameraIds;
import io.latentstream.schema.MalformedRecordException;
import io.latentstream.schema.RawFrame;
import io.latentstream.schema.RejectedFrame;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw records as Avro single-object RawFrames and checks them; everything the
 * encoder could not take goes to {@link #REJECTED} with a reason, nothing is dropped.
 * No field of the record sizes an allocation before it is checked: the record against
 * {@code maxRecordBytes} and the Avro lengths against the record ({@link BoundedAvroDecoder}),
 * the frame size against {@code maxPixels}, a JPEG/PNG header against the frame size
 * before its pixels are decoded.
 *
 * <p>Sequence numbers must not be negative; duplicates and regressions (a camera that
 * restarted, a producer's retry) pass and are coded in arrival order, and the quality
 * windows count them ({@code StreamQuality.repeatedFrames}).
 */
public final class FrameValidator extends ProcessFunction<KafkaRecord, RawFrame> {
    public static final OutputTag<RejectedFrame> REJECTED = new OutputTag<>("rejected") {};

    private final long maxPixels;
    private final int maxRecordBytes;
    private transient BoundedAvroDecoder<RawFrame> decoder;
    private transient Counter rejected;

    public FrameValidator(long maxPixels, int maxRecordBytes) {
        this.maxPixels = maxPixels;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        rejected = getRuntimeContext().getMetricGroup().counter("framesRejected");
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<RawFrame> out) {
        Verdict<RawFrame> v = check(record.value);
        if (v.accepted()) {
            out.collect(v.value());
        } else {
            rejected.inc();
            ctx.output(REJECTED, Rejections.of(record, v.camera(), v.reason(), v.message()));
        }
    }

    /** The verdict on one record value (null: a tombstone). */
    public Verdict<RawFrame> check(byte[] value) {
        if (value == null) {
            return Verdict.reject(RejectReason.MALFORMED_RECORD, null, "record has no value");
        }
        if (value.length > maxRecordBytes) {
            return Verdict.reject(RejectReason.RECORD_TOO_LARGE, null, "record of " + value.length
                    + " bytes is above --max-record-bytes " + maxRecordBytes);
        }
        if (decoder == null) {
            decoder = BoundedAvroDecoder.rawFrames(maxRecordBytes);
        }
        RawFrame frame;
        try {
            frame = decoder.decode(value);
        } catch (MalformedRecordException e) {
            return Verdict.reject(RejectReason.MALFORMED_RECORD, null, "not an Avro RawFrame: " + e.getMessage());
        }
        String camera = frame.getCameraId();
        if (camera.isBlank()) {
            return Verdict.reject(RejectReason.MISSING_CAMERA_ID, null, "frame has no camera id");
        }
        String idProblem = CameraIds.problem(camera);
        if (idProblem != null) {
            return Verdict.reject(RejectReason.BAD_CAMERA_ID, null, idProblem);
        }
        if (frame.getSequence() < 0) {
            return Verdict.reject(RejectReason.BAD_SEQUENCE, camera, "sequence " + frame.getSequence() + " < 0");
        }
        PixelFormat format;
        try {
            format = PixelFormat.parse(frame.getPixelFormat());
        } catch (FrameFormatException e) {
            return Verdict.reject(RejectReason.UNKNOWN_PIXEL_FORMAT, camera, e.getMessage());
        }
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (w <= 0 || h <= 0 || w > FrameHeader.MAX_DIMENSION || h > FrameHeader.MAX_DIMENSION) {
            return Verdict.reject(RejectReason.BAD_DIMENSIONS, camera, "frame size " + w + "x" + h);
        }
        if ((long) w * h > maxPixels) {
            return Verdict.reject(RejectReason.TOO_LARGE, camera, w + "x" + h + " is above the limit of " + maxPixels
                    + " pixels");
        }
        int bytes = frame.getPixels().remaining();
        if (!format.isCompressed() && bytes != format.frameBytes(w, h)) {
            return Verdict.reject(RejectReason.SIZE_MISMATCH, camera, format + " " + w + "x" + h + " needs "
                    + format.frameBytes(w, h) + " bytes, got " + bytes);
        }
        if (format.isCompressed()) {
            try {
                FrameConverter.toRgb(format, w, h, AvroBytes.copy(frame.getPixels()));
            } catch (FrameFormatException e) {
                return Verdict.reject(RejectReason.UNDECODABLE_IMAGE, camera, e.getMessage());
            }
        }
        return Verdict.accept(frame);
    }
}
