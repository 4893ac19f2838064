#!/usr/bin/env python3
"""A slimmer analysis network (N hidden channels instead of 96) for the shipped model: an encoder
variant in the making (issue 15; docs/decisions.md, "Speed and the job").

  nice /usr/bin/python3 training/distill_analysis.py 64 MINUTES [LR]

The student resumes from training/checkpoints/analysis-n<N>.pt, or starts from the shipped analysis
with each hidden layer pruned to its N channels that the next convolution weighs most, and trains on
the model's own rate-distortion objective (train.py's) through the shipped gains, priors and
synthesis, all frozen: so its symbols decode with the shipped decoders. Every 10 minutes it prints
validation bpp/PSNR per level beside the shipped analysis' and saves the checkpoint. Not yet
exported or wired as a variant.
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import CropSampler, shared_data, validation_batch  # noqa: E402
from latentstream.model import Analysis4, GainedCodec  # noqa: E402
from train import HERE, evaluate, rd_terms, save  # noqa: E402

CONVS, GDNS = (0, 2, 4, 6), (1, 3, 5)  # positions in Analysis4.layers


def pruned(teacher, n):
    """Analysis4 with n hidden channels: the teacher's, per hidden layer those its next convolution weighs most."""
    t = teacher.layers
    student = Analysis4(n, t[CONVS[-1]].weight.shape[0])
    s = student.layers
    keep = [torch.sort(torch.argsort(t[CONVS[i + 1]].weight.pow(2).sum(dim=(0, 2, 3)), descending=True)[:n]).values
            for i in range(3)]
    with torch.no_grad():
        for i, ci in enumerate(CONVS):
            w = t[ci].weight[keep[i]] if i < 3 else t[ci].weight
            s[ci].weight.copy_(w[:, keep[i - 1]] if i > 0 else w)
            s[ci].bias.copy_(t[ci].bias[keep[i]] if i < 3 else t[ci].bias)
        for i, gi in enumerate(GDNS):
            s[gi].beta_param.copy_(t[gi].beta_param[keep[i]])
            s[gi].gamma_param.copy_(t[gi].gamma_param[keep[i]][:, keep[i]])
    return student


def show(name, rows):
    print(name, " ".join(f"L{level} {bpp:.3f}/{psnr:.2f}" for level, _, bpp, psnr in rows), flush=True)


def main():
    n, minutes = int(sys.argv[1]), float(sys.argv[2])
    lr = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-4
    torch.set_num_threads(2)
    torch.manual_seed(0)
    state = torch.load(os.path.join(HERE, "checkpoints", "best.pt"), map_location="cpu")
    model = GainedCodec(**state["config"])
    model.load_state_dict(state["model"])
    for p in model.parameters():
        p.requires_grad_(False)
    data = os.path.join(shared_data(), "train")
    val = validation_batch(data)
    show("shipped analysis", evaluate(model, val)[1])

    path = os.path.join(HERE, "checkpoints", f"analysis-n{n}.pt")
    step = 0
    if os.path.exists(path):
        saved = torch.load(path, map_location="cpu")
        student = Analysis4(n, model.m)
        student.load_state_dict(saved["model"])
        step = saved["step"]
        print("resumed", path, "at step", step, flush=True)
    else:
        student = pruned(model.analysis, n)
    model.analysis = student  # trainable; everything else stays frozen
    show("student at the start", evaluate(model, val)[1])

    sampler = CropSampler(data, 128, seed=1)
    opt = torch.optim.Adam(student.parameters(), lr=lr)
    start = time.time()
    next_eval = start + 600
    while time.time() - start < minutes * 60:
        level = step % model.levels
        bpp, mse = rd_terms(model, sampler.batch(8, "cpu"), level, training=True)
        loss = bpp + model.lambdas[level] * 255 ** 2 * mse
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
        opt.step()
        step += 1
        last = time.time() - start >= minutes * 60
        if time.time() >= next_eval or last:
            next_eval = time.time() + 600
            show(f"student step {step} ({(time.time() - start) / 60:.0f} min)", evaluate(model, val)[1])
            save(path, {"n": n, "model": student.state_dict(), "step": step})


if __name__ == "__main__":
    main()
