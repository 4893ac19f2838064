package io.latentstream.codec.stream;

import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.GainedLatent;
import io.latentstream.codec.latent.LatentWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One camera's record of where its picture changed, so that the analysis network runs only
 * there: an encoder decision, invisible in the bitstream.
 *
 * <p>A tile of the latent grid ({@link LatentTiles}) is analysed again when a block of
 * pixels its latents read changed: a 16x16 block whose mean absolute difference from the
 * pixels its latents were last computed from exceeds the frame's threshold (the stream's,
 * scaled to the frame's grid and step by {@link StreamEncoder}). Measuring against those
 * pixels, not the previous frame's, catches slow drift; and the whole frame is analysed again
 * at least every {@link #REFRESH_FRAMES} frames whatever happens. (At 720p one whole frame
 * costs what nine of the two-tile windows did that used to refresh every frame: a still
 * scene now pays about a third as much, docs/decisions.md.) Elsewhere the previous latents
 * stand. Neighbouring tiles due share windows ({@link LatentTiles#tilePlan}). (Windows fitted
 * to the changed blocks' reach alone computed less but kept stale latents longer: -0.17 dB
 * on 16 frames of car-detection, docs/decisions.md.) Key frames, and frames where the
 * tiles' own windows would cost as much as the whole frame, analyse the whole frame.
 *
 * <p>Each tile learns its noise: where a tile was analysed again and its symbols moved no more
 * than noise moves them ({@link StreamEncoder#NOISE_MOVES}: a source's re-quantization or
 * sensor noise, not a change in the scene), its threshold rises to the largest block change
 * seen there, up to {@link #NOISE_CAP} times the frame's; symbols that move more bring it
 * back to the frame's. A source that re-quantizes a still scene every few frames then stops,
 * after a few such events, costing a whole-frame analysis each time. Not thread-safe: one per
 * camera, inside its {@link StreamEncoder}.
 */
final class SparseAnalysis {
    /** The whole frame is analysed again at least this often, changed or not. */
    static final int REFRESH_FRAMES = 32;
    /** A tile's learned threshold stays within this many times the frame's. */
    static final float NOISE_CAP = 2;

    private final int stride;
    private int width;
    private int height;
    private int level = -1;
    private LatentTiles grid;
    /** Per pixel: the value each block's latents were last computed from. */
    private byte[] reference;
    private GainedLatent latents;
    /** Frames since the last whole-frame analysis. */
    private int sinceWholeFrame;
    /** Per tile: its threshold in units of the frame's, 1..{@link #NOISE_CAP}. */
    private float[] tileNoise;
    /** Per tile: the largest change of a block in its core at the last plan, in units of that plan's threshold. */
    private float[] largestChange;

    SparseAnalysis(int stride) {
        this.stride = stride;
    }

    /**
     * What the next frame must analyse: threshold, the mean absolute change of a block in 8-bit
     * levels that makes its tiles analyse again; keyFrame: it will be a key frame.
     */
    LatentTiles.Plan plan(RgbImage image, int keyLevel, float threshold, boolean keyFrame) {
        if (keyFrame || latents == null || keyLevel != level || image.width() != width || image.height() != height
                || !grid.windowed() || sinceWholeFrame + 1 >= REFRESH_FRAMES) {
            return LatentTiles.Plan.WHOLE_FRAME;
        }
        float[] change = blockChanges(image);
        boolean[] due = new boolean[grid.tiles()];
        Arrays.fill(largestChange, 0);
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.cols(); c++) {
                int t = grid.tileOf(r, c);
                float d = change[r * grid.cols() + c] / threshold;
                largestChange[t] = Math.max(largestChange[t], d);
                if (d > tileNoise[t]) {
                    grid.markTilesAround(r, c, due);
                }
            }
        }
        int count = 0;
        for (boolean d : due) {
            count += d ? 1 : 0;
        }
        // A busy frame is analysed whole where its tiles' own windows would cost as much: that
        // refreshes the many tiles whose change stayed under the threshold (sharing windows
        // instead kept them stale: -0.13 dB against dense on 16 frames of car-detection, -0.06 so).
        if ((long) count * LatentTiles.TILE_WINDOW * LatentTiles.TILE_WINDOW >= (long) grid.rows() * grid.cols()) {
            return LatentTiles.Plan.WHOLE_FRAME;
        }
        return grid.tilePlan(due);
    }

    /** The windows a plan runs, in its cores' order. */
    List<LatentWindow> windows(LatentTiles.Plan plan, RgbImage image) {
        List<LatentWindow> out = new ArrayList<>(plan.cores().length);
        for (LatentTiles.Block core : plan.cores()) {
            LatentTiles.Block w = grid.window(core);
            out.add(new LatentWindow(image, level, w.row(), w.col(), w.rows(), w.cols()));
        }
        return out;
    }

    /** The previous latents with each planned core taken from its window's latents. */
    GainedLatent assemble(LatentTiles.Plan plan, List<GainedLatent> windows) {
        int channels = latents.channels();
        int cols = grid.cols();
        int plane = grid.rows() * cols;
        float[] y = latents.values().clone();
        for (int k = 0; k < plan.cores().length; k++) {
            LatentTiles.Block core = plan.cores()[k];
            LatentTiles.Block window = grid.window(core);
            float[] w = windows.get(k).values();
            for (int ch = 0; ch < channels; ch++) {
                for (int r = core.row(); r < core.row() + core.rows(); r++) {
                    System.arraycopy(w, (ch * window.rows() + r - window.row()) * window.cols() + core.col()
                            - window.col(), y, ch * plane + r * cols + core.col(), core.cols());
                }
            }
        }
        return new GainedLatent(level, channels, grid.rows(), cols, y);
    }

    /**
     * Takes the frame just coded: y its latents, analysed as plan says; symbolsMoved, per
     * tile, whether the symbols of its core moved from the previous frame's more than noise
     * does, or null for a key frame.
     */
    void accept(RgbImage image, GainedLatent y, LatentTiles.Plan plan, boolean[] symbolsMoved) {
        if (symbolsMoved == null) {
            width = image.width();
            height = image.height();
            level = y.level();
            grid = new LatentTiles(y.height(), y.width());
            reference = image.rgb().clone();
            sinceWholeFrame = 0;
            tileNoise = new float[grid.tiles()];
            Arrays.fill(tileNoise, 1);
            largestChange = new float[grid.tiles()];
        } else if (plan.wholeFrame()) {
            reference = image.rgb().clone();
            sinceWholeFrame = 0;
            for (int t = 0; t < grid.tiles(); t++) {
                learn(t, symbolsMoved[t]);
            }
        } else {
            sinceWholeFrame++;
            for (LatentTiles.Block core : plan.cores()) {
                int x0 = core.col() * stride;
                int x1 = Math.min(width, (core.col() + core.cols()) * stride);
                for (int py = core.row() * stride; py < Math.min(height, (core.row() + core.rows()) * stride); py++) {
                    System.arraycopy(image.rgb(), 3 * (py * width + x0), reference, 3 * (py * width + x0),
                            3 * (x1 - x0));
                }
                // Cores are rectangles of whole tiles due.
                for (int r = core.row(); r < core.row() + core.rows(); r += LatentTiles.CORE) {
                    for (int c = core.col(); c < core.col() + core.cols(); c += LatentTiles.CORE) {
                        int t = grid.tileOf(r, c);
                        learn(t, symbolsMoved[t]);
                    }
                }
            }
        }
        latents = y;
    }

    /** Tile t was analysed again: its threshold back to the frame's if its symbols moved, else up to the change seen. */
    private void learn(int t, boolean symbolsMoved) {
        tileNoise[t] = symbolsMoved ? 1 : Math.min(NOISE_CAP, Math.max(tileNoise[t], largestChange[t]));
    }

    /** Memory held: the reference pixels and latents. */
    long bytes() {
        return latents == null ? 0 : reference.length + 4L * latents.values().length + 8L * tileNoise.length;
    }

    /** Per latent position: its block's mean absolute difference from the reference, in 8-bit levels. */
    private float[] blockChanges(RgbImage image) {
        byte[] now = image.rgb();
        int cols = grid.cols();
        long[] sum = new long[grid.rows() * cols];
        for (int py = 0; py < height; py++) {
            int rowBase = (py / stride) * cols;
            for (int b = 0; b < cols; b++) {
                int end = 3 * (py * width + Math.min(width, (b + 1) * stride));
                long s = 0;
                for (int i = 3 * (py * width + b * stride); i < end; i++) {
                    s += Math.abs((now[i] & 0xFF) - (reference[i] & 0xFF));
                }
                sum[rowBase + b] += s;
            }
        }
        float[] change = new float[sum.length];
        for (int r = 0; r < grid.rows(); r++) {
            int rows = Math.min(height, (r + 1) * stride) - r * stride;
            for (int c = 0; c < cols; c++) {
                int samples = 3 * rows * (Math.min(width, (c + 1) * stride) - c * stride);
                change[r * cols + c] = samples <= 0 ? 0 : (float) sum[r * cols + c] / samples;
            }
        }
        return change;
    }
}
