package io.latentstream.job.validate;

import io.latentstream.job.source.KafkaRecord;
import io.latentstream.schema.CameraIds;
import io.latentstream.schema.RejectedFrame;

/** Dead-letter records: where the rejected record was, and why. */
final class Rejections {
    /** Messages quote input; a dead letter stays small whatever the input held. */
    private static final int MAX_MESSAGE_CHARS = 500;

    private Rejections() {}

    /** camera: the record's camera id where it keeps the rule, else none (the message quotes it, cut short). */
    static RejectedFrame of(KafkaRecord r, String camera, RejectReason reason, String message) {
        String m = message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
        return RejectedFrame.newBuilder().setSourceTopic(r.topic).setPartition(r.partition)
                .setOffset(r.offset).setCameraId(CameraIds.isValid(camera) ? camera : null)
                .setReasonCode(reason.name()).setMessage(m).build();
    }
}
