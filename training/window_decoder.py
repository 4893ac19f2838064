"""Windowed forms of an exported bundle's decoders, for sparse synthesis.

    /usr/bin/python3 training/window_decoder.py models/b18-vr-n96

(export.py runs it after every export.)
For every decoder variant D in the model card, writes D's graph with one more input, "edges"
(int64[4]: top, left, bottom, right; 1 where that side of the window is the frame's edge),
as decoder-window.onnx for "full" and decoder-<v>-window.onnx for the others, and lists it
under "window_decoders". Same weights, same operators; each convolution zero-pads only the
sides that are the frame's edge, as the whole frame's synthesis does there, and leaves off,
on the other sides, the outermost ring its padding would have made up: 30 pixels a side for
four 3x3 layers (16 + 8 + 4 + 2). A window of latents with 2 positions of context around a
block then gives exactly the pixels the padded network gives for the whole frame, and
computes no pixel the context would throw away: 0.40 of the padded network's time for a
9x9 window, 0.59 for 16x16 (docs/decisions.md).
"""
import argparse
import hashlib
import json
import pathlib

import onnx
from onnx import TensorProto, helper


def windowed(decoder):
    """The graph padding by its "edges" input; the number of convolutions changed."""
    graph = decoder.graph
    graph.input.append(helper.make_tensor_value_info("edges", TensorProto.INT64, [4]))
    # pads = [0, 0, top, left, 0, 0, bottom, right]: Pad's begins then ends, N C H W.
    prelude = [
        helper.make_node("Constant", [], ["window/zeros"], value=helper.make_tensor("z", TensorProto.INT64, [2], [0, 0])),
        helper.make_node("Constant", [], ["window/begin"], value=helper.make_tensor("b", TensorProto.INT64, [2], [0, 1])),
        helper.make_node("Constant", [], ["window/end"], value=helper.make_tensor("e", TensorProto.INT64, [2], [2, 3])),
        helper.make_node("Gather", ["edges", "window/begin"], ["window/top_left"]),
        helper.make_node("Gather", ["edges", "window/end"], ["window/bottom_right"]),
        helper.make_node("Concat", ["window/zeros", "window/top_left", "window/zeros", "window/bottom_right"],
                         ["window/pads"], axis=0),
    ]
    nodes = []
    changed = 0
    for node in graph.node:
        pads = next((a for a in node.attribute if a.name == "pads"), None)
        if node.op_type == "Conv" and any(a.name == "auto_pad" for a in node.attribute):
            raise ValueError(f"{node.name}: auto_pad is not supported")
        if node.op_type == "Conv" and pads is not None and any(pads.ints):
            if set(pads.ints) != {1}:
                raise ValueError(f"{node.name}: pads {list(pads.ints)}, this script handles 1 on every side")
            padded = f"{node.name}/edge_padded"
            nodes.append(helper.make_node("Pad", [node.input[0], "window/pads"], [padded], mode="constant"))
            node.input[0] = padded
            pads.ints[:] = [0] * len(pads.ints)
            changed += 1
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(prelude + nodes)
    # The output's spatial size now depends on the edges: leave it to shape inference.
    for dim, name in zip(graph.output[0].type.tensor_type.shape.dim[2:], ("window_height", "window_width")):
        dim.dim_param = name
    onnx.checker.check_model(decoder)
    return decoder, changed


def write_window_decoders(model_dir):
    """Writes and lists the windowed form of each decoder variant; returns a summary line."""
    model_dir = pathlib.Path(model_dir)
    card_path = model_dir / "model-card.json"
    card = json.loads(card_path.read_text())
    windows = {}
    lines = []
    for variant, file_name in card["decoders"].items():
        graph, changed = windowed(onnx.load(model_dir / file_name))
        out = model_dir / file_name.replace(".onnx", "-window.onnx")
        onnx.save(graph, out)
        card["files"][out.name] = hashlib.sha256(out.read_bytes()).hexdigest()
        windows[variant] = out.name
        lines.append(f"{out.name} ({changed} convolutions pad at the frame's edges only)")
    card["window_decoders"] = windows
    card_path.write_text(json.dumps(card, indent=1))
    return "; ".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model_dir", type=pathlib.Path)
    print(write_window_decoders(p.parse_args().model_dir))


if __name__ == "__main__":
    main()
