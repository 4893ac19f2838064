package io.latentstream.job.validate;

import io.latentstream.job.source.KafkaRecord;
import io.latentstream.schema.RejectedFrame;

/** Dead-letter records: where the rejected record was, and why. */
final class Rejections {
    private Rejections() {}

    static RejectedFrame of(KafkaRecord r, String camera, RejectReason reason, String message) {
        return RejectedFrame.newBuilder().setSourceTopic(r.topic).setPartition(r.partition)
                .setOffset(r.offset).setCameraId(camera).setReasonCode(reason.name()).setMessage(message).build();
    }
}
