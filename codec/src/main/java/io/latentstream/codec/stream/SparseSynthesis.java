package io.latentstream.codec.stream;

import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.latent.LatentTransform;
import io.latentstream.codec.latent.QuantizedLatent;
import java.util.ArrayList;
import java.util.List;

/**
 * One camera's last picture, so that the synthesis network runs only where the symbols
 * changed: the positions within the synthesis' reach of a symbol that differs from the
 * previous frame's are synthesized again, in windows whose cores cover them
 * ({@link LatentTiles#cover}) through the decoder's windowed form, which computes the cores
 * and not their context; elsewhere the previous picture stands. Its pixels are those
 * a whole-frame synthesis gives, within floating point (1/255): each core is computed
 * afresh from the exact symbols, so nothing accumulates. Key frames, changes of grid and
 * frames where the windows would cost as much synthesize the whole frame. The decoder and
 * the encoder's reconstruction (for each frame's PSNR) each keep one. Not thread-safe: one
 * per camera.
 */
final class SparseSynthesis {
    private final int stride;
    private QuantizedLatent latent;
    private RgbImage picture;
    private LatentTiles grid;

    SparseSynthesis(int stride) {
        this.stride = stride;
    }

    /** The picture of the next frame, q, synthesized as {@link #plan} says, and taken as the last picture. */
    RgbImage picture(LatentTransform transform, QuantizedLatent q, int width, int height, boolean keyFrame) {
        LatentTiles.Plan plan = plan(q, width, height, keyFrame);
        RgbImage image = plan.wholeFrame() ? transform.synthesize(List.of(q), width, height).get(0)
                : assemble(plan, transform.synthesizeWindows(windows(plan, q)));
        accept(q, image, plan);
        return image;
    }

    /** What the picture of frame q (width x height) must synthesize; keyFrame: q is a key frame. */
    LatentTiles.Plan plan(QuantizedLatent q, int width, int height, boolean keyFrame) {
        if (keyFrame || latent == null || q.level() != latent.level() || q.height() != latent.height()
                || q.width() != latent.width() || width != picture.width() || height != picture.height()
                || !grid.windowed()) {
            return LatentTiles.Plan.WHOLE_FRAME;
        }
        int plane = q.plane();
        boolean[] changed = ResidualCoder.differing(q.symbols(), latent.symbols(), q.channels(), plane);
        // What must be synthesized again: the pixels within the synthesis' reach of a changed symbol.
        boolean[] needed = new boolean[plane];
        for (int p = 0; p < plane; p++) {
            if (changed[p]) {
                grid.markReach(p / q.width(), p % q.width(), needed);
            }
        }
        return grid.cover(needed);
    }

    /** The latent windows a plan synthesizes, in its cores' order: each core with the context its window holds. */
    List<LatentTransform.SynthesisWindow> windows(LatentTiles.Plan plan, QuantizedLatent q) {
        int plane = q.plane();
        List<LatentTransform.SynthesisWindow> out = new ArrayList<>(plan.cores().length);
        for (LatentTiles.Block core : plan.cores()) {
            LatentTiles.Block w = grid.window(core);
            int[] symbols = new int[q.channels() * w.area()];
            for (int c = 0; c < q.channels(); c++) {
                for (int r = 0; r < w.rows(); r++) {
                    System.arraycopy(q.symbols(), c * plane + (w.row() + r) * q.width() + w.col(), symbols,
                            (c * w.rows() + r) * w.cols(), w.cols());
                }
            }
            out.add(new LatentTransform.SynthesisWindow(new QuantizedLatent(q.level(), q.channels(), w.rows(), w.cols(),
                    symbols), core.row() - w.row(), core.col() - w.col(), w.row() + w.rows() - core.row() - core.rows(),
                    w.col() + w.cols() - core.col() - core.cols()));
        }
        return out;
    }

    /** The previous picture with each planned core's pixels (cores: the pictures of its cores, in order). */
    RgbImage assemble(LatentTiles.Plan plan, List<RgbImage> cores) {
        int width = picture.width();
        int height = picture.height();
        byte[] rgb = picture.rgb().clone();
        for (int k = 0; k < plan.cores().length; k++) {
            LatentTiles.Block core = plan.cores()[k];
            byte[] pixels = cores.get(k).rgb();
            int corePixels = core.cols() * stride;
            int x0 = core.col() * stride;
            int y0 = core.row() * stride;
            int runPixels = Math.min(width, x0 + corePixels) - x0;
            for (int y = y0; y < Math.min(height, y0 + core.rows() * stride); y++) {
                System.arraycopy(pixels, 3 * (y - y0) * corePixels, rgb, 3 * (y * width + x0), 3 * runPixels);
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** Takes frame q's picture, made as plan says. */
    void accept(QuantizedLatent q, RgbImage image, LatentTiles.Plan plan) {
        if (plan.wholeFrame()) {
            grid = new LatentTiles(q.height(), q.width());
        }
        latent = q;
        picture = image;
    }

    /** Memory held: the last picture (its symbols are the stream's reference, held anyway). */
    long bytes() {
        return picture == null ? 0 : picture.rgb().length;
    }
}
