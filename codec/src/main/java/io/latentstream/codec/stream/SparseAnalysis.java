package io.latentstream.codec.stream;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.GainedLatent;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.LatentWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * One camera's record of where its picture changed, so that the analysis network runs only
 * there: an encoder decision, invisible in the bitstream.
 *
 * <p>The latent grid is cut into tiles of {@link #CORE} x {@link #CORE} positions. A tile is
 * analysed again, in a window {@link LatentTransform#ANALYSIS_MARGIN} positions wider on each
 * side (which makes its latents exactly the whole frame's), when a block of pixels its
 * latents read changed: a 16x16 block whose mean absolute difference from the pixels its
 * latents were last computed from exceeds the threshold. Measuring against those pixels,
 * not the previous frame's, catches slow drift; and every tile is analysed again within
 * {@link #REFRESH_FRAMES} frames whatever happens. Elsewhere the previous latents stand.
 * Key frames, and frames where the windows would cost as much as the whole frame, analyse
 * the whole frame. Not thread-safe: one per camera, inside its {@link StreamEncoder}.
 */
final class SparseAnalysis {
    /** Latent positions per tile side: 128 pixels. */
    static final int CORE = 8;
    static final int WINDOW = CORE + 2 * LatentTransform.ANALYSIS_MARGIN;
    /** Every tile is analysed again at least this often, changed or not. */
    static final int REFRESH_FRAMES = 32;

    private final float threshold;
    private final int stride;
    private int width;
    private int height;
    private int level = -1;
    private int rows;
    private int cols;
    private int tileRows;
    private int tileCols;
    /** Per pixel: the value each block's latents were last computed from. */
    private byte[] reference;
    private GainedLatent latents;
    private int refreshCursor;

    /** The tiles a frame analyses again (indices tile row * tileCols + tile col), or null for the whole frame. */
    record Plan(int[] tiles) {
        static final Plan WHOLE_FRAME = new Plan(null);

        boolean wholeFrame() {
            return tiles == null;
        }
    }

    /** threshold: mean absolute change of a block, in 8-bit levels, that makes its tiles analyse again. */
    SparseAnalysis(float threshold, int stride) {
        this.threshold = threshold;
        this.stride = stride;
    }

    /** What the next frame must analyse; keyFrame: it will be a key frame. */
    Plan plan(RgbImage image, int keyLevel, boolean keyFrame) {
        if (keyFrame || latents == null || keyLevel != level || image.width() != width || image.height() != height
                || rows < WINDOW || cols < WINDOW) {
            return Plan.WHOLE_FRAME;
        }
        boolean[] changed = changedBlocks(image);
        int margin = LatentTransform.ANALYSIS_MARGIN;
        boolean[] due = new boolean[tileRows * tileCols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!changed[r * cols + c]) {
                    continue;
                }
                // Every tile whose core lies within the margin of the block reads its pixels.
                for (int tr = Math.max(0, (r - margin) / CORE); tr <= Math.min(tileRows - 1, (r + margin) / CORE); tr++) {
                    for (int tc = Math.max(0, (c - margin) / CORE); tc <= Math.min(tileCols - 1, (c + margin) / CORE); tc++) {
                        due[tr * tileCols + tc] = true;
                    }
                }
            }
        }
        int refresh = (due.length + REFRESH_FRAMES - 1) / REFRESH_FRAMES;
        for (int k = 0; k < refresh; k++) {
            due[refreshCursor] = true;
            refreshCursor = (refreshCursor + 1) % due.length;
        }
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

    /** The windows a plan runs, in its tiles' order. */
    List<LatentWindow> windows(Plan plan, RgbImage image) {
        List<LatentWindow> out = new ArrayList<>(plan.tiles().length);
        for (int t : plan.tiles()) {
            out.add(new LatentWindow(image, level, windowStart(t / tileCols, rows), windowStart(t % tileCols, cols),
                    WINDOW, WINDOW));
        }
        return out;
    }

    /** The previous latents with each planned tile's core taken from its window's latents. */
    GainedLatent assemble(Plan plan, List<GainedLatent> windows) {
        int channels = latents.channels();
        int plane = rows * cols;
        float[] y = latents.values().clone();
        for (int k = 0; k < plan.tiles().length; k++) {
            int t = plan.tiles()[k];
            int tr = t / tileCols;
            int tc = t % tileCols;
            int r0 = windowStart(tr, rows);
            int c0 = windowStart(tc, cols);
            float[] w = windows.get(k).values();
            for (int ch = 0; ch < channels; ch++) {
                for (int r = tr * CORE; r < Math.min(rows, (tr + 1) * CORE); r++) {
                    int from = ch * WINDOW * WINDOW + (r - r0) * WINDOW + (tc * CORE - c0);
                    int to = ch * plane + r * cols + tc * CORE;
                    System.arraycopy(w, from, y, to, Math.min(cols, (tc + 1) * CORE) - tc * CORE);
                }
            }
        }
        return new GainedLatent(level, channels, rows, cols, y);
    }

    /** Takes the frame just coded: y its latents, analysed as plan says. */
    void accept(RgbImage image, GainedLatent y, Plan plan) {
        if (plan.wholeFrame()) {
            width = image.width();
            height = image.height();
            level = y.level();
            rows = y.height();
            cols = y.width();
            tileRows = (rows + CORE - 1) / CORE;
            tileCols = (cols + CORE - 1) / CORE;
            reference = image.rgb().clone();
            refreshCursor = 0;
        } else {
            for (int t : plan.tiles()) {
                int x0 = (t % tileCols) * CORE * stride;
                int y0 = (t / tileCols) * CORE * stride;
                for (int py = y0; py < Math.min(height, y0 + CORE * stride); py++) {
                    int from = 3 * (py * width + x0);
                    System.arraycopy(image.rgb(), from, reference, from, 3 * (Math.min(width, x0 + CORE * stride) - x0));
                }
            }
        }
        latents = y;
    }

    /** Memory held: the reference pixels and latents. */
    long bytes() {
        return latents == null ? 0 : reference.length + 4L * latents.values().length;
    }

    /** Per latent position: whether its block's mean absolute difference from the reference exceeds the threshold. */
    private boolean[] changedBlocks(RgbImage image) {
        byte[] now = image.rgb();
        long[] sum = new long[rows * cols];
        int[] count = new int[rows * cols];
        for (int py = 0; py < height; py++) {
            int rowBase = (py / stride) * cols;
            for (int px = 0; px < width; px++) {
                int i = 3 * (py * width + px);
                int d = Math.abs((now[i] & 0xFF) - (reference[i] & 0xFF))
                        + Math.abs((now[i + 1] & 0xFF) - (reference[i + 1] & 0xFF))
                        + Math.abs((now[i + 2] & 0xFF) - (reference[i + 2] & 0xFF));
                int b = rowBase + px / stride;
                sum[b] += d;
                count[b] += 3;
            }
        }
        boolean[] changed = new boolean[rows * cols];
        for (int b = 0; b < changed.length; b++) {
            changed[b] = count[b] > 0 && sum[b] > threshold * count[b];
        }
        return changed;
    }

    /** First latent row (or column) of the window around tile index tile, inside a grid of size positions. */
    private static int windowStart(int tile, int size) {
        return Math.max(0, Math.min(tile * CORE - LatentTransform.ANALYSIS_MARGIN, size - WINDOW));
    }
}
