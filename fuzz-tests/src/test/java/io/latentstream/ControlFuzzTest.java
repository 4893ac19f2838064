package io.latentstream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.latentstream.job.validate.ControlValidator;
import io.latentstream.job.validate.Verdict;
import io.latentstream.schema.EncoderControl;

/** The control topic's validator on any record value: a control message or a reason, never an exception. */
class ControlFuzzTest {
    private static final ControlValidator VALIDATOR = new ControlValidator();

    @FuzzTest(maxDuration = Fuzzing.DURATION)
    void validate(byte[] value) {
        Verdict<EncoderControl> v = VALIDATOR.check(value);
        if (v.accepted() == (v.value() == null)) {
            throw new AssertionError("verdict without a message or a reason: " + v);
        }
    }
}
