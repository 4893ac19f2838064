#!/usr/bin/env python3
"""docs/results.md from the bench JSON in benchmarks/results/ (written by benchmarks/run.sh).

  python3 benchmarks/results.py > docs/results.md
  python3 benchmarks/results.py --readme README.md   # README's summary, between its summary markers

Every figure in the page comes from those files; the text around them only says what was
measured and how. A section whose JSON is missing says so instead of showing old figures.
Video tables: BD-rates over each pair's common PSNR range; the x264 bits at our level-3
inter PSNR are interpolated (log bpp, linear in PSNR) on the measured x264 curve.
"""
import json
import math
import os
import sys

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
LINK = "../benchmarks/results"  # the results folder as docs/ sees it
VIDEO_LEVEL = 3
KODAK_TARGET_VS_JPEG = -45.0
VIDEOS = ["car-detection", "one-by-one-person-detection", "video02", "video03"]


def load(name):
    path = os.path.join(RESULTS, name)
    return json.load(open(path)) if os.path.exists(path) else None


def per_clip(prefix):
    """(name, JSON or None) for each development clip's `<prefix>-<clip>.json`."""
    return [(name, load(f"{prefix}-{name}.json")) for name in VIDEOS]


def sparse_pair(d):
    """A side-by-side bench-video run's dense and sparse level-VIDEO_LEVEL runs, and the sparse ladder's BD-rate."""
    by = {r["mode"]: r for r in d["levels"] if r["level"] == VIDEO_LEVEL}
    bd = next((v for k, v in d["bd_rate_percent"].items() if k.startswith("inter:") and k.endswith("vs inter")), None)
    return by["inter"], next(r for m, r in by.items() if m.startswith("inter:")), bd


def encode_decode_ms(run):
    """Mean ms per frame: encode (network + entropy + reconstruction, the decoder's synthesis) and decode."""
    e, dec = run["encode_ms"], run["decode_ms"]
    return e["network"] + e["entropy"] + dec["network"], dec["entropy"] + dec["network"]


def job_over_codec(run):
    """Steady-state frames/s of the whole job over those of the codec alone in the same run."""
    return run["job_steady_frames_per_s"] / run["codec_steady_frames_per_s"]


def job_over_dense(run, dense):
    """Steady-state frames/s of the whole job over those of the whole-frame (dense) job in the same run."""
    return run["job_steady_frames_per_s"] / dense["job_steady_frames_per_s"]


def percent(v):
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:+.1f}%"


def missing(name):
    return f"_Not measured yet: `benchmarks/results/{name}` is missing (`benchmarks/run.sh`)._\n"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def kodak():
    d = load("kodak.json")
    out = ["## Kodak (key frames)\n"]
    if d is None:
        return out + [missing("kodak.json")]
    n = d["levels"][0]["images"]
    out.append(f"Model `{d['model']}` version `{d['version']}`, bitstream format {d['bitstream_format']}; "
               f"{n} images, real bitstreams (header and CRC included), 2 ONNX Runtime threads; "
               "`bin/latentstream bench --images ../shared/data/kodak --quality all --baseline jpeg "
               "--reference-curves kodak --threads 2` (`benchmarks/run.sh kodak`).\n")
    rows = []
    for m in d["levels"]:
        e, dec = m["encode_ms"], m["decode_ms"]
        rows.append([m["level"], f"{m['lambda']:g}", f"{m['bpp']:.3f}", f"{m['psnr']:.2f}",
                     f"{m['ms_ssim']:.4f}" if "ms_ssim" in m else "-",
                     f"{e['network']:.0f} + {e['entropy']:.1f}", f"{dec['entropy']:.1f} + {dec['network']:.0f}"])
    out.append(table(["level", "λ", "bpp", "PSNR (dB)", "MS-SSIM", "encode ms (network + entropy)",
                      "decode ms (entropy + network)"], rows))
    bd = d.get("bd_rate_percent", {})
    out.append("BD-rate (PSNR) of ours against: " + ", ".join(
        f"{name.removeprefix('vs ')} **{percent(v)}**" for name, v in bd.items()) + ".\n")
    jpeg = next((v for k, v in bd.items() if "JPEG (Java" in k), None)
    if jpeg is not None:
        verdict = "met" if jpeg <= KODAK_TARGET_VS_JPEG else "not met yet"
        out.append(f"The target, {KODAK_TARGET_VS_JPEG:.0f}% against JPEG from real bitstreams, is {verdict}.\n")
    out.append(f"![Kodak rate-distortion]({LINK}/kodak.svg)\n")
    return out


