package io.latentstream.tools.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.schema.CompressedFrame;
import java.util.ArrayDeque;

/**
 * One camera as the live view shows it: its latest decoded picture, what its last frame says,
 * and its frames' bits, PSNR and type over the last historyMicros of capture time. Written by
 * the reader thread, read by the server's; bounded by the history and {@link #MAX_POINTS}.
 */
final class CameraFeed {
    /** A minute at 300 fps: far above any camera, a bound on what one camera can make the view keep. */
    static final int MAX_POINTS = 18_000;

    private record Point(long captureMicros, long bits, double psnr, boolean key) {}

    private final String camera;
    private final long historyMicros;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private CompressedFrame last;
    private RgbImage picture;
    private long pictureVersion;
    private byte[] png;
    private long pngVersion = -1;
    private long frames;
    private long keyFrames;

    CameraFeed(String camera, long historyMicros) {
        this.camera = camera;
        this.historyMicros = historyMicros;
    }

    /** A frame read from the topic, and its picture (null: it did not decode). */
    synchronized void add(CompressedFrame f, RgbImage decoded) {
        boolean key = "INTRA".equals(f.getFrameType());
        frames++;
        keyFrames += key ? 1 : 0;
        last = f;
        if (decoded != null) {
            picture = decoded;
            pictureVersion++;
        }
        points.addLast(new Point(f.getCaptureTimeMicros(), 8L * f.getBitstream().remaining(), f.getPsnr(), key));
        while (points.size() > MAX_POINTS
                || points.peekFirst().captureMicros() < f.getCaptureTimeMicros() - historyMicros) {
            points.removeFirst();
        }
    }

    /** The latest picture as PNG, encoded once per picture; null before the first decodes. */
    synchronized byte[] png() {
        if (picture == null) {
            return null;
        }
        if (pngVersion != pictureVersion) {
            png = picture.toPng();
            pngVersion = pictureVersion;
        }
        return png;
    }

    /**
     * What the page shows: the last frame's figures, and per second of capture time (t in
     * seconds before the last frame) the kbit/s, mean PSNR and whether a key frame fell in it.
     */
    synchronized ObjectNode json(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", camera);
        o.put("frames", frames);
        o.put("keyFrames", keyFrames);
        o.put("pictureVersion", pictureVersion);
        if (last != null) {
            o.put("width", last.getWidth());
            o.put("height", last.getHeight());
            o.put("model", last.getModelId().toString());
            o.put("level", last.getRateLevel());
            o.put("frameType", last.getFrameType().toString());
            o.put("sequence", last.getSequence());
            o.put("captureTimeMicros", last.getCaptureTimeMicros());
            o.put("bpp", last.getBpp());
            putFinite(o, "psnr", last.getPsnr());
            if (last.getTargetKbitPerSecond() == null) {
                o.putNull("targetKbitPerSecond");
            } else {
                o.put("targetKbitPerSecond", last.getTargetKbitPerSecond());
            }
        }
        ArrayNode series = o.putArray("series");
        if (!points.isEmpty()) {
            long end = points.peekLast().captureMicros();
            long seconds = Math.max(1, (end - points.peekFirst().captureMicros()) / 1_000_000 + 1);
            long[] bits = new long[(int) seconds];
            double[] psnrSum = new double[(int) seconds];
            int[] count = new int[(int) seconds];
            boolean[] key = new boolean[(int) seconds];
            for (Point p : points) {
                int bin = (int) ((end - p.captureMicros()) / 1_000_000);
                bits[bin] += p.bits();
                if (Double.isFinite(p.psnr())) {
                    psnrSum[bin] += p.psnr();
                    count[bin]++;
                }
                key[bin] |= p.key();
            }
            // The newest second is partial; it is left out of the rates rather than drawn as a dip.
            for (int bin = (int) seconds - 1; bin >= 1; bin--) {
                ObjectNode s = series.addObject();
                s.put("t", -bin);
                s.put("kbps", bits[bin] / 1000.0);
                putFinite(s, "psnr", count[bin] == 0 ? Double.NaN : psnrSum[bin] / count[bin]);
                s.put("key", key[bin]);
            }
            o.put("kbps", seconds > 1 ? bits[1] / 1000.0 : 0);
        }
        return o;
    }

    private static void putFinite(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }
}
