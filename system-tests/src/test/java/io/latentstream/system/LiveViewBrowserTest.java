package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentstream.codec.frame.DataDirectory;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `bin/latentstream view` on a real broker's compressed frames, looked at in headless
 * Chromium as an operator's browser would: a tile per camera with its decoded picture loaded
 * and its kbit/s and PSNR charts (key frames marked), and a camera's details once it is
 * clicked (its #camera= address). Leaves a screenshot in system-tests/target/live-view.png.
 */
class LiveViewBrowserTest {
    private static final String TOPIC = "view.compressed";
    private static final int FRAMES = 40;
    /** The four development clips as four cameras. */
    private static final java.util.Map<String, String> CAMERAS = new java.util.TreeMap<>(java.util.Map.of(
            "gate-7", "bgslibrary-traffic/video02.avi", "dock-2", "bgslibrary-traffic/video03.avi",
            "lot-north", "intel-sample-videos/car-detection.mp4", "lobby", "intel-sample-videos/one-by-one-person-detection.mp4"));
    private static final long INTERVAL_MICROS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(300)
    void aTilePerCameraWithItsPictureAndChartsAndDetailsOnClick(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, TOPIC);
            Path video = DataDirectory.beside(Processes.REPO).resolve("video");
            for (var camera : CAMERAS.entrySet()) {
                CompressedFrames.publish(kafka, TOPIC, camera.getKey(),
                        FrameReader.read(video.resolve(camera.getValue()), FRAMES), INTERVAL_MICROS);
            }
            Process view = new ProcessBuilder(Processes.REPO.resolve("bin/latentstream").toString(), "view",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC, "--port", "0")
                    .redirectErrorStream(true).start();
            try {
                String url = address(view);
                awaitDecoded(url, CAMERAS.size(), FRAMES);

                String dom = chromium(dir, "--dump-dom", url);
                for (String camera : CAMERAS.keySet()) {
                    Matcher tile = Pattern.compile("<div class=\"tile[^\"]*\" data-camera=\"" + camera
                            + "\" data-picture-loaded=\"true\">(.*?)</div><div class=\"tile|<div class=\"tile[^\"]*\" data-camera=\""
                            + camera + "\" data-picture-loaded=\"true\">(.*)", Pattern.DOTALL).matcher(dom);
                    assertTrue(tile.find(), camera + "'s tile with its picture loaded, in:\n" + dom);
                    String body = tile.group(1) != null ? tile.group(1) : tile.group(2);
                    assertTrue(body.contains("class=\"chart kbps\"") && body.contains("class=\"chart psnr\""), body);
                    assertTrue(Pattern.compile("<polyline class=\"line\" points=\"[0-9.]+,[0-9.]+ [0-9.]+,")
                            .matcher(body).find(), "a drawn line: " + body);
                    assertTrue(body.contains("<line class=\"key\""), "the key frame marked: " + body);
                }
                assertTrue(dom.contains("<section id=\"details\" hidden=\"\"></section>"), "no details before a click");

                String clicked = chromium(dir, "--dump-dom", url + "#camera=gate-7");
                Matcher details = Pattern.compile("<section id=\"details\" data-camera=\"gate-7\">(.*?)</section>",
                        Pattern.DOTALL).matcher(clicked);
                assertTrue(details.find(), clicked);
                assertTrue(details.group(1).contains("<td>320x240</td>") && details.group(1).contains("rate level"),
                        details.group(1));

                Path shot = Processes.REPO.resolve("system-tests/target/live-view.png");
                Files.createDirectories(shot.getParent());
                Files.deleteIfExists(shot);
                chromium(dir, "--screenshot=" + shot, url + "#camera=gate-7");
                RgbImage png = RgbImage.read(shot);
                assertEquals(1280, png.width());
                assertTrue(distinctColours(png) > 1000, "a screenshot with pictures in it");
            } finally {
                view.destroy();
                view.waitFor();
            }
        }
    }

    /** The URL the view prints once it serves. */
    private static String address(Process view) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(view.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = Pattern.compile("on (http://localhost:\\d+/)").matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the view did not start:\n" + seen);
    }

    /** Waits until the view has decoded every frame of cameras cameras. */
    private static void awaitDecoded(String url, int cameras, int frames) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create(url + "api/cameras")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            JsonNode list = JSON.readTree(body).get("cameras");
            int done = 0;
            for (JsonNode c : list) {
                done += c.get("pictureVersion").asInt() == frames ? 1 : 0;
            }
            if (done == cameras) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("frames not decoded in time: " + body);
    }

    private static String chromium(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--user-data-dir=" + dir.resolve("chromium"), "--window-size=1280,1000",
                "--virtual-time-budget=5000", "--hide-scrollbars"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(dir.resolve("chromium.log").toFile());
        return Processes.run(pb, Duration.ofSeconds(90));
    }

    private static long distinctColours(RgbImage img) {
        java.util.BitSet seen = new java.util.BitSet(1 << 24);
        byte[] rgb = img.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            seen.set(((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff));
        }
        return seen.cardinality();
    }
}
