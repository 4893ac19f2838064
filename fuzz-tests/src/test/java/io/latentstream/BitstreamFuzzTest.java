package io.latentstream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.BitstreamException;

/** Bitstream framing on raw bytes: a parse or a typed {@link BitstreamException}, nothing else. */
class BitstreamFuzzTest {
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void parse(byte[] data) {
        try {
            Bitstream.readHeader(data);
            Bitstream.parse(data);
        } catch (BitstreamException expected) {
            // refused with a reason
        }
    }
}
