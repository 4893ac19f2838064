#!/usr/bin/env python3
"""Export a trained checkpoint as a model bundle that the Java codec loads.

  /usr/bin/python3 training/export.py [--checkpoint training/checkpoints/best.pt] [--out models/<model id>]

Writes encoder.onnx, decoder.onnx, entropy-tables.json, distortion-weights.json (what one
symbol step costs in the picture, for the encoder's choices), model-card.json (sha256 of
every file, codec hash), the decoder-pruned variants fine-tuned for this checkpoint
(decoder-<variant>.onnx, from training/finetune_decoder.py), each decoder's windowed form
(training/window_decoder.py) and golden/ test vectors: the symbols and
reconstruction that the training code gives for a fixed crop, which Java must match.
"""
import argparse
import datetime
import hashlib
import json
import os
import sys

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import load_rgb, shared_data  # noqa: E402
from latentstream.layers import GDN  # noqa: E402
from latentstream.model import DECODER_VARIANTS, LATENT_STRIDE, GainedCodec, Synthesis  # noqa: E402
from finetune_decoder import variant_path  # noqa: E402
from quantize_encoder import write_int8_encoder  # noqa: E402
from window_decoder import write_window_decoders  # noqa: E402
import distortion_weights  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
def model_id(config):
    """Names the shape: b16/b18 (Balle 2016 / 2018 factorized shape), variable rate, hidden channels."""
    return f"{'b16' if config['arch'] == 'b2016' else 'b18'}-vr-n{config['n']}"
TABLES_FORMAT = "latentstream-entropy-tables/1"
ARCHITECTURE_TEXT = {
    "b2016": {"family": "Balle et al. 2016 (GDN, factorized prior)",
              "analysis": "conv9x9/4 GDN conv5x5/2 GDN conv5x5/2",
              "synthesis": "subpixel-conv3x3 x2, IGDN, subpixel-conv3x3 x2, IGDN, subpixel-conv3x3 x4"},
    "b2018": {"family": "Balle et al. 2018 factorized-prior shape (CompressAI bmshj2018-factorized), GDN",
              "analysis": "conv5x5/2 GDN conv5x5/2 GDN conv5x5/2 GDN conv5x5/2",
              "synthesis": "(subpixel-conv3x3 x2, IGDN) x3, subpixel-conv3x3 x2"},
}
# Golden crop: a training-pool validation image, never Kodak.
GOLDEN_SOURCE = "train/bsds500/val/101085.jpg"
GOLDEN_CROP = (96, 32, 224, 160)  # left, top, right, bottom: 128 x 128


class FrozenGDN(nn.Module):
    """GDN with beta and gamma baked as constants: plain Conv/Mul/Sqrt in ONNX."""

    def __init__(self, gdn: GDN):
        super().__init__()
        beta, gamma = gdn.coefficients()
        c = gamma.shape[0]
        self.register_buffer("beta", beta.detach().clone())
        self.register_buffer("gamma", gamma.detach().clone().view(c, c, 1, 1))
        self.inverse = gdn.inverse

    def forward(self, x):
        norm = F.conv2d(x * x, self.gamma, self.beta)
        return x * torch.sqrt(norm) if self.inverse else x / torch.sqrt(norm)


def freeze(module: nn.Module) -> nn.Module:
    for name, child in module.named_children():
        if isinstance(child, GDN):
            setattr(module, name, FrozenGDN(child))
        else:
            freeze(child)
    return module


class EncoderGraph(nn.Module):
    def __init__(self, model: GainedCodec):
        super().__init__()
        self.analysis = freeze(model.analysis)
        self.register_buffer("gains", torch.exp(model.log_gain.detach()))

    def forward(self, image, level):
        return self.analysis(image) * self.gains[level].unsqueeze(-1).unsqueeze(-1)


class DecoderGraph(nn.Module):
    def __init__(self, synthesis: Synthesis, log_inverse_gain: torch.Tensor):
        super().__init__()
        self.synthesis = freeze(synthesis)
        self.register_buffer("inverse_gains", torch.exp(log_inverse_gain.detach()))

    def forward(self, latent, level):
        x = self.synthesis(latent * self.inverse_gains[level].unsqueeze(-1).unsqueeze(-1))
        return torch.clamp(x, 0.0, 1.0)


