package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.latent.QuantizedLatent;

/** A coded frame, the symbols it carries, where it coded (rate), and the cost of making it. */
public record EncodedFrame(FrameHeader header, byte[] bitstream, QuantizedLatent latent, RateDecision rate,
                           long networkNanos, long entropyNanos) {
    /** Bits per pixel of the whole bitstream, header and CRC included. */
    public double bpp() {
        return 8.0 * bitstream.length / ((double) header.width() * header.height());
    }
}
