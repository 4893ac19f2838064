package io.latentstream.job.validate;

import io.latentstream.job.source.KafkaRecord;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CameraIds;
import io.latentstream.schema.EncoderCommand;
import io.latentstream.schema.EncoderControl;
import io.latentstream.schema.MalformedRecordException;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses control-topic records as Avro single-object EncoderControls; what the encoder
 * cannot act on goes to {@link FrameValidator#REJECTED} with a reason, as bad frames do.
 */
public final class ControlValidator extends ProcessFunction<KafkaRecord, EncoderControl> {
    /** A control message is a camera id, a command and two numbers: anything near this is not one. */
    static final int MAX_CONTROL_BYTES = 4096;
    /** 10 Gbit/s: far above any camera; what is above it is a typo, or a unit mistake. */
    static final double MAX_KBPS = 1e7;

    private transient BoundedAvroDecoder<EncoderControl> decoder;
    private transient Counter rejected;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        rejected = getRuntimeContext().getMetricGroup().counter("controlMessagesRejected");
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<EncoderControl> out) {
        Verdict<EncoderControl> v = check(record.value);
        if (v.accepted()) {
            out.collect(v.value());
        } else {
            rejected.inc();
            ctx.output(FrameValidator.REJECTED, Rejections.of(record, v.camera(), v.reason(), v.message()));
        }
    }

    /** The verdict on one control record value (null: a tombstone). */
    public Verdict<EncoderControl> check(byte[] value) {
        if (decoder == null) {
            decoder = BoundedAvroDecoder.controls(MAX_CONTROL_BYTES);
        }
        EncoderControl control;
        try {
            control = decoder.decode(value);
        } catch (MalformedRecordException e) {
            return Verdict.reject(RejectReason.BAD_CONTROL_MESSAGE, null, "not an Avro EncoderControl: " + e.getMessage());
        }
        String camera = control.getCameraId();
        if (camera.isBlank()) {
            return Verdict.reject(RejectReason.MISSING_CAMERA_ID, null, "control message has no camera id");
        }
        String idProblem = CameraIds.problem(camera);
        if (idProblem != null) {
            return Verdict.reject(RejectReason.BAD_CAMERA_ID, null, idProblem);
        }
        if (control.getCommand() == EncoderCommand.SET_LEVEL && control.getLevel() != null && control.getLevel() < 0) {
            return Verdict.reject(RejectReason.BAD_CONTROL_MESSAGE, camera, "rate level " + control.getLevel() + " < 0");
        }
        Double kbps = control.getKbitPerSecond();
        if (control.getCommand() == EncoderCommand.SET_BITRATE && kbps != null && !(kbps >= 0 && kbps < MAX_KBPS)) {
            return Verdict.reject(RejectReason.BAD_CONTROL_MESSAGE, camera, "bitrate target " + kbps
                    + " kbit/s not in 0.." + MAX_KBPS);
        }
        return Verdict.accept(control);
    }
}
