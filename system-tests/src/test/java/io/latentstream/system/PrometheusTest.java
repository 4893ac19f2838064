package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RejectedFrame;
import io.latentstream.schema.StreamQuality;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators' metrics for real: the job on a standalone cluster, Debian's Prometheus scraping its
 * reporters every second, and what Prometheus' HTTP API answers held against what the job wrote
 * to Kafka: each camera's last bpp and PSNR exactly, its 5th-percentile PSNR, kbit/s and bitrate
 * target, the rejected records' count; and every query of the Grafana dashboard answers with data
 * (Grafana itself is not packaged for Debian and cannot be installed here).
 */
class PrometheusTest {
    private static final String PREFIX = "flink_taskmanager_job_task_operator_";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Timeout(600)
    void prometheusSeesWhatTheTopicsSay(@TempDir Path tmp) throws Exception {
        try (Processes.Broker broker = new Processes.Broker(tmp.resolve("kafka"));
             Processes.FlinkCluster flink = new Processes.FlinkCluster(tmp.resolve("flink"));
             Prometheus prometheus = new Prometheus(tmp.resolve("prometheus"))) {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (byte[] bad : List.of(StandaloneClusterFaultTest.poison(), "not a frame".getBytes(StandardCharsets.UTF_8))) {
                    producer.send(new ProducerRecord<>("camera.raw", bad)).get();
                }
            }
            String job = flink.submit(StandaloneClusterFaultTest.jobArgs(broker, "--camera-kbps", "cam-01=40"));
            flink.awaitRunning(job, Duration.ofMinutes(2));
            StandaloneClusterFaultTest.cameras(broker).get();
            List<CompressedFrame> frames = Delivery.compressed(broker.clientProperties(), 120, Duration.ofMinutes(3));
            List<RejectedFrame> rejected = Delivery.rejected(broker.clientProperties(), 2, Duration.ofSeconds(60));
            List<StreamQuality> quality = Delivery.quality(broker.clientProperties(), l -> l.stream()
                    .map(StreamQuality::getCameraId).distinct().count() == 2, Duration.ofSeconds(60));

            for (String camera : List.of("cam-01", "cam-02")) {
                List<CompressedFrame> own = frames.stream().filter(f -> f.getCameraId().equals(camera))
                        .sorted(Comparator.comparingLong(CompressedFrame::getSequence)).toList();
                CompressedFrame last = own.get(own.size() - 1);
                String selector = "{camera=\"" + camera + "\"}";
                // The reporter publishes what the task thread last recorded; a scrape or two behind.
                prometheus.await(PREFIX + "camera_frames" + selector, v -> v == own.size(), Duration.ofSeconds(30));
                assertEquals(last.getBpp(), prometheus.value(PREFIX + "camera_lastBpp" + selector), 1e-9, camera);
                assertEquals(last.getPsnr(), prometheus.value(PREFIX + "camera_lastPsnr" + selector), 1e-9, camera);
                double[] psnr = own.stream().mapToDouble(CompressedFrame::getPsnr).sorted().toArray();
                double p5 = prometheus.value(PREFIX + "camera_p5Psnr" + selector);
                assertTrue(p5 >= psnr[0] - 0.01 && p5 <= psnr[(int) Math.ceil(0.1 * (psnr.length - 1))] + 0.01,
                        camera + ": p5 " + p5 + " against frames' PSNR " + java.util.Arrays.toString(psnr));
                // kbit/s: the job smooths it over the last frames (key frames included), so it equals
                // what the camera's frames on the topic imply and lies within what its windows say.
                List<StreamQuality> windows = quality.stream().filter(q -> q.getCameraId().equals(camera)).toList();
                StreamQuality lastWindow = windows.stream()
                        .max(Comparator.comparingLong(StreamQuality::getWindowStartMillis)).orElseThrow();
                double kbps = prometheus.value(PREFIX + "camera_kbitPerSecond" + selector);
                assertEquals(smoothedKbitPerSecond(own), kbps, 1e-6, camera);
                double low = windows.stream().mapToDouble(StreamQuality::getInterFrameKbitPerSecond).min().orElseThrow();
                double high = windows.stream().mapToDouble(StreamQuality::getKbitPerSecond).max().orElseThrow();
                assertTrue(kbps > low / 2 && kbps < high * 2,
                        camera + ": " + kbps + " kbit/s in Prometheus, windows " + low + " to " + high);
                double target = camera.equals("cam-01") ? 40 : 0;
                assertEquals(target, prometheus.value(PREFIX + "camera_targetKbitPerSecond" + selector), camera);
                assertEquals(camera.equals("cam-01") ? 40.0 : null, lastWindow.getTargetKbitPerSecond(), camera);
            }
            assertEquals(rejected.size(), prometheus.value("sum(" + PREFIX + "framesRejected)"), "rejected records");

            // The dashboard's queries, with "All" cameras selected.
            JsonNode dashboard = JSON.readTree(Processes.REPO.resolve("deploy/grafana/latentstream-dashboard.json").toFile());
            List<String> empty = new ArrayList<>();
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.get("expr").asText().replace("$camera", ".+");
                    if (prometheus.query(expr).isEmpty()) {
                        empty.add(panel.get("title").asText() + ": " + expr);
                    }
                }
            }
            assertEquals(List.of(), empty, "dashboard queries without data");
            String variable = dashboard.at("/templating/list/1/query").asText();
            assertEquals("label_values(" + PREFIX + "camera_frames, camera)", variable);
            assertEquals(new TreeSet<>(List.of("cam-01", "cam-02")), prometheus.labelValues("camera", PREFIX + "camera_frames"));
        }
    }

    /**
     * The job's smoothed rate recomputed from the frames on the topic: exponential averages of
     * frame bits and capture intervals (weight 0.1 for the newest), as CameraMetrics keeps them.
     */
    private static double smoothedKbitPerSecond(List<CompressedFrame> frames) {
        double bits = 0;
        double interval = 0;
        for (int i = 1; i < frames.size(); i++) {
            double dt = (frames.get(i).getCaptureTimeMicros() - frames.get(i - 1).getCaptureTimeMicros()) / 1e6;
            double frameBits = 8.0 * frames.get(i).getBitstream().remaining();
            interval = interval == 0 ? dt : 0.9 * interval + 0.1 * dt;
            bits = bits == 0 ? frameBits : 0.9 * bits + 0.1 * frameBits;
        }
        return bits / interval / 1000;
    }

    /** Debian's prometheus binary with a scrape config for the local cluster's reporter ports. */
    static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final String url;

        Prometheus(Path dir) throws Exception {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            url = "http://127.0.0.1:" + port;
            // deploy/local-cluster/config.yaml: reporters on 9249-9259, the JobManager's first.
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: flink
                        static_configs:
                          - targets: ['localhost:9249', 'localhost:9250', 'localhost:9251', 'localhost:9252']
                    """);
            process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("prometheus did not start: " + Files.readString(dir.resolve("prometheus.log")));
                }
                Thread.sleep(500);
            }
        }

        /** The instant query's result vector. */
        List<JsonNode> query(String promql) throws Exception {
            JsonNode r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            List<JsonNode> out = new ArrayList<>();
            r.at("/data/result").forEach(out::add);
            return out;
        }

        /** The value of a query that selects one series. */
        double value(String promql) throws Exception {
            List<JsonNode> result = query(promql);
            assertEquals(1, result.size(), promql + ": " + result);
            return Double.parseDouble(result.get(0).at("/value/1").asText());
        }

        void await(String promql, java.util.function.DoublePredicate ok, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<JsonNode> last = List.of();
            while (System.nanoTime() < deadline) {
                last = query(promql);
                if (last.size() == 1 && ok.test(Double.parseDouble(last.get(0).at("/value/1").asText()))) {
                    return;
                }
                Thread.sleep(500);
            }
            String metric = promql.replaceAll("\\{.*", "");
            throw new AssertionError(promql + " after " + timeout + ": " + last + "; " + metric + ": " + query(metric));
        }

        TreeSet<String> labelValues(String label, String metric) throws Exception {
            JsonNode r = get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
            TreeSet<String> out = new TreeSet<>();
            r.get("data").forEach(v -> out.add(v.asText()));
            return out;
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("success", body.path("status").asText(), path + ": " + response.body());
            return body;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor();
        }
    }
}
