package io.latentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.stream.GopSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The job's settings: defaults from their one source, the config file under the flags, one test per rule. */
class JobConfigTest {
    private static final String BOOTSTRAP = "--bootstrap-servers=localhost:9092";

    @Test
    void defaultsAreTheCodecsAndTheTopicConstants() throws Exception {
        JobConfig c = JobConfig.parse(BOOTSTRAP);
        assertEquals(GopSettings.DEFAULT, c.gop());
        assertEquals(LatentCodec.DEFAULT_MAX_PIXELS, c.maxPixels);
        assertEquals(JobConfig.DEFAULT_MAX_BATCH, c.maxBatch);
        assertEquals(JobConfig.RAW_TOPIC, c.rawTopic);
        assertEquals(JobConfig.COMPRESSED_TOPIC, c.compressedTopic);
        assertEquals(JobConfig.QUALITY_TOPIC, c.qualityTopic);
        assertEquals(JobConfig.DEAD_LETTER_TOPIC, c.deadLetterTopic);
        assertEquals(JobConfig.CONTROL_TOPIC, c.controlTopic);
        assertEquals(GopSettings.INTRA_ONLY, JobConfig.parse(BOOTSTRAP, "--intra-only").gop());
        assertEquals(JobConfig.DEFAULT_MAX_PARALLELISM, c.maxParallelism);
        assertEquals(List.of(), c.cameras);
        assertEquals(List.of("cam-1", "cam-2"), JobConfig.parse(BOOTSTRAP, "--cameras=cam-1,cam-2").cameras);
    }

    @Test
    void flagsOverrideTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "bootstrap-servers=broker:9092\nlevel=2\nintra-only=true\n"
                + "kafka.security.protocol=SSL\n");
        JobConfig c = JobConfig.parse("--config", file.toString(), "--level", "4");
        assertEquals("broker:9092", c.bootstrapServers);
        assertEquals(4, c.defaultLevel);
        assertTrue(c.intraOnly);
        assertEquals("SSL", c.kafkaClientProperties().getProperty("security.protocol"));
    }

    @Test
    void helpNeedsNoOtherFlagAndListsThemAll() {
        assertTrue(JobConfig.helpRequested("--help"));
        assertTrue(JobConfig.helpRequested(BOOTSTRAP, "-h"));
        assertFalse(JobConfig.helpRequested(BOOTSTRAP));
        String usage = JobConfig.usage();
        assertTrue(usage.startsWith("Usage: latentstream-job"), usage);
        for (String flag : new String[] {"--bootstrap-servers", "--change-threshold", "--max-batch", "--level"}) {
            assertTrue(usage.contains(flag), flag);
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("--bootstrap-servers is required", new String[] {}),
                Arguments.of("topic names must not be empty", new String[] {BOOTSTRAP, "--raw-topic= "}),
                Arguments.of("--max-batch", new String[] {BOOTSTRAP, "--max-batch=0"}),
                Arguments.of("--gop-frames", new String[] {BOOTSTRAP, "--gop-frames=0"}),
                Arguments.of("--gop-frames", new String[] {BOOTSTRAP, "--gop-seconds=0"}),
                Arguments.of("--inter-step", new String[] {BOOTSTRAP, "--inter-step=0"}),
                Arguments.of("--inter-step", new String[] {BOOTSTRAP, "--inter-step=99"}),
                Arguments.of("--change-threshold", new String[] {BOOTSTRAP, "--change-threshold=-1"}),
                Arguments.of("--change-threshold", new String[] {BOOTSTRAP, "--change-threshold=NaN"}),
                Arguments.of("--max-wait-ms", new String[] {BOOTSTRAP, "--max-wait-ms=-1"}),
                Arguments.of("--max-pixels", new String[] {BOOTSTRAP, "--max-pixels=0"}),
                Arguments.of("--max-record-bytes", new String[] {BOOTSTRAP, "--max-record-bytes=100"}),
                Arguments.of("--camera-idle-timeout-s", new String[] {BOOTSTRAP, "--camera-idle-timeout-s=0"}),
                Arguments.of("--quality-window-s", new String[] {BOOTSTRAP, "--quality-window-s=0"}),
                Arguments.of("--checkpoint-interval-ms", new String[] {BOOTSTRAP, "--checkpoint-interval-ms=10"}),
                Arguments.of("--transaction-timeout-ms", new String[] {BOOTSTRAP, "--transaction-timeout-ms=15000"}),
                Arguments.of("rate levels", new String[] {BOOTSTRAP, "--level=-1"}),
                Arguments.of("rate levels", new String[] {BOOTSTRAP, "--camera-level", "cam-1=-2"}),
                Arguments.of("bitrate targets", new String[] {BOOTSTRAP, "--kbps=-1"}),
                Arguments.of("bitrate targets", new String[] {BOOTSTRAP, "--kbps=NaN"}),
                Arguments.of("bitrate targets", new String[] {BOOTSTRAP, "--camera-kbps", "cam-1=2e10"}),
                Arguments.of("--max-parallelism", new String[] {BOOTSTRAP, "--max-parallelism=0"}),
                Arguments.of("--max-parallelism", new String[] {BOOTSTRAP, "--parallelism=8", "--max-parallelism=4"}),
                Arguments.of("--max-parallelism", new String[] {BOOTSTRAP, "--max-parallelism=40000"}),
                Arguments.of("--cameras", new String[] {BOOTSTRAP, "--cameras=cam-1,cam-2,cam-1"}),
                Arguments.of("--cameras", new String[] {BOOTSTRAP, "--cameras=cam-1,,cam-2"}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void eachRuleRefusesItsSetting(String message, String[] args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobConfig.parse(args));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
