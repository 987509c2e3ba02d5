#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Print "q_in q_out" for int8 inputs of a one-input, one-output int8 model,
as `cai-model run MODEL --input FILE --output FILE` computes them: every
STEP-th input from -128, plus 127 (STEP 1 = all 256). One process per
input, which is slow under ASan; hence the step.

usage: engine_outputs.py CAI_MODEL MODEL [STEP]
"""
import os
import struct
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    tool, model = argv[1], argv[2]
    step = int(argv[3]) if len(argv) == 4 else 1
    inputs = sorted(set(range(-128, 128, step)) | {127})
    with tempfile.TemporaryDirectory() as tmp:
        fin, fout = os.path.join(tmp, "in.i8"), os.path.join(tmp, "out.i8")
        for q in inputs:
            with open(fin, "wb") as f:
                f.write(struct.pack("<b", q))
            p = subprocess.run([tool, "run", model, "--input", fin, "--output", fout],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                print("cai-model run failed for input %d: %s" % (q, p.stderr.strip()), file=sys.stderr)
                return 1
            with open(fout, "rb") as f:
                out = f.read()
            if len(out) != 1:
                print("cai-model run wrote %d output bytes, expected 1" % len(out), file=sys.stderr)
                return 1
            print(q, struct.unpack("<b", out)[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
