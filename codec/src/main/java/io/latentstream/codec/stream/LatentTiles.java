package io.latentstream.codec.stream;

import io.latentstream.codec.latent.LatentTransform;

/**
 * A latent grid cut into tiles of {@link #CORE} x {@link #CORE} positions (128 x 128 pixels),
 * each computed in a window {@link LatentTransform#WINDOW_MARGIN} positions wider on every
 * side, clamped into the grid: what sparse analysis and sparse synthesis share. Within that
 * margin of its edges, or at an edge it shares with the frame, a window computes exactly
 * what the whole frame would.
 */
record LatentTiles(int rows, int cols) {
    static final int CORE = 8;
    static final int WINDOW = CORE + 2 * LatentTransform.WINDOW_MARGIN;

    /** Which tiles to compute again, in index order (tile row * tileCols + tile column); null for the whole frame. */
    record Plan(int[] tiles) {
        static final Plan WHOLE_FRAME = new Plan(null);

        boolean wholeFrame() {
            return tiles == null;
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

    /** The tile whose core holds position (r, c). */
    int tileOf(int r, int c) {
        return r / CORE * tileCols() + c / CORE;
    }

    /** Marks in due every tile whose core lies within the margin of position (r, c): the tiles that read it. */
    void markAround(int r, int c, boolean[] due) {
        int margin = LatentTransform.WINDOW_MARGIN;
        for (int tr = Math.max(0, (r - margin) / CORE); tr <= Math.min(tileRows() - 1, (r + margin) / CORE); tr++) {
            for (int tc = Math.max(0, (c - margin) / CORE); tc <= Math.min(tileCols() - 1, (c + margin) / CORE); tc++) {
                due[tr * tileCols() + tc] = true;
            }
        }
    }

    /** The plan for the tiles marked due: the whole frame when their windows would cost as much. */
    Plan plan(boolean[] due) {
        int n = 0;
        for (boolean d : due) {
            n += d ? 1 : 0;
        }
        if ((long) n * WINDOW * WINDOW >= (long) rows * cols) {
            return Plan.WHOLE_FRAME;
        }
        int[] tiles = new int[n];
        for (int t = 0, k = 0; t < due.length; t++) {
            if (due[t]) {
                tiles[k++] = t;
            }
        }
        return new Plan(tiles);
    }

    /** First row of tile t's core. */
    int coreRow(int t) {
        return t / tileCols() * CORE;
    }

    int coreCol(int t) {
        return t % tileCols() * CORE;
    }

    /** Rows of tile t's core (fewer at the grid's last tile row). */
    int coreRows(int t) {
        return Math.min(rows, coreRow(t) + CORE) - coreRow(t);
    }

    int coreCols(int t) {
        return Math.min(cols, coreCol(t) + CORE) - coreCol(t);
    }

    /** First row of tile t's window. */
    int windowRow(int t) {
        return Math.max(0, Math.min(coreRow(t) - LatentTransform.WINDOW_MARGIN, rows - WINDOW));
    }

    int windowCol(int t) {
        return Math.max(0, Math.min(coreCol(t) - LatentTransform.WINDOW_MARGIN, cols - WINDOW));
    }
}
