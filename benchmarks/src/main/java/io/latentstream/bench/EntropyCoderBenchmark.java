package io.latentstream.bench;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.QuantizedLatent;
import io.latentstream.codec.entropy.CdfTable;
import io.latentstream.codec.entropy.LatentCoder;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelBundle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * rANS throughput on the real latents of a 1280x720 frame (230,400 symbols at 192
 * channels), reported as symbols per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EntropyCoderBenchmark {
    static final int SYMBOLS = 192 * 45 * 80;

    @Param({"0", "3", "5"})
    int level;

    int[] symbols;
    CdfTable[] tables;
    int plane;
    byte[] coded;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        ModelBundle model = BenchFrames.model();
        LatentCodec codec = LatentCodec.builder(model).target(ExecutionTarget.cpu(2)).build();
        QuantizedLatent q = codec.quantize(BenchFrames.frame(1280, 720), level);
        symbols = q.symbols();
        plane = q.plane();
        tables = model.tables().level(level);
        coded = LatentCoder.encode(symbols, tables, plane);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] encode() {
        return LatentCoder.encode(symbols, tables, plane);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public int[] decode() {
        return LatentCoder.decode(coded, 0, coded.length, tables, plane);
    }
}
