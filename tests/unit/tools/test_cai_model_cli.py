# SPDX-License-Identifier: Apache-2.0
"""cai-model as a user runs it (issue 12, item 6): labelled output columns,
inputs the int8 tensor cannot hold refused (or clamped with --clamp), NaN and
infinities refused, shapes on info's input/output lines, every operator of a
model the engine cannot run listed with the unsupported ones marked,
bench --json and its progress line on a terminal."""
import json
import os
import pty
import re
import select
import subprocess
import time

import pytest

BIN = os.environ["CAI_BIN_DIR"]
TOOL = os.path.join(BIN, "cai-model")
SINE = os.path.join(os.environ["CAI_SOURCE_DIR"], "models", "sine.tflite")


def run(*args, input=None):
    return subprocess.run([TOOL, *args], capture_output=True, input=input, timeout=120)


def test_run_output_is_labelled():
    r = run("run", SINE, "--input", "1.57")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert lines[0].startswith("output 0: tensor ")
    assert lines[1].split() == ["element", "raw", "value"]
    assert re.fullmatch(r"  \[0\] +-?\d+ -?[\d.]+(e-?\d+)?", lines[2]), lines[2]


# The sine model's input tensor: int8, scale 0.0246399436, zero point -128,
# so it holds scale * (q + 128) for q in -128..127: 0 .. 6.2832 (2 pi).
def test_out_of_range_input_refused():
    for x in ("10", "-0.5", "7"):
        r = run("run", SINE, "--input", x)
        assert r.returncode == 1 and r.stdout == b"", (x, r.stdout)
        err = r.stderr.decode().splitlines()
        assert len(err) == 1 and "outside" in err[0] and "--clamp" in err[0], err


def test_nan_and_infinities_refused():
    for x in ("nan", "inf", "-inf", "NaN"):
        for extra in ([], ["--clamp"]):
            r = run("run", SINE, "--input", x, *extra)
            assert r.returncode == 1 and r.stdout == b"", x
            err = r.stderr.decode().splitlines()
            assert len(err) == 1 and "finite" in err[0], err


def test_clamp_warns_and_clamps():
    r = run("run", SINE, "--input", "10", "--clamp")
    assert r.returncode == 0
    err = r.stderr.decode().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: ") and "clamped" in err[0], err
    # clamped to the top of the range: the same as its largest value, q = 127
    top = run("run", SINE, "--input", "6.2831856")
    assert top.returncode == 0 and top.stderr == b""
    assert r.stdout == top.stdout
    # the value 10 once gave silently: sin of the clamped 2 pi, shown as -0.0159
    assert b"-0.0159" in r.stdout  # now said aloud: the warning above


def test_input_and_output_dash():
    q = run("run", SINE, "--input", "1.57", "--output", "-")
    assert q.returncode == 0 and len(q.stdout) == 1  # one int8 output element, raw
    # the raw input byte for 1.57: round(1.57 / 0.0246399436) - 128 = 64 - 128 = -64
    r = run("run", SINE, "--input", "-", "--output", "-", input=bytes([(-64) & 0xFF]))
    assert r.returncode == 0 and r.stdout == q.stdout
    r = run("run", SINE, "--input", "-", input=b"\x00\x00")
    assert r.returncode == 1 and b"exactly 1 bytes" in r.stderr


def test_run_json():
    r = run("run", SINE, "--input", "1.57", "--json")
    assert r.returncode == 0
    j = json.loads(r.stdout)
    out = j["outputs"][0]
    assert out["type"] == "INT8" and out["shape"] == [1, 1] and out["name"] == "sine/output"
    assert len(out["values"]) == 1 and len(out["raw"]) == 1
    assert abs(out["values"][0] - 1.0) < 0.1  # sin(1.57)
    r = run("run", SINE, "--input", "1", "--output", "x", "--json")
    assert r.returncode == 2 and "error" in json.loads(r.stderr)


