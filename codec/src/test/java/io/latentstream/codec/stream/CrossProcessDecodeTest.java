package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.stream.EncodedFrame;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole clip encoded here and decoded by another JVM (with another ONNX Runtime thread
 * count, so its float arithmetic may differ): the decoder's reference symbols must equal
 * the encoder's exactly, frame by frame, and its pictures must be within 1/255 of the
 * encoder's own reconstruction.
 */
class CrossProcessDecodeTest {
    private static final int FRAMES = 30;

    @Test
    void anotherProcessDecodesTheClipToTheEncodersReferences(@TempDir Path dir) throws Exception {
        LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        List<RgbImage> clip = FrameReader.read(TestModels.sharedData().resolve("video/bgslibrary-traffic/video03.avi"), FRAMES);
        StreamEncoder encoder = codec.streamEncoder(
                new GopSettings(12, Long.MAX_VALUE, 10,
                        GopSettings.DEFAULT.interStep(), 0));
        List<EncodedFrame> frames = new ArrayList<>();
        Path stream = dir.resolve("clip.stream");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(stream))) {
            for (int i = 0; i < clip.size(); i++) {
                EncodedFrame f = encoder.encode(clip.get(i), 3, i * 100_000L);
                frames.add(f);
                out.writeInt(f.bitstream().length);
                out.write(f.bitstream());
            }
        }
        assertTrue(frames.stream().filter(f -> f.header().frameType() == FrameType.INTER).count() > FRAMES / 2);

        Path result = dir.resolve("decoded");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlatentstream.repo=" + TestModels.repo(), Child.class.getName(), stream.toString(), result.toString())
                .inheritIO().start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the decoding process finished");
        assertEquals(0, child.exitValue(), "the decoding process succeeded");

        try (DataInputStream in = new DataInputStream(Files.newInputStream(result))) {
            for (EncodedFrame f : frames) {
                String where = "frame " + f.header().frameNumber();
                assertEquals(sha256(f.latent().symbols()), in.readUTF(), where + ": reference symbols");
                byte[] theirs = new byte[in.readInt()];
                in.readFully(theirs);
                byte[] ours = codec.reconstruct(f.latent(), f.header().width(), f.header().height()).rgb();
                assertEquals(ours.length, theirs.length, where);
                int maxDiff = 0;
                for (int i = 0; i < ours.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs((ours[i] & 0xFF) - (theirs[i] & 0xFF)));
                }
                assertTrue(maxDiff <= 1, where + ": reconstruction differs by " + maxDiff + "/255");
            }
            assertEquals(-1, in.read(), "one result per frame");
        }
    }

    static String sha256(int[] symbols) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * symbols.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(symbols);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    /** The other process: decodes the stream file, writes each frame's reference hash and picture. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(1)).build();
            StreamDecoder decoder = codec.streamDecoder();
            try (DataInputStream in = new DataInputStream(Files.newInputStream(Path.of(args[0])));
                    DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[1])))) {
                while (true) {
                    byte[] bitstream;
                    try {
                        bitstream = new byte[in.readInt()];
                    } catch (EOFException end) {
                        break;
                    }
                    in.readFully(bitstream);
                    byte[] rgb = decoder.decode(bitstream).image().rgb();
                    out.writeUTF(sha256(decoder.referenceSymbols()));
                    out.writeInt(rgb.length);
                    out.write(rgb);
                }
            }
        }
    }
}
