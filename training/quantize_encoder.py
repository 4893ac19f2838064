"""Int8 (QDQ) variant of an exported analysis network, calibrated on training images.

    /usr/bin/python3 training/quantize_encoder.py models/b18-vr-n96 [--images 48] [--check 12]

(export.py runs it after every export.)
Writes MODEL/encoder-int8.onnx and lists it in the model card as the "int8" encoder: the same graph with QuantizeLinear/DequantizeLinear pairs that
ONNX Runtime's CPU provider fuses into QLinearConv and QLinearMul (u8 activations, per-channel
7-bit s8 weights: see WEIGHT_MAX) and keeps in NHWC between layers. What stays float, and why:
- the last convolution: its output is the latent, whose rounding to symbols needs more than
  256 steps over its range (quantizing it moved about a tenth of the symbols at the top level);
- GDN's square root and division, which ONNX Runtime has no int8 kernels for;
- the second GDN's denominator (its 1x1 convolution), the largest single source of error when
  quantized, at a sixteenth of the first layer's positions.
The image is quantized with scale 1/255 and zero point 0, which is exact for 8-bit frames.

Before quantizing, the channels are equalized: each convolution's output channel i is scaled
by s_i (its weights and bias), GDN's gamma[:, j] by 1/s_j^2 and the next convolution's input
channel i by 1/s_i, which leaves the float network's output unchanged (GDN's output channel i
scales by s_i) and gives every channel of a tensor the same range, so one u8 scale per tensor
fits them all (halves the latents' error).

Activation ranges come from BSDS500 training images (never Kodak); --check images after those
compare the fake-quantized network with the float one in symbols per level. The graph is run
here by a small interpreter on PyTorch ops (Conv, Mul, Div, Sqrt, Gather, Unsqueeze, Constant),
so calibration needs no ONNX Runtime for Python.
"""
import argparse
import hashlib
import json
import os
import pathlib
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentstream.data import load_rgb, shared_data  # noqa: E402


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def run_graph(model, feeds, quant=None):
    """Evaluates the graph; with quant {tensor: (scale, zero_point, qmin, qmax)} it fake-quantizes
    those tensors where they are produced (as the QDQ graph does)."""
    env = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
    env.update(feeds)

    def fq(name, t):
        if quant and name in quant:
            s, z, lo, hi = quant[name]
            t = (torch.clamp(torch.round(t / s) + z, lo, hi) - z) * s
        return t

    for name in list(feeds):
        env[name] = fq(name, env[name])
    for n in model.graph.node:
        a = attrs(n)
        x = [env[i] for i in n.input]
        if n.op_type == "Conv":
            y = F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a["strides"],
                         padding=a["pads"][:2])
        elif n.op_type == "Mul":
            y = x[0] * x[1]
        elif n.op_type == "Div":
            y = x[0] / x[1]
        elif n.op_type == "Sqrt":
            y = torch.sqrt(x[0])
        elif n.op_type == "Gather":
            y = x[0][x[1]]
        elif n.op_type == "Unsqueeze":
            y = x[0]
            for d in sorted(int(v) for v in x[1].reshape(-1)):
                y = y.unsqueeze(d)
        elif n.op_type == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        else:
            raise ValueError("no interpreter for " + n.op_type)
        env[n.output[0]] = fq(n.output[0], y)
    return env


def load(path):
    img = load_rgb(str(path)).astype(np.float32) / 255
    h, w = img.shape[0] // 16 * 16, img.shape[1] // 16 * 16
    return torch.from_numpy(img[:h, :w].transpose(2, 0, 1).copy())[None]


def quantized_tensors(model):
    """The tensors that get a Q/DQ pair, and the convolutions that become QLinearConv: every
    convolution but the last and the second GDN's, with their inputs and outputs."""
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    int8 = convs[:3] + convs[4:-1]
    names = []
    for n in int8:
        names.append(n.input[0])
        names.append(n.output[0])
    return list(dict.fromkeys(names)), int8


def initializer(model, name):
    return next(i for i in model.graph.initializer if i.name == name)


def scale_initializer(model, name, factor):
    init = initializer(model, name)
    init.CopyFrom(numpy_helper.from_array((numpy_helper.to_array(init) * factor).astype(np.float32), name))


