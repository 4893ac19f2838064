package io.latentstream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.codec.entropy.EntropyDecodingException;
import io.latentstream.codec.entropy.ResidualCoder;

/** The key-frame entropy decoder on any payload and latent shape: symbols, or a typed error. */
class KeyEntropyFuzzTest {
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void decodeKey(FuzzedDataProvider in) {
        int channels = in.consumeInt(1, 16);
        int height = in.consumeInt(1, 12);
        int width = in.consumeInt(1, 12);
        byte[] payload = in.consumeRemainingAsBytes();
        try {
            int[] symbols = ResidualCoder.decodeKey(payload, 0, payload.length, channels, height, width,
                    new ResidualCoder.Models(channels));
            if (symbols.length != channels * height * width) {
                throw new AssertionError("decoded " + symbols.length + " symbols");
            }
        } catch (EntropyDecodingException expected) {
            // refused with a reason
        }
    }
}
