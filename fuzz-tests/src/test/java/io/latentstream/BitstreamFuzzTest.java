package io.latentstream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;

/** Bitstream framing on raw bytes: a parse or a typed {@link BitstreamException}, nothing else. */
class BitstreamFuzzTest {
    /** What a decoder might hold when an inter frame arrives. */
    private static final FrameHeader REFERENCE = FrameHeader.intra("m", new byte[8], 0, 64, 64, 7);

    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void parse(byte[] data) {
        try {
            Bitstream.readHeader(data);
            Bitstream.parse(data).header().resolve(REFERENCE);
        } catch (BitstreamException expected) {
            // refused with a reason
        }
    }
}
