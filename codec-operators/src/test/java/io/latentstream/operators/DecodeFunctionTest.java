package io.latentstream.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.TestModels;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The Flink decode operator on a local MiniCluster: frames back, and undecodable ones set aside. */
class DecodeFunctionTest {
    @Test
    void decodesFramesAndSetsAsideDamagedOnes() throws Exception {
        LatentCodec codec = LatentCodec.builder(TestModels.bundle()).target(ExecutionTarget.cpu(1)).build();
        RgbImage img = RgbImage.read(TestModels.sharedData().resolve("train/bsds500/val/101085.jpg"));
        EncodedFrame enc = codec.encode(img, 2);
        RgbImage expected = codec.decode(enc.bitstream()).image();
        byte[] damaged = enc.bitstream().clone();
        damaged[damaged.length / 2] ^= 0x40;
        List<CompressedFrame> in = List.of(frame("cam-1", 0, enc, enc.bitstream()), frame("cam-1", 1, enc, damaged));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SingleOutputStreamOperator<RawFrame> out = env.fromData(TypeInformation.of(CompressedFrame.class), in.toArray(new CompressedFrame[0]))
                .process(new DecodeFunction(TestModels.repo().resolve("models").toString(), 1,
                        LatentCodec.DEFAULT_MAX_PIXELS));
        List<String> rejected = new ArrayList<>();
        List<RawFrame> decoded = new ArrayList<>();
        try (CloseableIterator<RawFrame> frames = out.collectAsync();
             CloseableIterator<String> errors = out.getSideOutput(DecodeFunction.UNDECODABLE).collectAsync()) {
            env.execute("decode");
            frames.forEachRemaining(decoded::add);
            errors.forEachRemaining(rejected::add);
        }
        assertEquals(1, decoded.size());
        RawFrame f = decoded.get(0);
        assertEquals("RGB24", f.getPixelFormat());
        assertEquals(img.width(), f.getWidth());
        assertArrayEquals(expected.rgb(), AvroBytes.copy(f.getPixels()));
        assertEquals(1, rejected.size());
        assertTrue(rejected.get(0).contains("cam-1/1") && rejected.get(0).contains("CRC"), rejected.get(0));
    }

    private static CompressedFrame frame(String camera, long seq, EncodedFrame e, byte[] bits) {
        return CompressedFrame.newBuilder().setCameraId(camera).setSequence(seq).setCaptureTimeMicros(seq)
                .setWidth(e.header().width()).setHeight(e.header().height()).setFrameType("INTRA")
                .setModelId(e.header().modelId()).setCodecHash(e.header().codecHashPrefixHex())
                .setRateLevel(e.header().level()).setBitstream(ByteBuffer.wrap(bits)).setBpp(e.bpp()).setPsnr(0)
                .setMsSsim(null).setEncodeLatencyMicros(0).build();
    }
}
