package io.latentstream.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameHeader;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.bitstream.UnsupportedBitstreamException;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamDecoder;
import io.latentstream.codec.stream.StreamEncoder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FrameDecoderTest {
    /** A key frame of a few bytes with a valid CRC that declares 3840x2160: 3.6 GB to decode. */
    static byte[] tinyKeyFrameDeclaring4k() {
        byte[] bits = LatentCodec.builder(TestModels.bundle()).build().encode(LatentCodecTest.oddSizedScene(), 0)
                .bitstream();
        Bitstream.Parsed p = Bitstream.parse(bits);
        FrameHeader h = p.header().key();
        byte[] payload = Arrays.copyOfRange(bits, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
        return Bitstream.write(FrameHeader.intra(h.modelId(), h.codecHashPrefix(), h.level(), 3840, 2160, 0), payload);
    }

    @Test
    @Timeout(30)
    void refusesFramesAboveItsPixelLimitBeforeDecoding() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(TestModels.repo().resolve("models")),
                ExecutionTarget.cpu(1), "full", 1920 * 1080);
        byte[] hostile = tinyKeyFrameDeclaring4k();
        assertThrows(UnsupportedBitstreamException.class, () -> decoder.decode(hostile));
        assertThrows(UnsupportedBitstreamException.class, () -> decoder.decode("cam-1", hostile));
        byte[] real = LatentCodec.builder(TestModels.bundle()).build().encode(LatentCodecTest.oddSizedScene(), 0)
                .bitstream();
        assertEquals(75, decoder.decode("cam-1", real).image().width(), "frames within the limit still decode");
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(ModelRegistry.scan(
                TestModels.repo().resolve("models")), ExecutionTarget.cpu(1), "full", 0));
    }

    /** Any number of cameras on a topic: past its bound the decoder drops the stream idle longest, which resumes at its next key frame. */
    @Test
    void streamsStayWithinTheStateBound() throws Exception {
        LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(1)).build();
        StreamEncoder encoder = codec.streamEncoder(GopSettings.DEFAULT);
        byte[] key = encoder.encode(LatentCodecTest.oddSizedScene(), 1, 0).bitstream();
        byte[] inter = encoder.encode(LatentCodecTest.oddSizedScene(), 1, 100_000).bitstream();
        StreamDecoder probe = codec.streamDecoder();
        probe.decode(key);
        probe.decode(inter);
        // Room for two streams, not three.
        FrameDecoder decoder = new FrameDecoder(ModelRegistry.scan(TestModels.repo().resolve("models")),
                ExecutionTarget.cpu(1), "full", 1920 * 1080, probe.referenceBytes() * 5 / 2);
        for (String camera : List.of("cam-1", "cam-2", "cam-3")) {
            decoder.decode(camera, key);
        }
        assertThrows(MissingReferenceException.class, () -> decoder.decode("cam-1", inter), "cam-1 was dropped");
        decoder.decode("cam-2", inter);
        decoder.decode("cam-3", inter);
        decoder.decode("cam-1", key);
        assertThrows(MissingReferenceException.class, () -> decoder.decode("cam-2", inter), "then cam-2 was");
    }
}
