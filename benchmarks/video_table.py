#!/usr/bin/env python3
"""Markdown table of `bin/latentstream bench-video --json` results, one row per clip.

  python3 benchmarks/video_table.py target/bench/*.json

Inter/intra ratio and BD-rates come from the JSON; the x264 bits at our level-3 inter
PSNR are interpolated (log bpp, linear in PSNR) on the measured x264 curve. Runs made
with `--modes inter` have no intra columns.
"""
import json
import math
import os
import sys

LEVEL = 3


def at_psnr(curve, psnr):
    points = sorted((p["psnr"], p["bpp"]) for p in curve)
    for (p0, b0), (p1, b1) in zip(points, points[1:]):
        if p0 <= psnr <= p1:
            t = (psnr - p0) / (p1 - p0)
            return math.exp(math.log(b0) + t * (math.log(b1) - math.log(b0)))
    return None


def percent(bd, name):
    v = bd.get(name)
    return "-" if v is None or math.isnan(v) else f"{v:+.1f}%"


def row(path):
    d = json.load(open(path))
    runs = {(r["level"], r["mode"]): r for r in d["levels"]}
    inter, intra = runs[(LEVEL, "inter")], runs.get((LEVEL, "intra"))
    inter_frames = d["frames"] - inter["key_frames"]
    bd = d["bd_rate_percent"]
    x264 = at_psnr(d.get("baseline_x264", []), inter["psnr"])
    cells = [
        os.path.basename(d["source"]), f"{d['width']}x{d['height']}", str(d["frames"]),
        percent(bd, "inter vs our intra"), percent(bd, "inter vs x264"), percent(bd, "inter vs mjpeg"),
        f"{inter['bpp']:.4f} / {inter['psnr']:.2f} / {inter['kbit_per_s']:.1f}",
        f"{inter['key_bytes'] // inter['key_frames']} / {inter['inter_bytes'] / max(1, inter_frames):.0f}",
        f"{intra['bpp']:.4f} / {intra['psnr']:.2f}" if intra else "-",
        f"{x264:.4f}" if x264 else "outside its curve",
    ]
    return "| " + " | ".join(cells) + " |"


def main():
    print("| clip | size | frames | BD-rate inter vs our intra | inter vs x264 | inter vs MJPEG "
          f"| level {LEVEL} inter bpp / PSNR / kbit/s | bytes per key / inter frame "
          f"| level {LEVEL} intra bpp / PSNR | x264 bpp at that PSNR |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in sys.argv[1:]:
        print(row(path))


if __name__ == "__main__":
    main()
