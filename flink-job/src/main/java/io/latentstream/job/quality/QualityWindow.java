package io.latentstream.job.quality;

import io.latentstream.schema.CompressedFrame;
import io.latentstream.schema.StreamQuality;
import java.util.Arrays;

/**
 * What a camera's quality window sums ({@link #add}) and the record it becomes ({@link #quality});
 * {@link CameraQualityWindows} keeps the windows.
 */
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
        public long lastCapture = Long.MIN_VALUE;
        /** The last frame's bitrate target (null: none) and rate level; frames coded at their rate range's limit. */
        public Double target;
        public int rateLevel = -1;
        public long outOfReachFrames;
    }

    /** s with frame f added (frames reach a camera's window in arrival order). */
    static Stats add(Stats s, CompressedFrame f) {
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
        s.lastCapture = Math.max(s.lastCapture, f.getCaptureTimeMicros());
        return s;
    }

    /** The record of camera's window [startMillis, endMillis) of capture time, which holds at least one frame. */
    static StreamQuality quality(String camera, long startMillis, long endMillis, Stats s) {
        double[] psnr = Arrays.copyOf(s.psnr, (int) s.frames);
        Arrays.sort(psnr);
        double mean = Arrays.stream(psnr).average().orElse(Double.NaN);
        double p5 = psnr[(int) Math.floor(0.05 * (psnr.length - 1))];
        double seconds = (endMillis - startMillis) / 1000.0;
        return StreamQuality.newBuilder()
                .setCameraId(camera)
                .setWindowStartMillis(startMillis)
                .setWindowEndMillis(endMillis)
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
                .build();
    }
}