def bd_rate(anchor, test):
    """BD-rate (%) of test against anchor, [(bpp, psnr)], as the Java bench computes it: log10 bpp fitted
    as a cubic in PSNR, integrated over the common PSNR range."""
    def fit(points):
        # Normal equations of the least-squares cubic, solved by Gaussian elimination.
        a = [[0.0] * 5 for _ in range(4)]
        for bpp, psnr in points:
            row = [psnr ** k for k in range(4)]
            for i in range(4):
                for j in range(4):
                    a[i][j] += row[i] * row[j]
                a[i][4] += row[i] * math.log10(bpp)
        for c in range(4):
            p = max(range(c, 4), key=lambda r: abs(a[r][c]))
            a[c], a[p] = a[p], a[c]
            for r in range(4):
                if r != c:
                    f = a[r][c] / a[c][c]
                    a[r] = [x - f * y for x, y in zip(a[r], a[c])]
        return [a[i][4] / a[i][i] for i in range(4)]

    def integral(c, x):
        return sum(c[k] * x ** (k + 1) / (k + 1) for k in range(4))

    lo = max(min(p for _, p in anchor), min(p for _, p in test))
    hi = min(max(p for _, p in anchor), max(p for _, p in test))
    ca, ct = fit(anchor), fit(test)
    diff = (integral(ct, hi) - integral(ct, lo) - integral(ca, hi) + integral(ca, lo)) / (hi - lo)
    return (10 ** diff - 1) * 100


def encoders():
    full, int8 = load("encoders-kodak-full.json"), load("encoders-kodak-int8.json")
    out = ["### Encoder variants\n"]
    if full is None or int8 is None:
        return out + [missing("encoders-kodak-full.json, encoders-kodak-int8.json")]
    out.append("The float encoder (`encoder.onnx`, the default) against the int8 one (`--encoder int8`) on Kodak, "
               "the same decoder, one run each in the same session: `bin/latentstream bench --images "
               "../shared/data/kodak --quality all --baseline jpeg --encoder full|int8` (`benchmarks/run.sh encoders`), "
               f"on {full.get('cpu', 'an unrecorded CPU')}. Encoder-network ms per image: the int8 network is fast "
               "only with int8 dot products (VNNI; on an AMD EPYC without them it was slower than the float one, "
               "docs/decisions.md).\n")
    rows = []
    for f, q in zip(full["levels"], int8["levels"]):
        rows.append([f["level"], f"{f['bpp']:.3f} / {f['psnr']:.2f} / {f['encode_ms']['network']:.0f}",
                     f"{q['bpp'] / f['bpp'] - 1:+.1%} / {q['psnr'] - f['psnr']:+.2f} dB / "
                     f"{q['encode_ms']['network']:.0f} (1/{f['encode_ms']['network'] / q['encode_ms']['network']:.1f})"])
    out.append(table(["level", "full: bpp / PSNR / ms", "int8: bpp / PSNR / ms"], rows))
    curve = lambda d: [(m["bpp"], m["psnr"]) for m in d["levels"]]  # noqa: E731
    out.append(f"BD-rate of the int8 encoder against the float one: **{percent(bd_rate(curve(full), curve(int8)))}**.\n")
    return out + encoders_on_a_camera()


