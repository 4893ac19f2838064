package io.latentstream.system.job;

import io.latentstream.job.LatentStreamJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.tools.camera.CameraSimulator;
import io.latentstream.tools.consume.TopicReader;
import io.latentstream.tools.consume.TopicReader.Read;
import io.latentstream.schema.CompressedFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet: 64 cameras of small frames through the job in real time. Nothing is lost or
 * repeated, the consumer keeps up (lag from capture to a committed frame bounded), and the
 * encoder's memory per camera is read from its own gauges.
 */
class ManyCamerasTest {
    private static final int CAMERAS = 64;
    private static final int FRAMES = 20;
    private static final double FPS = 2;

    /** Camera k sees a 64x48 crop of the clip at its own place. */
    private static List<CameraSimulator.Feed> feeds(List<RgbImage> clip) {
        List<CameraSimulator.Feed> feeds = new ArrayList<>();
        for (int k = 0; k < CAMERAS; k++) {
            int x0 = (k % 4) * 64;
            int y0 = (k / 4 % 4) * 48;
            feeds.add(new CameraSimulator.Feed(String.format("fleet-%02d", k),
                    clip.stream().map(f -> crop(f, x0, y0, 64, 48)).toList()));
        }
        return feeds;
    }

    private static RgbImage crop(RgbImage f, int x0, int y0, int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f.rgb(), 3 * ((y0 + y) * f.width() + x0), rgb, 3 * y * w, 3 * w);
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    @Timeout(400)
    void sixtyFourCamerasNothingLostLagBounded() throws Exception {
        List<RgbImage> clip = JobHarness.trafficClip(FRAMES);
        try (JobHarness h = new JobHarness()) {
            TestStreamEnvironment env = new TestStreamEnvironment(h.flink, 2);
            LatentStreamJob.build(env, h.config());
            JobClient job = env.executeAsync("latentstream-fleet");
            // Let the job start before the cameras do, so lag measures the steady state.
            Thread.sleep(15_000);
            CompletableFuture<Long> cameras = h.camerasInBackground(feeds(clip), FRAMES, FPS);
            List<Long> lagMillis = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            try (TopicReader<CompressedFrame> reader = new TopicReader<>(h.kafka.bootstrapServers(),
                    JobHarness.COMPRESSED, new Properties(), JobHarness::compressed)) {
                long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                List<Read<CompressedFrame>> batch = new ArrayList<>();
                while (seen.size() < CAMERAS * FRAMES && System.nanoTime() < deadline) {
                    batch.clear();
                    reader.poll(batch, Duration.ofMillis(200));
                    long now = System.currentTimeMillis();
                    for (Read<CompressedFrame> r : batch) {
                        CompressedFrame f = r.value();
                        assertTrue(seen.add(f.getCameraId() + "/" + f.getSequence()), "duplicate " + f.getCameraId());
                        lagMillis.add(now - f.getCaptureTimeMicros() / 1000);
                    }
                }
                cameras.get();
                String memory = memoryPerCamera(h, job);
                long p95 = lagMillis.stream().sorted().skip((long) (0.95 * lagMillis.size())).findFirst().orElse(-1L);
                long max = lagMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
                System.out.printf(Locale.ROOT, "fleet: %d cameras x %d frames at %.0f fps: lag capture->committed "
                        + "p95 %d ms, max %d ms; %s%n", CAMERAS, FRAMES, FPS, p95, max, memory);
                assertEquals(CAMERAS * FRAMES, seen.size(), "every (camera, seq) arrived");
                IntStream.range(0, CAMERAS).forEach(k -> assertTrue(seen.contains(String.format("fleet-%02d/%d", k,
                        FRAMES - 1))));
                // Checkpoints every second commit the output: a frame waits for one, not for a backlog.
                assertTrue(max < 20_000, "lag bounded: max " + max + " ms");
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The encode operators' own gauges, summed over subtasks: cameras served and reference bytes. */
    private static String memoryPerCamera(JobHarness h, JobClient job) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = h.flink.getRestAddress().get().toString() + "/jobs/" + job.getJobID();
        String jobJson = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var vertex = Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"slotSharingGroupId\":\"[^\"]*\",\"name\":\"[^\"]*encode")
                .matcher(jobJson);
        if (!vertex.find()) {
            vertex = Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"name\":\"[^\"]*encode").matcher(jobJson);
            assertTrue(vertex.find(), "no encode vertex in " + jobJson);
        }
        String metrics = base + "/vertices/" + vertex.group(1) + "/subtasks/metrics";
        // The endpoint answers from the JobManager's metric fetcher, which polls the TaskManagers
        // on its own schedule: until its first fetch after the job started, the list is empty.
        String ids = http.send(HttpRequest.newBuilder(URI.create(metrics)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
             !ids.contains(".cameras\"") && System.nanoTime() < deadline; ) {
            Thread.sleep(500);
            ids = http.send(HttpRequest.newBuilder(URI.create(metrics)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        String cameras = metricId(ids, ".cameras");
        String bytes = metricId(ids, ".referenceBytes");
        String values = http.send(HttpRequest.newBuilder(URI.create(metrics + "?get=" + cameras + "," + bytes)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double served = sum(values, cameras);
        double referenceBytes = sum(values, bytes);
        assertEquals(CAMERAS, served, 0, "cameras served: " + values);
        return String.format(Locale.ROOT, "encoder memory %.0f bytes of references per 64x48 camera (%d cameras)",
                referenceBytes / served, (int) served);
    }

    private static String metricId(String ids, String suffix) {
        var m = Pattern.compile("\"id\":\"([^\"]*" + Pattern.quote(suffix) + ")\"").matcher(ids);
        assertTrue(m.find(), "no metric *" + suffix + " in " + ids);
        return m.group(1);
    }

    private static double sum(String values, String id) {
        var m = Pattern.compile("\\{\"id\":\"" + Pattern.quote(id) + "\"[^}]*\"sum\":([0-9.E+-]+)").matcher(values);
        assertTrue(m.find(), "no sum of " + id + " in " + values);
        return Double.parseDouble(m.group(1));
    }
}
