#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Validate check_sine_model.py's integer arithmetic against TFLM's golden
output for hello_world_int8 over all 256 int8 inputs ($CAI_SHARED_DIR/models/golden). Exit 77
(skipped) when the shared data is absent."""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_sine_model as c  # noqa: E402

shared = os.environ.get("CAI_SHARED_DIR", "")
model = os.path.join(shared, "models", "hello_world_int8.tflite")
golden = os.path.join(shared, "models", "golden", "hello_world_int8_exhaustive.csv")
if not shared or not os.path.exists(model) or not os.path.exists(golden):
    print("SKIP: shared models not found (CAI_SHARED_DIR=%r)" % shared)
    sys.exit(77)
buf, desc, tensors, tin, tout, ops = c.load(model)
layers = c.check_structure(buf, tensors, tin, tout, ops)
bad = n = 0
with open(golden) as f:
    for row in csv.DictReader(f):
        n += 1
        if c.run_int8(layers, int(row["q_in"])) != int(row["q_out"]):
            bad += 1
print("hello_world_int8: %d/%d golden outputs differ from the Python arithmetic" % (bad, n))
sys.exit(0 if bad == 0 and n == 256 else 1)