def encoders_on_a_camera():
    """The float and int8 encoders on a fixed camera at 720p, dense and sparse, from one bench-video run."""
    d = load("encoders-720p-car-detection.json")
    if d is None:
        return [missing("encoders-720p-car-detection.json")]
    out = ["On a fixed camera, where the frames are smooth and the top levels pass 45 dB, the int8 encoder costs "
           f"more: car-detection scaled to 1280x720, {d['frames']} frames, each encoder dense and sparse in one run "
           f"on {d.get('cpu', 'an unrecorded CPU')}: `bin/latentstream bench-video --video "
           "../shared/data/video/intel-sample-videos/car-detection.mp4 --size 1280x720 --frames-max 60 --fps 12.5 "
           "--quality all --modes inter --encoder full,int8 --change-threshold 0,3.0` "
           "(`benchmarks/run.sh encoders`). Encode = network + entropy + reconstruction, mean ms per frame at "
           f"level {VIDEO_LEVEL}; BD-rate against the float encoder's dense ladder.\n"]
    runs = [r for r in d["levels"] if r["level"] == VIDEO_LEVEL]
    top = {r["mode"]: r for r in d["levels"] if r["level"] == max(x["level"] for x in d["levels"])}
    dense_ms = encode_decode_ms(runs[0])[0]
    rows = []
    for r in runs:
        enc = encode_decode_ms(r)[0]
        bd = next((v for k, v in d["bd_rate_percent"].items() if k.startswith(r["mode"] + " vs")), 0.0)
        rows.append([r["encoder"], "dense" if r["change_threshold"] == 0 else f"sparse ({r['change_threshold']:g})",
                     f"{enc:.0f} (1/{dense_ms / enc:.1f})", f"{r['psnr']:.2f}", f"{top[r['mode']]['psnr']:.2f}",
                     percent(bd)])
    out.append(table(["encoder", "analysis", f"level {VIDEO_LEVEL} encode ms", f"level {VIDEO_LEVEL} PSNR",
                      "top level PSNR", "BD-rate"], rows))
    out.append(f"![float and int8 encoders on car-detection]({LINK}/encoders-720p-car-detection.svg)\n")
    return out


def decoders():
    d = load("decoders.json")
    out = ["### Decoder variants\n"]
    if d is None:
        return out + [missing("decoders.json")]
    out.append(f"The same Kodak bitstreams decoded by each variant of the synthesis ({d['images']} images, "
               f"{d['ort_threads']} ONNX Runtime threads; synthesis-network time): "
               "`bin/latentstream bench-decoders --images ../shared/data/kodak --threads 2`. "
               "`--decoder NAME` picks one on `consume` and the decode commands.\n")
    variants = list(dict.fromkeys(r["decoder"] for r in d["rows"]))
    by = {(r["decoder"], r["level"]): r for r in d["rows"]}
    levels = sorted({r["level"] for r in d["rows"]})
    full = variants[0]
    header = ["level", "bpp", f"{full}: PSNR / ms"] + [f"{v}: ΔPSNR / time" for v in variants[1:]]
    rows = []
    for lv in levels:
        f = by[(full, lv)]
        row = [lv, f"{f['bpp']:.3f}", f"{f['psnr']:.2f} / {f['decode_network_ms']:.0f}"]
        for v in variants[1:]:
            r = by[(v, lv)]
            row.append(f"{r['psnr_delta_db']:+.2f} dB / {r['decode_time_change_percent']:+.0f}%")
        rows.append(row)
    out.append(table(header, rows))
    return out


def at_psnr(curve, psnr):
    points = sorted((p["psnr"], p["bpp"]) for p in curve)
    for (p0, b0), (p1, b1) in zip(points, points[1:]):
        if p0 <= psnr <= p1:
            t = (psnr - p0) / (p1 - p0)
            return math.exp(math.log(b0) + t * (math.log(b1) - math.log(b0)))
    return None


