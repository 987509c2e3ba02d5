#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""bench.engine: cost of one inference in the cai engine, per model.

For each model it prints
  - instructions per inference, counted by `valgrind --tool=callgrind`:
    the driver runs the model once and then eleven times, and the figure is
    (I(11) - I(1)) / 10, so loading, verifying, planning and preparing
    cancel out and only cai_model_invoke() is measured (deterministic on one
    machine and build);
  - the median wall time of one inference over many runs (informative only:
    it depends on the machine and its load; nothing asserts on it);
  - the arena bytes the engine needs (activations after memory planning);
beside the reference TFLM figures measured on this machine (TFLM's
reference kernels, x86-64; docs/models.md section 2) and the project's goals. Once per run it also
prints the engine's code size: the .text of the cai_infer and cai_kernels
static libraries (`size`).

Models come from $CAI_SHARED_DIR/models (skipped, visibly, when absent)
and $CAI_SOURCE_DIR/models/sine.tflite (the project's own). Without
valgrind the instruction counts are skipped and the rest still runs.
Exit 0 unless the engine fails on a model; 77 when there is nothing to run.

usage: bench_engine.py --driver PATH --lib LIB.a [LIB.a ...]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# name, file (relative to the shared models dir, or "@sine"), input spec,
# reference TFLM instructions, reference arena bytes, goal instructions, goal arena
MODELS = [
    ("hello_world_int8", "hello_world_int8.tflite", ("--fill", "-96"), 6579, 1184, 3300, None),
    ("hello_world_float", "hello_world_float.tflite", ("--float", "1.57"), 3778, 1216, None, None),
    ("linaro_hello_world_int8", "linaro_hello_world_int8.tflite", ("--fill", "-96"), None, None, None, None),
    ("micro_speech", "micro_speech_quantized.tflite",
     ("--input", "golden/micro_speech_features_yes_1000ms.i8"), 10986351, 7312, 2750000, None),
    ("person_detect", "person_detect.tflite",
     ("--input", "golden/person_detect_input_person_raw.i8"), 116419791, 85024, 29100000, 60000),
    ("sine (models/sine.tflite)", "@sine", ("--fill", "-87"), None, None, None, None),
]


def fmt(n):
    return "-" if n is None else "{:,}".format(n)


def run_driver(driver, model, inp, mode, value, valgrind=None, tmp=None):
    cmd = [driver, model, inp[0], inp[1], mode, value]
    if valgrind:
        out = os.path.join(tmp, "cg.out")
        cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=" + out] + cmd
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()[-400:]))
    res = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("arena_bytes", "median_ns", "model_struct_bytes",
                                                  "state_bytes"):
            res[parts[0]] = int(parts[1])
    if valgrind:
        # "==pid== Collected : N" is the total instruction count (Ir).
        m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
        if not m:
            raise RuntimeError("no instruction count in callgrind output")
        res["ir"] = int(m.group(1))
    return res


def text_size(libs):
    total = 0
    for lib in libs:
        try:
            p = subprocess.run(["size", "-t", lib], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError:
            return None
        if p.returncode != 0:
            return None
        last = p.stdout.strip().splitlines()[-1].split()  # "(TOTALS)" line: text data bss ...
        total += int(last[0])
    return total


def main(argv):
    args = argv[1:]
    if "--driver" not in args or "--lib" not in args:
        print(__doc__)
        return 2
    driver = args[args.index("--driver") + 1]
    libs = args[args.index("--lib") + 1:]
    shared = os.environ.get("CAI_SHARED_DIR", "")
    source = os.environ.get("CAI_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    valgrind = shutil.which("valgrind")
    models_dir = os.path.join(shared, "models") if shared else ""
    have_shared = bool(models_dir) and os.path.isdir(models_dir)

    print("bench.engine: cai engine vs reference TFLM (reference kernels, x86-64, same machine)")
    if not have_shared:
        print("SKIP (shared models): CAI_SHARED_DIR/models not found (%r); only models/sine.tflite runs"
              % models_dir)
    if not valgrind:
        print("SKIP (instruction counts): valgrind not found on PATH")
    size = text_size(libs)
    print("engine code size: %s bytes of .text (%s)" % (fmt(size), " + ".join(os.path.basename(l) for l in libs)))
    print()
    hdr = "%-26s %14s %14s %12s %10s %12s %9s %9s %8s %9s" % (
        "model", "instr/infer", "TFLM ref", "goal", "ratio", "median", "arena", "TFLM", "goal",
        "state")
    print(hdr)
    print("-" * len(hdr))
    ran = 0
    failed = 0
    struct_bytes = None
    with tempfile.TemporaryDirectory() as tmp:
        for name, rel, inp, ref_ir, ref_arena, goal_ir, goal_arena in MODELS:
            if rel == "@sine":
                path = os.path.join(source, "models", "sine.tflite")
            else:
                if not have_shared:
                    print("%-26s skipped: no shared models" % name)
                    continue
                path = os.path.join(models_dir, rel)
            if inp[0] == "--input":
                inp = (inp[0], os.path.join(models_dir, inp[1]))
            if not os.path.exists(path):
                print("%-26s skipped: %s not found" % (name, path))
                continue
            try:
                t = run_driver(driver, path, inp, "--time", "0")
                ir = None
                if valgrind:
                    one = run_driver(driver, path, inp, "--runs", "1", valgrind, tmp)
                    eleven = run_driver(driver, path, inp, "--runs", "11", valgrind, tmp)
                    ir = (eleven["ir"] - one["ir"]) // 10
            except RuntimeError as e:
                print("%-26s FAILED: %s" % (name, e))
                failed += 1
                continue
            ran += 1
            struct_bytes = t.get("model_struct_bytes")
            ratio = "-" if ir is None or not ref_ir else "%.2fx" % (ref_ir / ir)
            med = t["median_ns"]
            med_s = "%.1f us" % (med / 1e3) if med < 10**7 else "%.2f ms" % (med / 1e6)
            goal = fmt(goal_ir)
            if goal_ir is not None and ir is not None:
                goal += " ok" if ir <= goal_ir else " MISS"
            garena = fmt(goal_arena)
            if goal_arena is not None:
                garena += " ok" if t["arena_bytes"] <= goal_arena else " MISS"
            print("%-26s %14s %14s %12s %10s %12s %9s %9s %8s %9s" % (
                name, fmt(ir), fmt(ref_ir), goal, ratio, med_s, fmt(t["arena_bytes"]),
                fmt(ref_arena), garena, fmt(t.get("state_bytes"))))
    print()
    print("instr/infer: callgrind Ir, (I(11 inferences) - I(1)) / 10; ratio = TFLM / cai (higher is better).")
    print("arena: cai's activation arena after memory planning (per-invoke data only). state: the")
    print("  model's records, sized by cai_model_plan(), beside a cai_model_t handle of %s bytes."
          % fmt(struct_bytes))
    print("  TFLM's figure is arena_used_bytes(), which also holds its runtime tensor/node structures.")
    print("median: wall time of one cai_model_invoke(), median of up to 2001 runs (~0.4 s per model).")
    if failed:
        return 1
    return 0 if ran else 77


if __name__ == "__main__":
    sys.exit(main(sys.argv))
