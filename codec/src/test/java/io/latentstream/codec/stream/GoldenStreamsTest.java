package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.stream.EncodedFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bitstreams of the four development clips at two levels, frame by frame, against the
 * SHA-256 of each frame committed in golden-streams.tsv: a refactoring must not change a byte.
 * A new model changes every line on purpose; then regenerate the file with
 * {@code -Dlatentstream.goldenStreams.update=true} and review the diff (its first line names the model).
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

    @Test
    void everyFrameOfTheClipsKeepsItsBytes() throws Exception {
        LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        List<String> lines = new ArrayList<>();
        lines.add("# model " + TestModels.bundle().modelId() + "@"
                + HexFormat.of().formatHex(TestModels.bundle().codecHash()) + "; clip level frame type bytes sha256");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String clip : CLIPS) {
            List<RgbImage> frames = FrameReader.read(TestModels.sharedData().resolve(clip), FRAMES);
            for (int level : LEVELS) {
                StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
                for (int i = 0; i < frames.size(); i++) {
                    EncodedFrame f = encoder.encode(frames.get(i), level, i * 100_000L);
                    lines.add(String.join("\t", Path.of(clip).getFileName().toString(), Integer.toString(level),
                            Integer.toString(i), f.header().frameType().name(), Integer.toString(f.bitstream().length),
                            HexFormat.of().formatHex(sha.digest(f.bitstream()))));
                }
            }
        }
        if (Boolean.getBoolean("latentstream.goldenStreams.update")) {
            Files.write(EXPECTED, lines, StandardCharsets.UTF_8);
        }
        assertEquals(String.join("\n", Files.readAllLines(EXPECTED, StandardCharsets.UTF_8)), String.join("\n", lines));
    }
}
