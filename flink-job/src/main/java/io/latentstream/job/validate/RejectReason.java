package io.latentstream.job.validate;

/**
 * Why a record (a frame or a control message) went to the dead-letter topic; the codes are
 * part of the RejectedFrame contract (docs/topics.md lists them, docs/bad-input.md the inputs
 * that get each).
 */
public enum RejectReason {
    /** Not a single-object RawFrame: empty, another schema, truncated, or a length that does not fit. */
    MALFORMED_RECORD,
    /** A value larger than {@code --max-record-bytes}, refused before it is parsed. */
    RECORD_TOO_LARGE,
    MISSING_CAMERA_ID,
    /** A camera id that breaks {@link io.latentstream.schema.CameraIds}' rule. */
    BAD_CAMERA_ID,
    /** A negative sequence number. */
    BAD_SEQUENCE,
    UNKNOWN_PIXEL_FORMAT,
    BAD_DIMENSIONS,
    TOO_LARGE,
    SIZE_MISMATCH,
    UNDECODABLE_IMAGE,
    /** A control message that is not an Avro EncoderControl, or a SET_LEVEL with a negative level. */
    BAD_CONTROL_MESSAGE
}
