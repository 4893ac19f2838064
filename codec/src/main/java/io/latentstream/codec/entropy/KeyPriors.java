package io.latentstream.codec.entropy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a key frame's adaptive models start, per level: each binary model's initial counts,
 * its flag's frequency over training pictures coded at that level, scaled to at most
 * {@link #CONFIDENCE} counts. A key frame that starts every model at 1:1 spends its first
 * thousands of flags learning what every picture teaches alike (which channels are nearly
 * always zero, which signs follow their neighbours'); these start it there. A model adapts
 * away from its prior within about {@link #CONFIDENCE} flags, so a picture unlike the
 * training set loses little. Part of the bitstream contract: the model bundle's
 * {@value #FILE}, under its codec hash; a bundle without one starts key frames at 1:1.
 *
 * <p>File: "LSKP", format 1, levels, models per level (32-bit big-endian ints), then per
 * level and model in {@link ResidualCoder.Models#all} order its initial 0s and 1s, one
 * unsigned byte each (1..255). Immutable.
 */
public final class KeyPriors {
    public static final String FILE = "key-priors.bin";
    /** A prior is worth this many flags at most: tuned on BSDS500 val (48 to 192 within 0.05% of the bytes). */
    static final int CONFIDENCE = 96;
    private static final int MAGIC = 0x4c534b50;
    private static final int FORMAT = 1;

    /** Key frames start every model at 1:1 (or the coder's defaults): a bundle without priors. */
    public static final KeyPriors NONE = new KeyPriors(null);

    /** Per level: two bytes per model. */
    private final byte[][] counts;

    private KeyPriors(byte[][] counts) {
        this.counts = counts;
    }

    /** Fresh models for a key frame at level of a latent with this many channels. */
    public ResidualCoder.Models models(int level, int channels) {
        return counts == null ? new ResidualCoder.Models(channels) : new ResidualCoder.Models(channels, counts[level]);
    }

    /** Reads a priors file for levels levels of a latent with channels channels; anything else is refused. */
    public static KeyPriors read(Path file, int levels, int channels) throws IOException {
        int models = new ResidualCoder.Models(channels).count();
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != MAGIC || data.readInt() != FORMAT) {
                throw new IOException(file + ": not a key priors file of format " + FORMAT);
            }
            int fileLevels = data.readInt();
            int fileModels = data.readInt();
            if (fileLevels != levels || fileModels != models) {
                throw new IOException(file + ": priors for " + fileLevels + " levels x " + fileModels
                        + " models; the model has " + levels + " x " + models);
            }
            byte[][] counts = new byte[levels][2 * models];
            for (byte[] level : counts) {
                data.readFully(level);
                for (byte b : level) {
                    if (b == 0) {
                        throw new IOException(file + ": an initial count of 0");
                    }
                }
            }
            if (data.read() != -1) {
                throw new IOException(file + ": bytes after the last level");
            }
            return new KeyPriors(counts);
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(counts.length);
            out.writeInt(counts[0].length / 2);
            for (byte[] level : counts) {
                out.write(level);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /** Counts what each model sees over key frames coded at each level; {@link #priors} scales them. */
    public static final class Tally {
        private final int channels;
        private final byte[] flat;
        private final long[][] zeros;
        private final long[][] ones;

        public Tally(int levels, int channels) {
            this.channels = channels;
            int models = new ResidualCoder.Models(channels).count();
            flat = new byte[2 * models];
            Arrays.fill(flat, (byte) 1);
            zeros = new long[levels][models];
            ones = new long[levels][models];
        }

        /** Codes a key frame's symbols (channel-major, channels x height x width) at level and counts its flags. */
        public void add(int level, int[] symbols, int height, int width) {
            ResidualCoder.Models m = new ResidualCoder.Models(channels, flat);
            ResidualCoder.encodeKey(symbols, channels, height, width, m);
            int k = 0;
            for (AdaptiveBit[] models : m.all()) {
                for (AdaptiveBit b : models) {
                    // What the model saw past its 1:1 start (the last ~1000 flags where it halved).
                    zeros[level][k] += b.zeros() - 1;
                    ones[level][k] += b.ones() - 1;
                    k++;
                }
            }
        }

        /** Each model's frequency, worth min(flags seen, {@link #CONFIDENCE}) counts; 1:1 where it saw under two. */
        public KeyPriors priors() {
            byte[][] counts = new byte[zeros.length][];
            for (int level = 0; level < zeros.length; level++) {
                int models = zeros[level].length;
                counts[level] = new byte[2 * models];
                for (int k = 0; k < models; k++) {
                    long z = zeros[level][k];
                    long n = z + ones[level][k];
                    int total = (int) Math.min(CONFIDENCE, n);
                    int initialZeros = 1;
                    if (total >= 2) {
                        initialZeros = (int) Math.max(1, Math.min(total - 1, Math.round((double) total * z / n)));
                    } else {
                        total = 2;
                    }
                    counts[level][2 * k] = (byte) initialZeros;
                    counts[level][2 * k + 1] = (byte) (total - initialZeros);
                }
            }
            return new KeyPriors(counts);
        }
    }
}
