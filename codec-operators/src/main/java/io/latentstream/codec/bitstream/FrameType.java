package io.latentstream.codec.bitstream;

/** How a frame is coded. Only INTRA exists in format version 1; codes are stable on the wire. */
public enum FrameType {
    INTRA(0);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static FrameType fromCode(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new UnsupportedBitstreamException("unknown frame type " + code);
    }
}
