package io.latentstream.tools.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.schema.StreamQuality;
import java.time.Instant;
import java.util.Locale;
import org.apache.avro.Schema;

/** StreamQuality windows as operators read them: Markdown table rows, or one plain JSON object per window. */
public final class QualityRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QualityRecords() {}

    /** The table's header and separator lines. */
    public static String tableHeader() {
        return "| camera | window start (UTC) | frames | key | dropped | mean PSNR | p5 PSNR | mean bpp | kbit/s | key kbit/s "
                + "| target kbit/s | level | fps |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    /** A window; its target is "-" without one, and marked "(out of reach)" where frames coded at the rate range's limit. */
    public static String tableRow(StreamQuality q) {
        String target = q.getTargetKbitPerSecond() == null ? "-"
                : String.format(Locale.ROOT, "%.1f%s", q.getTargetKbitPerSecond(),
                        q.getTargetOutOfReachFrames() > 0 ? " (out of reach)" : "");
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.2f | %.2f | %.4f | %.1f | %.1f | %s | %s | %.2f |%n",
                q.getCameraId(), Instant.ofEpochMilli(q.getWindowStartMillis()), q.getFrames(), q.getKeyFrames(),
                q.getDroppedFrames(), q.getMeanPsnr(), q.getP5Psnr(), q.getMeanBpp(), q.getKbitPerSecond(),
                q.getKeyFrameKbitPerSecond(), target, q.getRateLevel() == null ? "-" : q.getRateLevel(), q.getFps());
    }

    /**
     * One line of JSON: every schema field by its name, in schema order, as a plain value (a
     * number, a string or null, never Avro's JSON union wrapping); numbers JSON cannot hold
     * (NaN, infinities) are null.
     */
    public static String jsonLine(StreamQuality q) {
        ObjectNode o = JSON.createObjectNode();
        for (Schema.Field field : q.getSchema().getFields()) {
            Object v = q.get(field.pos());
            String name = field.name();
            if (v == null || v instanceof Number n && !Double.isFinite(n.doubleValue())) {
                o.putNull(name);
            } else if (v instanceof Number || v instanceof Boolean) {
                o.set(name, JSON.valueToTree(v));
            } else {
                o.put(name, v.toString());
            }
        }
        return o.toString();
    }
}
