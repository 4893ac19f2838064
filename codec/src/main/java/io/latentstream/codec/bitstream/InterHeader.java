package io.latentstream.codec.bitstream;

import java.util.HexFormat;

/**
 * What an inter frame's header carries of its own (docs/bitstream.md). The rest, the model,
 * latent grid, frame size and the high bits of the frame number, is its reference's: an inter
 * frame decodes only after it anyway, and on a fixed camera a whole inter frame is often a few
 * dozen bytes, where 13 bytes of repeated header were a quarter to a third of the stream.
 * {@link #resolve} completes it against the frame a decoder holds.
 *
 * @param modelTag          the first {@link #MODEL_TAG_BYTES} bytes of the codec hash, big-endian:
 *                          catches a frame of another stream's model; its key frame names the model in full
 * @param frameNumberLow    the frame number's low 16 bits: a lost or reordered frame does not
 *                          pass for the one after the reference
 * @param referenceDistance 1..{@link FrameHeader#MAX_REFERENCE_DISTANCE}
 * @param residualStep      1..{@link FrameHeader#MAX_RESIDUAL_STEP}
 */
public record InterHeader(int modelTag, int frameNumberLow, int referenceDistance, int residualStep) {
    public static final int MODEL_TAG_BYTES = 2;
    static final int FRAME_NUMBER_MASK = 0xFFFF;

    public InterHeader {
        if (modelTag >>> (8 * MODEL_TAG_BYTES) != 0 || frameNumberLow >>> 16 != 0) {
            throw new IllegalArgumentException("model tag and frame number low bits are 16-bit fields");
        }
        FrameHeader.checkRange("reference distance", referenceDistance, 1, FrameHeader.MAX_REFERENCE_DISTANCE);
        FrameHeader.checkRange("residual step", residualStep, 1, FrameHeader.MAX_RESIDUAL_STEP);
    }

    /** The part of inter frame h that its bitstream carries. */
    static InterHeader of(FrameHeader h) {
        if (h.frameType() != FrameType.INTER) {
            throw new IllegalArgumentException("not an inter frame: " + h);
        }
        return new InterHeader(tagOf(h.codecHashPrefix()), (int) (h.frameNumber() & FRAME_NUMBER_MASK),
                (int) (h.frameNumber() - h.referenceNumber()), h.residualStep());
    }

    /** The model tag of a codec hash prefix. */
    public static int tagOf(byte[] codecHashPrefix) {
        return (codecHashPrefix[0] & 0xFF) << 8 | codecHashPrefix[1] & 0xFF;
    }

    public String modelTagHex() {
        return HexFormat.of().toHexDigits((short) modelTag);
    }

    /**
     * The whole header of this frame, coded against reference, the last frame the decoder
     * holds of its stream (null: none).
     *
     * @throws MissingReferenceException the frame was not coded against reference (joined
     *         mid-stream, a frame lost or reordered)
     * @throws ModelMismatchException the frame was made by another model than its reference
     */
    public FrameHeader resolve(FrameHeader reference) {
        if (reference == null) {
            throw new MissingReferenceException("inter frame " + describeNumber()
                    + " arrived without its reference; waiting for the next key frame");
        }
        long number = reference.frameNumber() + referenceDistance;
        if ((number & FRAME_NUMBER_MASK) != frameNumberLow || number > FrameHeader.MAX_FRAME_NUMBER) {
            throw new MissingReferenceException("inter frame " + describeNumber() + " does not follow frame "
                    + reference.frameNumber() + " (a frame was lost or reordered); waiting for the next key frame");
        }
        if (tagOf(reference.codecHashPrefix()) != modelTag) {
            throw new ModelMismatchException("inter frame made by model @" + modelTagHex() + "..., its reference by "
                    + reference.codecHashPrefixHex());
        }
        return FrameHeader.inter(reference.codecHashPrefix(), reference.level(), reference.width(), reference.height(),
                number, reference.frameNumber(), residualStep);
    }

    private String describeNumber() {
        return "numbered " + frameNumberLow + " (mod 65536)";
    }
}
