#!/usr/bin/env python3
"""Resumable, time-budgeted training of the variable-rate codec.

  /usr/bin/python3 training/train.py --hours 2

State lives in two places:
  training/runs/last.pt         weights, optimizers, step (ignored by git): resume point
  training/checkpoints/best.pt  weights only (committed): replaced only when the
                                validation rate-distortion objective improves
A new run resumes from last.pt, else from best.pt, so progress accumulates across
sessions. Every evaluation appends a row per level to training/runs/curve.csv.
"""
import argparse
import csv
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import CropSampler, shared_data, validation_batch  # noqa: E402
from latentstream.model import GainedCodec  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(shared_data(), "train")
PRIOR_LR_SCALE = 10.0


def rd_terms(model, x, level, training):
    x_hat, likelihood = model(x, level, training)
    pixels = x.shape[0] * x.shape[2] * x.shape[3]
    bpp = -torch.log2(likelihood).sum() / pixels
    mse = F.mse_loss(x_hat.clamp(0, 1) if not training else x_hat, x)
    return bpp, mse


@torch.no_grad()
def evaluate(model, val):
    model.eval()
    rows, objective = [], 0.0
    for level, lam in enumerate(model.lambdas):
        bpp, mse = rd_terms(model, val, level, training=False)
        psnr = 10 * math.log10(1.0 / max(mse.item(), 1e-12))
        objective += bpp.item() + lam * 255 ** 2 * mse.item()
        rows.append((level, lam, bpp.item(), psnr))
    model.train()
    return objective / model.levels, rows


def save(path, payload):
    tmp = path + ".tmp"
    torch.save(payload, tmp)
    os.replace(tmp, path)


LR_DROP_STEP = 15_000


