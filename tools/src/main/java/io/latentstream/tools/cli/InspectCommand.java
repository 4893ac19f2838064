package io.latentstream.tools.cli;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.InterHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Print a bitstream's header and check its integrity (no model needed).")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "bitstream (.lsf)")
    Path input;

    @Override
    public Integer call() throws Exception {
        byte[] data = Files.readAllBytes(input);
        Bitstream.Parsed p = Bitstream.parse(data);
        System.out.println("format version " + Bitstream.VERSION);
        System.out.println("frame type     " + p.header().frameType());
        FrameHeader key = p.header().key();
        if (key != null) {
            System.out.println("model          " + key.modelId() + " (codec hash " + key.codecHashPrefixHex() + "...)");
            System.out.println("latent grid    level " + key.level());
            System.out.println("size           " + key.width() + "x" + key.height());
            System.out.println("frame number   " + key.frameNumber());
        } else {
            InterHeader inter = p.header().inter();
            System.out.println("model          named by its key frame (codec hash " + inter.modelTagHex() + "...)");
            System.out.println("latent grid    its key frame's, residual step " + inter.residualStep());
            System.out.println("frame number   " + inter.frameNumberLow() + " (mod 65536), coded against the frame "
                    + inter.referenceDistance() + " before it");
        }
        System.out.println("payload        " + p.payloadLength() + " bytes");
        System.out.printf(Locale.ROOT, "total          %d bytes%s, CRC32C ok%n", data.length,
                key == null ? "" : String.format(Locale.ROOT, ", %.4f bpp",
                        8.0 * data.length / ((double) key.width() * key.height())));
        return 0;
    }
}
