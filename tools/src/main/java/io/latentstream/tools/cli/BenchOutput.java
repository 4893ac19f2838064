package io.latentstream.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentstream.codec.metrics.BdRate.Point;
import io.latentstream.codec.metrics.BdRate;
import io.latentstream.codec.report.RdPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** What the bench commands share: BD-rate lines and the JSON + SVG pair they write. */
final class BenchOutput {
    private BenchOutput() {}

    /** Records and prints the BD-rate of test against anchor under name. */
    static void bdRate(ObjectNode bd, String name, Point[] anchor, Point[] test) {
        double pct = BdRate.percent(anchor, test);
        bd.put(name, pct);
        System.out.printf(Locale.ROOT, "BD-rate %s: %s%n", name,
                Double.isNaN(pct) ? "n/a (curves do not overlap in PSNR)" : String.format(Locale.ROOT, "%+.1f%%", pct));
    }

    /** One progress line on stderr (stdout keeps the results): "[done/total] what". */
    static void progress(int done, int total, String what) {
        System.err.printf(Locale.ROOT, "[%d/%d] %s%n", done, total, what);
    }

    /** Writes json and, beside it with the same name, the plot as .svg. */
    static void write(ObjectMapper mapper, ObjectNode root, RdPlot plot, Path json) throws IOException {
        writeJson(mapper, root, json);
        Path svg = json.toAbsolutePath().getParent()
                .resolve(json.getFileName().toString().replaceFirst("\\.json$", "") + ".svg");
        Files.writeString(svg, plot.toSvg());
        System.out.println("wrote " + json + " and " + svg);
    }

    /** Writes json, creating its folder, with the host's CPU in "cpu". */
    static void writeJson(ObjectMapper mapper, ObjectNode root, Path json) throws IOException {
        root.put("cpu", cpu());
        Files.createDirectories(json.toAbsolutePath().getParent());
        mapper.writeValue(json.toFile(), root);
    }

    /**
     * The CPU a bench ran on: our machines differ, and int8 networks are fast only with int8 dot
     * products (VNNI, AMX). Its model name, cores and those instructions, from /proc/cpuinfo.
     */
    static String cpu() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            List<String> info = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = field(info, "model name");
            List<String> flags = List.of(field(info, "flags").split(" "));
            List<String> dot = Stream.of("avx512_vnni", "avx_vnni", "amx_int8").filter(flags::contains).toList();
            return model + ", " + cores + " cores, " + (dot.isEmpty() ? "no VNNI" : String.join(" ", dot));
        } catch (IOException unreadable) {
            return System.getProperty("os.arch") + ", " + cores + " cores";
        }
    }

    private static String field(List<String> cpuinfo, String name) {
        return cpuinfo.stream().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
    }

    /** {width, height} of a --size WIDTHxHEIGHT. */
    static int[] size(String size) {
        if (!size.matches("[1-9][0-9]{0,4}x[1-9][0-9]{0,4}")) {
            throw new IllegalArgumentException("--size takes WIDTHxHEIGHT, such as 1280x720, not " + size);
        }
        String[] wh = size.split("x");
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }

    /** The rate levels a --quality value names: "all" or a comma list, each within the model's levels. */
    static int[] levels(String quality, int available) {
        if (quality.equals("all")) {
            return IntStream.range(0, available).toArray();
        }
        int[] levels = Stream.of(quality.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        for (int l : levels) {
            if (l < 0 || l >= available) {
                throw new IllegalArgumentException("rate level " + l + " not in 0.." + (available - 1));
            }
        }
        return levels;
    }
}
