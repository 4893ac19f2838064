package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.latent.LatentTransform;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where sparse synthesis places its cores: a 720p frame's grid, 45 x 80 positions. */
class LatentTilesTest {
    private static final LatentTiles GRID = new LatentTiles(45, 80);

    @Test
    void coresHoldEveryNeededPositionAndStayInTheGrid() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            boolean[] needed = new boolean[45 * 80];
            for (int blob = random.nextInt(12); blob >= 0; blob--) {
                int r = random.nextInt(45);
                int c = random.nextInt(80);
                int h = 1 + random.nextInt(10);
                int w = 1 + random.nextInt(10);
                for (int y = r; y < Math.min(45, r + h); y++) {
                    for (int x = c; x < Math.min(80, c + w); x++) {
                        needed[y * 80 + x] = true;
                    }
                }
            }
            LatentTiles.Plan plan = GRID.cover(needed);
            if (plan.wholeFrame()) {
                continue;
            }
            boolean[] held = new boolean[needed.length];
            for (int core : plan.cores()) {
                assertEquals(LatentTiles.CORE, GRID.coreRows(core), "a whole core fits below " + core);
                assertEquals(LatentTiles.CORE, GRID.coreCols(core), "and to its right");
                for (int y = GRID.coreRow(core); y < GRID.coreRow(core) + LatentTiles.CORE; y++) {
                    for (int x = GRID.coreCol(core); x < GRID.coreCol(core) + LatentTiles.CORE; x++) {
                        held[y * 80 + x] = true;
                    }
                }
                int margin = LatentTransform.WINDOW_MARGIN;
                int top = GRID.coreRow(core) - GRID.windowRow(core);
                int bottom = GRID.windowRow(core) + LatentTiles.WINDOW - GRID.coreRow(core) - LatentTiles.CORE;
                assertTrue((top >= margin || GRID.windowRow(core) == 0)
                        && (bottom >= margin || GRID.windowRow(core) + LatentTiles.WINDOW == 45),
                        "the core is the margin inside its window, or at the frame's edge");
                int leftSide = GRID.coreCol(core) - GRID.windowCol(core);
                int rightSide = GRID.windowCol(core) + LatentTiles.WINDOW - GRID.coreCol(core) - LatentTiles.CORE;
                assertTrue((leftSide >= margin || GRID.windowCol(core) == 0)
                        && (rightSide >= margin || GRID.windowCol(core) + LatentTiles.WINDOW == 80), "and across");
            }
            for (int p = 0; p < needed.length; p++) {
                assertTrue(!needed[p] || held[p], "position " + p + " is held");
            }
        }
    }

    @Test
    void windowsThatWouldCostAsMuchAsTheFrameGiveTheWholeFrame() {
        boolean[] everywhere = new boolean[45 * 80];
        Arrays.fill(everywhere, true);
        assertTrue(GRID.cover(everywhere).wholeFrame());
        assertEquals(0, GRID.cover(new boolean[45 * 80]).cores().length);
    }
}
