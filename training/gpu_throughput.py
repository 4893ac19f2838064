#!/usr/bin/env python3
"""How many 1280x720 frames a second our networks run on one GPU in PyTorch: the ceiling of a GPU task slot.

  python3 training/gpu_throughput.py --json $OUT/gpu-throughput.json [--image frame.png]

For each precision (fp32, fp16, bf16) and batch (1 to 64): frames/s of the encoder network
(analysis and gain, rounded to the latent's symbols, as encoder.onnx) and of the decoder network
(inverse gain and synthesis, as decoder.onnx), at level 3, channels-last, cuDNN autotuned, timed on
the device's clock after warm-up. fp16 and bf16 are what a GPU slot would run for speed, so with
--image the script also says what they change on that picture against fp32: the share of level-3
symbols that differ, and the PSNR of the fp16/bf16 synthesis of fp32's symbols against fp32's own.
Entropy coding (on the CPU in the job) is not part of these figures.

Runs wherever torch runs (--device cpu with a small --size checks the script itself); the
checkpoint loads onto any device.
"""
import argparse
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.model import GainedCodec  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PRECISIONS = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
LEVEL = 3


class Networks:
    """The two networks as the ONNX bundle has them, in one precision on one device."""

    def __init__(self, codec, dtype, device):
        self.analysis = codec.analysis.to(device=device, dtype=dtype).to(memory_format=torch.channels_last)
        self.synthesis = codec.synthesis.to(device=device, dtype=dtype).to(memory_format=torch.channels_last)
        self.gain = codec.gain(LEVEL).to(device=device, dtype=dtype)
        self.inverse_gain = codec.inverse_gain(LEVEL).to(device=device, dtype=dtype)

    def encode(self, x):
        return torch.round(self.analysis(x) * self.gain)

    def decode(self, symbols):
        return torch.clamp(self.synthesis(symbols * self.inverse_gain), 0.0, 1.0)


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def frames_per_s(step, batch, device, min_seconds):
    """Frames a second of step() on batches of `batch`, after warm-up (cuDNN's autotuning included)."""
    for _ in range(3):
        step()
    synchronize(device)
    runs, start = 0, time.perf_counter()
    while True:
        step()
        runs += 1
        synchronize(device)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and runs >= 3:
            return runs * batch / elapsed


def load_codec(checkpoint):
    state = torch.load(checkpoint, map_location="cpu")
    codec = GainedCodec(**state["config"])
    codec.load_state_dict(state["model"])
    return codec.eval(), state


def picture(path, width, height):
    image = Image.open(path).convert("RGB").resize((width, height), Image.BICUBIC)
    x = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).permute(2, 0, 1).unsqueeze(0)
    return x.contiguous(memory_format=torch.channels_last)


def psnr(a, b):
    mse = torch.mean((a.float() - b.float()) ** 2).item()
    return math.inf if mse == 0 else 10 * math.log10(1.0 / mse)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=os.path.join(HERE, "checkpoints", "best.pt"))
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--size", default="1280x720", help="WIDTHxHEIGHT, multiples of 16")
    ap.add_argument("--batches", default="1,2,4,8,16,32,64")
    ap.add_argument("--precisions", default="fp32,fp16,bf16")
    ap.add_argument("--min-seconds", type=float, default=1.0, help="timing per figure, after warm-up")
    ap.add_argument("--image", help="a picture for what fp16/bf16 change (resized to --size)")
    ap.add_argument("--json", required=True)
    args = ap.parse_args()

    width, height = (int(v) for v in args.size.split("x"))
    if width % 16 or height % 16:
        ap.error("--size must be multiples of 16 (the latent's stride)")
    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = True
    codec, state = load_codec(args.checkpoint)
    latent = (codec.m, height // 16, width // 16)
    result = {"checkpoint_step": state.get("step"), "device": torch.cuda.get_device_name(device)
              if device.type == "cuda" else "cpu", "torch": torch.__version__, "width": width, "height": height,
              "level": LEVEL, "rows": [], "precision_effects": []}

    reference = None
    if args.image:
        x = picture(args.image, width, height).to(device)
        with torch.no_grad():
            fp32 = Networks(copy.deepcopy(codec), torch.float32, device)
            symbols = fp32.encode(x)
            reference = (x, symbols, fp32.decode(symbols))
    for name in args.precisions.split(","):
        dtype = PRECISIONS[name]
        nets = Networks(copy.deepcopy(codec), dtype, device)  # .to() converts modules in place
        with torch.no_grad():
            if reference is not None and name != "fp32":
                x, symbols, picture32 = reference
                moved = (nets.encode(x.to(dtype)).float() != symbols).float().mean().item()
                decoded = nets.decode(symbols.to(dtype))
                against_fp32 = psnr(decoded, picture32)
                result["precision_effects"].append({
                    "precision": name, "symbols_differing": moved, "psnr_against_fp32_synthesis_db": against_fp32,
                    "fp32_psnr_db": psnr(picture32, x), "psnr_db": psnr(decoded, x)})
                print(f"{name}: {100 * moved:.2f}% of the level-{LEVEL} symbols differ from fp32's; "
                      f"synthesis {against_fp32:.1f} dB against fp32's", flush=True)
            for batch in (int(b) for b in args.batches.split(",")):
                frames = torch.rand(batch, 3, height, width, device=device, dtype=dtype)
                frames = frames.contiguous(memory_format=torch.channels_last)
                latents = torch.round(torch.randn(batch, *latent, device=device, dtype=dtype) * 2)
                latents = latents.contiguous(memory_format=torch.channels_last)
                try:
                    encode = frames_per_s(lambda: nets.encode(frames), batch, device, args.min_seconds)
                    decode = frames_per_s(lambda: nets.decode(latents), batch, device, args.min_seconds)
                except torch.cuda.OutOfMemoryError:
                    print(f"{name} batch {batch}: out of device memory", flush=True)
                    break
                row = {"precision": name, "batch": batch, "encode_frames_per_s": encode,
                       "decode_frames_per_s": decode}
                if device.type == "cuda":
                    row["peak_memory_bytes"] = torch.cuda.max_memory_allocated(device)
                    torch.cuda.reset_peak_memory_stats(device)
                result["rows"].append(row)
                print(f"{name} batch {batch}: encode {encode:.1f} frames/s, decode {decode:.1f} frames/s", flush=True)
                del frames, latents
        del nets
        if device.type == "cuda":
            torch.cuda.empty_cache()
    with open(args.json, "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