def video_row(d):
    runs = {(r["level"], r["mode"]): r for r in d["levels"]}
    inter, intra = runs[(VIDEO_LEVEL, "inter")], runs.get((VIDEO_LEVEL, "intra"))
    inter_frames = d["frames"] - inter["key_frames"]
    bd = d["bd_rate_percent"]
    x264 = at_psnr(d.get("baseline_x264", []), inter["psnr"])
    return [
        os.path.basename(d["source"]), f"{d['width']}x{d['height']}", d["frames"],
        percent(bd.get("inter vs our intra")), percent(bd.get("inter vs x264")), percent(bd.get("inter vs mjpeg")),
        f"{inter['bpp']:.4f} / {inter['psnr']:.2f} / {inter['kbit_per_s']:.1f}",
        f"{inter['key_bytes'] // inter['key_frames']} / {inter['inter_bytes'] / max(1, inter_frames):.0f}",
        f"{intra['bpp']:.4f} / {intra['psnr']:.2f}" if intra else "-",
        f"{x264:.4f}" if x264 else "outside its curve",
    ]


def video_speed_row(d):
    inter = next(r for r in d["levels"] if r["level"] == VIDEO_LEVEL and r["mode"] == "inter")
    frames = inter["frames"]
    key = [f for f in frames if f["type"] == "INTRA"]
    rest = [f for f in frames if f["type"] != "INTRA"]

    def mean(fs, part, what):
        return sum(f[part][what] for f in fs) / len(fs) if fs else float("nan")

    return [os.path.basename(d["source"]), f"{d['width']}x{d['height']}",
            f"{mean(key, 'encode_ms', 'network'):.0f} + {mean(key, 'encode_ms', 'entropy'):.1f}",
            f"{mean(rest, 'encode_ms', 'network'):.0f} + {mean(rest, 'encode_ms', 'entropy'):.1f}",
            f"{mean(rest, 'decode_ms', 'entropy'):.1f} + {mean(rest, 'decode_ms', 'network'):.0f}"]


def video():
    out = ["## Fixed cameras (key and inter frames)\n"]
    runs = per_clip("video")
    have = [(name, d) for name, d in runs if d is not None]
    if not have:
        return out + [missing("video-*.json")]
    d0 = have[0][1]
    out.append(f"Each development clip, 60 frames (one key frame, then inter frames; `--inter-step "
               f"{d0['inter_step']}`, rate-distortion inter choices, GOP {d0['gop']}, "
               + (f"change threshold {d0['change_threshold']}" if d0.get("change_threshold") else "dense analysis")
               + "), against our intra-only coding "
               "and x264 (preset medium, CRF 18-48) and MJPEG from Debian's ffmpeg on the same frames: "
               "`bin/latentstream bench-video --video CLIP --frames-max 60 --fps FPS --quality all "
               "--baseline x264,mjpeg` (FPS 12.5 for car-detection, 10 for the others; `benchmarks/run.sh video`). "
               f"Model `{d0['model']}` `{d0['version']}`, bitstream format {d0['bitstream_format']}. "
               f"\"Level {VIDEO_LEVEL} inter\" codes on a finer key grid with a coarser residual step "
               "(docs/bitstream.md).\n")
    out.append(table(["clip", "size", "frames", "BD-rate inter vs our intra", "inter vs x264", "inter vs MJPEG",
                      f"level {VIDEO_LEVEL} inter bpp / PSNR / kbit/s", "bytes per key / inter frame",
                      f"level {VIDEO_LEVEL} intra bpp / PSNR", "x264 bpp at that PSNR"],
                     [video_row(d) for _, d in have]))
    for name, d in runs:
        if d is None:
            out.append(missing(f"video-{name}.json"))
    long = load("video-car-detection-300.json")
    if long is not None:
        runs300 = {r["level"]: r for r in long["levels"] if r["mode"] == "inter"}
        r = runs300.get(VIDEO_LEVEL)
        out.append(f"A longer run, {long['frames']} frames of car-detection, inter only "
                   "(`benchmarks/run.sh video-long`): inter vs x264 "
                   f"**{percent(long['bd_rate_percent'].get('inter vs x264'))}**"
                   + (f"; level {VIDEO_LEVEL} codes {r['key_frames']} key frames ({r['key_bytes']:,} bytes) and "
                      f"{long['frames'] - r['key_frames']} inter frames ({r['inter_bytes']:,} bytes) at "
                      f"{r['psnr']:.2f} dB." if r else ".") + "\n")
    else:
        out.append(missing("video-car-detection-300.json"))
    out.append(f"Mean time per frame at level {VIDEO_LEVEL} (2 ONNX Runtime threads; encode network + entropy, "
               "decode entropy + network; the decode is also what the encoder spends on each frame's PSNR):\n")
    out.append(table(["clip", "size", "key frame encode ms", "inter frame encode ms", "inter frame decode ms"],
                     [video_speed_row(d) for _, d in have]))
    out.append("Curves (ours inter and intra, x264, MJPEG):\n")
    out += [f"![{name}]({LINK}/video-{name}.svg)" for name, _ in have]
    out.append("")
    return out


