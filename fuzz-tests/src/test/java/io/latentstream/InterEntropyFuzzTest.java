package io.latentstream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.codec.entropy.EntropyDecodingException;
import io.latentstream.codec.entropy.ResidualCoder;

/**
 * The inter-frame entropy decoder against fuzzed references, step and payload, over several
 * frames sharing adaptive models as a stream does: symbols, or a typed error.
 */
class InterEntropyFuzzTest {
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void decodeInter(FuzzedDataProvider in) {
        int channels = in.consumeInt(1, 8);
        int height = in.consumeInt(1, 8);
        int width = in.consumeInt(1, 8);
        int n = channels * height * width;
        int[] previous = new int[n];
        int[] background = new int[n];
        for (int i = 0; i < n; i++) {
            previous[i] = in.consumeInt(-ResidualCoder.MAX_SYMBOL_MAGNITUDE, ResidualCoder.MAX_SYMBOL_MAGNITUDE);
            background[i] = in.consumeBoolean() ? previous[i] : in.consumeInt(-1000, 1000);
        }
        ResidualCoder.Models models = new ResidualCoder.Models(channels);
        for (int frame = 0; frame < 3 && in.remainingBytes() > 0; frame++) {
            int step = in.consumeInt(1, 16);
            byte[] payload = in.consumeBytes(in.consumeInt(0, 512));
            try {
                previous = ResidualCoder.decode(payload, 0, payload.length, previous, background, step, channels,
                        height, width, models);
            } catch (EntropyDecodingException expected) {
                return;
            }
        }
    }
}
