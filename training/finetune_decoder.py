#!/usr/bin/env python3
"""Fine-tunes a decoder-pruned synthesis variant against the frozen encoder and priors.

  /usr/bin/python3 training/finetune_decoder.py --variant K3x3 --minutes 10

The encoder, gains and entropy tables stay those of training/checkpoints/best.pt, so
the bitstream is unchanged and any decoder variant decodes it. The variant starts from
the full synthesis (layer by layer, see DECODER_VARIANTS: kernels cropped or zero-padded,
sub-pixel phases repeated for a larger scale) and learns on really quantized latents,
which are what it decodes in service; the loss is the MSE of every level in turn.

Writes training/checkpoints/decoder-<variant>.pt (synthesis and inverse gains, and the
step of the base checkpoint it belongs to); a run resumes from it when it belongs to the
same base step. One tuned for an earlier base step is a warm start instead, when its
validation PSNR on the new latents beats the freshly adapted full synthesis: the encoder
moves little between runs, so most of the earlier tuning still holds. At the end it prints
validation PSNR per level against the full decoder.
"""
import argparse
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import CropSampler, shared_data, validation_batch  # noqa: E402
from latentstream.model import DECODER_VARIANTS, GainedCodec, Synthesis  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(shared_data(), "train")


def variant_path(checkpoints: str, variant: str) -> str:
    return os.path.join(checkpoints, f"decoder-{variant.replace(',', '-')}.pt")


def adapt_conv(weight, bias, kernel, scale, src_scale):
    """A sub-pixel conv's weights moved to another kernel size and a multiple of its scale."""
    k_src = weight.shape[-1]
    if kernel < k_src:   # even kernel 2 reads pixels i..i+1: the lower-right of a 3x3
        weight = weight[..., k_src - kernel:, k_src - kernel:]
    elif kernel > k_src:
        pad = (kernel - k_src) // 2
        weight = F.pad(weight, (pad, pad, pad, pad))
    if scale != src_scale:
        # Output channel c*s^2 + dy*s + dx takes the source phase covering (dy, dx).
        ratio = scale // src_scale
        index = []
        for c in range(weight.shape[0] // src_scale ** 2):
            for dy in range(scale):
                for dx in range(scale):
                    index.append(c * src_scale ** 2 + (dy // ratio) * src_scale + dx // ratio)
        index = torch.tensor(index, device=weight.device)
        weight, bias = weight[index], bias[index]
    return weight.contiguous(), bias.contiguous()


def initial_synthesis(model: GainedCodec, variant: str) -> Synthesis:
    layers, sources = DECODER_VARIANTS[variant]
    synthesis = Synthesis(model.n, model.m, layers)
    full = model.synthesis.layers
    full_spec = model.synthesis.spec
    with torch.no_grad():
        for i, ((kernel, scale), src) in enumerate(zip(layers, sources)):
            up, src_up = synthesis.layers[2 * i], full[2 * src]
            w, b = adapt_conv(src_up.conv.weight, src_up.conv.bias, kernel, scale, full_spec[src][1])
            up.conv.weight.copy_(w)
            up.conv.bias.copy_(b)
            if i < len(layers) - 1:
                synthesis.layers[2 * i + 1].load_state_dict(full[2 * src + 1].state_dict())
    return synthesis


def quantized(model, x, level):
    with torch.no_grad():
        y = model.analysis(x) * model.gain(level)
        medians = model.priors[level].medians().view(1, -1, 1, 1)
        return torch.round(y - medians) + medians


def decode(synthesis, log_inverse_gain, y_hat, level):
    return synthesis(y_hat * torch.exp(log_inverse_gain[level]).view(1, -1, 1, 1))


@torch.no_grad()
def validation_psnr(model, synthesis, log_inverse_gain, val):
    out = []
    for level in range(model.levels):
        x_hat = decode(synthesis, log_inverse_gain, quantized(model, val, level), level).clamp(0, 1)
        out.append(10 * math.log10(1.0 / F.mse_loss(x_hat, val).item()))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", required=True, choices=sorted(DECODER_VARIANTS))
    ap.add_argument("--minutes", type=float, required=True)
    ap.add_argument("--base", default=os.path.join(HERE, "checkpoints", "best.pt"))
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(int(time.time()))

    base = torch.load(args.base, map_location="cpu")
    model = GainedCodec(**base["config"])
    model.load_state_dict(base["model"])
    model.to(args.device)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)

    out_path = variant_path(os.path.dirname(args.base), args.variant)
    synthesis = initial_synthesis(model, args.variant).to(args.device)
    log_inverse_gain = torch.nn.Parameter(model.log_inverse_gain.detach().clone())
    val = validation_batch(args.data).to(args.device)
    full_psnr = validation_psnr(model, model.synthesis, model.log_inverse_gain, val)
    step = 0
    if os.path.exists(out_path):
        state = torch.load(out_path, map_location=args.device)
        if state["base_step"] == base["step"]:
            synthesis.load_state_dict(state["synthesis"])
            log_inverse_gain.data.copy_(state["log_inverse_gain"])
            step = state["step"]
            print(f"resumed {out_path} at step {step}", flush=True)
        else:
            earlier = Synthesis(model.n, model.m, DECODER_VARIANTS[args.variant][0]).to(args.device)
            earlier.load_state_dict(state["synthesis"])
            earlier.eval()
            adapted = sum(validation_psnr(model, synthesis, log_inverse_gain, val))
            warm = sum(validation_psnr(model, earlier, state["log_inverse_gain"], val))
            print(f"mean validation PSNR: adapted full synthesis {adapted / model.levels:.2f} dB, "
                  f"tuned for step {state['base_step']} {warm / model.levels:.2f} dB", flush=True)
            if warm > adapted:
                synthesis = earlier
                log_inverse_gain.data.copy_(state["log_inverse_gain"])
    synthesis.train()

    sampler = CropSampler(args.data, args.crop, seed=step)
    opt = torch.optim.Adam(list(synthesis.parameters()) + [log_inverse_gain], lr=args.lr)
    start = time.time()
    budget = args.minutes * 60
    while time.time() - start < budget:
        # The last fifth at lr/10, as in train.py.
        for g in opt.param_groups:
            g["lr"] = args.lr * (0.1 if time.time() - start > 0.8 * budget else 1.0)
        level = step % model.levels
        x = sampler.batch(args.batch, args.device)
        loss = F.mse_loss(decode(synthesis, log_inverse_gain, quantized(model, x, level), level), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 100 == 0:
            print(f"step {step} level {level} mse {loss.item():.5f} elapsed {time.time() - start:.0f}s", flush=True)

    synthesis.eval()
    psnr = validation_psnr(model, synthesis, log_inverse_gain, val)
    torch.save({"variant": args.variant, "base_step": base["step"], "step": step,
                "synthesis": synthesis.state_dict(), "log_inverse_gain": log_inverse_gain.detach(),
                "validation_psnr": psnr, "full_validation_psnr": full_psnr}, out_path)
    print(f"{args.variant} after {step} steps -> {out_path}")
    for level, (p, f) in enumerate(zip(psnr, full_psnr)):
        print(f"  L{level}: {p:.2f} dB ({p - f:+.2f} vs full {f:.2f})")


if __name__ == "__main__":
    main()
