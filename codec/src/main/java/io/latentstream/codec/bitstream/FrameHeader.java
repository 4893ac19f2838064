package io.latentstream.codec.bitstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Everything known about a coded frame apart from its payload. A key frame's bitstream
 * carries all of it; an inter frame's carries its {@link InterHeader} and takes the rest
 * from its reference. See docs/bitstream.md.
 *
 * @param modelId         key frames only; null for an inter frame, whose key frame carries the id
 * @param referenceNumber inter frames: the frame they are coded against, at most
 *                        {@link #MAX_REFERENCE_DISTANCE} frames back; {@link #NO_REFERENCE} for key frames
 * @param residualStep    inter frames: the latent symbols' change from the prediction is this
 *                        many times the coded residual, 1..{@link #MAX_RESIDUAL_STEP}; 1 for key
 *                        frames, which code their symbols themselves
 */
public record FrameHeader(
        FrameType frameType,
        String modelId,
        byte[] codecHashPrefix,
        int level,
        int width,
        int height,
        long frameNumber,
        long referenceNumber,
        int residualStep) {

    public static final int HASH_PREFIX_BYTES = 8;
    public static final int MAX_MODEL_ID_BYTES = 64;
    public static final int MAX_DIMENSION = 65535;
    public static final long MAX_FRAME_NUMBER = 0xFFFF_FFFFL;
    public static final int MAX_REFERENCE_DISTANCE = 255;
    /** referenceNumber of a frame that predicts from nothing. */
    public static final long NO_REFERENCE = -1;
    public static final int MAX_RESIDUAL_STEP = 16;

    /** A key frame: number within its stream (0 for a still image). */
    public static FrameHeader intra(String modelId, byte[] codecHashPrefix, int level, int width, int height,
                                    long frameNumber) {
        return new FrameHeader(FrameType.INTRA, modelId, codecHashPrefix, level, width, height, frameNumber,
                NO_REFERENCE, 1);
    }

    /** An inter frame coded against frame referenceNumber of the same stream, its residual in units of residualStep. */
    public static FrameHeader inter(byte[] codecHashPrefix, int level, int width, int height, long frameNumber,
                                    long referenceNumber, int residualStep) {
        return new FrameHeader(FrameType.INTER, null, codecHashPrefix, level, width, height, frameNumber,
                referenceNumber, residualStep);
    }

    public FrameHeader {
        if (frameType == FrameType.INTRA) {
            if (modelId == null || modelId.isEmpty()
                    || modelId.getBytes(StandardCharsets.UTF_8).length > MAX_MODEL_ID_BYTES) {
                throw new IllegalArgumentException("model id must be 1.." + MAX_MODEL_ID_BYTES + " UTF-8 bytes");
            }
        } else if (modelId != null) {
            throw new IllegalArgumentException("an inter frame names its model by the codec hash alone");
        }
        if (codecHashPrefix.length != HASH_PREFIX_BYTES) {
            throw new IllegalArgumentException("codec hash prefix must be " + HASH_PREFIX_BYTES + " bytes");
        }
        codecHashPrefix = codecHashPrefix.clone();
        checkRange("level", level, 0, 255);
        checkRange("width", width, 1, MAX_DIMENSION);
        checkRange("height", height, 1, MAX_DIMENSION);
        if (frameNumber < 0 || frameNumber > MAX_FRAME_NUMBER) {
            throw new IllegalArgumentException("frame number " + frameNumber + " not in 0.." + MAX_FRAME_NUMBER);
        }
        if (frameType == FrameType.INTRA ? referenceNumber != NO_REFERENCE
                : referenceNumber < 0 || referenceNumber >= frameNumber
                || frameNumber - referenceNumber > MAX_REFERENCE_DISTANCE) {
            throw new IllegalArgumentException(frameType + " frame " + frameNumber + " cannot reference "
                    + referenceNumber);
        }
        checkRange("residual step", residualStep, 1, frameType == FrameType.INTRA ? 1 : MAX_RESIDUAL_STEP);
    }

    static void checkRange(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " " + v + " not in " + min + ".." + max);
        }
    }

    @Override
    public byte[] codecHashPrefix() {
        return codecHashPrefix.clone();
    }

    public String codecHashPrefixHex() {
        return HexFormat.of().formatHex(codecHashPrefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameHeader h && frameType == h.frameType && Objects.equals(modelId, h.modelId)
                && Arrays.equals(codecHashPrefix, h.codecHashPrefix) && level == h.level && width == h.width
                && height == h.height && frameNumber == h.frameNumber && referenceNumber == h.referenceNumber
                && residualStep == h.residualStep;
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(frameType, modelId, level, width, height, frameNumber, referenceNumber, residualStep)
                + Arrays.hashCode(codecHashPrefix);
    }

    @Override
    public String toString() {
        return "FrameHeader[" + frameType + " model " + Objects.toString(modelId, "") + "@" + codecHashPrefixHex()
                + " level " + level + " " + width + "x" + height + " frame " + frameNumber
                + (frameType == FrameType.INTRA ? "" : " ref " + referenceNumber + " step " + residualStep) + "]";
    }
}
