package io.latentstream.tools.cli;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import java.nio.file.Files;
import java.nio.file.Path;
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
        FrameHeader h = Bitstream.readHeader(data);
        System.out.println("format version " + Bitstream.VERSION);
        System.out.println("frame type     " + h.frameType());
        System.out.println("model          " + (h.modelId() == null ? "named by its key frame" : h.modelId())
                + " (codec hash " + h.codecHashPrefixHex() + "...)");
        System.out.println("latent grid    level " + h.level()
                + (h.frameType() == FrameType.INTER ? ", residual step " + h.residualStep() : ""));
        System.out.println("size           " + h.width() + "x" + h.height());
        System.out.println("frame number   " + h.frameNumber()
                + (h.frameType() == FrameType.INTER ? ", coded against frame " + h.referenceNumber() : ""));
        Bitstream.Parsed p = Bitstream.parse(data);
        System.out.println("payload        " + p.payloadLength() + " bytes");
        System.out.printf(java.util.Locale.ROOT, "total          %d bytes, %.4f bpp, CRC32C ok%n", data.length,
                8.0 * data.length / ((double) h.width() * h.height()));
        return 0;
    }
}
