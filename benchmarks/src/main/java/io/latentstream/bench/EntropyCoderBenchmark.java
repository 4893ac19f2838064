package io.latentstream.bench;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.entropy.KeyPriors;
import io.latentstream.codec.entropy.ResidualCoder;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.latent.QuantizedLatent;
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
 * Key-frame entropy coding throughput on the real latents of a 1280x720 frame (518,400
 * symbols at 144 channels), reported as symbols per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EntropyCoderBenchmark {
    static final int SYMBOLS = 144 * 45 * 80;

    @Param({"0", "3", "5"})
    int level;

    int[] symbols;
    int channels;
    int height;
    int width;
    byte[] coded;
    KeyPriors priors;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        ModelBundle model = BenchFrames.model();
        LatentCodec codec = LatentCodec.builder(model).target(ExecutionTarget.cpu(2)).build();
        QuantizedLatent q = codec.encode(BenchFrames.frame(1280, 720), level).latent();
        if (q.symbols().length != SYMBOLS) {
            throw new IllegalStateException(
                    "latent of " + q.symbols().length + " symbols, the benchmark counts " + SYMBOLS);
        }
        symbols = q.symbols();
        channels = q.channels();
        height = q.height();
        width = q.width();
        priors = model.keyPriors();
        coded = ResidualCoder.encodeKey(symbols, channels, height, width, priors.models(level, channels));
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] encode() {
        return ResidualCoder.encodeKey(symbols, channels, height, width, priors.models(level, channels));
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public int[] decode() {
        return ResidualCoder.decodeKey(coded, 0, coded.length, channels, height, width,
                priors.models(level, channels));
    }
}
