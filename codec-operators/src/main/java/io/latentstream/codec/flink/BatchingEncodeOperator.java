package io.latentstream.codec.flink;

import io.latentstream.codec.EncodedFrame;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.QuantizedLatent;
import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.PixelFormat;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.MsSsim;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Encodes validated frames, micro-batching frames of the same size (from any camera this
 * subtask serves) into one network call: a batch runs when it holds maxBatch frames or
 * its oldest frame has waited maxWait. Frames leave in the order they arrived, so each
 * camera's order is kept.
 *
 * <p>Nothing is buffered across a checkpoint: {@link #prepareSnapshotPreBarrier} encodes
 * what is pending before the barrier passes, so the operator needs no state and a
 * restore replays exactly the frames after the checkpoint.
 *
 * <p>Each output carries its bpp (real bitstream bytes) and PSNR of the decoder's
 * reconstruction (the same integer symbols a consumer decodes), and MS-SSIM on a sample.
 */
public final class BatchingEncodeOperator extends AbstractStreamOperator<CompressedFrame>
        implements OneInputStreamOperator<RawFrame, CompressedFrame> {

    private final EncoderSettings settings;
    private transient LatentCodec codec;
    private transient List<Pending> pending;
    private transient ScheduledFuture<?> flushTimer;
    private transient CameraMetrics metrics;
    private transient Map<String, Long> framesPerCamera;

    private record Pending(RawFrame raw, RgbImage image, long timestamp, boolean hasTimestamp, long arrivalNanos) {}

    public BatchingEncodeOperator(EncoderSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        ModelBundle model = ModelBundle.load(Paths.get(settings.modelDir()));
        var target = ExecutionTargets.forSlot(getRuntimeContext().getExternalResourceInfos("gpu"), settings.cpuThreads());
        codec = LatentCodec.builder(model).target(target).build();
        pending = new ArrayList<>();
        metrics = new CameraMetrics(getMetricGroup());
        framesPerCamera = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<RawFrame> element) throws Exception {
        RawFrame raw = element.getValue();
        // Validation upstream guarantees the format and size; conversion cannot fail here.
        RgbImage image = FrameConverter.toRgb(PixelFormat.parse(raw.getPixelFormat()), raw.getWidth(),
                raw.getHeight(), bytes(raw.getPixels()));
        pending.add(new Pending(raw, image, element.getTimestamp(), element.hasTimestamp(), System.nanoTime()));
        if (pending.size() >= settings.maxBatch()) {
            flush();
        } else if (flushTimer == null) {
            long due = getProcessingTimeService().getCurrentProcessingTime() + settings.maxWaitMillis();
            flushTimer = getProcessingTimeService().registerTimer(due, t -> {
                flushTimer = null;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        // Group by size for the network, then emit in arrival order.
        Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            RgbImage img = pending.get(i).image();
            bySize.computeIfAbsent(((long) img.width() << 32) | img.height(), k -> new ArrayList<>()).add(i);
        }
        CompressedFrame[] out = new CompressedFrame[pending.size()];
        for (List<Integer> group : bySize.values()) {
            for (int from = 0; from < group.size(); from += settings.maxBatch()) {
                encode(group.subList(from, Math.min(group.size(), from + settings.maxBatch())), out);
            }
        }
        for (int i = 0; i < out.length; i++) {
            Pending p = pending.get(i);
            StreamRecord<CompressedFrame> record = p.hasTimestamp() ? new StreamRecord<>(out[i], p.timestamp())
                    : new StreamRecord<>(out[i]);
            output.collect(record);
        }
        pending.clear();
    }

    private void encode(List<Integer> indices, CompressedFrame[] out) {
        List<RgbImage> images = new ArrayList<>(indices.size());
        int[] levels = new int[indices.size()];
        for (int k = 0; k < indices.size(); k++) {
            Pending p = pending.get(indices.get(k));
            images.add(p.image());
            levels[k] = Math.min(settings.levelOf(p.raw().getCameraId()), codec.model().levels() - 1);
        }
        List<EncodedFrame> encoded = codec.encodeBatch(images, levels);
        List<QuantizedLatent> latents = encoded.stream().map(EncodedFrame::latent).toList();
        RgbImage first = images.get(0);
        List<RgbImage> decoded = codec.reconstructBatch(latents, first.width(), first.height());
        long now = System.nanoTime();
        for (int k = 0; k < indices.size(); k++) {
            Pending p = pending.get(indices.get(k));
            EncodedFrame e = encoded.get(k);
            RawFrame raw = p.raw();
            String camera = raw.getCameraId();
            double psnr = Psnr.of(p.image(), decoded.get(k));
            long n = framesPerCamera.merge(camera, 1L, Long::sum);
            Double msSsim = settings.msSsimEvery() > 0 && (n - 1) % settings.msSsimEvery() == 0
                    ? finiteOrNull(MsSsim.of(p.image(), decoded.get(k))) : null;
            long latencyMicros = (now - p.arrivalNanos()) / 1000;
            out[indices.get(k)] = CompressedFrame.newBuilder()
                    .setCameraId(camera)
                    .setSequence(raw.getSequence())
                    .setCaptureTimeMicros(raw.getCaptureTimeMicros())
                    .setWidth(raw.getWidth())
                    .setHeight(raw.getHeight())
                    .setFrameType(e.header().frameType().name())
                    .setModelId(e.header().modelId())
                    .setCodecHash(e.header().codecHashPrefixHex())
                    .setRateLevel(e.header().level())
                    .setBitstream(ByteBuffer.wrap(e.bitstream()))
                    .setBpp(e.bpp())
                    .setPsnr(psnr)
                    .setMsSsim(msSsim)
                    .setEncodeLatencyMicros(latencyMicros)
                    .build();
            metrics.of(camera).record(raw.getCaptureTimeMicros(), 8L * e.bitstream().length, e.bpp(), psnr, latencyMicros);
        }
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
