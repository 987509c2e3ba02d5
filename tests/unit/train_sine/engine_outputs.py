#!/usr/bin/python3
"""Print "q_in q_out" for all 256 int8 inputs of a one-input, one-output int8
model, as `cai-model run MODEL --input FILE --output FILE` computes them.

usage: engine_outputs.py CAI_MODEL MODEL
"""
import os
import struct
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tool, model = argv[1], argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        fin, fout = os.path.join(tmp, "in.i8"), os.path.join(tmp, "out.i8")
        for q in range(-128, 128):
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