def formats(runs):
    """The bitstream formats of (name, JSON) runs, naming the clips of each where they differ."""
    by = {}
    for name, d in runs:
        by.setdefault(d.get("bitstream_format", "?"), []).append(name)
    if len(by) == 1:
        return f"bitstream format {next(iter(by))}"
    return "; ".join(f"bitstream format {f}: {', '.join(names)}" for f, names in sorted(by.items()))


def sparse():
    out = ["## Sparse analysis and synthesis\n"]
    have = [(name, d) for name, d in per_clip("sparse-720p") if d is not None]
    if not have:
        return out + [missing("sparse-720p-*.json")]
    t = have[0][1]["levels"][1]["change_threshold"] if len(have[0][1]["levels"]) > 1 else None
    out.append(f"Each development clip scaled to 1280x720, 60 frames, dense (every frame analysed and synthesized "
               f"whole) against sparse (`--change-threshold {t}`: the encoder network runs only on tiles whose pixels "
               "changed by more than the threshold, or than the noise each tile has learned, and on the whole frame "
               "every 32 frames; the synthesis only in "
               "windows fitted to where symbols changed; the same sparse synthesis makes the encoder's reconstruction for PSNR) "
               f"in one run, frame by frame in turn (so the machine's drift falls on both alike; {formats(have)}): "
               "`bin/latentstream bench-video --video CLIP --size "
               f"1280x720 --frames-max 60 --quality all --modes inter --change-threshold 0,{t}`. Encode = network + "
               "entropy + reconstruction (the decoder's synthesis, the same work), decode = entropy + synthesis; "
               f"mean ms per frame at level {VIDEO_LEVEL}, key frame included.\n")
    rows = []
    totals = [0.0, 0.0, 0.0, 0.0]
    speed_rows = []
    for name, d in have:
        dense, sp, bd = sparse_pair(d)
        (de, dd), (se, sd) = encode_decode_ms(dense), encode_decode_ms(sp)
        for i, v in enumerate((de, se, dd, sd)):
            totals[i] += v
        rows.append([name, f"{de:.0f} → {se:.0f} (1/{de / se:.1f})", f"{dd:.0f} → {sd:.0f} (1/{dd / sd:.1f})",
                     f"{dense['psnr']:.2f} → {sp['psnr']:.2f}", percent(bd)])
        for x in d.get("speed_x264", []):
            speed_rows.append([name, f"{x['preset']}, CRF {x['crf']}", f"{x['bpp']:.4f} / {x['psnr']:.2f}",
                               f"{x['encode_ms']:.1f} ({se / x['encode_ms']:.0f}x)",
                               f"{x['decode_ms']:.1f} ({sd / x['decode_ms']:.0f}x)"])
    rows.append(["all clips", f"1/{totals[0] / totals[1]:.1f}", f"1/{totals[2] / totals[3]:.1f}", "", ""])
    out.append(table(["clip (1280x720)", "encode ms, dense → sparse", "decode ms, dense → sparse",
                      f"level {VIDEO_LEVEL} PSNR", "BD-rate sparse vs dense ladder"], rows))
    if speed_rows:
        threads = have[0][1]["speed_x264"][0]["threads"]
        psnrs = [x["psnr"] for _, d in have for x in d.get("speed_x264", [])]
        lo, hi = min(psnrs), max(psnrs)
        out.append(f"\nx264 from Debian's ffmpeg on the same frames in the same run (`--baseline x264-speed`, "
                   f"{threads} threads): ms per frame on ffmpeg's own clock (`-benchmark`), RGB in and out as ours; "
                   f"in brackets, how many times that our sparse path at level {VIDEO_LEVEL} takes. At CRF "
                   f"{have[0][1]['speed_x264'][0]['crf']} x264 codes these frames at {lo:.0f}-{hi:.0f} dB, above our "
                   f"level {VIDEO_LEVEL}.\n")
        out.append(table(["clip (1280x720)", "x264 preset", "bpp / PSNR", "encode ms (ours: x)",
                          "decode ms (ours: x)"], speed_rows))
    return out