def tuned_variants(checkpoint_dir, base_step):
    """(variant, state) of the decoder variants fine-tuned against this base checkpoint."""
    out = []
    for variant in DECODER_VARIANTS:
        path = variant_path(checkpoint_dir, variant)
        if not os.path.exists(path):
            continue
        state = torch.load(path, map_location="cpu")
        if state["base_step"] != base_step:
            print(f"skipping {path}: tuned for step {state['base_step']}, the checkpoint is step {base_step}")
            continue
        out.append((variant, state))
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def export_onnx(graph, inputs, names, output, path, h_axis, w_axis):
    dynamic = {names[0]: {0: "batch", 2: h_axis, 3: w_axis}, names[1]: {0: "batch"},
               output: {0: "batch", 2: "out_h", 3: "out_w"}}
    torch.onnx.export(graph, inputs, path, input_names=list(names), output_names=[output],
                      dynamic_axes=dynamic, opset_version=17, do_constant_folding=True)


def golden(model, tables, data_root, out_dir):
    """Symbols and reconstruction of the training code for a fixed crop."""
    img = load_rgb(os.path.join(data_root, GOLDEN_SOURCE))
    left, top, right, bottom = GOLDEN_CROP
    crop = img[top:bottom, left:right]
    x = torch.from_numpy(crop.copy()).permute(2, 0, 1).float().div(255).unsqueeze(0)
    os.makedirs(out_dir, exist_ok=True)
    entries = []
    for level in (0, model.levels - 1):
        with torch.no_grad():
            y = model.analysis(x) * model.gain(level)
            medians = torch.tensor([t["median"] for t in tables[level]], dtype=torch.float32).view(1, -1, 1, 1)
            symbols = torch.round(y - medians)
            x_hat = model.synthesis((symbols + medians) * model.inverse_gain(level)).clamp(0, 1)
        sym = symbols[0].to(torch.int32).numpy()
        recon = (x_hat[0].permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8)
        Image.fromarray(recon).save(os.path.join(out_dir, f"recon-L{level}.png"))
        sym.astype("<i4").tofile(os.path.join(out_dir, f"symbols-L{level}.i32"))
        entries.append({"level": level, "symbols": f"symbols-L{level}.i32", "shape": list(sym.shape),
                        "reconstruction": f"recon-L{level}.png"})
    with open(os.path.join(out_dir, "golden.json"), "w") as f:
        json.dump({"source": GOLDEN_SOURCE, "crop_ltrb": list(GOLDEN_CROP), "levels": entries}, f, indent=1)


