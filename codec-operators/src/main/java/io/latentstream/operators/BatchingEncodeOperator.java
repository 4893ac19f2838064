package io.latentstream.operators;

import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.FrameConverter;
import io.latentstream.codec.frame.PixelFormat;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.MsSsim;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.BitrateTarget;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamBatch;
import io.latentstream.codec.stream.StreamEncoder;
import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.EncoderControl;
import io.latentstream.schema.RawFrame;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes validated frames, micro-batching them (from any camera this subtask serves)
 * through {@link io.latentstream.codec.stream.StreamBatch}: whole frames of one size share a
 * network call, and the tiles of sparse inter frames share calls across cameras. A batch
 * runs when it holds maxBatch frames or its oldest frame has waited maxWait. Each camera has
 * a {@link StreamEncoder} that codes most frames as inter frames against its previous one.
 * Frames leave in the order they arrived, so each camera's order is kept.
 *
 * <p>Nothing is buffered across a checkpoint: {@link #prepareSnapshotPreBarrier} encodes
 * what is pending before the barrier passes, so the operator needs no state and a
 * restore replays exactly the frames after the checkpoint.
 *
 * <p>The second input, keyed by camera like the first, carries operators' requests
 * ({@link EncoderControl}): KEY_FRAME makes the camera's next frame a key frame, SET_LEVEL
 * switches its rate level (a key frame follows where the level's latent grid differs,
 * {@link GopSettings#ratePoint}), SET_BITRATE sets or clears its bitrate target. With a
 * target ({@code --kbps}, {@code --camera-kbps} or SET_BITRATE) the camera's encoder chooses
 * levels and steps to spend it over each quality window of capture time
 * ({@link io.latentstream.codec.stream.StreamEncoder#setBitrateTarget}), starting at the
 * camera's level. Level and target overrides are the operator's only state, a few bytes per
 * camera.
 *
 * <p>A camera that sends nothing for {@code cameraIdleMillis} has its encoder (its
 * references and sparse-coding state, about 4.3 MB at 768x432) dropped; if it returns it
 * starts with a key frame. The encoders together hold at most {@code cameraStateBytes}: the
 * camera ids come from the input, and a flood of new ones (a misconfigured producer, a fleet
 * grown past its subtasks) drops the cameras idle longest instead of exhausting the heap. Their
 * metrics go with them, so the metric series are bounded too.
 *
 * <p>Each output carries its bpp (real bitstream bytes) and PSNR of the decoder's
 * reconstruction (the same integer symbols a consumer decodes), and MS-SSIM on a sample.
 */
public final class BatchingEncodeOperator extends AbstractStreamOperator<CompressedFrame>
        implements TwoInputStreamOperator<RawFrame, EncoderControl, CompressedFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingEncodeOperator.class);

    private final EncoderSettings settings;
    private transient LatentCodec codec;
    private transient List<Pending> pending;
    private transient ScheduledFuture<?> flushTimer;
    private transient CameraMetrics metrics;
    // Per-camera references live only in memory: after a restore every camera starts
    // with a key frame, so checkpoints stay small and nothing stale is ever referenced.
    // In access order, so the cameras idle longest come first for eviction.
    private transient LinkedHashMap<String, Camera> cameras;
    private transient ValueState<Integer> levelOverride;
    /** SET_BITRATE's kbit/s: null, the configuration's; 0, no target. */
    private transient ValueState<Double> bitrateOverride;
    private transient Counter keyFrameRequests;
    /** Cameras whose encoders were dropped to stay within the state budget (not for idleness). */
    private transient Counter camerasEvicted;
    private transient long cameraStateBudget;
    private transient long nextEvictionLogMillis;
    private transient volatile long referenceBytes;
    private transient volatile int cameraCount;
    /** taskmanager.memory.segment-size, and whether frames too large for it were reported. */
    private transient long segmentBytes;
    private transient boolean buffersReported;

    /** A camera this subtask serves: its stream encoder, frames coded, when it last sent one. */
    private static final class Camera {
        final StreamEncoder encoder;
        long frames;
        long lastFrameMillis;

        Camera(StreamEncoder encoder) {
            this.encoder = encoder;
        }
    }

    /** A frame waiting for its batch, with the level and bitrate target (null: none) it was asked for. */
    private record Pending(RawFrame raw, RgbImage image, int level, BitrateTarget target, long timestamp,
                           boolean hasTimestamp, long arrivalNanos) {}

    public BatchingEncodeOperator(EncoderSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        ModelBundle model = ModelBundle.load(Paths.get(settings.modelDir()));
        var target = ExecutionTargets.forSlot(getRuntimeContext().getExternalResourceInfos("gpu"), settings.cpuThreads());
        codec = LatentCodec.builder(model).target(target).encoderVariant(settings.encoderVariant()).build();
        segmentBytes = getContainingTask().getEnvironment().getTaskManagerInfo().getConfiguration()
                .get(TaskManagerOptions.MEMORY_SEGMENT_SIZE).getBytes();
        pending = new ArrayList<>();
        metrics = new CameraMetrics(getMetricGroup());
        cameras = new LinkedHashMap<>(16, 0.75f, true);
        int slots = getContainingTask().getEnvironment().getTaskManagerInfo().getConfiguration()
                .get(TaskManagerOptions.NUM_TASK_SLOTS);
        cameraStateBudget = settings.cameraStateBytes() > 0 ? settings.cameraStateBytes()
                : Runtime.getRuntime().maxMemory() / 2 / Math.max(1, slots);
        // Gauges read on the reporter's thread: they see figures the task thread published.
        getMetricGroup().gauge("referenceBytes", () -> referenceBytes);
        getMetricGroup().gauge("referenceBudgetBytes", () -> cameraStateBudget);
        getMetricGroup().gauge("cameras", () -> cameraCount);
        keyFrameRequests = getMetricGroup().counter("keyFrameRequests");
        camerasEvicted = getMetricGroup().counter("camerasEvicted");
        levelOverride = getKeyedStateStore().getState(new ValueStateDescriptor<>("levelOverride", Types.INT));
        bitrateOverride = getKeyedStateStore().getState(new ValueStateDescriptor<>("bitrateOverride", Types.DOUBLE));
    }

    @Override
    public void processElement1(StreamRecord<RawFrame> element) throws Exception {
        RawFrame raw = element.getValue();
        if (!buffersReported) {
            String advice = RawFrameBuffers.advice(raw.getPixels().remaining(), segmentBytes);
            if (advice != null) {
                LOG.warn(advice);
                buffersReported = true;
            }
        }
        // Validation upstream guarantees the format and size; conversion cannot fail here.
        RgbImage image = FrameConverter.toRgb(PixelFormat.parse(raw.getPixelFormat()), raw.getWidth(),
                raw.getHeight(), AvroBytes.copy(raw.getPixels()));
        Integer override = levelOverride.value();
        int level = Math.min(override != null ? override : settings.levelOf(raw.getCameraId()),
                codec.model().levels() - 1);
        Double kbpsOverride = bitrateOverride.value();
        double kbps = kbpsOverride != null ? kbpsOverride : settings.kbpsOf(raw.getCameraId());
        BitrateTarget target = kbps > 0 ? new BitrateTarget(kbps, settings.rateWindowMillis() * 1000) : null;
        pending.add(new Pending(raw, image, level, target, element.getTimestamp(), element.hasTimestamp(),
                System.nanoTime()));
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

    /** Control messages; validation upstream guarantees a camera id, a non-negative level and kbit/s. */
    @Override
    public void processElement2(StreamRecord<EncoderControl> element) throws Exception {
        EncoderControl control = element.getValue();
        String camera = control.getCameraId();
        switch (control.getCommand()) {
            case KEY_FRAME -> {
                keyFrameRequests.inc();
                // A camera without an encoder yet starts with a key frame anyway.
                Camera c = cameras.get(camera);
                if (c != null) {
                    c.encoder.requestKeyFrame();
                }
            }
            case SET_LEVEL -> {
                levelOverride.update(control.getLevel());
                LOG.info("camera {}: rate level {}", camera,
                        control.getLevel() == null ? "back to " + settings.levelOf(camera) : control.getLevel());
            }
            case SET_BITRATE -> {
                bitrateOverride.update(control.getKbitPerSecond());
                Double kbps = control.getKbitPerSecond();
                double now = kbps != null ? kbps : settings.kbpsOf(camera);
                LOG.info("camera {}: {}{}", camera, kbps == null ? "back to the configured " : "",
                        now > 0 ? "bitrate target " + now + " kbit/s" : "no bitrate target");
            }
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
        int n = pending.size();
        long nowMillis = getProcessingTimeService().getCurrentProcessingTime();
        // Before this batch: a camera returning after its idle time starts afresh, with a key frame.
        evictIdle(nowMillis);
        Camera[] camerasOf = new Camera[n];
        List<StreamBatch.Frame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Pending p = pending.get(i);
            Camera camera = cameras.computeIfAbsent(p.raw().getCameraId(),
                    c -> new Camera(codec.streamEncoder(settings.gop())));
            camera.lastFrameMillis = nowMillis;
            camera.encoder.setBitrateTarget(p.target());
            camerasOf[i] = camera;
            frames.add(new StreamBatch.Frame(camera.encoder, p.image(), p.level(), p.raw().getCaptureTimeMicros()));
        }
        List<StreamBatch.Coded> coded = codec.encodeStreams(frames, settings.maxBatch());
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Pending p = pending.get(i);
            CompressedFrame f = compressed(p, camerasOf[i], coded.get(i).frame(), coded.get(i).reconstruction(),
                    (now - p.arrivalNanos()) / 1000);
            output.collect(p.hasTimestamp() ? new StreamRecord<>(f, p.timestamp()) : new StreamRecord<>(f));
        }
        pending.clear();
        referenceBytes = evictOverBudget(cameras.values().stream().mapToLong(c -> c.encoder.referenceBytes()).sum(),
                nowMillis);
        cameraCount = cameras.size();
    }

    /** Drops the encoders of cameras idle past cameraIdleMillis: the first in access order. */
    private void evictIdle(long nowMillis) {
        var it = cameras.entrySet().iterator();
        while (it.hasNext()) {
            var c = it.next();
            if (nowMillis - c.getValue().lastFrameMillis < settings.cameraIdleMillis()) {
                return;
            }
            metrics.drop(c.getKey());
            it.remove();
        }
    }

    /**
     * Drops the encoders of the cameras idle longest while all of them hold more than the budget,
     * keeping the one just coded; returns what the rest hold. A dropped camera's next frame is a key frame.
     */
    private long evictOverBudget(long bytes, long nowMillis) {
        long evicted = 0;
        var it = cameras.entrySet().iterator();
        while (bytes > cameraStateBudget && cameras.size() > 1) {
            var c = it.next();
            bytes -= c.getValue().encoder.referenceBytes();
            metrics.drop(c.getKey());
            it.remove();
            evicted++;
        }
        if (evicted > 0) {
            camerasEvicted.inc(evicted);
            if (nowMillis >= nextEvictionLogMillis) {
                nextEvictionLogMillis = nowMillis + 60_000;
                LOG.warn("camera state over its budget of {} bytes: {} cameras dropped so far ({} kept); their "
                        + "next frames are key frames. Raise --max-camera-state-mb or the parallelism, or check the "
                        + "raw topic for unexpected camera ids", cameraStateBudget, camerasEvicted.getCount(),
                        cameras.size());
            }
        }
        return bytes;
    }

    private CompressedFrame compressed(Pending p, Camera c, EncodedFrame e, RgbImage decoded, long latencyMicros) {
        RawFrame raw = p.raw();
        String camera = raw.getCameraId();
        double psnr = Psnr.of(p.image(), decoded);
        long n = ++c.frames;
        Double msSsim = settings.msSsimEvery() > 0 && (n - 1) % settings.msSsimEvery() == 0
                ? finiteOrNull(MsSsim.of(p.image(), decoded)) : null;
        metrics.of(camera).record(raw.getCaptureTimeMicros(), 8L * e.bitstream().length, e.bpp(), psnr, latencyMicros,
                e.rate().level(), p.target() == null ? 0 : p.target().kbitPerSecond());
        return CompressedFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(raw.getSequence())
                .setCaptureTimeMicros(raw.getCaptureTimeMicros())
                .setWidth(raw.getWidth())
                .setHeight(raw.getHeight())
                .setFrameType(e.header().frameType().name())
                .setModelId(codec.model().modelId())
                .setCodecHash(e.header().codecHashPrefixHex())
                .setRateLevel(e.rate().level())
                .setBitstream(ByteBuffer.wrap(e.bitstream()))
                .setBpp(e.bpp())
                .setPsnr(psnr)
                .setMsSsim(msSsim)
                .setEncodeLatencyMicros(latencyMicros)
                .setTargetKbitPerSecond(p.target() == null ? null : p.target().kbitPerSecond())
                .setTargetOutOfReach(e.rate().targetOutOfReach())
                .build();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