def equalize(model, images):
    """Scales the channels of each analysis layer's output to one range (see the module doc)."""
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    for k in (0, 2, 4):
        conv, gdn, following = convs[k], convs[k + 1], convs[k + 2]
        r = np.zeros(numpy_helper.to_array(initializer(model, conv.input[1])).shape[0])
        with torch.no_grad():
            for path in images:
                env = run_graph(model, {"image": load(path), "level": torch.tensor([0])})
                v = env[conv.output[0]][0].abs().reshape(len(r), -1)
                r = np.maximum(r, torch.quantile(v, 0.9999, dim=1).numpy())
        s = r.max() / np.maximum(r, 1e-6)
        scale_initializer(model, conv.input[1], s[:, None, None, None])
        scale_initializer(model, conv.input[2], s)
        scale_initializer(model, gdn.input[1], 1 / (s ** 2)[None, :, None, None])
        scale_initializer(model, following.input[1], 1 / s[None, :, None, None])
    return model


def calibrate(model, tensors, images):
    lo = {t: np.inf for t in tensors}
    hi = {t: -np.inf for t in tensors}
    with torch.no_grad():
        for path in images:
            env = run_graph(model, {"image": load(path), "level": torch.tensor([0])})
            for t in tensors:
                v = env[t].reshape(-1)
                # The 99.999th percentile: a few extreme values must not coarsen every step.
                k = max(1, int(v.numel() * 1e-5))
                lo[t] = min(lo[t], float(-torch.topk(-v, k).values[-1]))
                hi[t] = max(hi[t], float(torch.topk(v, k).values[-1]))
    quant = {}
    for t in tensors:
        if t == "image":
            quant[t] = (1 / 255, 0, 0, 255)
            continue
        a, b = min(lo[t], 0.0), max(hi[t], 0.0)
        s = (b - a) / 255
        quant[t] = (s, int(round(-a / s)), 0, 255)
    return quant


# Weights use 7 of s8's bits. Without VNNI (AVX2 and AVX-512 CPUs before it, most AMD EPYCs before
# Zen 4), ONNX Runtime's u8s8 kernels multiply with vpmaddubsw, which adds two u8 x s8 products
# into a saturating int16: with weights up to 127 a pair reaches 2 * 255 * 127 > 32767 and the
# latents came out wrong (41.2 dB -> 33.7 dB on a 720p frame of one-by-one-person-detection, AMD
# EPYC, AVX2). With |w| <= 63 a pair stays below 32767, so every CPU computes the same exact
# integer sums and the encoder's output does not depend on the host's instruction set.
WEIGHT_MAX = 63


def quantize_weights(w):
    """Per output channel, symmetric: s8 values in -WEIGHT_MAX..WEIGHT_MAX and their float scales."""
    w = w.astype(np.float32)
    sw = np.maximum(np.abs(w).reshape(w.shape[0], -1).max(1) / WEIGHT_MAX, 1e-12).astype(np.float32)
    return np.clip(np.round(w / sw[:, None, None, None]), -WEIGHT_MAX, WEIGHT_MAX).astype(np.int8), sw


def dequantized(wq, sw):
    return wq.astype(np.float32) * sw[:, None, None, None]


