package io.latentstream.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPriorsTest {
    private static final int C = 16;
    private static final int H = 12;
    private static final int W = 20;
    private static final int LEVELS = 2;

    /**
     * Key frame symbols as a level's pictures have them: the first channels busy, the last
     * nearly always zero, the busy ones' signs following the picture's left half or right half.
     */
    private static int[] picture(Random rnd, int level) {
        int[] s = new int[C * H * W];
        for (int c = 0; c < C; c++) {
            double busy = c < 4 ? 0.6 - 0.2 * level : 0.02;
            for (int p = 0; p < H * W; p++) {
                if (rnd.nextDouble() < busy) {
                    int magnitude = 1 + (int) Math.abs(Math.round(rnd.nextGaussian() * (2 - level)));
                    s[c * H * W + p] = p % W < W / 2 ? magnitude : -magnitude;
                }
            }
        }
        return s;
    }

    private static KeyPriors learnt(long seed) {
        Random rnd = new Random(seed);
        KeyPriors.Tally tally = new KeyPriors.Tally(LEVELS, C);
        for (int i = 0; i < 20; i++) {
            for (int level = 0; level < LEVELS; level++) {
                tally.add(level, picture(rnd, level), H, W);
            }
        }
        return tally.priors();
    }

    @Test
    void keyFramesLikeTheTrainingOnesCodeSmallerAndDecodeExactly() {
        KeyPriors priors = learnt(1);
        Random rnd = new Random(2);
        for (int level = 0; level < LEVELS; level++) {
            int[] symbols = picture(rnd, level);
            byte[] fresh = ResidualCoder.encodeKey(symbols, C, H, W, KeyPriors.NONE.models(level, C));
            byte[] primed = ResidualCoder.encodeKey(symbols, C, H, W, priors.models(level, C));
            assertTrue(primed.length < 0.95 * fresh.length, "level " + level + ": " + primed.length + " bytes against "
                    + fresh.length);
            assertArrayEquals(symbols, ResidualCoder.decodeKey(primed, 0, primed.length, C, H, W,
                    priors.models(level, C)));
        }
    }

    @Test
    void aPriorsFileReadsBackToTheSameModels(@TempDir Path dir) throws IOException {
        KeyPriors priors = learnt(3);
        Path file = dir.resolve(KeyPriors.FILE);
        Files.write(file, priors.toBytes());
        KeyPriors read = KeyPriors.read(file, LEVELS, C);
        assertArrayEquals(priors.toBytes(), read.toBytes());
        int[] symbols = picture(new Random(4), 1);
        assertArrayEquals(ResidualCoder.encodeKey(symbols, C, H, W, priors.models(1, C)),
                ResidualCoder.encodeKey(symbols, C, H, W, read.models(1, C)), "the same bytes");
    }

    @Test
    void aPriorsFileForAnotherModelOrDamagedIsRefused(@TempDir Path dir) throws IOException {
        byte[] good = learnt(5).toBytes();
        Path file = dir.resolve(KeyPriors.FILE);
        Files.write(file, good);
        assertThrows(IOException.class, () -> KeyPriors.read(file, LEVELS + 1, C), "other levels");
        assertThrows(IOException.class, () -> KeyPriors.read(file, LEVELS, C + 1), "other channels");
        byte[] zero = good.clone();
        zero[zero.length - 1] = 0;
        Files.write(file, zero);
        assertThrows(IOException.class, () -> KeyPriors.read(file, LEVELS, C), "a count of 0");
        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertThrows(IOException.class, () -> KeyPriors.read(file, LEVELS, C), "truncated");
        Files.write(file, Arrays.copyOf(good, good.length + 1));
        assertThrows(IOException.class, () -> KeyPriors.read(file, LEVELS, C), "trailing bytes");
        byte[] magic = good.clone();
        magic[0] = 'X';
        Files.write(file, magic);
        assertThrows(IOException.class, () -> KeyPriors.read(file, LEVELS, C), "not a priors file");
    }
}
