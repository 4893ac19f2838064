package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.latent.LatentTransform;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where sparse synthesis places its cores: a 720p frame's grid, 45 x 80 positions. */
class LatentTilesTest {
    private static final int ROWS = 45;
    private static final int COLS = 80;
    private static final LatentTiles GRID = new LatentTiles(ROWS, COLS);

    private static boolean[] blocks(LatentTiles.Block... blocks) {
        boolean[] needed = new boolean[ROWS * COLS];
        for (LatentTiles.Block b : blocks) {
            for (int y = b.row(); y < Math.min(ROWS, b.row() + b.rows()); y++) {
                for (int x = b.col(); x < Math.min(COLS, b.col() + b.cols()); x++) {
                    needed[y * COLS + x] = true;
                }
            }
        }
        return needed;
    }

    @Test
    void coresHoldEveryNeededPositionAndWindowsKeepTheirMargin() {
        Random random = new Random(7);
        int margin = LatentTransform.WINDOW_MARGIN;
        for (int trial = 0; trial < 200; trial++) {
            LatentTiles.Block[] blobs = new LatentTiles.Block[1 + random.nextInt(12)];
            for (int i = 0; i < blobs.length; i++) {
                blobs[i] = new LatentTiles.Block(random.nextInt(ROWS), random.nextInt(COLS), 1 + random.nextInt(10),
                        1 + random.nextInt(10));
            }
            boolean[] needed = blocks(blobs);
            LatentTiles.Plan plan = GRID.cover(needed);
            if (plan.wholeFrame()) {
                continue;
            }
            boolean[] held = blocks(plan.cores());
            for (int p = 0; p < needed.length; p++) {
                assertTrue(!needed[p] || held[p], "position " + p + " is held");
            }
            for (LatentTiles.Block core : plan.cores()) {
                LatentTiles.Block w = GRID.window(core);
                assertTrue(w.row() >= 0 && w.col() >= 0 && w.row() + w.rows() <= ROWS && w.col() + w.cols() <= COLS,
                        "the window lies in the grid");
                assertTrue((core.row() - w.row() >= margin || w.row() == 0)
                        && (w.row() + w.rows() - core.row() - core.rows() >= margin || w.row() + w.rows() == ROWS)
                        && (core.col() - w.col() >= margin || w.col() == 0)
                        && (w.col() + w.cols() - core.col() - core.cols() >= margin || w.col() + w.cols() == COLS),
                        "the core lies the margin inside its window, or at the frame's edge");
            }
        }
    }

    @Test
    void nearRegionsShareAWindowAndFarOnesDoNot() {
        LatentTiles.Block a = new LatentTiles.Block(10, 10, 5, 5);
        assertArrayEquals(new LatentTiles.Block[] {a}, GRID.cover(blocks(a)).cores());
        LatentTiles.Block near = new LatentTiles.Block(10, 16, 5, 5);
        assertArrayEquals(new LatentTiles.Block[] {new LatentTiles.Block(10, 10, 5, 11)},
                GRID.cover(blocks(a, near)).cores(), "one 9x15 window costs less than two of 9x9");
        LatentTiles.Block far = new LatentTiles.Block(30, 60, 5, 5);
        assertEquals(2, GRID.cover(blocks(a, far)).cores().length);
    }

    @Test
    void tilesDueShareWindowsAlongRunsAndComputeNoOtherTile() {
        // 720p: 6 x 10 tiles. Tiles 11, 12 over 21, 22 make one block; 14 and 25 (diagonal) stay apart.
        boolean[] due = new boolean[GRID.tiles()];
        for (int t : new int[] {11, 12, 21, 22, 14, 25}) {
            due[t] = true;
        }
        assertArrayEquals(new LatentTiles.Block[] {new LatentTiles.Block(8, 8, 16, 16), new LatentTiles.Block(8, 32, 8, 8),
            new LatentTiles.Block(16, 40, 8, 8)}, GRID.tilePlan(due).cores());
        boolean[] lastRow = new boolean[GRID.tiles()];
        lastRow[50] = true;
        assertArrayEquals(new LatentTiles.Block[] {new LatentTiles.Block(40, 0, 5, 8)}, GRID.tilePlan(lastRow).cores(),
                "the last tile row holds 5 rows");
    }

    @Test
    void windowsThatWouldCostAsMuchAsTheFrameGiveTheWholeFrame() {
        boolean[] everywhere = new boolean[ROWS * COLS];
        Arrays.fill(everywhere, true);
        assertTrue(GRID.cover(everywhere).wholeFrame());
        assertEquals(0, GRID.cover(new boolean[ROWS * COLS]).cores().length);
        boolean[] allTiles = new boolean[GRID.tiles()];
        Arrays.fill(allTiles, true);
        assertTrue(GRID.tilePlan(allTiles).wholeFrame());
    }
}
