#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpus of the cbor fuzz targets into a build folder
(nothing is stored in the repository):
  - every RFC 8949 Appendix A example from $CAI_SHARED_DIR (when present),
  - our own inputs: hand-written edge cases and not-well-formed examples,
  - random structures from cbor2 (fixed seed), definite and indefinite forms.
Usage: make_seeds.py OUTDIR [SHARED_DIR]"""
import json
import os
import random
import sys

out = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else ""
os.makedirs(out, exist_ok=True)
seeds = {}


def add(name, data):
    seeds[name] = data


vec = os.path.join(shared, "vectors", "cbor", "appendix_a.json")
if shared and os.path.exists(vec):
    with open(vec, encoding="utf-8") as f:
        for i, e in enumerate(json.load(f)):
            add("appendix_a_%02d" % i, bytes.fromhex(e["hex"]))

OWN = [
    "a3 3a0001387f 82 fa3f800000 fa40000000 3a00013886 01 3a00013887 6473696e65",
    "d2 84 43a10126 a1 04 50 000102030405060708090a0b0c0d0e0f 40 5840" + "00" * 64,
    "bf 61 61 9f 5f 41 00 40 ff 7f 61 62 ff ff 20 f97e01 ff",
    "9f 9f 9f 9f 9f 9f 9f 9f ff ff ff ff ff ff ff ff",
    "81" * 40 + "00",
    "c1" * 40 + "00",
    "a2 01 00 01 00", "a2 20 00 1818 00", "fb 7ff8000000000001", "f9 0001",
    "1c", "f818", "5f 00 ff", "bf 00 ff", "9b ffffffffffffffff", "7a ffffffff 00",
    "62 c0 80", "63 ed a0 80", "ff", "81 ff", "df",
]
for i, h in enumerate(OWN):
    add("own_%02d" % i, bytes.fromhex(h.replace(" ", "")))

try:
    import cbor2

    r = random.Random(7049)

    def value(depth):
        k = r.randrange(9 if depth < 3 else 5)
        if k == 0:
            return r.choice([0, 23, 24, 2**32, -1, -2**64, 2**64 - 1])
        if k == 1:
            return r.choice([0.0, -0.0, 1.5, 1.1, 65504.0, 1e300, float("inf")])
        if k == 2:
            return r.choice(["", "a", "\u6c34\U00010151", b"", b"\x00\xff"])
        if k == 3:
            return r.choice([True, False, None, cbor2.undefined])
        if k == 4:
            return cbor2.CBORTag(r.choice([7, 18, 96, 55799]), r.randrange(100))
        if k < 7:
            return [value(depth + 1) for _ in range(r.randrange(4))]
        return {r.randrange(-5, 30): value(depth + 1) for _ in range(r.randrange(4))}

    for i in range(40):
        v = value(0)
        add("cbor2_%02d" % i, cbor2.dumps(v, canonical=(i % 2 == 0)))
except ImportError:
    pass

for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
print("cbor fuzz seeds: %d files in %s" % (len(seeds), out))