def write_qdq(model, quant, convs, out):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    extra = []

    def const(name, arr):
        extra.append(numpy_helper.from_array(arr, name))
        return name

    def qdq(tensor, tag):
        s, z, _, _ = quant[tensor]
        q = [helper.make_node("QuantizeLinear", [tensor, const(tag + "_s", np.array(s, np.float32)),
                                                 const(tag + "_z", np.array(z, np.uint8))], [tag + "_q"]),
             helper.make_node("DequantizeLinear", [tag + "_q", tag + "_s", tag + "_z"], [tag + "_dq"])]
        return q, tag + "_dq"

    rename = {}
    nodes = []
    image_nodes, image_dq = qdq("image", "image")
    nodes += image_nodes
    rename["image"] = image_dq
    conv_ids = {id(c) for c in convs}
    for k, n in enumerate(g.node):
        inputs = [rename.get(i, i) for i in n.input]
        if id(n) in conv_ids:
            wq, sw = quantize_weights(numpy_helper.to_array(inits[n.input[1]]))
            tag = f"conv{k}"
            nodes.append(helper.make_node("DequantizeLinear", [const(tag + "_wq", wq), const(tag + "_ws", sw),
                                                               const(tag + "_wz", np.zeros(len(sw), np.int8))],
                                          [tag + "_w"], axis=0))
            inputs[1] = tag + "_w"
            if len(inputs) > 2:
                sb = (quant[n.input[0]][0] * sw).astype(np.float32)
                b = numpy_helper.to_array(inits[n.input[2]]).astype(np.float32)
                nodes.append(helper.make_node("DequantizeLinear", [const(tag + "_bq", np.round(b / sb).astype(np.int32)),
                                                                   const(tag + "_bs", sb),
                                                                   const(tag + "_bz", np.zeros(len(sb), np.int32))],
                                              [tag + "_b"], axis=0))
                inputs[2] = tag + "_b"
        copy = helper.make_node(n.op_type, inputs, list(n.output), name=n.name)
        copy.attribute.extend(n.attribute)
        nodes.append(copy)
        for o in n.output:
            if o in quant and o != "image":
                q, dq = qdq(o, "t" + str(len(rename)))
                nodes += q
                rename[o] = dq
    used = {i for n in nodes for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(keep + extra)
    onnx.checker.check_model(model)
    onnx.save(model, out)


def symbols(latent, tables, level):
    medians = torch.tensor([c["median"] for c in tables["levels"][level]["channels"]],
                           dtype=torch.float32).reshape(1, -1, 1, 1)
    return torch.round(latent - medians)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def register(model_dir, file_name):
    """Lists the variant in the model card: its sum under "files", its name under "encoders"."""
    card_path = model_dir / "model-card.json"
    card = json.loads(card_path.read_text())
    card["files"][file_name] = sha256(model_dir / file_name)
    card["encoders"] = {"full": "encoder.onnx", "int8": file_name}
    card_path.write_text(json.dumps(card, indent=1))


def write_int8_encoder(model_dir, images=48, check=12):
    """Calibrates, checks and writes MODEL/encoder-int8.onnx, lists it in the card; returns a summary line."""
    model_dir = pathlib.Path(model_dir)
    src = model_dir / "encoder.onnx"
    reference = onnx.load(src)
    paths = sorted((pathlib.Path(shared_data()) / "train" / "bsds500" / "train").glob("*.jpg"))
    calib, held = paths[:images], paths[images:images + check]
    model = equalize(onnx.load(src), calib)
    tensors, convs = quantized_tensors(model)
    quant = calibrate(model, tensors, calib)
    weights_quantized = onnx.load_from_string(model.SerializeToString())
    for conv in convs:
        w = numpy_helper.to_array(initializer(weights_quantized, conv.input[1]))
        initializer(weights_quantized, conv.input[1]).CopyFrom(
            numpy_helper.from_array(dequantized(*quantize_weights(w)), conv.input[1]))
    tables = json.loads((model_dir / "entropy-tables.json").read_text())
    levels = len(tables["levels"])
    changed = np.zeros(levels)
    total = 0
    with torch.no_grad():
        for path in held:
            x = load(path)
            for level in range(levels):
                feeds = {"image": x, "level": torch.tensor([level])}
                ref = run_graph(reference, feeds)["latent"]
                q = run_graph(weights_quantized, feeds, quant)["latent"]
                changed[level] += float((symbols(ref, tables, level) != symbols(q, tables, level)).sum())
            total += ref.numel()
    out = model_dir / "encoder-int8.onnx"
    write_qdq(model, quant, convs, out)
    register(model_dir, out.name)
    return (f"{out}: {len(tensors)} tensors quantized from {len(calib)} images; symbols that differ from the float "
            f"network on {len(held)} held-out images, per level: "
            + " ".join(f"L{l} {100 * changed[l] / total:.2f}%" for l in range(levels)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model_dir", type=pathlib.Path)
    p.add_argument("--images", type=int, default=48, help="calibration images from BSDS500 train (default 48)")
    p.add_argument("--check", type=int, default=12, help="held-out BSDS500 train images to compare on (default 12)")
    args = p.parse_args()
    print(write_int8_encoder(args.model_dir, args.images, args.check))


if __name__ == "__main__":
    main()
