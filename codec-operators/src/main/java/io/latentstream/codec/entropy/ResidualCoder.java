package io.latentstream.codec.entropy;

/**
 * Codes the residual between a frame's latent symbols and its reference's (inter frames).
 *
 * <p>Fixed cameras leave most of the latent unchanged, so the residual is mostly zero and
 * its zeros cluster where nothing moved. The stream says, in this order:
 * <ol>
 *   <li>4 raw bits: the block-flag table, one of {@link #BLOCK_TABLES} probabilities that a
 *       block of {@link #BLOCK}x{@link #BLOCK} latent positions (all channels) is non-zero;
 *       the value {@link #ALL_SKIPPED} means every block is zero and nothing else follows;</li>
 *   <li>one flag per block, raster order: 1 = some residual in the block is non-zero;</li>
 *   <li>per channel, 5 raw bits: 0 = the channel is zero in every coded block, k &gt; 0 = its
 *       residuals use {@link ResidualTables#table(int) table k - 1};</li>
 *   <li>per channel with k &gt; 0, its residuals at the positions of the coded blocks, raster
 *       order, escaped beyond the table's range as in {@link LatentCoder}.</li>
 * </ol>
 * The encoder picks every table by exact integer cost (1/1024 bit units, computed once
 * with StrictMath), so the same residual gives the same bytes on every JVM. The tables
 * themselves never travel: both sides build them the same way.
 */
public final class ResidualCoder {
    public static final int BLOCK = 4;
    static final int BLOCK_TABLES = 15;
    static final int ALL_SKIPPED = 15;
    private static final int BLOCK_TABLE_BITS = 4;
    private static final int MODE_BITS = 5;

    private ResidualCoder() {}

    /** @param residuals channel-major, channels x height x width */
    public static byte[] encode(int[] residuals, int channels, int height, int width) {
        checkShape(residuals.length, channels, height, width);
        int plane = height * width;
        int bw = (width + BLOCK - 1) / BLOCK;
        int bh = (height + BLOCK - 1) / BLOCK;
        boolean[] coded = new boolean[bw * bh];
        int codedBlocks = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                if (residuals[c * plane + i] != 0) {
                    int b = (i / width / BLOCK) * bw + (i % width) / BLOCK;
                    if (!coded[b]) {
                        coded[b] = true;
                        codedBlocks++;
                    }
                }
            }
        }
        RansEncoder enc = new RansEncoder();
        if (codedBlocks == 0) {
            enc.putBits(ALL_SKIPPED, BLOCK_TABLE_BITS);
            return enc.finish();
        }
        int flagTable = ResidualTables.cheapestBlockTable(codedBlocks, coded.length);
        enc.putBits(flagTable, BLOCK_TABLE_BITS);
        CdfTable flags = ResidualTables.blockTable(flagTable);
        for (boolean b : coded) {
            LatentCoder.put(enc, flags, b ? 1 : 0);
        }
        int[] positions = codedPositions(coded, bw, height, width);
        int[] modes = new int[channels];
        for (int c = 0; c < channels; c++) {
            modes[c] = ResidualTables.cheapestMode(residuals, c * plane, positions);
            enc.putBits(modes[c], MODE_BITS);
        }
        for (int c = 0; c < channels; c++) {
            if (modes[c] > 0) {
                CdfTable t = ResidualTables.table(modes[c] - 1);
                for (int p : positions) {
                    LatentCoder.put(enc, t, residuals[c * plane + p]);
                }
            }
        }
        return enc.finish();
    }

    public static int[] decode(byte[] data, int offset, int length, int channels, int height, int width) {
        checkShape((long) channels * height * width, channels, height, width);
        int plane = height * width;
        int bw = (width + BLOCK - 1) / BLOCK;
        int bh = (height + BLOCK - 1) / BLOCK;
        int[] residuals = new int[channels * plane];
        RansDecoder dec = new RansDecoder(data, offset, length);
        int flagTable = dec.getBits(BLOCK_TABLE_BITS);
        if (flagTable == ALL_SKIPPED) {
            dec.finish();
            return residuals;
        }
        CdfTable flags = ResidualTables.blockTable(flagTable);
        boolean[] coded = new boolean[bw * bh];
        for (int b = 0; b < coded.length; b++) {
            int f = LatentCoder.get(dec, flags);
            if (f != 0 && f != 1) {
                throw new EntropyDecodingException("block flag " + f);
            }
            coded[b] = f == 1;
        }
        int[] positions = codedPositions(coded, bw, height, width);
        int[] modes = new int[channels];
        for (int c = 0; c < channels; c++) {
            modes[c] = dec.getBits(MODE_BITS);
            if (modes[c] > ResidualTables.COUNT) {
                throw new EntropyDecodingException("residual table " + modes[c] + " does not exist");
            }
        }
        for (int c = 0; c < channels; c++) {
            if (modes[c] > 0) {
                CdfTable t = ResidualTables.table(modes[c] - 1);
                for (int p : positions) {
                    residuals[c * plane + p] = LatentCoder.get(dec, t);
                }
            }
        }
        dec.finish();
        return residuals;
    }

    /** Latent positions (y * width + x) inside coded blocks, raster order. */
    private static int[] codedPositions(boolean[] coded, int bw, int height, int width) {
        int n = 0;
        int[] out = new int[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (coded[(y / BLOCK) * bw + x / BLOCK]) {
                    out[n++] = y * width + x;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void checkShape(long n, int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0 || n != (long) channels * height * width) {
            throw new IllegalArgumentException("residual of " + n + " values does not fill " + channels + "x"
                    + height + "x" + width);
        }
    }
}
