package io.latentstream.bench;

import io.latentstream.codec.frame.DataDirectory;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.model.ModelBundle;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Real frames and the shipped model for benchmarks, found from the repository root. */
final class BenchFrames {
    /** A training-pool photograph (never Kodak), rescaled to the benchmark's frame size. */
    static final String SOURCE = "train/urban100/img_001.png";

    private BenchFrames() {}

    static Path repo() {
        return ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.home", "")));
    }

    static ModelBundle model() throws IOException {
        return ModelBundle.load(repo().resolve(ModelBundle.DEFAULT_MODEL_DIR));
    }

    static RgbImage frame(int width, int height) throws IOException {
        RgbImage src = RgbImage.read(DataDirectory.beside(repo()).resolve(SOURCE));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src.toBufferedImage(), 0, 0, width, height, null);
        g.dispose();
        return RgbImage.fromBufferedImage(out);
    }
}
