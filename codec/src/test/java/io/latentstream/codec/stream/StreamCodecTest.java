package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.bitstream.MissingReferenceException;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key and inter frames of a real fixed traffic camera, through the shipped model. */
class StreamCodecTest {
    private static final int FRAMES = 12;
    private static LatentCodec codec;
    private static List<RgbImage> clip;

    @BeforeAll
    static void load() throws Exception {
        codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(2)).build();
        clip = FrameReader.read(TestModels.sharedData().resolve("video/bgslibrary-traffic/video02.avi"), FRAMES);
    }

    private static List<EncodedFrame> encodeClip(GopSettings gop) {
        StreamEncoder enc = codec.streamEncoder(gop);
        List<EncodedFrame> out = new ArrayList<>();
        for (int i = 0; i < clip.size(); i++) {
            out.add(enc.encode(clip.get(i), 3, i * 100_000L));
        }
        return out;
    }

    @Test
    void theChangeThresholdFollowsTheStepOfEachLevel() {
        StreamEncoder enc = codec.streamEncoder(GopSettings.DEFAULT);
        int levels = codec.model().levels();
        float[] threshold = new float[levels];
        for (int level = 0; level < levels; level++) {
            threshold[level] = enc.changeThreshold(GopSettings.DEFAULT.ratePoint(level, levels));
        }
        for (int level = 0; level <= StreamEncoder.THRESHOLD_LEVEL; level++) {
            assertEquals(GopSettings.DEFAULT_CHANGE_THRESHOLD, threshold[level], 1e-5, "the stream's up to level 3");
        }
        for (int level = StreamEncoder.THRESHOLD_LEVEL + 1; level < levels; level++) {
            assertTrue(threshold[level] < threshold[level - 1], "finer levels look at smaller changes: " + level);
        }
    }

    @Test
    void decoderReproducesTheEncodersReferenceExactly() {
        List<EncodedFrame> frames = encodeClip(GopSettings.DEFAULT);
        assertEquals(FrameType.INTRA, frames.get(0).header().frameType());
        assertTrue(frames.stream().anyMatch(f -> f.header().frameType() == FrameType.INTER), "inter frames are used");
        StreamDecoder dec = codec.streamDecoder();
        for (EncodedFrame f : frames) {
            boolean inter = f.header().frameType() == FrameType.INTER;
            assertEquals(inter ? GopSettings.DEFAULT.interStep() : 1, f.header().residualStep());
            assertEquals(GopSettings.DEFAULT.ratePoint(3, codec.model().levels()).keyLevel(), f.header().level());
            DecodedFrame d = dec.decode(f.bitstream());
            assertArrayEquals(f.latent().symbols(), dec.referenceSymbols(), "frame " + f.header().frameNumber());
            assertArrayEquals(codec.reconstruct(f.latent(), d.image().width(), d.image().height()).rgb(),
                    d.image().rgb());
        }
    }

    @Test
    void interFramesCostFarLessThanKeyFrames() {
        List<EncodedFrame> frames = encodeClip(GopSettings.DEFAULT);
        long key = frames.get(0).bitstream().length;
        double inter = frames.stream().filter(f -> f.header().frameType() == FrameType.INTER)
                .mapToInt(f -> f.bitstream().length).average().orElseThrow();
        assertTrue(inter < key / 3.0, "inter " + inter + " bytes vs key " + key);
    }

    @Test
    void keyFramesFollowTheGopAndRequests() {
        List<EncodedFrame> frames =
                encodeClip(new GopSettings(4, Long.MAX_VALUE, 10,
                        GopSettings.DEFAULT.interStep(), 0));
        for (EncodedFrame f : frames) {
            boolean key = f.header().frameNumber() % 4 == 0;
            assertEquals(key ? FrameType.INTRA : FrameType.INTER, f.header().frameType(), "frame " + f.header().frameNumber());
        }
        StreamEncoder enc = codec.streamEncoder(GopSettings.DEFAULT);
        enc.encode(clip.get(0), 4, 0);
        assertEquals(FrameType.INTER, enc.encode(clip.get(1), 4, 1).header().frameType());
        enc.requestKeyFrame();
        assertEquals(FrameType.INTRA, enc.encode(clip.get(2), 4, 2).header().frameType());
        // Levels 4 and 5 both code on the top level's grid.
        EncodedFrame finer = enc.encode(clip.get(3), 5, 3);
        assertEquals(FrameType.INTER, finer.header().frameType(), "levels on the same latent grid share references");
        assertEquals(enc.ratePoint(5).residualStep(), finer.header().residualStep());
        assertEquals(FrameType.INTRA, enc.encode(clip.get(4), 1, 4).header().frameType(),
                "a change of latent grid is a key frame");
    }

    @Test
    void aBusyMomentStaysInterAndANewSceneBecomesAKeyFrame() throws Exception {
        // Every inter frame above a thousandth of the key frame tries a key frame instead.
        StreamEncoder enc = codec.streamEncoder(new GopSettings(250, Long.MAX_VALUE, 0.001,
                GopSettings.DEFAULT.interStep(), 0));
        for (int i = 0; i < 4; i++) {
            assertEquals(i == 0 ? FrameType.INTRA : FrameType.INTER, enc.encode(clip.get(i), 3, i).header().frameType(),
                    "frame " + i + ": the moving traffic costs less as an inter frame than as a key frame");
        }
        RgbImage elsewhere = FrameReader.readScaled(TestModels.sharedData().resolve(
                "video/intel-sample-videos/car-detection.mp4"), 1, clip.get(0).width(), clip.get(0).height()).get(0);
        assertEquals(FrameType.INTRA, enc.encode(elsewhere, 3, 4).header().frameType(), "another camera's scene");
    }

    @Test
    void aDecoderJoiningMidStreamWaitsForTheNextKeyFrame() {
        List<EncodedFrame> frames =
                encodeClip(new GopSettings(5, Long.MAX_VALUE, 10,
                        GopSettings.DEFAULT.interStep(), 0));
        StreamDecoder late = codec.streamDecoder();
        int skipped = 0;
        int decoded = 0;
        for (EncodedFrame f : frames.subList(2, frames.size())) {
            try {
                late.decode(f.bitstream());
                decoded++;
            } catch (MissingReferenceException e) {
                assertEquals(0, decoded, "only frames before the first key frame are skipped");
                skipped++;
            }
        }
        assertEquals(3, skipped);
        assertEquals(frames.size() - 5, decoded);

        StreamDecoder gap = codec.streamDecoder();
        gap.decode(frames.get(0).bitstream());
        assertThrows(MissingReferenceException.class, () -> gap.decode(frames.get(2).bitstream()), "a lost frame");
        assertThrows(MissingReferenceException.class, () -> codec.decode(frames.get(1).bitstream()),
                "a plain LatentCodec does not decode inter frames");
    }
}
