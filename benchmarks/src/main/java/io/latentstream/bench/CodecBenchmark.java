package io.latentstream.bench;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.inference.ExecutionTarget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Whole-frame encode and decode on the CPU (ONNX Runtime, 2 threads), ms per frame. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
public class CodecBenchmark {
    @Param({"768x512", "1280x720"})
    String size;

    @Param({"3"})
    int level;

    LatentCodec codec;
    RgbImage frame;
    byte[] bitstream;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String[] wh = size.split("x");
        frame = BenchFrames.frame(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        codec = LatentCodec.builder(BenchFrames.model()).target(ExecutionTarget.cpu(2)).build();
        bitstream = codec.encode(frame, level).bitstream();
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(frame, level).bitstream();
    }

    @Benchmark
    public RgbImage decode() {
        return codec.decode(bitstream).image();
    }
}
