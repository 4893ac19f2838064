package io.latentstream.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.bitstream.FrameType;
import io.latentstream.codec.frame.FrameReader;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.BdRate.Point;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.report.RdPlot;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import io.latentstream.codec.stream.GopSettings;
import io.latentstream.codec.stream.StreamDecoder;
import io.latentstream.codec.stream.StreamEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench-video", description = "Rate-distortion of a camera clip with temporal (inter) coding against "
        + "our intra-only coding and, with --baseline, x264 and MJPEG from ffmpeg on the same frames.")
final class BenchVideoCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--video", description = "video file (FFmpeg)")
        Path video;

        @Option(names = "--frames", description = "folder of frames")
        Path frames;
    }

    /** One coding run per level: its name in the JSON and the table, its encoder and change threshold. */
    private record Run(String mode, String encoder, float threshold) {
        boolean temporal() {
            return !mode.equals("intra");
        }

        /** Its curve's name in the plot; the first encoder (firstEncoder) goes unnamed. */
        String label(int gop, String firstEncoder) {
            if (!temporal()) {
                return "LatentStream intra only";
            }
            if (mode.equals("inter")) {
                return "LatentStream inter (GOP " + gop + ")";
            }
            return "LatentStream inter, " + (encoder.equals(firstEncoder) ? "" : encoder + " encoder, ")
                    + "change threshold " + threshold;
        }
    }

    /** One run at one level as it goes: its coder pair, its JSON and its sums over the frames so far. */
    private static final class Coding {
        final Run run;
        final StreamEncoder enc;
        final StreamDecoder dec;
        final ObjectNode node;
        final ArrayNode perFrame;
        long bits;
        long keyBytes;
        long interBytes;
        int keys;
        double psnrSum;
        /** Mean ms per frame: encode network, encode entropy, decode entropy, decode network. */
        final double[] ms = new double[4];

        Coding(Run run, StreamEncoder enc, StreamDecoder dec, ObjectNode node, ArrayNode perFrame) {
            this.run = run;
            this.enc = enc;
            this.dec = dec;
            this.node = node;
            this.perFrame = perFrame;
        }

        void code(RgbImage frame, int level, long captureMicros, int frames) {
            EncodedFrame e = enc.encode(frame, level, captureMicros);
            DecodedFrame d = dec.decode(e.bitstream());
            double psnr = Psnr.of(frame, d.image());
            bits += 8L * e.bitstream().length;
            if (e.header().frameType() == FrameType.INTRA) {
                keys++;
                keyBytes += e.bitstream().length;
            } else {
                interBytes += e.bitstream().length;
            }
            psnrSum += psnr;
            double[] frameMs = {e.networkNanos() / 1e6, e.entropyNanos() / 1e6, d.entropyNanos() / 1e6,
                    d.networkNanos() / 1e6};
            ObjectNode f = perFrame.addObject().put("type", e.header().frameType().name())
                    .put("bytes", e.bitstream().length).put("bpp", e.bpp()).put("psnr", psnr);
            f.putObject("encode_ms").put("network", frameMs[0]).put("entropy", frameMs[1]);
            f.putObject("decode_ms").put("entropy", frameMs[2]).put("network", frameMs[3]);
            for (int k = 0; k < ms.length; k++) {
                ms[k] += frameMs[k] / frames;
            }
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--frames-max", defaultValue = "100", description = "(default: ${DEFAULT-VALUE})")
    int framesMax;

    @Option(names = "--size", description = "scale the video to WIDTHxHEIGHT first (default: its own size)")
    String size;

    @Option(names = "--gop", defaultValue = "250", description = "key frame at least every N frames (default: ${DEFAULT-VALUE})")
    int gop;

    @Option(names = "--inter-step", description = "inter frames' residual step, on a key-frame grid this many levels "
            + "finer, less one (default: the job's, 2)")
    int interStep = GopSettings.DEFAULT.interStep();

    @Option(names = "--change-threshold", split = ",", description = "sparse analysis: inter frames analyse only "
            + "around 16x16 blocks whose mean absolute change (8-bit levels) exceeds this, less above level 3 "
            + "(finer steps); 0 analyses whole frames; a comma "
            + "list runs each side by side (default: the job's, ${DEFAULT-VALUE})")
    List<Float> changeThresholds = List.of(GopSettings.DEFAULT.changeThreshold());

    @Option(names = "--modes", split = ",", defaultValue = "inter,intra",
            description = "inter (GOP coding) and/or intra (every frame a key frame) (default: ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--fps", defaultValue = "10", description = "frame rate, for GOP times and bitrates (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--quality", defaultValue = "all", description = "rate levels: all, or a comma list")
    String quality;

    @Option(names = "--baseline", split = ",", description = "x264 and/or mjpeg curves; x264-speed: x264 ultrafast "
            + "and veryfast (CRF 23) timed on the same frames with --threads threads (needs ffmpeg)")
    List<String> baselines = List.of();

    /** Frames between progress lines; the results line ends each run. */
    private static final int PROGRESS_FRAMES = 10;

    @Option(names = "--json", description = "results here, and a plot (.svg) beside it")
    Path json;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = model.bundle();
        Map<String, LatentCodec> codecs = new LinkedHashMap<>();
        for (String e : model.encoders.stream().distinct().toList()) {
            codecs.put(e, model.codec(bundle, e, model.decoder));
        }
        LatentCodec codec = codecs.values().iterator().next();
        Path input = source.video != null ? source.video : source.frames;
        int[] scaled = size == null ? null : BenchOutput.size(size);
        List<RgbImage> frames = scaled == null ? FrameReader.read(input, framesMax)
                : FrameReader.readScaled(input, framesMax, scaled[0], scaled[1]);
        int[] levels = BenchOutput.levels(quality, codec.model().levels());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("source", String.valueOf(source.video != null ? source.video : source.frames))
                .put("frames", frames.size()).put("width", frames.get(0).width()).put("height", frames.get(0).height())
                .put("model", codec.model().modelId()).put("version", codec.model().version())
                .put("bitstream_format", Bitstream.VERSION).put("gop", gop)
                .put("inter_step", interStep);
        long periodMicros = Math.round(1e6 / fps);
        for (String m : modes) {
            if (!m.equals("inter") && !m.equals("intra")) {
                throw new IllegalArgumentException("--modes takes inter, intra");
            }
        }
        // Runs per level: inter once per encoder and change threshold (the first encoder's first
        // threshold is "inter", the others "inter:T" or "inter:ENCODER:T", side by side), then intra
        // with the first encoder.
        List<Run> runs = new ArrayList<>();
        List<Float> thresholds = changeThresholds.stream().distinct().toList();
        List<String> encoders = List.copyOf(codecs.keySet());
        if (modes.contains("inter")) {
            for (int e = 0; e < encoders.size(); e++) {
                for (int t = 0; t < thresholds.size(); t++) {
                    String mode = e == 0 && t == 0 ? "inter"
                            : "inter:" + (e == 0 ? "" : encoders.get(e) + ":") + thresholds.get(t);
                    runs.add(new Run(mode, encoders.get(e), thresholds.get(t)));
                }
            }
        }
        if (modes.contains("intra")) {
            runs.add(new Run("intra", encoders.get(0), 0));
        }
        root.put("change_threshold", thresholds.get(0)).put("encoder", encoders.get(0));
        Map<String, Point[]> curves = new LinkedHashMap<>();
        for (Run r : runs) {
            curves.put(r.mode(), new Point[levels.length]);
        }
        ArrayNode perLevel = root.putArray("levels");
        System.out.printf("%-6s %-10s %9s %8s %10s %10s %8s %10s %10s%n", "level", "mode", "bpp", "PSNR", "key bytes",
                "inter bytes", "kbit/s", "encode ms", "decode ms");
        for (int li = 0; li < levels.length; li++) {
            List<Coding> codings = new ArrayList<>();
            for (Run r : runs) {
                boolean temporal = r.temporal();
                GopSettings settings = temporal ? new GopSettings(gop, Long.MAX_VALUE,
                        GopSettings.DEFAULT.sceneChangeRatio(), interStep, r.threshold()) : GopSettings.INTRA_ONLY;
                StreamEncoder enc = codecs.get(r.encoder()).streamEncoder(settings);
                // Sparse runs decode sparsely too, as consumers do; the dense run is the whole-frame path.
                StreamDecoder dec = codec.streamDecoder(temporal && r.threshold() > 0);
                GopSettings.RatePoint point = enc.ratePoint(levels[li]);
                ObjectNode run = perLevel.addObject().put("level", levels[li]).put("mode", r.mode())
                        .put("key_level", point.keyLevel()).put("residual_step", point.residualStep());
                if (temporal) {
                    run.put("change_threshold", r.threshold()).put("encoder", r.encoder());
                }
                codings.add(new Coding(r, enc, dec, run, run.putArray("frames")));
            }
            // Frame by frame, each run in turn: the machine's drift over a level's minutes then
            // falls on every run alike, so their times compare.
            for (int i = 0; i < frames.size(); i++) {
                for (Coding c : codings) {
                    c.code(frames.get(i), levels[li], i * periodMicros, frames.size());
                }
                if ((i + 1) % PROGRESS_FRAMES == 0 && i + 1 < frames.size()) {
                    BenchOutput.progress(i + 1, frames.size(), "frames, level " + levels[li]);
                }
            }
            for (Coding c : codings) {
                int n = frames.size();
                double bpp = c.bits / ((double) frames.get(0).pixels() * n);
                double psnr = c.psnrSum / n;
                double kbps = c.bits / (n / fps) / 1000;
                c.node.put("bpp", bpp).put("psnr", psnr).put("kbit_per_s", kbps).put("key_frames", c.keys)
                        .put("key_bytes", c.keyBytes).put("inter_bytes", c.interBytes);
                c.node.putObject("encode_ms").put("network", c.ms[0]).put("entropy", c.ms[1]);
                c.node.putObject("decode_ms").put("entropy", c.ms[2]).put("network", c.ms[3]);
                curves.get(c.run.mode())[li] = new Point(bpp, psnr);
                System.out.printf(Locale.ROOT, "%-6d %-10s %9.4f %8.2f %10d %10d %8.1f %10.1f %10.1f%n", levels[li],
                        c.run.mode(), bpp, psnr, c.keyBytes, c.interBytes, kbps, c.ms[0] + c.ms[1], c.ms[2] + c.ms[3]);
            }
        }
        RdPlot plot = new RdPlot("Rate-distortion on " + root.path("source").asText().replaceAll(".*/", "") + " ("
                + frames.size() + " frames)");
        for (Run r : runs) {
            plot.add(r.label(gop, encoders.get(0)), curves.get(r.mode()), false);
        }
        ObjectNode bd = root.putObject("bd_rate_percent");
        if (curves.containsKey("inter") && curves.containsKey("intra")) {
            BenchOutput.bdRate(bd, "inter vs our intra", curves.get("intra"), curves.get("inter"));
        }
        for (Run r : runs) {
            if (r.mode().startsWith("inter:")) {
                BenchOutput.bdRate(bd, r.mode() + " vs inter", curves.get("inter"), curves.get(r.mode()));
            }
        }
        if (!baselines.isEmpty()) {
            if (!VideoBaseline.available()) {
                throw new IllegalStateException("--baseline needs ffmpeg on the PATH (apt-get install -y ffmpeg)");
            }
            for (String b : baselines) {
                if (b.equals("x264-speed")) {
                    int threads = model.threads > 0 ? model.threads : Runtime.getRuntime().availableProcessors();
                    ArrayNode speeds = root.putArray("speed_x264");
                    for (VideoBaseline.Speed sp : VideoBaseline.x264Speed(frames, fps, threads)) {
                        speeds.addObject().put("preset", sp.preset()).put("crf", sp.crf()).put("threads", threads)
                                .put("encode_ms", sp.encodeMs()).put("decode_ms", sp.decodeMs())
                                .put("bpp", sp.point().bpp()).put("psnr", sp.point().psnr());
                        System.out.printf(Locale.ROOT, "x264 %s CRF %d, %d threads: %.4f bpp, %.2f dB, encode %.1f ms, "
                                + "decode %.1f ms per frame%n", sp.preset(), sp.crf(), threads, sp.point().bpp(),
                                sp.point().psnr(), sp.encodeMs(), sp.decodeMs());
                    }
                    continue;
                }
                List<Point> curve = switch (b) {
                    case "x264" -> VideoBaseline.x264(frames, fps);
                    case "mjpeg" -> VideoBaseline.mjpeg(frames, fps);
                    default -> throw new IllegalArgumentException("--baseline takes x264, mjpeg, x264-speed");
                };
                Point[] pts = curve.toArray(Point[]::new);
                ArrayNode arr = root.putArray("baseline_" + b);
                for (Point p : pts) {
                    arr.addObject().put("bpp", p.bpp()).put("psnr", p.psnr());
                }
                plot.add(b.equals("x264") ? "x264 preset medium (ffmpeg)" : "MJPEG (ffmpeg)", pts, true);
                for (Map.Entry<String, Point[]> c : curves.entrySet()) {
                    BenchOutput.bdRate(bd, c.getKey() + " vs " + b, pts, c.getValue());
                }
            }
        }
        if (json != null) {
            BenchOutput.write(mapper, root, plot, json);
        }
        return 0;
    }
}
