package io.latentstream.operators;

import io.latentstream.codec.FrameDecoder;
import io.latentstream.codec.bitstream.BitstreamException;
import io.latentstream.codec.inference.ExecutionTarget;
import io.latentstream.codec.model.ModelRegistry;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes CompressedFrames back to RGB24 RawFrames, for jobs that need pictures (analytics,
 * re-encoding). Each frame is decoded with the model it names, from the models under
 * modelsRoot; inter frames against their camera's previous frame, so the input must be
 * keyed by camera. A frame that does not decode (damaged, or an inter frame before the
 * camera's first key frame here, as after a restore) goes to {@link #UNDECODABLE} with
 * its reason.
 */
public final class DecodeFunction extends ProcessFunction<CompressedFrame, RawFrame> {
    public static final OutputTag<String> UNDECODABLE = new OutputTag<>("undecodable") {};

    private final String modelsRoot;
    private final int cpuThreads;
    private final long maxPixels;
    private transient FrameDecoder decoder;
    private transient Counter failures;

    /** maxPixels: larger frames go to {@link #UNDECODABLE} unread. */
    public DecodeFunction(String modelsRoot, int cpuThreads, long maxPixels) {
        this.modelsRoot = modelsRoot;
        this.cpuThreads = cpuThreads;
        this.maxPixels = maxPixels;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        ExecutionTarget target = ExecutionTargets.forSlot(getRuntimeContext().getExternalResourceInfos("gpu"), cpuThreads);
        decoder = new FrameDecoder(ModelRegistry.scan(Paths.get(modelsRoot)), target, "full", maxPixels);
        failures = getRuntimeContext().getMetricGroup().counter("framesUndecodable");
    }

    @Override
    public void processElement(CompressedFrame f, Context ctx, Collector<RawFrame> out) {
        try {
            DecodedFrame d = decoder.decode(f.getCameraId(), AvroBytes.copy(f.getBitstream()));
            out.collect(RawFrame.newBuilder().setCameraId(f.getCameraId()).setSequence(f.getSequence())
                    .setCaptureTimeMicros(f.getCaptureTimeMicros()).setWidth(d.image().width())
                    .setHeight(d.image().height()).setPixelFormat("RGB24").setPixels(ByteBuffer.wrap(d.image().rgb()))
                    .setHeaders(Map.of()).build());
        } catch (BitstreamException | io.latentstream.codec.model.ModelBundleException e) {
            failures.inc();
            ctx.output(UNDECODABLE, f.getCameraId() + "/" + f.getSequence() + ": " + e.getMessage());
        }
    }
}
