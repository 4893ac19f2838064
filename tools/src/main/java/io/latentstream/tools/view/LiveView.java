package io.latentstream.tools.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.operators.AvroBytes;
import io.latentstream.schema.BoundedAvroDecoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.tools.consume.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * The live view: a reader that decodes every camera's frames from a compressed topic, and a
 * small HTTP server on localhost for the page (a grid of cameras: latest picture, kbit/s and
 * PSNR charts with key frames marked, details on click). Routes: {@code /} the page,
 * {@code /api/cameras} every camera as JSON, {@code /frame?camera=ID} its latest picture as PNG.
 * At most maxCameras cameras are shown (the first to arrive); the rest are counted.
 */
public final class LiveView implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, CameraFeed> cameras = new TreeMap<>();
    private final int maxCameras;
    private final long historyMicros;
    private volatile long camerasLeftOut;
    private volatile boolean closed;

    /** Serves on localhost:port (0: any free port, see {@link #port}). */
    public LiveView(int port, int maxCameras, Duration history) throws IOException {
        this.maxCameras = maxCameras;
        this.historyMicros = history.toNanos() / 1000;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "live-view-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::page);
        server.createContext("/api/cameras", this::camerasJson);
        server.createContext("/frame", this::frame);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Reads topic from since ago until {@link #close}, decoding each camera's frames in order
     * with decoder; a record that does not parse or a frame that does not decode is shown as
     * the figures it carries, without a new picture.
     */
    public void read(String bootstrap, String topic, Properties props, FrameDecoder decoder, Duration since)
            throws IOException {
        try (TopicReader<CompressedFrame> reader = new TopicReader<>(bootstrap, topic, props,
                BoundedAvroDecoder.compressedFrames()::decode, Instant.now().minus(since))) {
            reader.readUntilIdle(null, () -> closed, batch -> {
                for (TopicReader.Read<CompressedFrame> r : batch) {
                    if (r.value() != null) {
                        add(r.value(), decoder);
                    }
                }
            });
        }
    }

    private void add(CompressedFrame f, FrameDecoder decoder) {
        String id = f.getCameraId().toString();
        CameraFeed feed;
        synchronized (cameras) {
            feed = cameras.get(id);
            if (feed == null) {
                if (cameras.size() >= maxCameras) {
                    camerasLeftOut++;
                    return;
                }
                feed = new CameraFeed(id, historyMicros);
                cameras.put(id, feed);
            }
        }
        RgbImage picture = null;
        try {
            picture = decoder.decode(id, AvroBytes.copy(f.getBitstream())).image();
        } catch (RuntimeException e) {
            // Joined mid-stream (no reference yet: BitstreamException), a model it lacks, or a frame
            // that does not decode: the view shows its figures and keeps the last picture.
        }
        feed.add(f, picture);
    }

    private void page(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = LiveView.class.getResourceAsStream("index.html")) {
            send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private void camerasJson(HttpExchange ex) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        var list = o.putArray("cameras");
        synchronized (cameras) {
            cameras.values().forEach(c -> list.add(c.json(JSON)));
        }
        o.put("camerasLeftOut", camerasLeftOut);
        send(ex, 200, "application/json", JSON.writeValueAsBytes(o));
    }

    private void frame(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String id = query != null && query.startsWith("camera=")
                ? URLDecoder.decode(query.substring("camera=".length()).replaceAll("&.*", ""), StandardCharsets.UTF_8)
                : null;
        CameraFeed feed;
        synchronized (cameras) {
            feed = id == null ? null : cameras.get(id);
        }
        byte[] png = feed == null ? null : feed.png();
        if (png == null) {
            send(ex, 404, "text/plain", ("no picture of " + id).getBytes(StandardCharsets.UTF_8));
        } else {
            send(ex, 200, "image/png", png);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops the reader (within a poll) and the server. */
    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
