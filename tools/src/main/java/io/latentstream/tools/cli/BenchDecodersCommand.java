package io.latentstream.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.LatentCodec;
import io.latentstream.codec.frame.RgbImage;
import io.latentstream.codec.metrics.Psnr;
import io.latentstream.codec.model.ModelBundle;
import io.latentstream.codec.stream.DecodedFrame;
import io.latentstream.codec.stream.EncodedFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The pruned-decoder table: every decoder variant of a model decodes the same bitstreams
 * (one encode per image and level), and each is compared with the full decoder for PSNR
 * and synthesis-network time. Variants are interleaved image by image so that they share
 * the machine's state alike.
 */
@Command(name = "bench-decoders", description = "PSNR and decode time of every decoder variant against the full decoder.")
final class BenchDecodersCommand implements Callable<Integer> {
    @Mixin
    ImageSetOptions images;

    @Option(names = "--json", description = "write the table here")
    Path json;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = model.bundle();
        List<String> variants = new ArrayList<>(bundle.decoders().keySet());
        variants.remove(ModelBundle.FULL_DECODER);
        variants.add(0, ModelBundle.FULL_DECODER);
        List<LatentCodec> codecs = new ArrayList<>();
        for (String v : variants) {
            codecs.add(model.codec(bundle, model.encoder(), v));
        }
        int[] levels = images.levels(bundle.levels());
        List<Path> files = images.files();

        // Warm-up: every variant's session loads and settles before anything is timed.
        RgbImage first = RgbImage.read(files.get(0));
        byte[] warm = codecs.get(0).encode(first, levels[0]).bitstream();
        for (LatentCodec c : codecs) {
            c.decode(warm);
        }

        // sums[variant][level]: bpp, PSNR, synthesis ms
        double[][][] sums = new double[variants.size()][levels.length][3];
        for (int fi = 0; fi < files.size(); fi++) {
            Path file = files.get(fi);
            RgbImage img = RgbImage.read(file);
            for (int li = 0; li < levels.length; li++) {
                EncodedFrame enc = codecs.get(0).encode(img, levels[li]);
                for (int vi = 0; vi < variants.size(); vi++) {
                    DecodedFrame dec = codecs.get(vi).decode(enc.bitstream());
                    sums[vi][li][0] += enc.bpp();
                    sums[vi][li][1] += Psnr.of(img, dec.image());
                    sums[vi][li][2] += dec.networkNanos() / 1e6;
                }
            }
            BenchOutput.progress(fi + 1, files.size(), file.getFileName() + " done");
        }

        int n = files.size();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", bundle.modelId()).put("version", bundle.version()).put("images_dir", images.dir.toString())
                .put("images", n).put("ort_threads", model.threads);
        ArrayNode rows = root.putArray("rows");
        System.out.printf("%-8s %-6s %8s %8s %8s %10s %9s%n", "decoder", "level", "bpp", "PSNR", "dPSNR", "decode ms", "vs full");
        for (int vi = 0; vi < variants.size(); vi++) {
            for (int li = 0; li < levels.length; li++) {
                double[] s = sums[vi][li];
                double[] full = sums[0][li];
                double psnr = s[1] / n;
                double deltaDb = psnr - full[1] / n;
                double ms = s[2] / n;
                double timeChange = 100 * (s[2] / full[2] - 1);
                rows.addObject().put("decoder", variants.get(vi)).put("level", levels[li]).put("bpp", s[0] / n)
                        .put("psnr", psnr).put("psnr_delta_db", deltaDb).put("decode_network_ms", ms)
                        .put("decode_time_change_percent", timeChange);
                System.out.printf(Locale.ROOT, "%-8s %-6d %8.4f %8.2f %+8.2f %10.1f %+8.0f%%%n", variants.get(vi),
                        levels[li], s[0] / n, psnr, deltaDb, ms, timeChange);
            }
        }
        if (json != null) {
            BenchOutput.writeJson(mapper, root, json);
            System.out.println("wrote " + json);
        }
        return 0;
    }
}
