package io.latentstream.tools.consume;

import io.latentstream.schema.CameraIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names for camera ids, for consumers that write per-camera files. Any id maps to one
 * plain name inside the output folder, and different ids to different names: an id that
 * keeps {@link CameraIds}' rule is its own name (those start with a letter or digit); any
 * other id (from a producer that bypassed the job, say) becomes '_', up to 40 of its
 * characters with the unsafe ones replaced, '-' and 24 hex digits of its SHA-256.
 */
public final class CameraFiles {
    private static final int SHOWN_CHARS = 40;

    private CameraFiles() {}

    public static String name(String cameraId) {
        if (CameraIds.isValid(cameraId)) {
            return cameraId;
        }
        String id = cameraId == null ? "" : cameraId;
        String shown = id.substring(0, Math.min(id.length(), SHOWN_CHARS)).replaceAll("[^A-Za-z0-9._-]", "_");
        return "_" + shown + "-" + HexFormat.of().formatHex(sha256(id), 0, 12);
    }

    /** The id for one-line messages: cut to 64 characters. */
    public static String shown(String cameraId) {
        return cameraId == null || cameraId.length() <= 64 ? String.valueOf(cameraId) : cameraId.substring(0, 64) + "...";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
