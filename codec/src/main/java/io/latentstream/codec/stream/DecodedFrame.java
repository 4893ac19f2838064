package io.latentstream.codec.stream;

import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.frame.RgbImage;

/** A decoded frame with the cost of decoding it. */
public record DecodedFrame(FrameHeader header, RgbImage image, long entropyNanos, long networkNanos) {}
