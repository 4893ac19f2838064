package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Which tiles' symbols moved past noise ({@link StreamEncoder#NOISE_MOVES}): on a 16 x 24 grid
 * of 2 channels (2 x 3 tiles of 8 x 8 positions), residual step 2, from an all-zero previous frame.
 */
class NoiseMovesTest {
    private static final int CHANNELS = 2;
    private static final int ROWS = 16;
    private static final int COLS = 24;
    private static final int PLANE = ROWS * COLS;
    private static final int STEP = 2;

    private static boolean[] moved(int[] symbols) {
        return StreamEncoder.movedPastNoise(symbols, new int[symbols.length], STEP, CHANNELS, ROWS, COLS);
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
    void aFewSmallMovesAreNoise() {
        assertArrayEquals(new boolean[6], moved(movedInTileZero(StreamEncoder.NOISE_MOVES,
                StreamEncoder.NOISE_STEPS * STEP)));
    }

    @Test
    void oneMoveMoreIsAChange() {
        assertArrayEquals(new boolean[] {true, false, false, false, false, false},
                moved(movedInTileZero(StreamEncoder.NOISE_MOVES + 1, STEP)));
    }

    @Test
    void oneLargeMoveIsAChange() {
        int[] symbols = movedInTileZero(3, -STEP);
        symbols[PLANE + 5] = -(StreamEncoder.NOISE_STEPS + 1) * STEP;
        assertArrayEquals(new boolean[] {true, false, false, false, false, false}, moved(symbols));
    }

    @Test
    void eachTileIsJudgedAlone() {
        int[] symbols = movedInTileZero(2, STEP);
        for (int c = 0; c < 8; c++) {
            for (int r = 8; r < 11; r++) {
                symbols[r * COLS + 16 + c] = STEP;  // tile 5 (rows 8-15, columns 16-23): 24 moves
            }
        }
        assertArrayEquals(new boolean[] {false, false, false, false, false, true}, moved(symbols));
    }
}
