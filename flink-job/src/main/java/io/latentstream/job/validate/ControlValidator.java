package io.latentstream.job.validate;

import io.latentstream.job.source.KafkaRecord;
import io.latentstream.schema.EncoderCommand;
import io.latentstream.schema.EncoderControl;
import java.nio.ByteBuffer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses control-topic records as Avro single-object EncoderControls; what the encoder
 * cannot act on goes to {@link FrameValidator#REJECTED} with a reason, as bad frames do.
 */
public final class ControlValidator extends ProcessFunction<KafkaRecord, EncoderControl> {
    private transient Counter rejected;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        rejected = getRuntimeContext().getMetricGroup().counter("controlMessagesRejected");
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<EncoderControl> out) {
        EncoderControl control;
        try {
            if (record.value == null) {
                throw new IllegalArgumentException("record has no value");
            }
            control = EncoderControl.fromByteBuffer(ByteBuffer.wrap(record.value));
        } catch (Exception e) {
            reject(ctx, record, null, RejectReason.BAD_CONTROL_MESSAGE, "not an Avro EncoderControl: " + e);
            return;
        }
        String camera = control.getCameraId();
        if (camera == null || camera.isBlank()) {
            reject(ctx, record, null, RejectReason.MISSING_CAMERA_ID, "control message has no camera id");
            return;
        }
        if (control.getCommand() == EncoderCommand.SET_LEVEL && control.getLevel() != null && control.getLevel() < 0) {
            reject(ctx, record, camera, RejectReason.BAD_CONTROL_MESSAGE, "rate level " + control.getLevel() + " < 0");
            return;
        }
        out.collect(control);
    }

    private void reject(Context ctx, KafkaRecord r, String camera, RejectReason reason, String message) {
        rejected.inc();
        ctx.output(FrameValidator.REJECTED, Rejections.of(r, camera, reason, message));
    }
}
