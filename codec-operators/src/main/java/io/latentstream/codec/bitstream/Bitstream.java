package io.latentstream.codec.bitstream;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Frames a coded picture: header, entropy-coded payload, CRC32C. Layout (big-endian),
 * specified in docs/bitstream.md:
 *
 * <pre>
 *  0  magic "LSF" | version u8 | frame type u8 | model id length u8 | model id
 *     | codec hash prefix 8 bytes | level u8 | width u16 | height u16
 *     | latent channels u16 | latent height u16 | latent width u16 | frame number u32
 *     | [INTER only: reference frame number u32]
 *     | payload length u32 | payload | CRC32C u32 of everything before it
 * </pre>
 *
 * Parsing checks lengths before it trusts them: nothing is allocated from a header
 * field before the whole stream is known to be that long and its CRC matches.
 */
public final class Bitstream {
    public static final byte[] MAGIC = {'L', 'S', 'F'};
    public static final int VERSION = 3;
    private static final int FIXED_HEADER_BYTES = 3 + 1 + 1 + 1 + FrameHeader.HASH_PREFIX_BYTES + 1 + 2 * 5 + 4 + 4;
    private static final int REFERENCE_BYTES = 4;
    private static final int CRC_BYTES = 4;

    /** A parsed bitstream: its header and where its payload lies in the input array. */
    public record Parsed(FrameHeader header, byte[] data, int payloadOffset, int payloadLength) {}

    private Bitstream() {}

    public static byte[] write(FrameHeader h, byte[] payload) {
        byte[] id = h.modelId().getBytes(StandardCharsets.UTF_8);
        boolean inter = h.frameType() == FrameType.INTER;
        ByteBuffer buf = ByteBuffer.allocate(FIXED_HEADER_BYTES + (inter ? REFERENCE_BYTES : 0) + id.length
                + payload.length + CRC_BYTES);
        buf.put(MAGIC).put((byte) VERSION).put((byte) h.frameType().code()).put((byte) id.length).put(id)
                .put(h.codecHashPrefix()).put((byte) h.level())
                .putShort((short) h.width()).putShort((short) h.height())
                .putShort((short) h.latentChannels()).putShort((short) h.latentHeight())
                .putShort((short) h.latentWidth())
                .putInt((int) h.frameNumber());
        if (inter) {
            buf.putInt((int) h.referenceNumber());
        }
        buf.putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** Reads the header only (for inspection); does not check the CRC. */
    public static FrameHeader readHeader(byte[] data) {
        return parseHeader(ByteBuffer.wrap(data));
    }

    /** Parses and verifies a whole bitstream; the payload is not copied. */
    public static Parsed parse(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        FrameHeader header = parseHeader(buf);
        if (buf.remaining() < 4) {
            throw new TruncatedBitstreamException("bitstream ends inside its header");
        }
        int payloadLength = buf.getInt();
        int payloadOffset = buf.position();
        if (payloadLength < 0) {
            throw new CorruptBitstreamException("negative payload length");
        }
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

    private static FrameHeader parseHeader(ByteBuffer buf) {
        try {
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CorruptBitstreamException("not a LatentStream bitstream (bad magic)");
            }
            int version = buf.get() & 0xFF;
            if (version != VERSION) {
                throw new UnsupportedBitstreamException("bitstream format version " + version
                        + "; this decoder reads version " + VERSION);
            }
            FrameType type = FrameType.fromCode(buf.get() & 0xFF);
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
            int channels = buf.getShort() & 0xFFFF;
            int latentHeight = buf.getShort() & 0xFFFF;
            int latentWidth = buf.getShort() & 0xFFFF;
            long frameNumber = buf.getInt() & 0xFFFF_FFFFL;
            long reference = type == FrameType.INTER ? buf.getInt() & 0xFFFF_FFFFL : FrameHeader.NO_REFERENCE;
            try {
                return new FrameHeader(type, new String(id, StandardCharsets.UTF_8), hash, level, width, height,
                        channels, latentHeight, latentWidth, frameNumber, reference);
            } catch (IllegalArgumentException e) {
                throw new CorruptBitstreamException("bad header: " + e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new TruncatedBitstreamException("bitstream ends inside its header");
        }
    }
}
