package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.QuantizedLatent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cores a picture synthesizes again: 768x432 is 27 x 48 latent positions. */
class SparseSynthesisTest {
    private static final int ROWS = 27;
    private static final int COLS = 48;

    private static QuantizedLatent latent(int[] symbols) {
        return new QuantizedLatent(3, 2, ROWS, COLS, symbols);
    }

    private static SparseSynthesis started(QuantizedLatent first) {
        SparseSynthesis sparse = new SparseSynthesis(16);
        assertTrue(sparse.plan(first, 768, 432, false).wholeFrame(), "the first picture is synthesized whole");
        sparse.accept(first, new RgbImage(768, 432, new byte[3 * 768 * 432]), LatentTiles.Plan.WHOLE_FRAME);
        return sparse;
    }

    @Test
    void oneCoreHoldsWhatAChangedSymbolReaches() {
        int[] symbols = new int[2 * ROWS * COLS];
        SparseSynthesis sparse = started(latent(symbols));
        assertArrayEquals(new LatentTiles.Block[0], sparse.plan(latent(symbols.clone()), 768, 432, false).cores(),
                "unchanged symbols: nothing to synthesize");
        int[] changed = symbols.clone();
        changed[ROWS * COLS + 8 * COLS + 16] = 1;  // channel 1, row 8, column 16
        // It reaches rows 6..10, columns 14..18: one core (aligned tiles took four).
        assertArrayEquals(new LatentTiles.Block[] {new LatentTiles.Block(6, 14, 5, 5)},
                sparse.plan(latent(changed), 768, 432, false).cores());
    }

    @Test
    void windowsAndAssemblyPlaceEachCoreWhereItBelongs() {
        int[] symbols = new int[2 * ROWS * COLS];
        SparseSynthesis sparse = started(latent(symbols));
        int[] changed = symbols.clone();
        changed[26 * COLS + 47] = 5;  // the bottom-right position: core and window end where the grid ends
        LatentTiles.Plan plan = sparse.plan(latent(changed), 768, 432, false);
        assertArrayEquals(new LatentTiles.Block[] {new LatentTiles.Block(24, 45, 3, 3)}, plan.cores());
        LatentTransform.SynthesisWindow window = sparse.windows(plan, latent(changed)).get(0);
        assertTrue(window.latent().height() == 5 && window.latent().width() == 5
                && window.latent().symbols()[4 * 5 + 4] == 5, "rows 22..26, columns 43..47");
        assertTrue(window.top() == 2 && window.left() == 2 && window.bottom() == 0 && window.right() == 0,
                "context above and left; the frame's edge below and right");
        byte[] white = new byte[3 * 48 * 48];
        java.util.Arrays.fill(white, (byte) 255);
        RgbImage picture = sparse.assemble(plan, List.of(new RgbImage(48, 48, white)));
        // The core is rows 24..26 and columns 45..47: pixels from (720, 384) to the corner.
        assertTrue((picture.rgb()[3 * (431 * 768 + 767)] & 0xFF) == 255 && (picture.rgb()[3 * (384 * 768 + 720)] & 0xFF) == 255);
        assertTrue(picture.rgb()[3 * (383 * 768 + 720)] == 0 && picture.rgb()[3 * (384 * 768 + 719)] == 0);
    }
}
