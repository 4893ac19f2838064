#!/usr/bin/env python3
"""Packs the training pool small enough to travel to a borrowed GPU machine (about 36 MB).

  /usr/bin/python3 training/pack_pool.py training/runs/pool

The GPU machine reaches no data of ours, and what travels there is capped at 64 MiB with
the repository (about 25 MB). So: the BSDS500 train and val JPEGs as they are (their
test split stays behind), Urban100 at half resolution as JPEG q95 4:4:4 (the half-scale
copy the crop sampler makes anyway; full-resolution PNGs would need 136 MB), and the
validation images as their centre crops, losslessly, so the learning curve stays
comparable with runs on the full pool.
"""
import os
import shutil
import sys

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import VALIDATION, VALIDATION_CROP, list_pool, shared_data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(shared_data(), "train")
BSDS_SPLITS = ("bsds500/train/", "bsds500/val/")


def main():
    out = sys.argv[1]
    validation = set(VALIDATION)
    for rel in list_pool(SOURCE):
        src, dst = os.path.join(SOURCE, rel), os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel in validation:
            with Image.open(src) as im:
                im = im.convert("RGB")
                left, top = (im.width - VALIDATION_CROP) // 2, (im.height - VALIDATION_CROP) // 2
                crop = im.crop((left, top, left + VALIDATION_CROP, top + VALIDATION_CROP))
            # Under its own name, so validation_batch finds it (PNG content: Pillow reads
            # by content), and the centre crop of a crop-sized image is itself.
            crop.save(dst, format="PNG")
        elif rel.startswith(BSDS_SPLITS):
            shutil.copyfile(src, dst)
        elif rel.startswith("urban100/"):
            with Image.open(src) as im:
                half = im.convert("RGB").resize((im.width // 2, im.height // 2), Image.BICUBIC)
            half.save(os.path.splitext(dst)[0] + ".jpg", quality=95, subsampling=0)


if __name__ == "__main__":
    main()
