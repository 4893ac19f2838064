package io.latentstream.operators;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;

/**
 * Per-camera metrics under a {@code camera} group (label camera=&lt;id&gt; in Prometheus):
 * histograms of bpp, PSNR, encode latency and end-to-end latency; gauges of the last
 * bpp, PSNR, kbit/s, fps, rate level and bitrate target (0: none), and of the 5th-percentile
 * PSNR of the histogram's frames (Prometheus' reporter exports histograms with quantiles from
 * 0.5 up only, and low PSNR is what operators watch); a frame counter. Bounded: one entry per camera this subtask
 * holds an encoder for, dropped with it.
 */
final class CameraMetrics {
    private static final int WINDOW = 512;

    private final MetricGroup operatorGroup;
    private final Map<String, PerCamera> cameras = new HashMap<>();

    CameraMetrics(MetricGroup operatorGroup) {
        this.operatorGroup = operatorGroup;
    }

    static final class PerCamera {
        private final MetricGroup group;
        final Counter frames;
        final Histogram bpp;
        final Histogram psnr;
        final Histogram encodeMillis;
        final Histogram endToEndMillis;
        volatile double lastBpp;
        volatile double lastPsnr;
        volatile double kbitPerSecond;
        volatile double fps;
        volatile int rateLevel;
        volatile double targetKbitPerSecond;
        private long lastCaptureMicros = -1;
        private double ewmaIntervalSeconds;
        private double ewmaBits;

        PerCamera(MetricGroup g) {
            group = g;
            frames = g.counter("frames");
            bpp = g.histogram("bppMilli", new DescriptiveStatisticsHistogram(WINDOW));
            psnr = g.histogram("psnrCentiDb", new DescriptiveStatisticsHistogram(WINDOW));
            encodeMillis = g.histogram("encodeLatencyMs", new DescriptiveStatisticsHistogram(WINDOW));
            endToEndMillis = g.histogram("endToEndLatencyMs", new DescriptiveStatisticsHistogram(WINDOW));
            g.gauge("lastBpp", () -> lastBpp);
            g.gauge("lastPsnr", () -> lastPsnr);
            g.gauge("kbitPerSecond", () -> kbitPerSecond);
            g.gauge("fps", () -> fps);
            g.gauge("p5Psnr", () -> psnr.getCount() == 0 ? Double.NaN : psnr.getStatistics().getQuantile(0.05) / 100);
            g.gauge("rateLevel", () -> rateLevel);
            g.gauge("targetKbitPerSecond", () -> targetKbitPerSecond);
        }

        void record(long captureMicros, long bits, double frameBpp, double framePsnr, long encodeMicros, int level,
                    double targetKbps) {
            frames.inc();
            rateLevel = level;
            targetKbitPerSecond = targetKbps;
            bpp.update(Math.round(frameBpp * 1000));
            psnr.update(Math.round(framePsnr * 100));
            encodeMillis.update(encodeMicros / 1000);
            endToEndMillis.update(Math.max(0, System.currentTimeMillis() - captureMicros / 1000));
            lastBpp = frameBpp;
            lastPsnr = framePsnr;
            // Rates from capture times, smoothed, so they follow the camera, not the job's speed.
            if (lastCaptureMicros >= 0 && captureMicros > lastCaptureMicros) {
                double dt = (captureMicros - lastCaptureMicros) / 1e6;
                ewmaIntervalSeconds = ewmaIntervalSeconds == 0 ? dt : 0.9 * ewmaIntervalSeconds + 0.1 * dt;
                ewmaBits = ewmaBits == 0 ? bits : 0.9 * ewmaBits + 0.1 * bits;
                fps = 1 / ewmaIntervalSeconds;
                kbitPerSecond = ewmaBits * fps / 1000;
            }
            lastCaptureMicros = captureMicros;
        }
    }

    PerCamera of(String camera) {
        return cameras.computeIfAbsent(camera, c -> new PerCamera(operatorGroup.addGroup("camera", c)));
    }

    /** Unregisters camera's metrics from the reporters; a later frame registers them afresh. */
    void drop(String camera) {
        PerCamera c = cameras.remove(camera);
        // Flink's public MetricGroup has no removal; its runtime groups close (test harnesses' groups need not).
        if (c != null && c.group instanceof AbstractMetricGroup<?> g) {
            g.close();
        }
    }
}
