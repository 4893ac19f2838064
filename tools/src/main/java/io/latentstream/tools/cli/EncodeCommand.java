package io.latentstream.tools.cli;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.stream.EncodedFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "encode", description = "Encode a PNG or JPEG image to a .lsf bitstream.")
final class EncodeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "input image (.png, .jpg)")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, description = "output bitstream (.lsf)")
    Path output;

    @Option(names = {"-q", "--quality"}, description = "rate level, 0 (fewest bits) .. highest (default: ${DEFAULT-VALUE})",
            defaultValue = "3")
    int quality;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        LatentCodec codec = model.codec();
        RgbImage img = RgbImage.read(input);
        EncodedFrame f = codec.encode(img, quality);
        Files.write(output, f.bitstream());
        System.out.printf(Locale.ROOT, "%s: %dx%d level %d -> %d bytes, %.4f bpp (network %.1f ms, entropy %.1f ms)%n",
                output, img.width(), img.height(), quality, f.bitstream().length, f.bpp(),
                f.networkNanos() / 1e6, f.entropyNanos() / 1e6);
        return 0;
    }
}
