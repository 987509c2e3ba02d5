#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Whole FULLY_CONNECTED-only models through the FC kernels, against TFLM's
golden tables: hello_world_float on the 1000-point grid (float32 bits must
match exactly) and the two int8 sine models on all 256 inputs.

Layer parameters (weight/bias file offsets, shapes, scales, zero points,
activation) come from the independent decoded descriptions in
$CAI_SHARED_DIR/models/decoded; the C driver test_kernels_fc_chain chains
the kernels. Exit 77 when the shared data is absent.
"""
import json
import os
import subprocess
import sys

MODELS = [
    ("hello_world_float", "f32", "hello_world_float_grid.csv"),
    ("hello_world_int8", "s8", "hello_world_int8_exhaustive.csv"),
    ("linaro_hello_world_int8", "s8", "linaro_hello_world_int8_exhaustive.csv"),
]


def main():
    shared = os.environ.get("CAI_SHARED_DIR", "")
    models = os.path.join(shared, "models")
    if not shared or not os.path.isdir(os.path.join(models, "decoded")):
        print("SKIP: CAI_SHARED_DIR/models not found")
        return 77
    out = []
    for model, kind, csv in MODELS:
        desc = json.load(open(os.path.join(models, "decoded", model + ".json")))
        sg = desc["subgraphs"][0]
        tensors, buffers = sg["tensors"], desc["buffers"]
        ops = sg["operators"]
        assert all(op["op"] == "FULLY_CONNECTED" for op in ops)
        out.append("type=%s model=%s csv=%s layers=%d" % (
            kind, os.path.join(models, model + ".tflite"),
            os.path.join(models, "golden", csv), len(ops)))
        for op in ops:
            x, w, b = (tensors[i] for i in op["inputs"])
            y = tensors[op["outputs"][0]]
            f = ["w=%d:%d,%d" % (buffers[w["buffer"]]["file_offset"], w["shape"][0], w["shape"][1]),
                 "b=%d" % buffers[b["buffer"]]["file_offset"],
                 "act=" + op["options"]["fused_activation_function"]]
            if kind == "s8":
                f += ["in_scale=%r" % x["quantization"]["scale"][0],
                      "in_zp=%d" % x["quantization"]["zero_point"][0],
                      "w_scale=%r" % w["quantization"]["scale"][0],
                      "out_scale=%r" % y["quantization"]["scale"][0],
                      "out_zp=%d" % y["quantization"]["zero_point"][0]]
            out.append(" ".join(f))
    res = subprocess.run([sys.argv[1]], input="\n".join(out) + "\n", text=True)
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
