#!/usr/bin/env python3
"""Markdown table of `bin/latentstream bench-video --json` results, one row per clip.

  python3 benchmarks/video_table.py target/bench/*.json

Inter/intra ratio and BD-rates come from the JSON; the x264 bits at our level-3 inter
PSNR are interpolated (log bpp, linear in PSNR) on the measured x264 curve.
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


def row(path):
    d = json.load(open(path))
    runs = {(r["level"], r["mode"]): r for r in d["levels"]}
    inter, intra = runs[(LEVEL, "inter")], runs[(LEVEL, "intra")]
    bd = d["bd_rate_percent"]
    x264 = at_psnr(d.get("baseline_x264", []), inter["psnr"])
    cells = [
        os.path.basename(d["source"]), f"{d['width']}x{d['height']}", str(d["frames"]),
        f"{bd.get('inter vs our intra', float('nan')):+.1f}%",
        f"{bd.get('inter vs x264', float('nan')):+.1f}%",
        f"{bd.get('inter vs mjpeg', float('nan')):+.1f}%",
        f"{inter['bpp']:.4f} / {inter['psnr']:.2f} / {inter['kbit_per_s']:.1f}",
        f"{intra['bpp']:.4f} / {intra['psnr']:.2f}",
        f"{x264:.4f}" if x264 else "outside its curve",
    ]
    return "| " + " | ".join(cells) + " |"


def main():
    print("| clip | size | frames | BD-rate inter vs our intra | inter vs x264 | inter vs MJPEG "
          f"| level {LEVEL} inter bpp / PSNR / kbit/s | level {LEVEL} intra bpp / PSNR | x264 bpp at that PSNR |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in sys.argv[1:]:
        print(row(path))


if __name__ == "__main__":
    main()
