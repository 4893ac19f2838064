package io.latentstream.codec.bitstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitstreamTest {
    private static final FrameHeader HEADER = FrameHeader.intra("test-model",
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 3, 770, 515, 0);
    private static final FrameHeader INTER = FrameHeader.inter(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 3, 770, 515,
            0xFFFF_FFF0L, 0xFFFF_FFEFL, 3);
    /** The frame INTER is coded against. */
    private static final FrameHeader REFERENCE = FrameHeader.intra("test-model",
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 3, 770, 515, 0xFFFF_FFEFL);

    @Test
    void roundTrip() {
        byte[] payload = new byte[1000];
        new Random(1).nextBytes(payload);
        byte[] bits = Bitstream.write(HEADER, payload);
        Bitstream.Parsed p = Bitstream.parse(bits);
        assertEquals(HEADER, p.header().key());
        byte[] back = new byte[p.payloadLength()];
        System.arraycopy(p.data(), p.payloadOffset(), back, 0, back.length);
        assertArrayEquals(payload, back);
        assertEquals(HEADER, Bitstream.readHeader(bits).key());
        assertEquals(INTER, Bitstream.parse(Bitstream.write(INTER, payload)).header().resolve(REFERENCE));
    }

    @Test
    void interFramesCarryOnlyWhatTheirReferenceDoesNotSay() {
        // magic, version, type, model tag, frame number's low bits, reference distance, residual step,
        // 1-byte length, CRC
        assertEquals(3 + 1 + 1 + 2 + 2 + 1 + 1 + 1 + 4 + 100, Bitstream.write(INTER, new byte[100]).length);
        Bitstream.Header h = Bitstream.readHeader(Bitstream.write(INTER, new byte[100]));
        assertEquals(new InterHeader(0x0102, 0xFFF0, 1, 3), h.inter());
        assertEquals(FrameType.INTER, h.frameType());
        FrameHeader far = FrameHeader.inter(new byte[8], 0, 64, 64, 300, 300 - FrameHeader.MAX_REFERENCE_DISTANCE,
                FrameHeader.MAX_RESIDUAL_STEP);
        FrameHeader farReference = FrameHeader.intra("test-model", new byte[8], 0, 64, 64, far.referenceNumber());
        assertEquals(far, Bitstream.parse(Bitstream.write(far, new byte[200])).header().resolve(farReference));
        assertThrows(IllegalArgumentException.class,
                () -> FrameHeader.inter(new byte[8], 0, 64, 64, 300, 299 - FrameHeader.MAX_REFERENCE_DISTANCE, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FrameHeader(FrameType.INTER, "test-model", new byte[8], 0, 64, 64, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FrameHeader.inter(new byte[8], 0, 64, 64, 2, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FrameHeader.inter(new byte[8], 0, 64, 64, 2, 1, FrameHeader.MAX_RESIDUAL_STEP + 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FrameHeader(FrameType.INTRA, "test-model", new byte[8], 0, 64, 64, 0, -1, 2));
    }

    @Test
    void anInterFrameResolvesOnlyAgainstTheFrameItWasCodedAgainst() {
        Bitstream.Header h = Bitstream.readHeader(Bitstream.write(INTER, new byte[10]));
        assertThrows(MissingReferenceException.class, () -> h.resolve(null), "joined mid-stream");
        FrameHeader before = FrameHeader.inter(REFERENCE.codecHashPrefix(), 3, 770, 515, 0xFFFF_FFEEL, 0xFFFF_FFEDL, 3);
        assertThrows(MissingReferenceException.class, () -> h.resolve(before), "a frame lost");
        FrameHeader wrapped = FrameHeader.intra("test-model", REFERENCE.codecHashPrefix(), 3, 770, 515,
                0xFFFF_FFEFL - 0x1_0000L);
        assertEquals(0xFFFF_FFF0L - 0x1_0000L, h.resolve(wrapped).frameNumber(),
                "the low bits tell frames apart, the reference gives the rest");
        FrameHeader otherModel = FrameHeader.intra("test-model", new byte[] {1, 3, 3, 4, 5, 6, 7, 8}, 3, 770, 515,
                0xFFFF_FFEFL);
        assertThrows(ModelMismatchException.class, () -> h.resolve(otherModel));
        FrameHeader last = FrameHeader.intra("test-model", REFERENCE.codecHashPrefix(), 3, 770, 515,
                FrameHeader.MAX_FRAME_NUMBER);
        byte[] next = Bitstream.write(FrameHeader.inter(REFERENCE.codecHashPrefix(), 3, 770, 515, 1, 0, 1), new byte[1]);
        assertThrows(MissingReferenceException.class, () -> Bitstream.readHeader(next).resolve(last),
                "frame numbers end at 2^32 - 1");
    }

    @Test
    void flippedPayloadByteIsACrcError() {
        byte[] bits = Bitstream.write(HEADER, new byte[500]);
        bits[bits.length - 100] ^= 0x10;
        CorruptBitstreamException e = assertThrows(CorruptBitstreamException.class, () -> Bitstream.parse(bits));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void everyTruncationIsReportedAsTruncated() {
        byte[] bits = Bitstream.write(HEADER, new byte[64]);
        for (int n = 0; n < bits.length; n++) {
            byte[] cut = Arrays.copyOf(bits, n);
            assertThrows(TruncatedBitstreamException.class, () -> Bitstream.parse(cut), "length " + n);
        }
    }

    @Test
    void hostileHeadersFailFastWithTypedErrors() {
        Random rnd = new Random(9);
        byte[] good = Bitstream.write(HEADER, new byte[64]);
        byte[] goodInter = Bitstream.write(INTER, new byte[64]);
        for (int trial = 0; trial < 10000; trial++) {
            byte[] bad = (trial % 2 == 0 ? good : goodInter).clone();
            int flips = 1 + rnd.nextInt(4);
            for (int i = 0; i < flips; i++) {
                bad[rnd.nextInt(40)] = (byte) rnd.nextInt(256);
            }
            try {
                Bitstream.parse(bad).header().resolve(REFERENCE);
            } catch (BitstreamException expected) {
                // typed; anything else fails the test
            }
        }
        // payload length field claims 2 GB: refused without allocating it
        int lengthAt = 3 + 1 + 1 + 1 + "test-model".length() + 8 + 1 + 4 + 4;
        byte[] huge = Arrays.copyOf(good, good.length + 4);
        System.arraycopy(good, lengthAt + 1, huge, lengthAt + 5, good.length - lengthAt - 1);
        huge[lengthAt] = (byte) 0xFF;
        huge[lengthAt + 1] = (byte) 0xFF;
        huge[lengthAt + 2] = (byte) 0xFF;
        huge[lengthAt + 3] = (byte) 0xFF;
        huge[lengthAt + 4] = 0x07;
        assertThrows(TruncatedBitstreamException.class, () -> Bitstream.parse(huge));
    }

    @Test
    void refusesOtherVersionsAndMagic() {
        byte[] bits = Bitstream.write(HEADER, new byte[8]);
        byte[] type9 = bits.clone();
        type9[4] = 9;
        assertThrows(UnsupportedBitstreamException.class, () -> Bitstream.parse(type9));
        for (int version : new int[] {1, Bitstream.VERSION - 1, Bitstream.VERSION + 1}) {
            byte[] other = bits.clone();
            other[3] = (byte) version;
            assertThrows(UnsupportedBitstreamException.class, () -> Bitstream.parse(other), "version " + version);
        }
        byte[] png = bits.clone();
        png[0] = (byte) 0x89;
        assertThrows(CorruptBitstreamException.class, () -> Bitstream.parse(png));
    }
}
