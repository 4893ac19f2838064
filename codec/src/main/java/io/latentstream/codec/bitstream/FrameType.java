package io.latentstream.codec.bitstream;

/** How a frame is coded; codes are stable on the wire. */
public enum FrameType {
    /** A key frame: decodes on its own. */
    INTRA(0),
    /** A residual against the latent of an earlier frame of the same stream. */
    INTER(1);

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
