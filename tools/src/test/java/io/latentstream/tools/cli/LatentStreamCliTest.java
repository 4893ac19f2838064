package io.latentstream.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.model.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user meets it: `decode` on hostile files and a command against an unreachable
 * broker fail in one line naming the error, exit 1, in seconds; --help works on every command.
 */
class LatentStreamCliTest {
    private static final Path MODEL = ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.repo", "")))
            .resolve(ModelBundle.DEFAULT_MODEL_DIR);

    private record Run(int exit, String err) {}

    private static Run decode(Path file, Path dir, String... extra) {
        StringWriter err = new StringWriter();
        var cmd = LatentStreamCli.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        String[] args = new String[4 + extra.length];
        args[0] = "decode";
        args[1] = file.toString();
        args[2] = "-o";
        args[3] = dir.resolve("out.png").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--model", MODEL.toString())).toArray(String[]::new);
        return new Run(cmd.execute(all), err.toString());
    }

    private static void assertOneLine(Run r, String exception) {
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertTrue(r.err().startsWith("decode: " + exception + ": "), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        var root = LatentStreamCli.commandLine();
        for (String name : root.getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            var cmd = LatentStreamCli.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            assertEquals(0, cmd.execute(name, "--help"), name);
            assertTrue(out.toString().startsWith("Usage: latentstream " + name), out.toString());
        }
    }

    @Test
    @Timeout(30)
    void anUnreachableBrokerFailsInOneLine() {
        StringWriter err = new StringWriter();
        var cmd = LatentStreamCli.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute("consume", "--bootstrap-servers", "127.0.0.1:1", "--connect-timeout-s", "2");
        assertEquals(1, exit, err.toString());
        assertEquals("consume: BrokerUnreachableException: no Kafka broker answered at 127.0.0.1:1 within 2 s",
                err.toString().strip());
    }

    @Test
    @Timeout(30)
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        Run r = decode(dir.resolve("missing.lsf"), dir, "--verbose");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("decode: NoSuchFileException: "), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.strip().startsWith("at ")), r.err());
    }

    @Test
    @Timeout(30)
    void hostileFilesGetOneLineNamingTheTypedError(@TempDir Path dir) throws Exception {
        byte[] junk = new byte[200];
        new Random(7).nextBytes(junk);
        Path junkFile = Files.write(dir.resolve("junk.lsf"), junk);
        assertOneLine(decode(junkFile, dir), "CorruptBitstreamException");

        ModelBundle model = ModelBundle.load(MODEL);
        byte[] hash = java.util.Arrays.copyOf(model.codecHash(), FrameHeader.HASH_PREFIX_BYTES);
        byte[] payload = ByteBuffer.allocate(30).putInt(0, 0x00800000).array();
        byte[] declares4k = Bitstream.write(FrameHeader.intra(model.modelId(), hash, 0, 3840, 2160, 0), payload);
        Path big = Files.write(dir.resolve("4k.lsf"), declares4k);
        assertOneLine(decode(big, dir, "--max-pixels", "2073600"), "UnsupportedBitstreamException");

        byte[] truncated = java.util.Arrays.copyOf(declares4k, declares4k.length - 10);
        assertOneLine(decode(Files.write(dir.resolve("cut.lsf"), truncated), dir), "TruncatedBitstreamException");
        assertOneLine(decode(dir.resolve("missing.lsf"), dir), "NoSuchFileException");
    }
}
