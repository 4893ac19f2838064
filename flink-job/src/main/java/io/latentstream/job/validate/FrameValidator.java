package io.latentstream.job.validate;

import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.FrameFormatException;
import io.latentstream.codec.frame.PixelFormat;
import io.latentstream.job.source.KafkaRecord;
import io.latentstream.schema.RawFrame;
import io.latentstream.schema.RejectedFrame;
import java.nio.ByteBuffer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw records as Avro single-object RawFrames and checks them; everything the
 * encoder could not take goes to {@link #REJECTED} with a reason, nothing is dropped.
 */
public final class FrameValidator extends ProcessFunction<KafkaRecord, RawFrame> {
    public static final OutputTag<RejectedFrame> REJECTED = new OutputTag<>("rejected") {};

    private final long maxPixels;
    private transient Counter rejected;

    public FrameValidator(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        rejected = getRuntimeContext().getMetricGroup().counter("framesRejected");
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<RawFrame> out) {
        RawFrame frame;
        try {
            if (record.value == null) {
                throw new IllegalArgumentException("record has no value");
            }
            frame = RawFrame.fromByteBuffer(ByteBuffer.wrap(record.value));
        } catch (Exception e) {
            reject(ctx, record, null, RejectReason.MALFORMED_RECORD, "not an Avro RawFrame: " + e);
            return;
        }
        String camera = frame.getCameraId();
        if (camera == null || camera.isBlank()) {
            reject(ctx, record, null, RejectReason.MISSING_CAMERA_ID, "frame has no camera id");
            return;
        }
        PixelFormat format;
        try {
            format = PixelFormat.parse(frame.getPixelFormat());
        } catch (FrameFormatException e) {
            reject(ctx, record, camera, RejectReason.UNKNOWN_PIXEL_FORMAT, e.getMessage());
            return;
        }
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (w <= 0 || h <= 0 || w > 65535 || h > 65535) {
            reject(ctx, record, camera, RejectReason.BAD_DIMENSIONS, "frame size " + w + "x" + h);
            return;
        }
        if ((long) w * h > maxPixels) {
            reject(ctx, record, camera, RejectReason.TOO_LARGE, w + "x" + h + " is above the limit of " + maxPixels
                    + " pixels");
            return;
        }
        int bytes = frame.getPixels().remaining();
        if (!format.isCompressed() && bytes != format.frameBytes(w, h)) {
            reject(ctx, record, camera, RejectReason.SIZE_MISMATCH, format + " " + w + "x" + h + " needs "
                    + format.frameBytes(w, h) + " bytes, got " + bytes);
            return;
        }
        if (format.isCompressed()) {
            try {
                byte[] data = new byte[bytes];
                frame.getPixels().duplicate().get(data);
                FrameConverter.toRgb(format, w, h, data);
            } catch (FrameFormatException e) {
                reject(ctx, record, camera, RejectReason.UNDECODABLE_IMAGE, e.getMessage());
                return;
            }
        }
        out.collect(frame);
    }

    private void reject(Context ctx, KafkaRecord r, String camera, RejectReason reason, String message) {
        rejected.inc();
        ctx.output(REJECTED, Rejections.of(r, camera, reason, message));
    }
}
