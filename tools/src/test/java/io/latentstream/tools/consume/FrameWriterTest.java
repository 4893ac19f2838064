package io.latentstream.tools.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameWriterTest {
    private static final long SECOND = 1_000_000;

    @Test
    void everyCameraIdGetsAPlainUniqueNameInsideTheFolder(@TempDir Path dir) throws Exception {
        List<String> ids = List.of("cam-1", "cam a", "cam_a", "..", "../../etc/passwd", "/abs", "c".repeat(10_000),
                "", "ünïcode", "a\u0000b", ".hidden");
        Set<String> names = new HashSet<>();
        try (FrameWriter w = FrameWriter.toFolder(dir, FrameWriter.Format.PNG)) {
            for (String id : ids) {
                String name = CameraFiles.name(id);
                assertTrue(names.add(name), "two ids share " + name);
                assertTrue(name.length() <= 128 && name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*"), name);
                w.write(id, 0, 0, image(2, 2));
            }
        }
        assertEquals("cam-1", CameraFiles.name("cam-1"), "ids that keep the rule are their own names");
        assertNotEquals(CameraFiles.name("cam a"), CameraFiles.name("cam_a"));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(ids.size(), files.filter(Files::isRegularFile).peek(f -> assertTrue(f.startsWith(dir))).count());
        }
    }

    @Test
    void y4mStartsANewFileWhenTheSizeChanges(@TempDir Path dir) throws Exception {
        try (FrameWriter w = FrameWriter.toFolder(dir, FrameWriter.Format.Y4M)) {
            w.write("cam-1", 0, 0, image(4, 2));
            w.write("cam-1", 1, SECOND / 10, image(4, 2));
            w.write("cam-1", 2, 2 * SECOND / 10, image(2, 2));
        }
        assertEquals("YUV4MPEG2 W4 H2 F10:1", header(Files.readAllBytes(dir.resolve("cam-1.y4m"))).substring(0, 21));
        assertTrue(header(Files.readAllBytes(dir.resolve("cam-1~2.y4m"))).startsWith("YUV4MPEG2 W2 H2 F10:1 "));
    }

    @Test
    void aVideoRunsAtTheRateOfItsCaptureTimes(@TempDir Path dir) throws Exception {
        try (FrameWriter w = FrameWriter.toFolder(dir, FrameWriter.Format.Y4M)) {
            for (int i = 0; i < 20; i++) {
                w.write("cam-1", i, i * SECOND / 25, image(4, 2));
            }
        }
        byte[] y4m = Files.readAllBytes(dir.resolve("cam-1.y4m"));
        assertTrue(header(y4m).contains(" F25:1 "), header(y4m));
        assertEquals(20, frames(y4m));
    }

    @Test
    void aStreamCarriesOneCameraAtOneSize() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FrameWriter w = FrameWriter.toStream(out, null)) {
            w.write("cam-1", 0, 0, image(4, 2));
            w.write("cam-2", 0, 0, image(4, 2));
            w.write("cam-1", 1, 40_000, image(4, 2));
            w.write("cam-1", 2, 80_000, image(2, 2));
        }
        byte[] y4m = out.toByteArray();
        assertTrue(header(y4m).startsWith("YUV4MPEG2 W4 H2 F25:1 "), header(y4m));
        assertEquals(2, frames(y4m), "cam-2 and the 2x2 frame are left out");
    }

    @Test
    void mp4ComesOutOfFfmpegAtTheCameraRate(@TempDir Path dir) throws Exception {
        try (FrameWriter w = FrameWriter.toFolder(dir, FrameWriter.Format.MP4)) {
            for (int i = 0; i < 30; i++) {
                w.write("cam-1", i, i * SECOND / 15, image(64, 48));
            }
        }
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-count_frames",
                "-show_entries", "stream=codec_name,r_frame_rate,nb_read_frames", "-of", "csv=p=0",
                dir.resolve("cam-1.mp4").toString()).redirectErrorStream(true).start();
        String info = new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, probe.waitFor(), info);
        assertEquals("h264,15/1,30", info);
    }

    private static RgbImage image(int width, int height) {
        return new RgbImage(width, height, new byte[3 * width * height]);
    }

    private static String header(byte[] y4m) {
        String s = new String(y4m, StandardCharsets.US_ASCII);
        return s.substring(0, s.indexOf('\n'));
    }

    private static int frames(byte[] y4m) {
        return new String(y4m, StandardCharsets.US_ASCII).split("FRAME\n", -1).length - 1;
    }
}
