package io.latentstream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.job.validate.FrameValidator;
import io.latentstream.job.validate.Verdict;
import io.latentstream.schema.RawFrame;

/** The raw topic's validator on any record value: a frame or a reason, never an exception. */
class RawFrameFuzzTest {
    private static final FrameValidator VALIDATOR = new FrameValidator(1 << 16, 1 << 20);

    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void validate(byte[] value) {
        Verdict<RawFrame> v = VALIDATOR.check(value);
        if (v.accepted() == (v.value() == null)) {
            throw new AssertionError("verdict without a frame or a reason: " + v);
        }
    }
}
