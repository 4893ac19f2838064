package io.latentstream.job.validate;

/** What validation made of one record: the parsed value, or the reason it goes to the dead-letter topic. */
public record Verdict<T>(T value, RejectReason reason, String camera, String message) {
    static <T> Verdict<T> accept(T value) {
        return new Verdict<>(value, null, null, null);
    }

    /** camera: the record's id where it was read, for the dead letter (kept only if it keeps the id rule). */
    static <T> Verdict<T> reject(RejectReason reason, String camera, String message) {
        return new Verdict<>(null, reason, camera, message);
    }

    public boolean accepted() {
        return reason == null;
    }
}