def record_kodak(card_path, bench_json):
    """Puts the per-level Kodak means and BD-rates of a Java bench run into the card."""
    with open(card_path) as f:
        card = json.load(f)
    with open(bench_json) as f:
        bench = json.load(f)
    if bench["model"] != card["model_id"] or bench["version"] != card["version"]:
        raise SystemExit(f"{bench_json} is for {bench['model']} {bench['version']}, the card is "
                         f"{card['model_id']} {card['version']}")
    card["kodak"] = {
        "command": "bin/latentstream bench --images ../shared/data/kodak --quality all --json target/kodak.json "
                   "--baseline jpeg --reference-curves kodak",
        "bpp_source": bench["bpp_source"],
        "bitstream_format": bench["bitstream_format"],
        "levels": [{k: lv[k] for k in ("level", "bpp", "psnr", "ms_ssim") if k in lv} for lv in bench["levels"]],
        "bd_rate_percent": bench["bd_rate_percent"],
    }
    with open(card_path, "w") as f:
        json.dump(card, f, indent=1)
    print(f"recorded Kodak results of {bench_json} in {card_path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=os.path.join(HERE, "checkpoints", "best.pt"))
    ap.add_argument("--out", help="model directory (default: models/<model id>)")
    ap.add_argument("--data", default=shared_data())
    ap.add_argument("--kodak-results", help="only record this `bin/latentstream bench` JSON (Kodak, real "
                    "bitstreams) as the card's Kodak results; exports nothing else")
    args = ap.parse_args()
    state = torch.load(args.checkpoint, map_location="cpu")
    mid = model_id(state["config"])
    out = args.out or os.path.join(REPO, "models", mid)
    card_path = os.path.join(out, "model-card.json")
    if args.kodak_results:
        record_kodak(card_path, args.kodak_results)
        return

    model = GainedCodec(**state["config"])
    model.load_state_dict(state["model"])
    model.eval()
    os.makedirs(out, exist_ok=True)

    tables = [prior.tables() for prior in model.priors]
    tables_path = os.path.join(out, "entropy-tables.json")
    with open(tables_path, "w") as f:
        json.dump({"format": TABLES_FORMAT, "precision": 16, "channels": model.m,
                   "levels": [{"level": q, "lambda": lam, "channels": tables[q]}
                              for q, lam in enumerate(model.lambdas)]}, f, separators=(",", ":"))

    decoders = {"full": "decoder.onnx"}
    variants = tuned_variants(os.path.dirname(args.checkpoint), state["step"])
    for variant, _ in variants:
        decoders[variant] = f"decoder-{variant.replace(',', '-')}.onnx"
    with torch.no_grad():
        image = torch.rand(1, 3, 64, 96)
        level = torch.tensor([0], dtype=torch.int64)
        export_onnx(EncoderGraph(model).eval(), (image, level), ("image", "level"), "latent",
                    os.path.join(out, "encoder.onnx"), "height", "width")
        latent = torch.zeros(1, model.m, 4, 6)
        graphs = [("full", DecoderGraph(model.synthesis, model.log_inverse_gain))]
        for variant, vstate in variants:
            synthesis = Synthesis(model.n, model.m, DECODER_VARIANTS[variant][0])
            synthesis.load_state_dict(vstate["synthesis"])
            graphs.append((variant, DecoderGraph(synthesis, vstate["log_inverse_gain"])))
        for variant, graph in graphs:
            export_onnx(graph.eval(), (latent, level), ("latent", "level"), "image",
                        os.path.join(out, decoders[variant]), "latent_height", "latent_width")
    # After the export, which froze the GDNs in place: golden vectors from the exported arithmetic.
    golden(model, tables, args.data, os.path.join(out, "golden"))
    for stale in os.listdir(out):
        if stale.startswith("decoder") and stale.endswith(".onnx") and stale not in decoders.values():
            os.remove(os.path.join(out, stale))

    distortion_weights.write(model, args.data, out)
    files = {name: sha256(os.path.join(out, name))
             for name in ("encoder.onnx", *decoders.values(), "entropy-tables.json", distortion_weights.FILE)}
    codec_hash = hashlib.sha256((files["encoder.onnx"] + "\n" + files["entropy-tables.json"]).encode()).hexdigest()
    card = {
        "model_id": mid,
        "version": f"{datetime.date.today().isoformat()}.step{state['step']}",
        "architecture": dict(ARCHITECTURE_TEXT[model.arch], n=model.n,
                             variable_rate="per-level gain and inverse-gain vectors, one factorized prior per level"),
        "latent_channels": model.m,
        "latent_stride": LATENT_STRIDE,
        "levels": [{"level": q, "lambda": lam} for q, lam in enumerate(model.lambdas)],
        "rounding": "symbol = round_half_even(latent - median); latent_hat = symbol + median",
        "io": {"encoder": "image float32[B,3,H,W] RGB in [0,1] (H, W multiples of 16), level int64[B] -> latent float32[B,M,H/16,W/16]",
               "decoder": "latent float32[B,M,h,w], level int64[B] -> image float32[B,3,16h,16w] in [0,1]"},
        "training": {"data": "BSDS500 + Urban100 random crops with flips, large images also at half size (Kodak never "
                             "seen): 128 px in batches of 8 on CPU, 256 px in batches of 16 on GPU (training/README.md)",
                     "steps": state["step"], "pixels_seen": state.get("pixels_seen"),
                     "validation_objective": state.get("objective")},
        "decoders": decoders,
        "decoder_variants": {variant: {"synthesis_layers_kernel_scale": DECODER_VARIANTS[variant][0],
                                       "fine_tune_steps": vstate["step"],
                                       "validation_psnr": vstate["validation_psnr"],
                                       "full_validation_psnr": vstate["full_validation_psnr"]}
                             for variant, vstate in variants},
        "files": files,
        "codec_hash": codec_hash,
        "kodak": None,
    }
    with open(card_path, "w") as f:
        json.dump(card, f, indent=1)
    print(f"exported {mid} step {state['step']} to {out}; codec hash {codec_hash[:16]}")
    print(write_int8_encoder(out))
    print(write_window_decoders(out))


if __name__ == "__main__":
    main()
