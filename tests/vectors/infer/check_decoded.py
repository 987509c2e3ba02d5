#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Compare the engine's view of each shared model (`cai-model info --json`)
with the independent decoding in $CAI_SHARED_DIR/models/decoded/<model>.json:
every tensor's name, shape, type, constness, constant data offset and size,
scales (as float32), zero points and quantized dimension; every operator's
name, version, inputs, outputs and options; the subgraph inputs/outputs;
the file's SHA-256. Exits 77 when the shared data is absent."""
import json
import os
import struct
import subprocess
import sys

MODELS = ["hello_world_int8", "hello_world_float", "linaro_hello_world_int8",
          "micro_speech_quantized", "person_detect"]


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def main():
    shared = os.environ.get("CAI_SHARED_DIR", "")
    tool = os.path.join(os.environ.get("CAI_BIN_DIR", ""), "cai-model")
    if not os.path.isdir(os.path.join(shared, "models", "decoded")):
        print("SKIP: CAI_SHARED_DIR/models/decoded not found (shared test data absent)")
        return 77
    failures = 0
    checked = {"tensors": 0, "operators": 0, "models": 0}

    def fail(msg):
        nonlocal failures
        failures += 1
        print("FAIL:", msg)

    for name in MODELS:
        path = os.path.join(shared, "models", name + ".tflite")
        ref = json.load(open(os.path.join(shared, "models", "decoded", name + ".json")))
        out = subprocess.run([tool, "info", "--json", path], capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"{name}: cai-model info failed: {out.stderr.strip()}")
            continue
        got = json.loads(out.stdout)
        sg = ref["subgraphs"][0]
        if got["sha256"] != ref["sha256"] or got["file_size"] != ref["file_size"]:
            fail(f"{name}: sha256/size differ")
        if got["description"] != ref.get("description", ""):
            fail(f"{name}: description {got['description']!r} != {ref.get('description')!r}")
        if got["inputs"] != sg["inputs"] or got["outputs"] != sg["outputs"]:
            fail(f"{name}: subgraph inputs/outputs differ")
        if len(got["tensors"]) != len(sg["tensors"]):
            fail(f"{name}: {len(got['tensors'])} tensors, reference {len(sg['tensors'])}")
            continue
        for i, (g, r) in enumerate(zip(got["tensors"], sg["tensors"])):
            where = f"{name} tensor #{i}"
            checked["tensors"] += 1
            if g["name"] != r["name"] or g["shape"] != r["shape"] or g["type"] != r["type"]:
                fail(f"{where}: name/shape/type {g['name']} {g['shape']} {g['type']} != "
                     f"{r['name']} {r['shape']} {r['type']}")
            if g["constant"] != r["constant"]:
                fail(f"{where}: constant {g['constant']} != {r['constant']}")
            if r["constant"]:
                buf = ref["buffers"][r["buffer"]]
                if g["file_offset"] != buf["file_offset"] or g["bytes"] != r["const_bytes"]:
                    fail(f"{where}: data at {g['file_offset']}+{g['bytes']}, reference "
                         f"{buf['file_offset']}+{r['const_bytes']}")
            rq = r.get("quantization") or {}
            gq = g.get("quantization") or {}
            if rq.get("scale"):
                if [f32(s) for s in gq.get("scale", [])] != [f32(s) for s in rq["scale"]]:
                    fail(f"{where}: scales differ")
                if gq.get("zero_point") != rq["zero_point"]:
                    fail(f"{where}: zero points differ")
                if gq.get("quantized_dimension") != rq.get("quantized_dimension", 0):
                    fail(f"{where}: quantized_dimension {gq.get('quantized_dimension')} != "
                         f"{rq.get('quantized_dimension')}")
            elif gq:
                fail(f"{where}: quantization where the reference has none")
        if len(got["operators"]) != len(sg["operators"]):
            fail(f"{name}: {len(got['operators'])} operators, reference {len(sg['operators'])}")
            continue
        for k, (g, r) in enumerate(zip(got["operators"], sg["operators"])):
            where = f"{name} op #{k}"
            checked["operators"] += 1
            code = ref["operator_codes"][r["opcode_index"]]
            if g["op"] != r["op"] or g["builtin_code"] != code["effective_code"] or \
                    g["version"] != code["version"]:
                fail(f"{where}: {g['op']} v{g['version']} != {r['op']} v{code['version']}")
            if g["inputs"] != r["inputs"] or g["outputs"] != r["outputs"]:
                fail(f"{where}: operands {g['inputs']}->{g['outputs']} != "
                     f"{r['inputs']}->{r['outputs']}")
            ropt = r.get("options") or {}
            for key, val in g["options"].items():
                want = ropt.get(key, "NONE" if key == "fused_activation_function" else None)
                if key == "beta":
                    same = f32(val) == f32(want)
                else:
                    same = val == want
                if not same:
                    fail(f"{where}: option {key} = {val!r}, reference {want!r}")
            # every option the engine uses must have been reported
            for key in ("padding", "stride_w", "stride_h", "depth_multiplier",
                        "filter_width", "filter_height", "dilation_w_factor",
                        "dilation_h_factor", "beta"):
                if key in ropt and key not in g["options"]:
                    fail(f"{where}: option {key} not reported")
        checked["models"] += 1
        print(f"{name}: {len(got['tensors'])} tensors, {len(got['operators'])} operators, "
              f"arena {got['arena_bytes']} bytes: compared")
    print(f"{checked['models']} models, {checked['tensors']} tensors, "
          f"{checked['operators']} operators compared; {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