def jmh_rows(runs):
    by = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1])
        by.setdefault(key, []).append(r)
    rows = []
    entropy = {k: v for k, v in by.items() if k[0] == "EntropyCoderBenchmark"}
    for (_, op), rs in sorted(entropy.items()):
        rs = sorted(rs, key=lambda r: int(r["params"]["level"]))
        rows.append([f"key-frame entropy {op}, real latents of a 1280x720 frame (levels "
                     + " / ".join(r["params"]["level"] for r in rs) + ")",
                     " / ".join(f"{r['primaryMetric']['score'] / 1e6:.0f}" for r in rs) + " M symbols/s"])
    codec = {k: v for k, v in by.items() if k[0] == "CodecBenchmark"}
    for (_, op), rs in sorted(codec.items(), reverse=True):
        rs = sorted(rs, key=lambda r: [int(x) for x in r["params"]["size"].split("x")])
        rows.append([f"key frame {op} " + " / ".join(r["params"]["size"] for r in rs)
                     + f", level {rs[0]['params']['level']}",
                     " / ".join(f"{r['primaryMetric']['score']:.0f} ± {r['primaryMetric']['scoreError']:.0f}"
                                for r in rs) + " ms"])
    return rows


def speed():
    out = ["## Speed\n"]
    jmh = load("jmh.json")
    if jmh is None:
        out.append(missing("jmh.json"))
    else:
        out.append("JMH, 2 cores, 2 ONNX Runtime threads, 3 iterations of 2 s after 2 of warm-up (`bin/latentstream-jmh "
                   "EntropyCoderBenchmark CodecBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s`; `benchmarks/run.sh jmh`):\n")
        out.append(table(["benchmark", "result (± 99.9% interval)"], jmh_rows(jmh)))
    k = load("kodak.json")
    if k is not None:
        shares = [m["entropy_share_of_encode"] * 100 for m in k["levels"]]
        out.append(f"Entropy coding is {min(shares):.1f}-{max(shares):.1f}% of key-frame encode time on Kodak; "
                   "the networks are the rest.\n")
    job = load("job.json")
    if job is None:
        out.append(missing("job.json"))
    else:
        out.append(f"The whole job against the codec alone, in one run (`bin/latentstream bench-job`; "
                   f"`benchmarks/run.sh job`): {job['cameras']} cameras x {job['frames_per_camera']} frames of "
                   f"{job['source']} at {job['width']}x{job['height']}, level {job['level']}, Kafka → validate → "
                   f"encode (key and inter frames) + reconstruct + PSNR → Kafka exactly once, parallelism "
                   f"{job['parallelism']}, batch {job['max_batch']}; the codec alone does the encode operator's work "
                   f"on as many threads. The cameras sat "
                   f"{':'.join(str(c) for c in job['cameras_per_subtask'])} on the encode subtasks."
                   f"{network_buffers(job)}\n")
        run = job["runs"][0]
        out.append(table(["", "codec alone, frames/s", "job, frames/s", "job / codec"], [
            ["steady state (10%..90% of frames done)", f"{run['codec_steady_frames_per_s']:.2f}",
             f"{run['job_steady_frames_per_s']:.2f}",
             f"{job_over_codec(run):.2f}"],
            ["all frames (the job from submission: startup and last checkpoint included)",
             f"{run['codec_frames_per_s']:.2f}", f"{run['job_end_to_end_frames_per_s']:.2f}",
             f"{run['job_end_to_end_frames_per_s'] / run['codec_frames_per_s']:.2f}"],
        ]))
    clips = [(f, load(f)) for f in JOB_720P]
    shown = [j for _, j in clips if j is not None]
    out += [missing(f) for f, j in clips if j is None]
    if shown:
        j = shown[0]
        rows = []
        for j2 in shown:
            dense = j2["runs"][0]
            rows += [[j2["source"], f"change threshold {r['change_threshold']:g}"
                      + (" (dense)" if r["change_threshold"] == 0 else ""),
                      f"{r['codec_steady_frames_per_s']:.2f}", f"{r['job_steady_frames_per_s']:.2f}",
                      f"{job_over_codec(r):.2f}", f"{job_over_dense(r, dense):.2f}"] for r in j2["runs"]]
        out.append(f"At 1280x720, dense against sparse in one run per clip: {j['cameras']} cameras x "
                   f"{j['frames_per_camera']} frames of the clip, placed "
                   f"{':'.join(str(c) for c in j['cameras_per_subtask'])} on the encode subtasks by `--cameras` "
                   f"(`bin/latentstream bench-job --source CLIP --size 1280x720 --cameras {j['cameras']} --frames "
                   f"{j['frames_per_camera']} --change-threshold 0,3`; `benchmarks/run.sh job-720p`)."
                   f"{network_buffers(j)}\n")
        out.append(table(["clip", "path", "codec alone, steady state, frames/s", "job, steady state, frames/s",
                          "job / codec", "job against dense"], rows))
    return out


