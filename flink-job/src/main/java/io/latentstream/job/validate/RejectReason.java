package io.latentstream.job.validate;

/** Why a record (a frame or a control message) went to the dead-letter topic; the codes are part of the RejectedFrame contract. */
public enum RejectReason {
    MALFORMED_RECORD,
    MISSING_CAMERA_ID,
    UNKNOWN_PIXEL_FORMAT,
    BAD_DIMENSIONS,
    TOO_LARGE,
    SIZE_MISMATCH,
    UNDECODABLE_IMAGE,
    /** A control message that is not an Avro EncoderControl, or a SET_LEVEL with a negative level. */
    BAD_CONTROL_MESSAGE
}
