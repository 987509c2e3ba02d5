#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Real-layer check of the kernels against TFLM's golden activation dumps.

For every FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D and
SOFTMAX operator of the models that have a per-tensor activation dump in
$CAI_SHARED_DIR/models/golden/activations, this script reads the operator's
parameters from the independent decoded model description
(models/decoded/<model>.json: shapes, scales, zero points, options, buffer
file offsets) and hands one line per layer to the C driver
test_kernels_layers, which runs our kernel on TFLM's recorded input and
compares with TFLM's recorded output byte for byte.

Usage: run_layers.py <driver|--print> [model]
Exit status: 0 pass, 1 mismatch, 77 skipped (no shared data).
"""
import json
import os
import subprocess
import sys

CASES = [
    ("hello_world_int8", "hello_world_int8_qin_m96"),
    ("micro_speech_quantized", "micro_speech_yes_1000ms"),
    ("person_detect", "person_detect_person_raw"),
]
KERNEL_OPS = {"FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "SOFTMAX"}


def read_idx(path):
    table = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            table[int(parts[0])] = (int(parts[1]), int(parts[2]))
    return table


def dims(t):
    return ",".join(str(d) for d in t["shape"])


def main():
    shared = os.environ.get("CAI_SHARED_DIR", "")
    models = os.path.join(shared, "models")
    if not shared or not os.path.isdir(os.path.join(models, "golden", "activations")):
        print("SKIP: CAI_SHARED_DIR/models/golden/activations not found")
        return 77
    driver = sys.argv[1]
    only = sys.argv[2] if len(sys.argv) > 2 else None  # model name filter
    lines = []
    for model, dump in CASES:
        if only and model != only:
            continue
        desc = json.load(open(os.path.join(models, "decoded", model + ".json")))
        sg = desc["subgraphs"][0]
        tensors = sg["tensors"]
        buffers = desc["buffers"]
        acts = os.path.join(models, "golden", "activations", dump)
        idx = read_idx(acts + ".idx")
        for op in sg["operators"]:
            name = op["op"]
            if name not in KERNEL_OPS:
                continue
            ins = op["inputs"]
            x = tensors[ins[0]]
            y = tensors[op["outputs"][0]]
            q_in, q_out = x["quantization"], y["quantization"]
            opts = op.get("options") or {}
            f = [
                "op=" + name,
                "model=" + os.path.join(models, model + ".tflite"),
                "acts=" + acts + ".bin",
                "in=%d:%s" % (idx[ins[0]][0], dims(x)),
                "out=%d:%s" % (idx[op["outputs"][0]][0], dims(y)),
                "in_scale=%r" % q_in["scale"][0],
                "in_zp=%d" % q_in["zero_point"][0],
                "out_scale=%r" % q_out["scale"][0],
                "out_zp=%d" % q_out["zero_point"][0],
                "act=" + opts.get("fused_activation_function", "NONE"),
            ]
            if name in ("FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D"):
                w = tensors[ins[1]]
                f.append("w=%d:%s" % (buffers[w["buffer"]]["file_offset"], dims(w)))
                f.append("w_scales=" + ",".join(repr(s) for s in w["quantization"]["scale"]))
                if len(ins) > 2 and ins[2] >= 0:
                    f.append("b=%d" % buffers[tensors[ins[2]]["buffer"]]["file_offset"])
            if name in ("CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D"):
                f.append("pad=" + opts["padding"])
                f.append("stride=%d,%d" % (opts["stride_h"], opts["stride_w"]))
            if name in ("CONV_2D", "DEPTHWISE_CONV_2D"):
                f.append("dil=%d,%d" % (opts.get("dilation_h_factor", 1),
                                        opts.get("dilation_w_factor", 1)))
            if name == "DEPTHWISE_CONV_2D":
                f.append("dm=%d" % opts["depth_multiplier"])
            if name == "AVERAGE_POOL_2D":
                f.append("filter=%d,%d" % (opts["filter_height"], opts["filter_width"]))
            if name == "SOFTMAX":
                f.append("beta=%r" % opts["beta"])
            lines.append(" ".join(f))
    if driver == "--print":  # spec lines only (for profiling the driver)
        print("\n".join(lines))
        return 0
    print("%d layers" % len(lines))
    res = subprocess.run([driver], input="\n".join(lines) + "\n", text=True)
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
