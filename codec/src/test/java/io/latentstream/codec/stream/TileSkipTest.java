package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The tile skip of sparse coding ({@link StreamEncoder#TILE_SKIP}): on a 16 x 24 grid of 2
 * channels (2 x 3 tiles of 8 x 8 positions), residual step 2.
 */
class TileSkipTest {
    private static final int CHANNELS = 2;
    private static final int ROWS = 16;
    private static final int COLS = 24;
    private static final int PLANE = ROWS * COLS;
    private static final int STEP = 2;

    /** The symbols after the rule, where previous is all zeros and moved is changed as given. */
    private static int[] skip(int[] moved, boolean[] fromBackground) {
        int[] symbols = moved.clone();
        StreamEncoder.keepBarelyChangedTiles(symbols, new int[moved.length], fromBackground, STEP, CHANNELS, ROWS,
                COLS);
        return symbols;
    }

    /** Moves n symbols of tile 0 (rows 0-7, columns 0-7) by delta, spread over both channels. */
    private static int[] movedInTileZero(int n, int delta) {
        int[] symbols = new int[CHANNELS * PLANE];
        for (int i = 0; i < n; i++) {
            int c = i % CHANNELS;
            int p = (i / CHANNELS / 8) * COLS + (i / CHANNELS) % 8;
            symbols[c * PLANE + p] = delta;
        }
        return symbols;
    }

    @Test
    void aTileWithAtMostSixteenSmallMovesKeepsThePreviousSymbols() {
        boolean[] fromBackground = new boolean[PLANE];
        Arrays.fill(fromBackground, true);
        assertArrayEquals(new int[CHANNELS * PLANE], skip(movedInTileZero(StreamEncoder.TILE_SKIP, 2 * STEP),
                fromBackground));
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                assertFalse(fromBackground[r * COLS + c], "kept positions predict from the previous frame");
            }
        }
    }

    @Test
    void aTileWithMoreMovesCodesThem() {
        int[] moved = movedInTileZero(StreamEncoder.TILE_SKIP + 1, STEP);
        assertArrayEquals(moved, skip(moved, new boolean[PLANE]));
    }

    @Test
    void aTileWithOneLargeMoveCodesIt() {
        int[] moved = movedInTileZero(3, STEP);
        moved[PLANE + 5] = (StreamEncoder.TILE_SKIP_STEPS + 1) * STEP;
        assertArrayEquals(moved, skip(moved, new boolean[PLANE]));
    }

    @Test
    void eachTileIsJudgedAlone() {
        int[] moved = movedInTileZero(2, STEP);
        for (int c = 0; c < 8; c++) {
            for (int r = 8; r < 11; r++) {
                moved[r * COLS + 16 + c] = STEP;  // tile 5 (rows 8-15, columns 16-23): 24 moves
            }
        }
        int[] expected = moved.clone();
        expected[0] = 0;
        expected[PLANE] = 0;
        assertArrayEquals(expected, skip(moved, new boolean[PLANE]));
    }
}
