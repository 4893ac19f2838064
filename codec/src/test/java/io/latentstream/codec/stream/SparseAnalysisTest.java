package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.GainedLatent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a camera's next frame analyses again: 768x432 is 27 x 48 latent positions, 4 x 6 tiles. */
class SparseAnalysisTest {
    private static final int W = 768;
    private static final int H = 432;
    private static final int TILES = 24;
    private static final int LEVEL = 3;
    private static final float THRESHOLD = 2f;

    private static RgbImage noise(long seed) {
        byte[] rgb = new byte[3 * W * H];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(W, H, rgb);
    }

    private static RgbImage brighter(RgbImage image, int delta, int x0, int y0, int w, int h) {
        byte[] rgb = image.rgb().clone();
        for (int y = y0; y < y0 + h; y++) {
            for (int x = 3 * x0; x < 3 * (x0 + w); x++) {
                int i = 3 * y * W + x;
                rgb[i] = (byte) Math.min(255, (rgb[i] & 0xFF) + delta);
            }
        }
        return new RgbImage(W, H, rgb);
    }

    private static SparseAnalysis started(RgbImage first) {
        SparseAnalysis sparse = new SparseAnalysis(16);
        assertTrue(sparse.plan(first, LEVEL, THRESHOLD, false).wholeFrame(), "the first frame is analysed whole");
        sparse.accept(first, new GainedLatent(LEVEL, 1, 27, 48, new float[27 * 48]), LatentTiles.Plan.WHOLE_FRAME,
                null);
        return sparse;
    }

    /** Takes an inter frame analysed as plan says, whose symbols moved in every tile. */
    private static void accept(SparseAnalysis sparse, RgbImage image, LatentTiles.Plan plan) {
        boolean[] moved = new boolean[TILES];
        Arrays.fill(moved, true);
        accept(sparse, image, plan, moved);
    }

    private static void accept(SparseAnalysis sparse, RgbImage image, LatentTiles.Plan plan, boolean[] symbolsMoved) {
        sparse.accept(image, new GainedLatent(LEVEL, 1, 27, 48, new float[27 * 48]), plan, symbolsMoved);
    }

    @Test
    void aStillSceneAnalysesNothingUntilTheWholeFrameIsDue() {
        RgbImage scene = noise(1);
        SparseAnalysis sparse = started(scene);
        for (int round = 0; round < 2; round++) {
            for (int frame = 1; frame < SparseAnalysis.REFRESH_FRAMES; frame++) {
                LatentTiles.Plan plan = sparse.plan(scene, LEVEL, THRESHOLD, false);
                assertEquals(0, tiles(plan).length, "a still frame analyses nothing");
                accept(sparse, scene, plan);
            }
            LatentTiles.Plan refresh = sparse.plan(scene, LEVEL, THRESHOLD, false);
            assertTrue(refresh.wholeFrame(), "the whole frame, " + SparseAnalysis.REFRESH_FRAMES + " frames on");
            accept(sparse, scene, refresh);
        }
    }

    @Test
    void eachFrameIsHeldToItsOwnThreshold() {
        RgbImage scene = noise(8);
        SparseAnalysis sparse = started(scene);
        RgbImage frame = brighter(scene, 3, 0, 0, W, H);
        assertEquals(0, tiles(sparse.plan(frame, LEVEL, 2 * THRESHOLD, false)).length,
                "3 levels are under a coarser step's threshold");
        assertTrue(sparse.plan(frame, LEVEL, THRESHOLD, false).wholeFrame(), "and past a finer one's");
    }

    @Test
    void aChangedBlockMakesEveryTileThatReadsItAnalyseAgain() {
        RgbImage scene = noise(2);
        SparseAnalysis sparse = started(scene);
        // The block at latent row 8, column 16 lies within the margin of tiles (0..1) x (1..2): one
        // window over the four.
        LatentTiles.Plan plan = sparse.plan(brighter(scene, 40, 16 * 16, 8 * 16, 16, 16), LEVEL, THRESHOLD, false);
        assertArrayEquals(new LatentTiles.Block[] {new LatentTiles.Block(0, 8, 16, 16)}, plan.cores());
    }

