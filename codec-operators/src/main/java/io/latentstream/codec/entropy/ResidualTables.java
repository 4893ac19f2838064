package io.latentstream.codec.entropy;

/**
 * The fixed tables of the residual coder, built identically by encoder and decoder.
 *
 * <p>Residual tables: {@link #COUNT} two-sided geometric distributions
 * p(r) ~ theta^|r| over r in [-RANGE, RANGE] plus an escape, theta spread from nearly
 * all-zero (0.005) to wide (0.9). Block-flag tables: P(block coded) = (k + 1) / 16. Built
 * with StrictMath and integer rounding, so every JVM gets the same integers; costs are
 * kept as integers (1/1024 bit) so the encoder's choices are reproducible too.
 */
final class ResidualTables {
    static final int COUNT = 24;
    static final int RANGE = 24;
    private static final double THETA_MIN = 0.005;
    private static final double THETA_MAX = 0.9;
    private static final int TOTAL = 1 << CdfTable.PRECISION;
    private static final CdfTable[] TABLES = new CdfTable[COUNT];
    /** COST[k][r + RANGE]: bits x 1024 of residual r in table k; index 2 * RANGE + 1: the escape. */
    private static final int[][] COST = new int[COUNT][];
    private static final CdfTable[] BLOCK_FLAGS = new CdfTable[ResidualCoder.BLOCK_TABLES];

    static {
        for (int k = 0; k < COUNT; k++) {
            double theta = THETA_MIN * StrictMath.pow(THETA_MAX / THETA_MIN, (double) k / (COUNT - 1));
            double[] p = new double[2 * RANGE + 2];
            for (int r = -RANGE; r <= RANGE; r++) {
                p[r + RANGE] = StrictMath.pow(theta, Math.abs(r));
            }
            p[2 * RANGE + 1] = 2 * StrictMath.pow(theta, RANGE + 1) / (1 - theta);
            TABLES[k] = new CdfTable(0f, -RANGE, cdf(p));
            COST[k] = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                int f = TABLES[k].freq(i);
                COST[k][i] = (int) StrictMath.round(1024 * (CdfTable.PRECISION - StrictMath.log(f) / StrictMath.log(2)));
            }
        }
        for (int k = 0; k < BLOCK_FLAGS.length; k++) {
            double coded = (k + 1) / 16.0;
            BLOCK_FLAGS[k] = new CdfTable(0f, 0, cdf(new double[] {1 - coded, coded, 1e-6}));
        }
    }

    private ResidualTables() {}

    /** Frequencies >= 1 summing to 2^16, largest remainder to the most likely symbol. */
    private static int[] cdf(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        int[] freq = new int[p.length];
        int used = 0;
        int top = 0;
        for (int i = 0; i < p.length; i++) {
            freq[i] = Math.max(1, (int) StrictMath.floor(p[i] / sum * (TOTAL - p.length)));
            used += freq[i];
            if (p[i] > p[top]) {
                top = i;
            }
        }
        freq[top] += TOTAL - used;
        int[] cdf = new int[p.length + 1];
        for (int i = 0; i < p.length; i++) {
            cdf[i + 1] = cdf[i] + freq[i];
        }
        return cdf;
    }

    static CdfTable table(int k) {
        return TABLES[k];
    }

    static CdfTable blockTable(int k) {
        if (k < 0 || k >= BLOCK_FLAGS.length) {
            throw new EntropyDecodingException("block table " + k + " does not exist");
        }
        return BLOCK_FLAGS[k];
    }

    static int cheapestBlockTable(int codedBlocks, int blocks) {
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int k = 0; k < BLOCK_FLAGS.length; k++) {
            CdfTable t = BLOCK_FLAGS[k];
            long cost = codedBlocks * flagCost(t, 1) + (long) (blocks - codedBlocks) * flagCost(t, 0);
            if (cost < bestCost) {
                bestCost = cost;
                best = k;
            }
        }
        return best;
    }

    private static long flagCost(CdfTable t, int flag) {
        return StrictMath.round(1024 * (CdfTable.PRECISION - StrictMath.log(t.freq(flag)) / StrictMath.log(2)));
    }

    /** 0 if the channel is zero at every position, else 1 + the cheapest table. */
    static int cheapestMode(int[] residuals, int base, int[] positions) {
        // An escape's payload costs the same in every table, so only its escape symbol counts here.
        int[] hist = new int[2 * RANGE + 2];
        boolean any = false;
        for (int p : positions) {
            int r = residuals[base + p];
            any |= r != 0;
            hist[r < -RANGE || r > RANGE ? 2 * RANGE + 1 : r + RANGE]++;
        }
        if (!any) {
            return 0;
        }
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int k = 0; k < COUNT; k++) {
            long cost = 0;
            for (int i = 0; i < hist.length; i++) {
                cost += (long) hist[i] * COST[k][i];
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = k;
            }
        }
        return best + 1;
    }
}
