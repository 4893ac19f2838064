package io.latentstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.job.JobConfig;
import io.latentstream.tools.kafka.EmbeddedKafka;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java example in docs/decoding.md, compiled from the page and run against a real broker. */
class DecodeExampleTest {
    private static final int FRAMES = 6;

    @Test
    @Timeout(180)
    void theDocumentedExampleDecodesEveryFrame(@TempDir Path dir) throws Exception {
        String page = Files.readString(Processes.REPO.resolve("docs/decoding.md"));
        Matcher code = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(code.find(), "docs/decoding.md has a Java example");
        Path source = Files.writeString(dir.resolve("DecodeCameras.java"), code.group(1));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
        assertTrue(compiled, errors.toString());

        List<RgbImage> frames = FrameReader.read(Processes.CLIP, FRAMES);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, JobConfig.COMPRESSED_TOPIC);
            CompressedFrames.publish(kafka, JobConfig.COMPRESSED_TOPIC, "gate-7", frames, 100_000);
            Path out = Files.createDirectories(dir.resolve("out"));
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    getClass().getClassLoader())) {
                loader.loadClass("DecodeCameras").getMethod("main", String[].class).invoke(null, (Object) new String[] {
                        kafka.bootstrapServers(), Processes.REPO.resolve("models").toString(), out.toString()});
            }
            for (int i = 0; i < FRAMES; i++) {
                RgbImage decoded = RgbImage.read(out.resolve("gate-7-" + i + ".png"));
                double psnr = Psnr.of(frames.get(i), decoded);
                assertTrue(psnr > 25, "frame " + i + ": " + psnr + " dB");
            }
            try (var files = Files.list(out)) {
                assertEquals(FRAMES, files.count());
            }
        }
    }
}
