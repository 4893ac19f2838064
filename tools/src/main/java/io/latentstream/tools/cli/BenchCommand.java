package io.latentstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.bitstream.Bitstream;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.BdRate.Point;
import io.latentstream.codec.metrics.MsSsim;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.report.RdPlot;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Rate-distortion and speed over a folder of images, from real bitstreams.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ImageSetOptions images;

    @Option(names = "--json", description = "write per-image and per-level results here, and a plot (.svg) beside it")
    Path json;

    @Option(names = "--baseline", description = "jpeg: also sweep Java's own JPEG encoder and report our BD-rate against it")
    String baseline;

    @Option(names = "--reference-curves", description = "kodak: add the published Kodak curves to the plot and BD-rates")
    String referenceCurves;

    @Mixin
    ModelOptions model;

    private static final int[] JPEG_QUALITIES = {5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95};

    @Override
    public Integer call() throws Exception {
        if (baseline != null && !baseline.equals("jpeg")) {
            throw new IllegalArgumentException("--baseline takes: jpeg");
        }
        if (referenceCurves != null && !referenceCurves.equals("kodak")) {
            throw new IllegalArgumentException("--reference-curves takes: kodak");
        }
        LatentCodec codec = model.codec();
        int[] levels = images.levels(codec.model().levels());
        List<Path> files = images.files();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", codec.model().modelId()).put("version", codec.model().version())
                .put("encoder", model.encoder()).put("decoder", model.decoder).put("images_dir", images.dir.toString())
                .put("bpp_source", "real bitstream bytes (header and CRC included)")
                .put("bitstream_format", Bitstream.VERSION);
        ArrayNode perImage = root.putArray("images");

        // Warm-up: load the sessions and let ONNX Runtime settle before anything is timed.
        RgbImage first = RgbImage.read(files.get(0));
        codec.decode(codec.encode(first, levels[0]).bitstream());

        double[][] sums = new double[levels.length][8];
        int[] msSsimCount = new int[levels.length];
        for (int fi = 0; fi < files.size(); fi++) {
            Path file = files.get(fi);
            RgbImage img = RgbImage.read(file);
            ObjectNode entry = perImage.addObject();
            entry.put("name", file.getFileName().toString()).put("width", img.width()).put("height", img.height());
            ArrayNode results = entry.putArray("levels");
            for (int li = 0; li < levels.length; li++) {
                EncodedFrame enc = codec.encode(img, levels[li]);
                DecodedFrame dec = codec.decode(enc.bitstream());
                double psnr = Psnr.of(img, dec.image());
                double msssim = MsSsim.of(img, dec.image());
                ObjectNode r = results.addObject();
                r.put("level", levels[li]).put("bytes", enc.bitstream().length).put("bpp", enc.bpp())
                        .put("psnr", psnr);
                if (!Double.isNaN(msssim)) {
                    r.put("ms_ssim", msssim);
                    sums[li][2] += msssim;
                    msSsimCount[li]++;
                }
                r.putObject("encode_ms").put("network", enc.networkNanos() / 1e6).put("entropy", enc.entropyNanos() / 1e6);
                r.putObject("decode_ms").put("entropy", dec.entropyNanos() / 1e6).put("network", dec.networkNanos() / 1e6);
                double[] s = sums[li];
                s[0] += enc.bpp();
                s[1] += psnr;
                s[3] += enc.networkNanos() / 1e6;
                s[4] += enc.entropyNanos() / 1e6;
                s[5] += dec.entropyNanos() / 1e6;
                s[6] += dec.networkNanos() / 1e6;
            }
            BenchOutput.progress(fi + 1, files.size(), file.getFileName() + " done");
        }

        int n = files.size();
        ArrayNode means = root.putArray("levels");
        Point[] ours = new Point[levels.length];
        System.out.printf("%-6s %8s %8s %8s %12s %12s %12s %12s %9s%n", "level", "bpp", "PSNR", "MS-SSIM",
                "enc net ms", "enc ent ms", "dec ent ms", "dec net ms", "ent share");
        for (int li = 0; li < levels.length; li++) {
            double[] s = sums[li];
            double msssim = msSsimCount[li] > 0 ? s[2] / msSsimCount[li] : Double.NaN;
            ours[li] = new Point(s[0] / n, s[1] / n);
            double share = s[4] / (s[3] + s[4]);
            ObjectNode m = means.addObject();
            m.put("level", levels[li]).put("lambda", codec.model().lambda(levels[li])).put("images", n)
                    .put("bpp", s[0] / n).put("psnr", s[1] / n);
            if (!Double.isNaN(msssim)) {
                m.put("ms_ssim", msssim);
            }
            m.putObject("encode_ms").put("network", s[3] / n).put("entropy", s[4] / n);
            m.putObject("decode_ms").put("entropy", s[5] / n).put("network", s[6] / n);
            m.put("entropy_share_of_encode", share);
            System.out.printf(Locale.ROOT, "%-6d %8.4f %8.2f %8.4f %12.1f %12.1f %12.1f %12.1f %8.1f%%%n", levels[li],
                    s[0] / n, s[1] / n, msssim, s[3] / n, s[4] / n, s[5] / n, s[6] / n, 100 * share);
        }

        RdPlot plot = new RdPlot("Rate-distortion on " + images.dir.getFileName() + " (" + n + " images)");
        plot.add("LatentStream " + codec.model().modelId() + " (" + model.decoder + " decoder)", ours, false);
        ObjectNode bd = root.putObject("bd_rate_percent");
        if ("jpeg".equals(baseline)) {
            Point[] jpeg = jpegSweep(files, root.putArray("baseline_jpeg_java"));
            plot.add("JPEG (Java ImageIO, measured)", jpeg, true);
            BenchOutput.bdRate(bd, "vs JPEG (Java ImageIO, measured)", jpeg, ours);
        }
        if ("kodak".equals(referenceCurves)) {
            for (Map.Entry<String, Point[]> e : kodakReferences().entrySet()) {
                plot.add(e.getKey() + " (published)", e.getValue(), true);
                BenchOutput.bdRate(bd, "vs " + e.getKey() + " (published)", e.getValue(), ours);
            }
        }
        if (json != null) {
            BenchOutput.write(mapper, root, plot, json);
        }
        return 0;
    }

    private Point[] jpegSweep(List<Path> files, ArrayNode out) throws IOException {
        double[][] sums = new double[JPEG_QUALITIES.length][2];
        for (Path file : files) {
            RgbImage img = RgbImage.read(file);
            for (int qi = 0; qi < JPEG_QUALITIES.length; qi++) {
                byte[] jpeg = JpegBaseline.encode(img, JPEG_QUALITIES[qi]);
                RgbImage back = JpegBaseline.decode(jpeg);
                sums[qi][0] += 8.0 * jpeg.length / img.pixels();
                sums[qi][1] += Psnr.of(img, back);
            }
        }
        Point[] curve = new Point[JPEG_QUALITIES.length];
        for (int qi = 0; qi < JPEG_QUALITIES.length; qi++) {
            curve[qi] = new Point(sums[qi][0] / files.size(), sums[qi][1] / files.size());
            out.addObject().put("quality", JPEG_QUALITIES[qi]).put("bpp", curve[qi].bpp()).put("psnr", curve[qi].psnr());
        }
        return curve;
    }

    static Map<String, Point[]> kodakReferences() throws IOException {
        Map<String, Point[]> curves = new java.util.LinkedHashMap<>();
        try (InputStream in = RdPlot.class.getResourceAsStream("kodak-reference-curves.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            for (var it = root.path("curves").fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode bpp = e.getValue().path("bpp");
                JsonNode psnr = e.getValue().path("psnr");
                Point[] pts = new Point[bpp.size()];
                for (int i = 0; i < pts.length; i++) {
                    pts[i] = new Point(bpp.get(i).asDouble(), psnr.get(i).asDouble());
                }
                curves.put(e.getKey(), pts);
            }
        }
        return curves;
    }
}