    @Test
    void slowDriftIsMeasuredAgainstThePixelsTheLatentsCameFrom() {
        RgbImage scene = noise(3);
        SparseAnalysis sparse = started(scene);
        RgbImage frame = scene;
        for (int step = 1; step <= 2; step++) {
            frame = brighter(frame, 1, 0, 0, W, H);
            LatentTiles.Plan plan = sparse.plan(frame, LEVEL, THRESHOLD, false);
            assertEquals(0, tiles(plan).length, "a drift of " + step + " stays under the threshold");
            accept(sparse, frame, plan);
        }
        // One more level: 3 from where most blocks' latents came from, though 1 from the last frame.
        frame = brighter(frame, 1, 0, 0, W, H);
        assertTrue(sparse.plan(frame, LEVEL, THRESHOLD, false).wholeFrame(), "every block drifted past the threshold");
    }

    @Test
    void keyFramesAndNewGridsAnalyseTheWholeFrame() {
        RgbImage scene = noise(4);
        SparseAnalysis sparse = started(scene);
        assertTrue(sparse.plan(scene, LEVEL, THRESHOLD, true).wholeFrame(), "a key frame");
        assertTrue(sparse.plan(scene, LEVEL + 1, THRESHOLD, false).wholeFrame(), "another latent grid");
        RgbImage small = new RgbImage(320, 240, new byte[3 * 320 * 240]);
        assertTrue(sparse.plan(small, LEVEL, THRESHOLD, false).wholeFrame(), "another size");
        assertNull(LatentTiles.Plan.WHOLE_FRAME.cores());
    }

    /** The block at latent row 10, column 20 (tile 8's core), brightened by delta from scene. */
    private static RgbImage blockInTileEight(RgbImage scene, int delta) {
        return brighter(scene, delta, 20 * 16, 10 * 16, 16, 16);
    }

    /** The aligned tiles a plan analyses, by index. */
    private static int[] tiles(LatentTiles.Plan plan) {
        LatentTiles grid = new LatentTiles(27, 48);
        return Arrays.stream(plan.cores()).mapToInt(core -> grid.tileOf(core.row(), core.col())).toArray();
    }

    /** Whether plan analyses the block at latent row 10, column 20 again. */
    private static boolean analysesTheBlock(LatentTiles.Plan plan) {
        return plan.wholeFrame() || Arrays.stream(plan.cores()).anyMatch(b -> b.row() <= 10 && 10 < b.row() + b.rows()
                && b.col() <= 20 && 20 < b.col() + b.cols());
    }

    /** A camera whose tile 8 last saw frame, a change of delta levels that moved its symbols no more than noise. */
    private record Taught(SparseAnalysis sparse, RgbImage scene, RgbImage frame) {}

    private static Taught taught(long seed, int delta) {
        RgbImage scene = noise(seed);
        SparseAnalysis sparse = started(scene);
        RgbImage frame = blockInTileEight(scene, delta);
        LatentTiles.Plan plan = sparse.plan(frame, LEVEL, THRESHOLD, false);
        assertTrue(analysesTheBlock(plan), "a change of " + delta + " levels is past the stream's threshold of 2");
        accept(sparse, frame, plan, new boolean[TILES]);
        return new Taught(sparse, scene, frame);
    }

    @Test
    void aTileWhoseChangeMovedItsSymbolsNoMoreThanNoiseHoldsItsBlocksToThatChange() {
        Taught t = taught(5, 3);
        assertTrue(!analysesTheBlock(t.sparse().plan(t.scene(), LEVEL, THRESHOLD, false)), "the same change back was noise before");
        assertTrue(analysesTheBlock(t.sparse().plan(blockInTileEight(t.scene(), 10), LEVEL, THRESHOLD, false)),
                "a larger change is analysed");
    }

    @Test
    void theLearnedThresholdStaysWithinTheCap() {
        Taught t = taught(6, 40);
        int past = (int) Math.ceil(2 * SparseAnalysis.NOISE_CAP) + 1;
        assertTrue(analysesTheBlock(t.sparse().plan(blockInTileEight(t.frame(), past), LEVEL, THRESHOLD, false)),
                "a change past twice the stream's threshold is analysed whatever the tile saw");
    }

    @Test
    void symbolsMovedPastNoiseBringTheTileBackToTheStreamsThreshold() {
        Taught t = taught(7, 4);
        RgbImage changed = blockInTileEight(t.frame(), 10);
        accept(t.sparse(), changed, t.sparse().plan(changed, LEVEL, THRESHOLD, false));
        assertTrue(analysesTheBlock(t.sparse().plan(blockInTileEight(changed, 3), LEVEL, THRESHOLD, false)),
                "after a coded change, 3 levels are past the threshold of 2 again");
    }
}