def test_info_io_lines_show_type_and_shape():
    r = run("info", SINE)
    assert r.returncode == 0
    text = r.stdout.decode()
    assert re.search(r"^input 0: +tensor 0 INT8 \[1,1\] scale [\d.]+ zero_point -128 "
                     r"'sine/input'$", text, re.M), text
    assert re.search(r"^output 0: +tensor \d+ INT8 \[1,1\] scale [\d.]+ zero_point -?\d+ "
                     r"'sine/output'$", text, re.M), text


def test_info_lists_every_op_of_an_unsupported_model(tmp_path):
    model = str(tmp_path / "unsupported.tflite")
    subprocess.run([os.environ["CAI_MAKE_MODEL"], model], check=True)
    r = run("info", model)
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        f"cai-model: {model}: unsupported operator CONCATENATION (opcode 2) v1 at op #1"]
    # written by hand from make_unsupported_model.c and the engine's operator
    # table (docs/engine.md: RELU versions 1-3, no CONCATENATION, no custom ops)
    assert r.stdout.decode() == (
        "operators (5):\n"
        "    0 RELU v1\n"
        "    1 CONCATENATION v1  UNSUPPORTED (operator not in the engine)\n"
        "    2 RELU v9  UNSUPPORTED (the engine runs versions 1-3)\n"
        "    3 CUSTOM 'CaiTestOp' v1  UNSUPPORTED (custom operator not in the engine)\n"
        "    4 TANH v1\n")
    r = run("info", model, "--json")
    assert r.returncode == 1
    ops = json.loads(r.stdout)["operators"]
    assert [(o["op"], o["version"], o["supported"]) for o in ops] == [
        ("RELU", 1, True), ("CONCATENATION", 1, False), ("RELU", 9, False),
        ("CUSTOM", 1, False), ("TANH", 1, True)]
    assert ops[3]["custom_code"] == "CaiTestOp"
    assert "error" in json.loads(r.stderr)


def test_info_of_a_file_that_is_not_a_model(tmp_path):
    bad = tmp_path / "garbage.tflite"
    bad.write_bytes(b"\xff" * 64)
    r = run("info", str(bad))
    assert r.returncode == 1 and r.stdout == b""  # nothing to list


def test_bench_json():
    r = run("bench", SINE, "--iters", "20", "--json")
    assert r.returncode == 0 and r.stderr == b""
    j = json.loads(r.stdout)
    assert j["iters"] == 20 and j["arena_bytes"] > 0 and 0 < j["min_us"] <= j["median_us"]


def test_bench_progress_on_a_terminal_only():
    # The progress line is for runs over a second: size the run from this
    # machine's own speed (3 s worth of inferences), so a fast machine does
    # not finish before the first progress line and a slow one is not kept
    # for minutes.
    r = run("bench", SINE, "--iters", "2000", "--json")
    assert r.returncode == 0, r.stderr
    per_us = max(json.loads(r.stdout)["median_us"], 0.01)
    iters = max(1000, int(3e6 / per_us))
    if iters > 10_000_000:  # bench's own limit
        if per_us * 10_000_000 < 1.5e6:
            pytest.skip("this machine runs 10 million sine inferences (bench's limit) in under "
                        "1.5 s: too fast to see the progress line of runs over a second")
        iters = 10_000_000
    args = [TOOL, "bench", SINE, "--iters", str(iters)]
    # not a terminal: no progress line
    r = subprocess.run(args[:3] + ["--iters", "1000"], capture_output=True)
    assert r.returncode == 0 and r.stderr == b""
    master, slave = pty.openpty()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    err = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        rd, _, _ = select.select([master], [], [], 0.2)
        if rd:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        elif p.poll() is not None:
            break
    out = p.communicate()[0]
    os.close(master)
    assert p.returncode == 0
    assert b"median:" in out
    assert re.search(rb"\rbench: \d+/%d inferences \(\d+%%\)" % iters, err), err[:200]
    assert err.endswith(b"\r\x1b[K")  # and the line is cleared at the end
