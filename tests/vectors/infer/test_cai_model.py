#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the `cai-model` tool against the reference TFLM golden
data in $CAI_SHARED_DIR/models/golden. Run as a script (exits 77 when the
shared data is absent) or with pytest."""
import csv
import hashlib
import json
import os
import struct
import subprocess
import sys

import pytest

SHARED = os.environ.get("CAI_SHARED_DIR", "")
MODELS = os.path.join(SHARED, "models")
GOLDEN = os.path.join(MODELS, "golden")
TOOL = os.path.join(os.environ.get("CAI_BIN_DIR", ""), "cai-model")


def run(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True)


def model(name):
    return os.path.join(MODELS, name + ".tflite")


def golden_cases(json_name, file_key):
    if not os.path.isdir(GOLDEN):  # no shared data: nothing to parametrize
        return []
    doc = json.load(open(os.path.join(GOLDEN, json_name)))
    return [(c[file_key], c["output_int8"]) for c in doc["cases"] if "output_int8" in c]


@pytest.mark.parametrize("case", golden_cases("person_detect_golden.json", "input_file"))
def test_person_detect_output_bytes(case, tmp_path):
    infile, want = case
    out = tmp_path / "out.i8"
    r = run("run", model("person_detect"), "--input", os.path.join(GOLDEN, infile),
            "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert list(struct.unpack(f"{len(want)}b", out.read_bytes())) == want


@pytest.mark.parametrize("case", golden_cases("micro_speech_golden.json", "features_file"))
def test_micro_speech_output_bytes(case, tmp_path):
    infile, want = case
    out = tmp_path / "out.i8"
    r = run("run", model("micro_speech_quantized"), "--input", os.path.join(GOLDEN, infile),
            "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert list(struct.unpack(f"{len(want)}b", out.read_bytes())) == want


def grid_rows(name, step):
    if not os.path.isdir(GOLDEN):
        return []
    with open(os.path.join(GOLDEN, name)) as f:
        return [row for i, row in enumerate(csv.DictReader(f)) if i % step == 0]


@pytest.mark.parametrize("row", grid_rows("hello_world_int8_grid.csv", 50))
def test_hello_world_values_quantized_like_tflm(row):
    # The x column has 9 significant digits: it parses back to the same float32.
    r = run("run", model("hello_world_int8"), "--input", row["x"])
    assert r.returncode == 0, r.stderr
    raw = int(r.stdout.splitlines()[2].split()[1])  # after the column header
    assert raw == int(row["q_out_round"])


@pytest.mark.parametrize("row", grid_rows("hello_world_float_grid.csv", 50))
def test_hello_world_float_values(row):
    r = run("run", model("hello_world_float"), "--input", row["x"])
    assert r.returncode == 0, r.stderr
    y = float(r.stdout.splitlines()[2].split()[1])  # after the column header
    assert struct.pack("<f", y) == struct.pack("<I", int(row["y_bits"], 16))


def test_run_raw_float_input_file(tmp_path):
    rows = grid_rows("hello_world_float_grid.csv", 100)
    for row in rows:
        x = tmp_path / "x.f32"
        x.write_bytes(struct.pack("<I", int(row["x_bits"], 16)))
        out = tmp_path / "y.f32"
        r = run("run", model("hello_world_float"), "--input", str(x), "--output", str(out))
        assert r.returncode == 0, r.stderr
        assert out.read_bytes() == struct.pack("<I", int(row["y_bits"], 16))


def test_info_text_and_json():
    data = open(model("person_detect"), "rb").read()
    r = run("info", model("person_detect"))
    assert r.returncode == 0, r.stderr
    assert hashlib.sha256(data).hexdigest() in r.stdout
    assert "arena:" in r.stdout and "DEPTHWISE_CONV_2D" in r.stdout
    j = json.loads(run("info", "--json", model("person_detect")).stdout)
    assert j["sha256"] == hashlib.sha256(data).hexdigest()
    assert j["arena_bytes"] <= 60000
    assert len(j["tensors"]) == 89 and len(j["operators"]) == 31


def test_bench():
    r = run("bench", model("hello_world_int8"), "--iters", "5")
    assert r.returncode == 0, r.stderr
    assert "median:" in r.stdout and "arena:" in r.stdout


@pytest.mark.parametrize("cmd", ["info", "run", "bench", None])
def test_help(cmd):
    r = run(*([cmd] if cmd else []), "--help")
    assert r.returncode == 0
    assert "usage: cai-model" in r.stdout


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["info"], ["run", "x.tflite"],
                                  ["run", "--input"], ["bench", "m", "--iters", "0"],
                                  ["info", "a", "b"]])
def test_usage_errors_exit_2(args):
    r = run(*args)
    assert r.returncode == 2
    assert r.stderr.strip() != "" and r.stdout == ""


def test_failures_exit_1(tmp_path):
    bad = tmp_path / "truncated.tflite"
    bad.write_bytes(open(model("hello_world_int8"), "rb").read()[:100])
    r = run("info", str(bad))
    assert r.returncode == 1 and "malformed" in r.stderr
    r = run("info", str(tmp_path / "missing.tflite"))
    assert r.returncode == 1
    r = run("info", model("audio_preprocessor_int8"))
    assert r.returncode == 1 and "unsupported custom operator" in r.stderr
    r = run("run", model("hello_world_int8"), "--input", "abc")
    assert r.returncode == 1
    r = run("run", model("hello_world_int8"), "--input", "1,2")
    assert r.returncode == 1
    short = tmp_path / "short.i8"
    short.write_bytes(b"\x00" * 10)
    r = run("run", model("person_detect"), "--input", str(short))
    assert r.returncode == 1 and "9216" in r.stderr


if __name__ == "__main__":
    if not os.path.isdir(GOLDEN):
        print("SKIP: CAI_SHARED_DIR/models/golden not found (shared test data absent)")
        sys.exit(77)
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", __file__]))
