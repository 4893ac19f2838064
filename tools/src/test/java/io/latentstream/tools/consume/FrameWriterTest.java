package io.latentstream.tools.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameWriterTest {
    @Test
    void everyCameraIdGetsAPlainUniqueNameInsideTheFolder(@TempDir Path dir) throws Exception {
        List<String> ids = List.of("cam-1", "cam a", "cam_a", "..", "../../etc/passwd", "/abs", "c".repeat(10_000),
                "", "ünïcode", "a\u0000b", ".hidden");
        java.util.Set<String> names = new java.util.HashSet<>();
        try (FrameWriter w = new FrameWriter(dir, FrameWriter.Format.PNG, 10)) {
            for (String id : ids) {
                String name = CameraFiles.name(id);
                assertTrue(names.add(name), "two ids share " + name);
                assertTrue(name.length() <= 128 && name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*"), name);
                w.write(id, 0, new RgbImage(2, 2, new byte[12]));
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
        try (FrameWriter w = new FrameWriter(dir, FrameWriter.Format.Y4M, 10)) {
            w.write("cam-1", 0, new RgbImage(4, 2, new byte[24]));
            w.write("cam-1", 1, new RgbImage(4, 2, new byte[24]));
            w.write("cam-1", 2, new RgbImage(2, 2, new byte[12]));
        }
        assertTrue(header(dir.resolve("cam-1.y4m")).startsWith("YUV4MPEG2 W4 H2 "));
        assertTrue(header(dir.resolve("cam-1~2.y4m")).startsWith("YUV4MPEG2 W2 H2 "));
    }

    private static String header(Path file) throws Exception {
        String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        return s.substring(0, s.indexOf('\n'));
    }
}
