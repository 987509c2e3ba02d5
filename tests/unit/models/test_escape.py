# SPDX-License-Identifier: Apache-2.0
"""Names and the description inside a model file reach the terminal escaped:
a model whose tensor name and description hold an ANSI escape sequence is
shown by `cai-model info` and `run` with \\x1b, never the raw byte."""
import os
import subprocess
import sys
import tempfile

tool, model = sys.argv[1], sys.argv[2]
b = open(model, "rb").read()
i = b.index(b"sine/output")
bad = b[:i] + b"sine\x1b[2Jout" + b[i + len(b"sine/output"):]
d = b.index(b"cai sine model")
bad = bad[:d] + b"\x1b]0;pwn\x07 model" + bad[d + len(b"cai sine model"):]
assert len(bad) == len(b)
fails = 0
with tempfile.TemporaryDirectory() as t:
    path = os.path.join(t, "escape.tflite")
    open(path, "wb").write(bad)
    for args in (["info", path], ["run", path, "--input", "1"]):
        out = subprocess.run([tool, *args], capture_output=True, check=True).stdout
        ok = b"\x1b" not in out and b"\x07" not in out and b"\\x1b" in out
        print(("ok:   " if ok else "FAIL: ") + " ".join(args[:1]) + " escapes the model's names")
        fails += 0 if ok else 1
print(f"{2 - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
