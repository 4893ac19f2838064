package io.latentstream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.model.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * An application's decoder fed a sequence of fuzzed frames of the shipped model, each framed
 * with a valid CRC so that the fuzzer reaches the entropy decoders, the reference checks and
 * the decoder network: every frame decodes or raises a typed {@link BitstreamException}.
 * Frames are small (at most 64x64, the decoder's limit here) so each execution is cheap.
 */
class StreamDecoderFuzzTest {
    private static final ModelBundle MODEL;
    private static final FrameDecoder DECODER;

    static {
        try {
            var root = ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.repo", "")));
            MODEL = ModelBundle.load(root.resolve(ModelBundle.DEFAULT_MODEL_DIR));
            DECODER = new FrameDecoder(ModelRegistry.scan(root.resolve("models")), ExecutionTarget.cpu(1), "full",
                    64 * 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void decodeSequence(FuzzedDataProvider in) {
        byte[] hash = Arrays.copyOf(MODEL.codecHash(), FrameHeader.HASH_PREFIX_BYTES);
        String camera = "cam-" + in.consumeInt(0, 1);
        for (int frame = 0; frame < 4 && in.remainingBytes() > 0; frame++) {
            boolean key = in.consumeBoolean();
            int level = in.consumeInt(0, MODEL.levels());
            int width = in.consumeInt(1, 80);
            int height = in.consumeInt(1, 80);
            long number = in.consumeInt(0, 8);
            byte[] payload = in.consumeBytes(in.consumeInt(0, 256));
            FrameHeader h;
            try {
                h = key ? FrameHeader.intra(MODEL.modelId(), hash, level, width, height, number)
                        : FrameHeader.inter(hash, level, width, height, number, number - in.consumeInt(1, 3),
                        in.consumeInt(1, FrameHeader.MAX_RESIDUAL_STEP));
            } catch (IllegalArgumentException notAHeaderAnEncoderWrites) {
                continue;
            }
            try {
                var decoded = DECODER.decode(camera, Bitstream.write(h, payload));
                // An inter frame's size is its reference's, whatever the header it was written from said.
                if (decoded.image().width() != (key ? width : decoded.header().width())
                        || decoded.header().frameType() != (key ? FrameType.INTRA : FrameType.INTER)) {
                    throw new AssertionError("decoded " + decoded.header() + " from " + h);
                }
            } catch (BitstreamException expected) {
                // refused with a reason; the stream goes on with the next frame
            }
        }
    }
}
