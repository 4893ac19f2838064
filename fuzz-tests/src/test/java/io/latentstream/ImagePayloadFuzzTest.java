package io.latentstream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.FrameFormatException;
import io.latentstream.codec.frame.PixelFormat;
import io.latentstream.codec.frame.RgbImage;

/** JPEG and PNG payloads as cameras send them: an image of the declared size, or a typed error. */
class ImagePayloadFuzzTest {
    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void decode(FuzzedDataProvider in) {
        PixelFormat format = in.consumeBoolean() ? PixelFormat.JPEG : PixelFormat.PNG;
        int width = in.consumeInt(1, 64);
        int height = in.consumeInt(1, 64);
        byte[] payload = in.consumeRemainingAsBytes();
        try {
            RgbImage img = FrameConverter.toRgb(format, width, height, payload);
            if (img.width() != width || img.height() != height) {
                throw new AssertionError(img.width() + "x" + img.height() + " for a " + width + "x" + height + " frame");
            }
        } catch (FrameFormatException expected) {
            // refused with a reason
        }
    }
}