# bench-job at 1280x720 on the two fixed cameras (benchmarks/run.sh job-720p).
JOB_720P = ["job-720p.json", "job-720p-one-by-one-person-detection.json"]


def network_buffers(job):
    """The job's network buffer size, where the run recorded it (runs before 2026-12-07 had Flink's 32 KiB)."""
    b = job.get("network_buffer_bytes")
    if b is None:
        return ""
    size = f"{b >> 20} MiB" if b >= 1 << 20 else f"{b >> 10} KiB"
    count = job["runs"][0].get("network_buffers")
    return (f" Network buffers of {size} (`taskmanager.memory.segment-size`, half a raw frame as "
            f"deploy/flink/config.yaml sets them; Flink's default 32 KiB put the encode subtasks in lockstep)"
            + (f", {count} of them, every buffer pool of the job at its maximum (what the job recommends at "
               f"submission)." if count is not None else "."))


SUMMARY_START, SUMMARY_END = "<!-- summary: benchmarks/results.py --readme -->", "<!-- /summary -->"


def summary():
    lines = []
    k = load("kodak.json")
    if k is not None:
        lv = k["levels"]
        jpeg = next((v for n, v in k["bd_rate_percent"].items() if "JPEG (Java" in n), None)
        lines.append(f"- Kodak, model `{k['model']}`, levels {lv[0]['level']}-{lv[-1]['level']}: "
                     f"{lv[0]['bpp']:.3f}-{lv[-1]['bpp']:.3f} bpp at {lv[0]['psnr']:.2f}-{lv[-1]['psnr']:.2f} dB PSNR; "
                     f"BD-rate {percent(jpeg)} against JPEG.")
    videos = [(n, d) for n, d in per_clip("video") if d is not None]
    if videos:
        intra = [d["bd_rate_percent"].get("inter vs our intra") for _, d in videos]
        intra = [v for v in intra if v is not None]
        x264 = ", ".join(f"{percent(d['bd_rate_percent'].get('inter vs x264'))} ({n})" for n, d in videos)
        lines.append(f"- Fixed cameras, {videos[0][1]['frames']} frames, inter coding: "
                     f"{-max(intra):.0f}-{-min(intra):.0f}% fewer bits than our own intra coding at equal PSNR; "
                     f"against x264 (medium) {x264}.")
    ratios, bds, vs_x264 = [], [], []
    for name, d in per_clip("sparse-720p"):
        if d is not None:
            dense, sp, bd = sparse_pair(d)
            ratios.append(f"1/{encode_decode_ms(dense)[0] / encode_decode_ms(sp)[0]:.1f} ({name})")
            bds.append(bd)
            se, sd = encode_decode_ms(sp)
            vs_x264 += [(se / x["encode_ms"], sd / x["decode_ms"]) for x in d.get("speed_x264", [])
                        if x["preset"] == "veryfast"]
    if ratios:
        against_x264 = ""
        if vs_x264:
            enc, dec = [e for e, _ in vs_x264], [d for _, d in vs_x264]
            against_x264 = (f"; it takes {min(enc):.0f}-{max(enc):.0f}x the encode time and {min(dec):.0f}-"
                            f"{max(dec):.0f}x the decode time of x264 veryfast on the same frames")
        lines.append("- Sparse coding (the default) at 1280x720: encode time against the whole-frame path "
                     + ", ".join(ratios) + f", for a BD-rate within {max(abs(b) for b in bds):.1f}% of it"
                     + against_x264 + ".")
    jmh = load("jmh.json")
    jobs = [(d["source"].removesuffix(".mp4"), d) for d in map(load, JOB_720P) if d]
    if jmh is not None:
        ms = {(r["benchmark"].rsplit(".", 1)[-1], r["params"].get("size")): r["primaryMetric"]["score"]
              for r in jmh if "CodecBenchmark" in r["benchmark"]}
        if ("encode", "1280x720") in ms:
            parts = []
            for name, d in jobs:
                dense, sparse = d["runs"][0], d["runs"][-1]
                parts.append(f"{job_over_dense(sparse, dense):.1f}x ({name}, {job_over_codec(sparse):.2f} of its "
                             "codec alone)")
            lines.append(f"- Speed on 2 CPU cores: a 1280x720 key frame encodes in {ms[('encode', '1280x720')]:.0f} ms "
                         f"and decodes in {ms[('decode', '1280x720')]:.0f} ms"
                         + ("; the whole job at 1280x720 (4 cameras), sparse, runs at " + ", ".join(parts)
                            + " the rate of the whole-frame job in steady state." if parts else "."))
    return lines


def update_readme(path):
    text = open(path).read()
    a, b = text.index(SUMMARY_START), text.index(SUMMARY_END)
    text = text[:a] + SUMMARY_START + "\n" + "\n".join(summary()) + "\n" + text[b:]
    open(path, "w").write(text)


def main():
    if sys.argv[1:2] == ["--readme"]:
        update_readme(sys.argv[2])
        return
    page = ["# Results\n",
            "Generated by `python3 benchmarks/results.py > docs/results.md` from the JSON in "
            "[benchmarks/results/](../benchmarks/results/), which `benchmarks/run.sh` writes (about an hour on our "
            "2-core machines, nothing else running); do not edit by hand. What was measured and dropped, and why: "
            "[decisions.md](decisions.md). The model and how it was trained: "
            "[training/README.md](../training/README.md).\n"]
    for section in (kodak, encoders, decoders, video, sparse, speed):
        page += section()
    sys.stdout.write("\n".join(page))


if __name__ == "__main__":
    main()
