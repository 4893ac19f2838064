package io.latentstream.codec.stream;

import io.latentstream.codec.latent.LatentTransform;
import java.util.Arrays;

/**
 * Cores of {@link #CORE} x {@link #CORE} latent positions (128 x 128 pixels) on a latent
 * grid, each computed in a window {@link LatentTransform#WINDOW_MARGIN} positions wider on
 * every side, clamped into the grid: what sparse analysis and sparse synthesis share.
 * Within that margin of its edges, or at an edge it shares with the frame, a window computes
 * exactly what the whole frame would. The analysis plans aligned tiles (it keeps state per
 * tile); the synthesis places its cores freely over what must be computed ({@link #cover}).
 */
record LatentTiles(int rows, int cols) {
    static final int CORE = 8;
    static final int WINDOW = CORE + 2 * LatentTransform.WINDOW_MARGIN;

    /**
     * The cores to compute again, each named by its first position (row * cols + column), in
     * the order their windows run; null for the whole frame. A core runs CORE positions right
     * and down from there, clipped at the grid's last row and column.
     */
    record Plan(int[] cores) {
        static final Plan WHOLE_FRAME = new Plan(null);

        boolean wholeFrame() {
            return cores == null;
        }
    }

    /** Whether windows can stand in for the whole frame at all: the grid holds one. */
    boolean windowed() {
        return rows >= WINDOW && cols >= WINDOW;
    }

    int tileRows() {
        return (rows + CORE - 1) / CORE;
    }

    int tileCols() {
        return (cols + CORE - 1) / CORE;
    }

    int tiles() {
        return tileRows() * tileCols();
    }

    /** The aligned tile whose core holds position (r, c). */
    int tileOf(int r, int c) {
        return r / CORE * tileCols() + c / CORE;
    }

    /** The first position of aligned tile t's core. */
    int tileCore(int t) {
        return t / tileCols() * CORE * cols + t % tileCols() * CORE;
    }

    /** Marks in due every aligned tile whose core lies within the margin of position (r, c): the tiles that read it. */
    void markAround(int r, int c, boolean[] due) {
        int margin = LatentTransform.WINDOW_MARGIN;
        for (int tr = Math.max(0, (r - margin) / CORE); tr <= Math.min(tileRows() - 1, (r + margin) / CORE); tr++) {
            for (int tc = Math.max(0, (c - margin) / CORE); tc <= Math.min(tileCols() - 1, (c + margin) / CORE); tc++) {
                due[tr * tileCols() + tc] = true;
            }
        }
    }

    /** The plan for the aligned tiles marked due, in index order: the whole frame when their windows would cost as much. */
    Plan plan(boolean[] due) {
        int n = 0;
        for (boolean d : due) {
            n += d ? 1 : 0;
        }
        if (costsAsMuch(n)) {
            return Plan.WHOLE_FRAME;
        }
        int[] cores = new int[n];
        for (int t = 0, k = 0; t < due.length; t++) {
            if (due[t]) {
                cores[k++] = tileCore(t);
            }
        }
        return new Plan(cores);
    }

    /**
     * A plan whose cores hold every position marked in needed (rows x cols), placed greedily:
     * the first position not yet held, in raster order, starts the rows of a core, and the
     * core's columns are those that hold the most positions still needed in those rows (no
     * position above that row is still needed). Against aligned tiles this saves the windows
     * that a change straddling a tile border costs twice or four times: a quarter to a third
     * of the synthesis on our fixed cameras. The whole frame where the windows would cost as much.
     */
    Plan cover(boolean[] needed) {
        boolean[] left = needed.clone();
        int[] cores = new int[rows * cols];
        int n = 0;
        int[] perColumn = new int[cols];
        for (int p = 0; p < left.length; p++) {
            if (!left[p]) {
                continue;
            }
            if (costsAsMuch(n + 1)) {
                return Plan.WHOLE_FRAME;
            }
            int r0 = Math.min(p / cols, rows - CORE);
            int c = p % cols;
            Arrays.fill(perColumn, 0);
            for (int r = r0; r < r0 + CORE; r++) {
                for (int x = 0; x < cols; x++) {
                    perColumn[x] += left[r * cols + x] ? 1 : 0;
                }
            }
            int bestCol = -1;
            int bestHeld = -1;
            for (int c0 = Math.max(0, c - CORE + 1); c0 <= Math.min(c, cols - CORE); c0++) {
                int held = 0;
                for (int x = c0; x < c0 + CORE; x++) {
                    held += perColumn[x];
                }
                if (held > bestHeld) {
                    bestHeld = held;
                    bestCol = c0;
                }
            }
            for (int r = r0; r < r0 + CORE; r++) {
                Arrays.fill(left, r * cols + bestCol, r * cols + bestCol + CORE, false);
            }
            cores[n++] = r0 * cols + bestCol;
        }
        return new Plan(Arrays.copyOf(cores, n));
    }

    private boolean costsAsMuch(int windows) {
        return (long) windows * WINDOW * WINDOW >= (long) rows * cols;
    }

    /** First row of the core starting at position core. */
    int coreRow(int core) {
        return core / cols;
    }

    int coreCol(int core) {
        return core % cols;
    }

    /** Rows of that core (fewer at the grid's last rows). */
    int coreRows(int core) {
        return Math.min(rows, coreRow(core) + CORE) - coreRow(core);
    }

    int coreCols(int core) {
        return Math.min(cols, coreCol(core) + CORE) - coreCol(core);
    }

    /** First row of that core's window. */
    int windowRow(int core) {
        return Math.max(0, Math.min(coreRow(core) - LatentTransform.WINDOW_MARGIN, rows - WINDOW));
    }

    int windowCol(int core) {
        return Math.max(0, Math.min(coreCol(core) - LatentTransform.WINDOW_MARGIN, cols - WINDOW));
    }
}
