#!/usr/bin/env python3
"""Measure, per level and latent channel, the picture error one symbol step makes.

  /usr/bin/python3 training/distortion_weights.py [--checkpoint training/checkpoints/best.pt] [--out models/<model id>]

The encoder weighs an inter frame's choices (keep a symbol or move it) by bits against
distortion; it sees symbols, not pixels, so it needs what an error of one symbol step in
channel c costs in the picture. That differs by two orders of magnitude between channels
(many are nearly unused at a level) and shrinks with the level's gain. Measured here on
the training pool's validation crops (never Kodak): every symbol of channel c on a sparse
grid of positions, far enough apart that the synthesis sees one at a time, moved by +1 and
by -1 from the rounded latent; the weight is the mean squared error added, summed over
RGB in 8-bit levels, per symbol moved. Writes distortion-weights.json into the bundle and
lists it in the card (encoder-side data: not part of the codec hash).
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import shared_data, validation_batch  # noqa: E402
from latentstream.model import GainedCodec  # noqa: E402

FORMAT = "latentstream-distortion-weights/1"
FILE = "distortion-weights.json"
# Synthesis reads under 2 latent positions around a symbol: symbols 6 apart never share a pixel.
SPACING = 6
CHANNEL_BATCH = 48


@torch.no_grad()
def channel_weights(model, images, level):
    """Squared 8-bit RGB error per symbol moved by one step, per channel, at level."""
    y = model.analysis(images) * model.gain(level)
    median = model.priors[level].medians().view(1, -1, 1, 1)
    y_hat = torch.round(y - median) + median
    base = model.synthesis(y_hat * model.inverse_gain(level))
    mask = torch.zeros_like(y_hat[:1, :1])
    mask[..., SPACING // 2::SPACING, SPACING // 2::SPACING] = 1
    moved = mask.sum() * images.shape[0]
    weights = torch.zeros(model.m)
    for sign in (1.0, -1.0):
        for c in range(model.m):
            shifted = y_hat.clone()
            shifted[:, c] += sign * mask[0, 0]
            error = (model.synthesis(shifted * model.inverse_gain(level)) - base) * 255
            weights[c] += error.pow(2).sum() / moved / 2
    return weights


def write(model, data, out):
    images = validation_batch(os.path.join(data, "train"), crop=128)
    levels = [{"level": q, "weights": [round(float(w), 4) for w in channel_weights(model, images, q)]}
              for q in range(model.levels)]
    path = os.path.join(out, FILE)
    with open(path, "w") as f:
        json.dump({"format": FORMAT, "unit": "squared error summed over RGB, 8-bit levels, per symbol step",
                   "levels": levels}, f, separators=(",", ":"))
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         "checkpoints", "best.pt"))
    ap.add_argument("--out", help="the model bundle (default: models/<model id> of the checkpoint)")
    ap.add_argument("--data", default=shared_data())
    args = ap.parse_args()
    torch.set_num_threads(2)
    state = torch.load(args.checkpoint, map_location="cpu")
    model = GainedCodec(**state["config"])
    model.load_state_dict(state["model"])
    model.eval()
    from export import model_id
    out = args.out or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models",
                                   model_id(state["config"]))
    card_path = os.path.join(out, "model-card.json")
    with open(card_path) as f:
        card = json.load(f)
    card["files"][FILE] = write(model, args.data, out)
    with open(card_path, "w") as f:
        json.dump(card, f, indent=1)
    print(f"wrote {os.path.join(out, FILE)}")


if __name__ == "__main__":
    main()
