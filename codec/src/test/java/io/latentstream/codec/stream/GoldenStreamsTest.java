package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bitstreams of the four development clips at two levels, frame by frame, against the
 * SHA-256 of each frame committed in golden-streams.tsv: a refactoring must not change a byte.
 * A new model changes every line on purpose; then regenerate the file with
 * {@code -Dlatentstream.goldenStreams.update=true} and review the diff (its first line names the model).
 * The same streams prove docs/bitstream.md complete: training/reference_decoder.py, written
 * from it alone, decodes their key and inter frames to the Java decoder's exact symbols.
 */
class GoldenStreamsTest {
    private static final String[] CLIPS = {
        "video/bgslibrary-traffic/video02.avi",
        "video/bgslibrary-traffic/video03.avi",
        "video/intel-sample-videos/car-detection.mp4",
        "video/intel-sample-videos/one-by-one-person-detection.mp4",
    };
    private static final int[] LEVELS = {1, 4};
    private static final int FRAMES = 24;
    /** Relative to the module, where the tests run. */
    private static final Path EXPECTED = Path.of("src/test/resources/golden-streams.tsv");

    /** One clip at one level: its frames' bitstreams and the symbols the Java decoder holds after each. */
    private record Stream(String clip, int level, List<byte[]> bitstreams, List<int[]> symbols) {}

    private static List<Stream> streams;

    @BeforeAll
    static void encodeAndDecode() throws Exception {
        LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        streams = new ArrayList<>();
        for (String clip : CLIPS) {
            List<RgbImage> frames = FrameReader.read(TestModels.sharedData().resolve(clip), FRAMES);
            for (int level : LEVELS) {
                StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
                StreamDecoder decoder = codec.streamDecoder(true);
                Stream s = new Stream(Path.of(clip).getFileName().toString(), level, new ArrayList<>(),
                        new ArrayList<>());
                for (int i = 0; i < frames.size(); i++) {
                    byte[] bitstream = encoder.encode(frames.get(i), level, i * 100_000L).bitstream();
                    decoder.decode(bitstream);
                    s.bitstreams().add(bitstream);
                    s.symbols().add(decoder.referenceSymbols());
                }
                streams.add(s);
            }
        }
    }

    @Test
    void everyFrameOfTheClipsKeepsItsBytes() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# model " + TestModels.bundle().modelId() + "@"
                + HexFormat.of().formatHex(TestModels.bundle().codecHash()) + "; clip level frame type bytes sha256");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Stream s : streams) {
            for (int i = 0; i < s.bitstreams().size(); i++) {
                byte[] b = s.bitstreams().get(i);
                String type = Bitstream.readHeader(b).frameType().name();
                lines.add(String.join("\t", s.clip(), Integer.toString(s.level()), Integer.toString(i), type,
                        Integer.toString(b.length), HexFormat.of().formatHex(sha.digest(b))));
            }
        }
        if (Boolean.getBoolean("latentstream.goldenStreams.update")) {
            Files.write(EXPECTED, lines, StandardCharsets.UTF_8);
        }
        assertEquals(String.join("\n", Files.readAllLines(EXPECTED, StandardCharsets.UTF_8)), String.join("\n", lines));
    }

    /** Needs /usr/bin/python3 (standard library only). */
    @Test
    void thePythonReferenceDecoderDecodesThemToTheJavaDecodersSymbols(@TempDir Path tmp) throws Exception {
        for (Stream s : streams) {
            Path dir = tmp.resolve(s.clip() + "-L" + s.level());
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                    TestModels.repo().resolve("training/reference_decoder.py").toString(),
                    TestModels.modelDir().toString(), "--symbols-out", dir.resolve("symbols").toString()));
            for (int i = 0; i < s.bitstreams().size(); i++) {
                Path frame = dir.resolve(String.format("%06d.lsf", i));
                Files.createDirectories(dir);
                Files.write(frame, s.bitstreams().get(i));
                command.add(frame.toString());
            }
            Path log = dir.resolve("python.log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            assertEquals(0, p.exitValue(), () -> s.clip() + " level " + s.level() + ": " + read(log));
            for (int i = 0; i < s.symbols().size(); i++) {
                byte[] raw = Files.readAllBytes(dir.resolve("symbols").resolve(String.format("%06d.i32", i)));
                int[] decoded = new int[raw.length / 4];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(decoded);
                assertArrayEquals(s.symbols().get(i), decoded, s.clip() + " level " + s.level() + " frame " + i);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
