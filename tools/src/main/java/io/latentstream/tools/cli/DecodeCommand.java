package io.latentstream.tools.cli;

import io.latentstream.codec.stream.DecodedFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", description = "Decode a .lsf bitstream to a PNG image.")
final class DecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "input bitstream (.lsf)")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, description = "output image (.png)")
    Path output;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        DecodedFrame f = model.codec().decode(Files.readAllBytes(input));
        f.image().writePng(output);
        System.out.printf(Locale.ROOT, "%s: %dx%d (entropy %.1f ms, network %.1f ms)%n", output,
                f.image().width(), f.image().height(), f.entropyNanos() / 1e6, f.networkNanos() / 1e6);
        return 0;
    }
}
