package io.latentstream.schema;

/** Bytes that are not a well-formed Avro record of the expected schema; the message says where. */
public final class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