def scheduled_lr(step):
    """5e-4 early; 1e-4 from LR_DROP_STEP on, where 5e-4 made validation worse (training/README.md)."""
    return 5e-4 if step < LR_DROP_STEP else 1e-4


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, required=True, help="wall-clock budget of this run")
    ap.add_argument("--max-steps", type=int, help="also stop after this many steps of this run (smoke tests)")
    ap.add_argument("--data", default=DEFAULT_DATA)
    # Small crops: at this budget the number of steps, not pixels per step, limits progress.
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, help="fixed learning rate (default: by step, see scheduled_lr)")
    ap.add_argument("--decay-fraction", type=float, default=0.15,
                    help="last fraction of the budget trained at lr/10")
    ap.add_argument("--eval-minutes", type=float, default=10.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--arch", default="b2018", choices=("b2016", "b2018"))
    ap.add_argument("--n", type=int, default=96)
    ap.add_argument("--m", type=int, default=144)
    ap.add_argument("--runs", default=os.path.join(HERE, "runs"))
    ap.add_argument("--best", default=os.path.join(HERE, "checkpoints", "best.pt"))
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.backends.cudnn.benchmark = True  # fixed crop size: let cuDNN pick its fastest kernels
    torch.manual_seed(int(time.time()))
    os.makedirs(args.runs, exist_ok=True)
    os.makedirs(os.path.dirname(args.best), exist_ok=True)
    last_path = os.path.join(args.runs, "last.pt")

    config = {"arch": args.arch, "n": args.n, "m": args.m}
    for path in (last_path, args.best):
        if os.path.exists(path):
            # A resumed run keeps the shape it was started with.
            config = torch.load(path, map_location="cpu").get("config", config)
            break
    model = GainedCodec(**config).to(args.device)
    aux_params = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    prior_params = [p for n, p in model.named_parameters() if n.startswith("priors.") and not n.endswith("quantiles")]
    transform_params = [p for n, p in model.named_parameters() if not n.startswith("priors.")]
    main_params = transform_params + prior_params
    # The densities start wide (scale 10) and must narrow by an order of magnitude; at
    # the transforms' rate Adam needs thousands of steps for that, so they learn 10x faster.
    opt = torch.optim.Adam([{"params": transform_params, "lr_scale": 1.0},
                            {"params": prior_params, "lr_scale": PRIOR_LR_SCALE}], lr=args.lr or scheduled_lr(0))
    aux_opt = torch.optim.Adam(aux_params, lr=1e-3)
    step, best_objective, pixels_seen = 0, float("inf"), None
    if os.path.exists(last_path):
        state = torch.load(last_path, map_location="cpu")
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        aux_opt.load_state_dict(state["aux_opt"])
        step, best_objective = state["step"], state["best_objective"]
        pixels_seen = state.get("pixels_seen")
        print(f"resumed {last_path} at step {step}", flush=True)
    elif os.path.exists(args.best):
        state = torch.load(args.best, map_location="cpu")
        model.load_state_dict(state["model"])
        step, pixels_seen = state["step"], state.get("pixels_seen")
        print(f"resumed weights of {args.best} at step {step}", flush=True)
    model = model.to(memory_format=torch.channels_last)

    sampler = CropSampler(args.data, args.crop, seed=step)
    val = validation_batch(args.data).to(args.device)
    if best_objective == float("inf") and os.path.exists(args.best):
        best_objective, _ = evaluate(model, val)
    print(f"{config}; {len(sampler.images)} training images; validation objective {best_objective:.4f}", flush=True)

    curve_path = os.path.join(args.runs, "curve.csv")
    new_curve = not os.path.exists(curve_path)
    curve = open(curve_path, "a", newline="")
    writer = csv.writer(curve)
    if new_curve:
        writer.writerow(["step", "pixels_seen", "level", "lambda", "val_bpp", "val_psnr", "val_objective"])

    start = time.time()
    budget = args.hours * 3600
    next_eval = start + args.eval_minutes * 60
    if pixels_seen is None:  # a checkpoint from before pixels were counted: as if all at this batch and crop
        pixels_seen = step * args.batch * args.crop ** 2
    first_step = step

    def done():
        return time.time() - start >= budget or (args.max_steps is not None and step - first_step >= args.max_steps)

    while not done():
        decayed = time.time() - start > (1 - args.decay_fraction) * budget
        lr = args.lr or scheduled_lr(step)
        for g in opt.param_groups:
            g["lr"] = lr * g["lr_scale"] * (0.1 if decayed else 1.0)
        level = step % model.levels
        x = sampler.batch(args.batch, args.device).contiguous(memory_format=torch.channels_last)
        bpp, mse = rd_terms(model, x, level, training=True)
        loss = bpp + model.lambdas[level] * 255 ** 2 * mse
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(main_params, 1.0)
        opt.step()
        aux_opt.zero_grad()
        model.aux_loss().backward()
        aux_opt.step()
        step += 1
        pixels_seen += x.shape[0] * x.shape[2] * x.shape[3]
        if step % 500 == 0:
            print(f"step {step} level {level} loss {loss.item():.4f} bpp {bpp.item():.3f} "
                  f"mse {mse.item():.5f} elapsed {time.time() - start:.0f}s", flush=True)
        if time.time() >= next_eval or done():
            next_eval = time.time() + args.eval_minutes * 60
            objective, rows = evaluate(model, val)
            for level_i, lam, vbpp, vpsnr in rows:
                writer.writerow([step, pixels_seen, level_i, lam, f"{vbpp:.4f}", f"{vpsnr:.3f}", f"{objective:.5f}"])
            curve.flush()
            print("eval step %d objective %.4f | %s" % (step, objective, " ".join(
                f"L{r[0]}:{r[2]:.3f}bpp/{r[3]:.2f}dB" for r in rows)), flush=True)
            if objective < best_objective:
                best_objective = objective
                save(args.best, {"model": model.state_dict(), "config": config, "step": step,
                                 "pixels_seen": pixels_seen, "objective": objective})
                print(f"new best {objective:.4f} -> {args.best}", flush=True)
            save(last_path, {"model": model.state_dict(), "config": config, "opt": opt.state_dict(),
                             "aux_opt": aux_opt.state_dict(), "step": step, "pixels_seen": pixels_seen,
                             "best_objective": best_objective})
    curve.close()


if __name__ == "__main__":
    main()
