package io.latentstream.schema;

import java.util.regex.Pattern;

/**
 * The rule for camera ids, the key of every topic: 1 to {@value #MAX_LENGTH} characters of
 * ASCII letters, digits, '.', '_' and '-', starting with a letter or a digit. Ids are
 * metric labels, log fields and, for consumers, file names, so they stay short and plain;
 * the job dead-letters a frame whose id breaks the rule (BAD_CAMERA_ID).
 */
public final class CameraIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private CameraIds() {}

    /** Why id breaks the rule, or null when it keeps it. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "camera id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "camera id of " + id.length() + " characters is longer than " + MAX_LENGTH;
        }
        if (!VALID.matcher(id).matches()) {
            return "camera id '" + id + "' has characters other than A-Z a-z 0-9 . _ - or does not start with a "
                    + "letter or digit";
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }
}
