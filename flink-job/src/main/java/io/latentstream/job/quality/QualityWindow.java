package io.latentstream.job.quality;

import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.StreamQuality;
import java.util.Arrays;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Per-camera quality over a window of capture time: {@link Accumulate} then {@link Emit}. */
public final class QualityWindow {
    private QualityWindow() {}

    /** Running sums; PSNR values are kept (bounded by the window's frame count) for the 5th percentile. */
    public static final class Stats {
        public long frames;
        /** The last frame's sequence number: frames reach a camera's window in arrival order. */
        public long lastSequence = -1;
        public long droppedFrames;
        public long repeatedFrames;
        public double bppSum;
        public long bits;
        public long keyFrames;
        public long keyBits;
        public double[] psnr = new double[16];
        public long firstCapture = Long.MAX_VALUE;
        public long lastCapture = Long.MIN_VALUE;
        public long pixelsSum;
        /** The last frame's bitrate target (null: none) and rate level; frames coded at their rate range's limit. */
        public Double target;
        public int rateLevel = -1;
        public long outOfReachFrames;
    }

    public static final class Accumulate implements AggregateFunction<CompressedFrame, Stats, Stats> {
        @Override
        public Stats createAccumulator() {
            return new Stats();
        }

        @Override
        public Stats add(CompressedFrame f, Stats s) {
            if (s.frames == s.psnr.length) {
                s.psnr = Arrays.copyOf(s.psnr, s.psnr.length * 2);
            }
            s.psnr[(int) s.frames] = f.getPsnr();
            s.frames++;
            long seq = f.getSequence();
            boolean first = s.frames == 1;
            if (!first && seq <= s.lastSequence) {
                s.repeatedFrames++;
            } else {
                s.droppedFrames += first ? 0 : seq - s.lastSequence - 1;
                s.lastSequence = seq;
            }
            s.bppSum += f.getBpp();
            long bits = 8L * f.getBitstream().remaining();
            s.bits += bits;
            if ("INTRA".equals(f.getFrameType())) {
                s.keyFrames++;
                s.keyBits += bits;
            }
            if (f.getCaptureTimeMicros() >= s.lastCapture) {
                s.target = f.getTargetKbitPerSecond();
                s.rateLevel = f.getRateLevel();
            }
            s.outOfReachFrames += f.getTargetOutOfReach() ? 1 : 0;
            s.firstCapture = Math.min(s.firstCapture, f.getCaptureTimeMicros());
            s.lastCapture = Math.max(s.lastCapture, f.getCaptureTimeMicros());
            return s;
        }

        @Override
        public Stats getResult(Stats s) {
            return s;
        }

        @Override
        public Stats merge(Stats a, Stats b) {
            Stats m = new Stats();
            m.psnr = new double[(int) (a.frames + b.frames) + 1];
            System.arraycopy(a.psnr, 0, m.psnr, 0, (int) a.frames);
            System.arraycopy(b.psnr, 0, m.psnr, (int) a.frames, (int) b.frames);
            m.frames = a.frames + b.frames;
            // Merging happens only for merging windows, which this job does not use; the gap
            // between a's last and b's first frame is unknown, so it is not counted.
            m.lastSequence = b.frames > 0 ? b.lastSequence : a.lastSequence;
            m.droppedFrames = a.droppedFrames + b.droppedFrames;
            m.repeatedFrames = a.repeatedFrames + b.repeatedFrames;
            m.bppSum = a.bppSum + b.bppSum;
            m.bits = a.bits + b.bits;
            m.keyFrames = a.keyFrames + b.keyFrames;
            m.keyBits = a.keyBits + b.keyBits;
            Stats last = b.lastCapture >= a.lastCapture ? b : a;
            m.target = last.target;
            m.rateLevel = last.rateLevel;
            m.outOfReachFrames = a.outOfReachFrames + b.outOfReachFrames;
            m.firstCapture = Math.min(a.firstCapture, b.firstCapture);
            m.lastCapture = Math.max(a.lastCapture, b.lastCapture);
            return m;
        }
    }

    public static final class Emit extends ProcessWindowFunction<Stats, StreamQuality, String, TimeWindow> {
        @Override
        public void process(String camera, Context ctx, Iterable<Stats> results, Collector<StreamQuality> out) {
            Stats s = results.iterator().next();
            double[] psnr = Arrays.copyOf(s.psnr, (int) s.frames);
            Arrays.sort(psnr);
            double mean = Arrays.stream(psnr).average().orElse(Double.NaN);
            double p5 = psnr[(int) Math.floor(0.05 * (psnr.length - 1))];
            double seconds = (ctx.window().getEnd() - ctx.window().getStart()) / 1000.0;
            out.collect(StreamQuality.newBuilder()
                    .setCameraId(camera)
                    .setWindowStartMillis(ctx.window().getStart())
                    .setWindowEndMillis(ctx.window().getEnd())
                    .setFrames(s.frames)
                    .setDroppedFrames(s.droppedFrames)
                    .setRepeatedFrames(s.repeatedFrames)
                    .setMeanPsnr(mean)
                    .setP5Psnr(p5)
                    .setMeanBpp(s.bppSum / s.frames)
                    .setKbitPerSecond(s.bits / seconds / 1000)
                    .setKeyFrames(s.keyFrames)
                    .setKeyFrameKbitPerSecond(s.keyBits / seconds / 1000)
                    .setInterFrameKbitPerSecond((s.bits - s.keyBits) / seconds / 1000)
                    .setFps(s.frames / seconds)
                    .setTargetKbitPerSecond(s.target)
                    .setRateLevel(s.rateLevel >= 0 ? s.rateLevel : null)
                    .setTargetOutOfReachFrames(s.outOfReachFrames)
                    .build());
        }
    }
}
