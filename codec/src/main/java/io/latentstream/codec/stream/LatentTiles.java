package io.latentstream.codec.stream;

import io.latentstream.codec.latent.LatentTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Blocks of a latent grid computed again, each in a window {@link LatentTransform#WINDOW_MARGIN}
 * positions wider on every side, clipped to the grid: what sparse analysis and sparse
 * synthesis share. Within that margin of its edges, or at an edge it shares with the frame,
 * a window computes exactly what the whole frame would, so a block's core (the window less
 * its margin) is taken as the whole frame's. Cores are fitted to what must be computed
 * ({@link #cover}); aligned tiles of {@link #CORE} x {@link #CORE} positions hold what the
 * analysis keeps per region (learned noise, refresh order).
 */
record LatentTiles(int rows, int cols) {
    static final int CORE = 8;
    /** An aligned tile's window side: its core and the margin on both sides. */
    static final int TILE_WINDOW = CORE + 2 * LatentTransform.WINDOW_MARGIN;

    /** A rectangle of latent positions: rows x cols from (row, col). */
    record Block(int row, int col, int rows, int cols) {
        int area() {
            return rows * cols;
        }
    }

    /** The cores to compute again, in the order their windows run; null for the whole frame. */
    record Plan(Block[] cores) {
        static final Plan WHOLE_FRAME = new Plan(null);

        boolean wholeFrame() {
            return cores == null;
        }
    }

    /** Whether windows are worth planning at all: the grid holds a tile's core and its margins. */
    boolean windowed() {
        return rows >= TILE_WINDOW && cols >= TILE_WINDOW;
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

    /** Aligned tile t's core (fewer rows and columns at the grid's last ones). */
    Block tileCore(int t) {
        int r = t / tileCols() * CORE;
        int c = t % tileCols() * CORE;
        return new Block(r, c, Math.min(rows, r + CORE) - r, Math.min(cols, c + CORE) - c);
    }

    /** Marks in due every aligned tile whose core lies within the margin of position (r, c): the tiles that read it. */
    void markTilesAround(int r, int c, boolean[] due) {
        int margin = LatentTransform.WINDOW_MARGIN;
        for (int tr = Math.max(0, (r - margin) / CORE); tr <= Math.min(tileRows() - 1, (r + margin) / CORE); tr++) {
            for (int tc = Math.max(0, (c - margin) / CORE); tc <= Math.min(tileCols() - 1, (c + margin) / CORE); tc++) {
                due[tr * tileCols() + tc] = true;
            }
        }
    }

    /** Marks in needed (rows x cols) the positions within the margin of position (r, c): those that read it, or it reads. */
    void markReach(int r, int c, boolean[] needed) {
        int margin = LatentTransform.WINDOW_MARGIN;
        for (int y = Math.max(0, r - margin); y <= Math.min(rows - 1, r + margin); y++) {
            Arrays.fill(needed, y * cols + Math.max(0, c - margin), y * cols + Math.min(cols - 1, c + margin) + 1, true);
        }
    }

    /** A core's window: the core and the margin around it, within the grid. */
    Block window(Block core) {
        int margin = LatentTransform.WINDOW_MARGIN;
        int r0 = Math.max(0, core.row() - margin);
        int c0 = Math.max(0, core.col() - margin);
        return new Block(r0, c0, Math.min(rows, core.row() + core.rows() + margin) - r0,
                Math.min(cols, core.col() + core.cols() + margin) - c0);
    }

    /**
     * Cores holding every position marked in needed (rows x cols): the bounding boxes of its
     * connected regions, two merged wherever the synthesis over both costs no more than over
     * the two ({@link #synthesisCost}). Against aligned tiles this drops what a change
     * straddling tile borders costs twice or four times, and the margin of every tile a moving
     * object covers (docs/decisions.md). The whole frame where the windows would cost as much.
     */
    Plan cover(boolean[] needed) {
        List<Block> boxes = regions(needed);
        if (boxes == null) {
            return Plan.WHOLE_FRAME;
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    Block both = union(boxes.get(i), boxes.get(j));
                    if (synthesisCost(both) <= synthesisCost(boxes.get(i)) + synthesisCost(boxes.get(j))) {
                        boxes.set(i, both);
                        boxes.remove(j);
                        merged = true;
                        j = i;  // the grown box against every later one again
                    }
                }
            }
        }
        return plan(boxes, LatentTiles::synthesisCost);
    }

    /**
     * What the windowed synthesis computes for a core, in positions: the core and about half
     * a position around it. Its layers compute only what the next one reads (the core and 2,
     * 1, 1/2, 1/4 positions around it at the four layers, most of the work in the third), not
     * the window's context.
     */
    static int synthesisCost(Block core) {
        return (core.rows() + 1) * (core.cols() + 1);
    }

    /**
     * The aligned tiles marked due, exactly, in as few rectangles as runs allow: each tile
     * row's runs of due tiles, a run joined to the one above where their columns match. The
     * tiles share their windows' margins (one window over 2 x 2 tiles computes 400 positions
     * where four computed 576) and no tile not due is computed. The whole frame where the
     * windows would cost as much.
     */
    Plan tilePlan(boolean[] due) {
        List<Block> blocks = new ArrayList<>();
        Block[] above = new Block[tileCols()];
        for (int tr = 0; tr < tileRows(); tr++) {
            Block[] here = new Block[tileCols()];
            for (int tc = 0; tc < tileCols(); tc++) {
                if (!due[tr * tileCols() + tc]) {
                    continue;
                }
                int end = tc;
                while (end + 1 < tileCols() && due[tr * tileCols() + end + 1]) {
                    end++;
                }
                Block run = union(tileCore(tr * tileCols() + tc), tileCore(tr * tileCols() + end));
                Block up = above[tc];
                if (up != null && up.col() == run.col() && up.cols() == run.cols()) {
                    Block joined = union(up, run);
                    blocks.set(blocks.indexOf(up), joined);
                    here[tc] = joined;
                } else {
                    blocks.add(run);
                    here[tc] = run;
                }
                tc = end;
            }
            above = here;
        }
        return plan(blocks, b -> window(b).area());
    }

    /** cores, or the whole frame where they cost (in positions computed) as much. */
    private Plan plan(List<Block> cores, ToIntFunction<Block> cost) {
        long total = 0;
        for (Block b : cores) {
            total += cost.applyAsInt(b);
        }
        return total >= (long) rows * cols ? Plan.WHOLE_FRAME : new Plan(cores.toArray(Block[]::new));
    }

    /** The bounding boxes of needed's 4-connected regions, in raster order of their first positions; null past half the grid. */
    private List<Block> regions(boolean[] needed) {
        int count = 0;
        for (boolean n : needed) {
            count += n ? 1 : 0;
        }
        if (2L * count >= (long) rows * cols) {
            return null;
        }
        boolean[] seen = new boolean[needed.length];
        int[] queue = new int[count];
        List<Block> boxes = new ArrayList<>();
        for (int start = 0; start < needed.length; start++) {
            if (!needed[start] || seen[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            int r0 = rows;
            int r1 = -1;
            int c0 = cols;
            int c1 = -1;
            while (head < tail) {
                int p = queue[head++];
                int r = p / cols;
                int c = p % cols;
                r0 = Math.min(r0, r);
                r1 = Math.max(r1, r);
                c0 = Math.min(c0, c);
                c1 = Math.max(c1, c);
                int[] next = {c > 0 ? p - 1 : -1, c < cols - 1 ? p + 1 : -1, r > 0 ? p - cols : -1,
                    r < rows - 1 ? p + cols : -1};
                for (int q : next) {
                    if (q >= 0 && needed[q] && !seen[q]) {
                        seen[q] = true;
                        queue[tail++] = q;
                    }
                }
            }
            boxes.add(new Block(r0, c0, r1 - r0 + 1, c1 - c0 + 1));
        }
        return boxes;
    }

    private static Block union(Block a, Block b) {
        int r0 = Math.min(a.row(), b.row());
        int c0 = Math.min(a.col(), b.col());
        return new Block(r0, c0, Math.max(a.row() + a.rows(), b.row() + b.rows()) - r0,
                Math.max(a.col() + a.cols(), b.col() + b.cols()) - c0);
    }
}
