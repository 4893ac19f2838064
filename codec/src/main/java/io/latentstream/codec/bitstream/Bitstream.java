package io.latentstream.codec.bitstream;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Frames a coded picture: header, entropy-coded payload, CRC32C. Layout (big-endian),
 * specified in docs/bitstream.md:
 *
 * <pre>
 *  key frame:   magic "LSF" | version u8 | frame type u8 = 0 | model id length u8 | model id
 *               | codec hash prefix 8 bytes | level u8 | width u16 | height u16 | frame number u32
 *  inter frame: magic "LSF" | version u8 | frame type u8 = 1 | model tag u16 | frame number low u16
 *               | reference distance u8 | residual step u8
 *  then:        payload length (unsigned LEB128, 1-5 bytes) | payload | CRC32C u32 of everything before it
 * </pre>
 *
 * A key frame describes itself; an inter frame carries only what differs from its reference
 * ({@link InterHeader}), and nothing carries what the model and the frame size determine (the
 * latent shape): on a fixed camera an inter frame is often a few dozen bytes, so every header
 * byte shows in the bitrate. Parsing checks lengths before it trusts them: nothing is
 * allocated from a header field before the whole stream is known to be that long and its CRC
 * matches.
 */
public final class Bitstream {
    public static final byte[] MAGIC = {'L', 'S', 'F'};
    public static final int VERSION = 9;
    private static final int MAX_LENGTH_BYTES = 5;
    private static final int CRC_BYTES = 4;

    /** A frame's header as its bytes say it: a key frame's in full, or an inter frame's own part. */
    public record Header(FrameHeader key, InterHeader inter) {
        public Header {
            if ((key == null) == (inter == null)) {
                throw new IllegalArgumentException("a header is a key frame's or an inter frame's");
            }
        }

        public FrameType frameType() {
            return key != null ? FrameType.INTRA : FrameType.INTER;
        }

        /**
         * The whole header: a key frame's own; an inter frame's completed by reference, the last
         * frame its decoder holds of the stream (null: none), see {@link InterHeader#resolve}.
         */
        public FrameHeader resolve(FrameHeader reference) {
            return key != null ? key : inter.resolve(reference);
        }
    }

    /** A parsed bitstream: its header and where its payload lies in the input array. */
    public record Parsed(Header header, byte[] data, int payloadOffset, int payloadLength) {}

    private Bitstream() {}

    public static byte[] write(FrameHeader h, byte[] payload) {
        boolean inter = h.frameType() == FrameType.INTER;
        byte[] id = inter ? new byte[0] : h.modelId().getBytes(StandardCharsets.UTF_8);
        int lengthBytes = 1;
        for (int n = payload.length; n >= 0x80; n >>>= 7) {
            lengthBytes++;
        }
        int headerBytes = MAGIC.length + 1 + 1 + (inter ? InterHeader.MODEL_TAG_BYTES + 2 + 1 + 1
                : 1 + id.length + FrameHeader.HASH_PREFIX_BYTES + 1 + 2 + 2 + 4);
        ByteBuffer buf = ByteBuffer.allocate(headerBytes + lengthBytes + payload.length + CRC_BYTES);
        buf.put(MAGIC).put((byte) VERSION).put((byte) h.frameType().code());
        if (inter) {
            InterHeader own = InterHeader.of(h);
            buf.putShort((short) own.modelTag()).putShort((short) own.frameNumberLow())
                    .put((byte) own.referenceDistance()).put((byte) own.residualStep());
        } else {
            buf.put((byte) id.length).put(id).put(h.codecHashPrefix()).put((byte) h.level())
                    .putShort((short) h.width()).putShort((short) h.height()).putInt((int) h.frameNumber());
        }
        for (int n = payload.length; ; n >>>= 7) {
            if (n < 0x80) {
                buf.put((byte) n);
                break;
            }
            buf.put((byte) (n & 0x7F | 0x80));
        }
        buf.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** Reads the header only (to route or inspect a frame); does not check the CRC. */
    public static Header readHeader(byte[] data) {
        return parseHeader(ByteBuffer.wrap(data));
    }

    /** The payload length a bitstream's header declares; reads the header only, checks no CRC. */
    public static int payloadLength(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        parseHeader(buf);
        return payloadLength(buf);
    }

    /** Parses and verifies a whole bitstream; the payload is not copied. */
    public static Parsed parse(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        Header header = parseHeader(buf);
        int payloadLength = payloadLength(buf);
        int payloadOffset = buf.position();
        long expected = (long) payloadOffset + payloadLength + CRC_BYTES;
        if (data.length < expected) {
            throw new TruncatedBitstreamException("bitstream is " + data.length + " bytes, its header promises "
                    + expected);
        }
        if (data.length > expected) {
            throw new CorruptBitstreamException((data.length - expected) + " bytes follow the end of the bitstream");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, payloadOffset + payloadLength);
        int stored = ByteBuffer.wrap(data, payloadOffset + payloadLength, CRC_BYTES).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CorruptBitstreamException("CRC32C mismatch: the bitstream was damaged");
        }
        return new Parsed(header, data, payloadOffset, payloadLength);
    }

    /** Unsigned LEB128, at most 31 bits, in its shortest form. */
    private static int payloadLength(ByteBuffer buf) {
        long n = 0;
        for (int i = 0; i < MAX_LENGTH_BYTES; i++) {
            if (!buf.hasRemaining()) {
                throw new TruncatedBitstreamException("bitstream ends inside its header");
            }
            int b = buf.get() & 0xFF;
            n |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (n > Integer.MAX_VALUE || (b == 0 && i > 0)) {
                    throw new CorruptBitstreamException("bad payload length");
                }
                return (int) n;
            }
        }
        throw new CorruptBitstreamException("payload length longer than " + MAX_LENGTH_BYTES + " bytes");
    }

    private static Header parseHeader(ByteBuffer buf) {
        try {
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptBitstreamException("not a LatentStream bitstream (bad magic)");
            }
            int version = buf.get() & 0xFF;
            if (version != VERSION) {
                throw new UnsupportedBitstreamException("bitstream format version " + version
                        + "; this decoder reads version " + VERSION);
            }
            FrameType type = FrameType.fromCode(buf.get() & 0xFF);
            try {
                return type == FrameType.INTRA ? new Header(parseKeyHeader(buf), null)
                        : new Header(null, new InterHeader(buf.getShort() & 0xFFFF, buf.getShort() & 0xFFFF,
                                buf.get() & 0xFF, buf.get() & 0xFF));
            } catch (IllegalArgumentException e) {
                throw new CorruptBitstreamException("bad header: " + e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new TruncatedBitstreamException("bitstream ends inside its header");
        }
    }

    private static FrameHeader parseKeyHeader(ByteBuffer buf) {
        int idLength = buf.get() & 0xFF;
        if (idLength == 0 || idLength > FrameHeader.MAX_MODEL_ID_BYTES) {
            throw new CorruptBitstreamException("model id length " + idLength + " out of range");
        }
        byte[] id = new byte[idLength];
        buf.get(id);
        byte[] hash = new byte[FrameHeader.HASH_PREFIX_BYTES];
        buf.get(hash);
        int level = buf.get() & 0xFF;
        int width = buf.getShort() & 0xFFFF;
        int height = buf.getShort() & 0xFFFF;
        long frameNumber = buf.getInt() & 0xFFFF_FFFFL;
        return FrameHeader.intra(new String(id, StandardCharsets.UTF_8), hash, level, width, height, frameNumber);
    }
}
