package io.latentstream.job.validate;

/** Why a record went to the dead-letter topic; the codes are part of the RejectedFrame contract. */
public enum RejectReason {
    MALFORMED_RECORD,
    MISSING_CAMERA_ID,
    UNKNOWN_PIXEL_FORMAT,
    BAD_DIMENSIONS,
    TOO_LARGE,
    SIZE_MISMATCH,
    UNDECODABLE_IMAGE
}
