#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""cai_cbor against cbor2 (Debian python3-cbor2), an independent
implementation, on random structures from a fixed seed:

  A. cbor2.dumps(v, canonical=True) -> our decode + re-encode -> same bytes
     (both sides use preferred serialization; map order is kept)
  B. cbor2.dumps(v) (floats always binary64) -> our re-encode -> cbor2.loads
     gives v back, and ours is never longer
  C. chunked/indefinite encodings built here around cbor2 leaves -> our
     re-encode -> cbor2.loads agrees with cbor2.loads of the input
  D. our diagnostic output, parsed back, equals cbor2.loads of the same bytes
  E. our deterministic check on cbor2 canonical output: ok exactly when every
     map's keys are also in RFC 8949 bytewise order (cbor2's canonical mode
     sorts length-first, RFC 7049 style, which differs for mixed key sizes)

Run with /usr/bin/python3 (the first python3 on PATH lacks cbor2);
CAI_BIN_DIR must point at the build's bin/. Exit 77 when cbor2 is missing.
"""
import math
import os
import random
import struct
import sys

sys.dont_write_bytecode = True
SOURCE = os.environ.get("CAI_SOURCE_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
sys.path.insert(0, os.path.join(SOURCE, "tests", "vectors", "cbor"))

import pytest  # noqa: E402

try:
    import cbor2
except ImportError:  # reported as a skip by __main__ below
    cbor2 = None

import cbor_diag_parse as diag  # noqa: E402
from cbor_tool import CborTool  # noqa: E402

SEED = 8949
COUNT = 300

# Tags cbor2 would turn into Python objects (dates, bignums, decimals, ...):
# the generator uses others, so the value stays a plain CBORTag.
PLAIN_TAGS = [7, 11, 15, 40, 500, 4000, 70000, 2**33]
INT_EDGES = [0, 1, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63, 2**64 - 1]


def rand_int(r):
    v = r.choice(INT_EDGES + [r.randrange(0, 2**64)] * 3 + [r.randrange(0, 1000)] * 3)
    return v if r.random() < 0.5 else -1 - v


def rand_float(r):
    k = r.randrange(8)
    if k == 0:
        return r.choice([0.0, -0.0, math.inf, -math.inf, 1.0, -2.5, 32767.0, 2.0**-24])
    if k == 1:  # exact binary16 values, subnormals included, below 2^15 (see
        # test_cbor2_half_quirk for the top binade)
        return struct.unpack(">e", struct.pack(">H", r.randrange(0, 0x7800) | r.choice([0, 0x8000])))[0]
    if k == 2:  # exact binary32 values
        bits = r.randrange(0, 0x7f800000) | r.choice([0, 0x80000000])
        return struct.unpack(">f", struct.pack(">I", bits))[0]
    if k == 3:  # binary64 subnormals and tiny values
        return struct.unpack(">d", struct.pack(">Q", r.randrange(1, 2**52)))[0]
    bits = r.randrange(0, 0x7ff0000000000000) | r.choice([0, 2**63])
    return struct.unpack(">d", struct.pack(">Q", bits))[0]


def rand_text(r):
    alphabet = ["a", "Z", "0", " ", '"', "\\", "\n", "\x01", "\x7f", "\u00fc", "\u6c34",
                "\U00010151", "\u20ac", "\ufeff"]
    return "".join(r.choice(alphabet) for _ in range(r.choice([0, 1, 3, 10, 30])))


def rand_key(r):
    k = r.randrange(3)
    if k == 0:
        return rand_int(r)
    if k == 1:
        return rand_text(r)
    return bytes(r.randrange(256) for _ in range(r.randrange(4)))


def rand_value(r, depth=0):
    kinds = ["int", "float", "bytes", "text", "simple", "tag"]
    if depth < 4:
        kinds += ["list", "map"] * 2
    k = r.choice(kinds)
    if k == "int":
        return rand_int(r)
    if k == "float":
        return rand_float(r)
    if k == "bytes":
        return bytes(r.randrange(256) for _ in range(r.choice([0, 1, 5, 24, 300])))
    if k == "text":
        return rand_text(r)
    if k == "simple":
        return r.choice([True, False, None, cbor2.undefined,
                         cbor2.CBORSimpleValue(r.choice([0, 16, 19, 32, 100, 255]))])
    if k == "tag":
        return cbor2.CBORTag(r.choice(PLAIN_TAGS), rand_value(r, depth + 1))
    if k == "list":
        return [rand_value(r, depth + 1) for _ in range(r.choice([0, 1, 2, 5, 24]))]
    return {rand_key(r): rand_value(r, depth + 1) for _ in range(r.choice([0, 1, 3, 6]))}


def values():
    r = random.Random(SEED)
    return [rand_value(r) for _ in range(COUNT)]


def from_cbor2(v):
    """cbor2's decoded value in the terms of cbor_diag_parse."""
    if isinstance(v, cbor2.CBORTag):
        return diag.Tag(v.tag, from_cbor2(v.value))
    if isinstance(v, cbor2.CBORSimpleValue):
        return diag.Simple(v.value)
    if v is cbor2.undefined:
        return diag.Undefined()
    if isinstance(v, list):
        return [from_cbor2(x) for x in v]
    if isinstance(v, dict):
        return {from_cbor2(k): from_cbor2(x) for k, x in v.items()}
    return v


def rfc8949_sorted(v):
    """Every map's keys are in bytewise order of their encodings even though
    cbor2 canonical wrote them in (length, bytes) order."""
    if isinstance(v, cbor2.CBORTag):
        return rfc8949_sorted(v.value)
    if isinstance(v, list):
        return all(rfc8949_sorted(x) for x in v)
    if isinstance(v, dict):
        keys = [cbor2.dumps(k, canonical=True) for k in v]
        if sorted(keys) != sorted(keys, key=lambda b: (len(b), b)):
            return False
        return all(rfc8949_sorted(x) for x in v.values())
    return True


def chunked(v, r):
    """Encodes v with indefinite-length containers and chunked strings where
    the coin says so; leaves come from cbor2."""
    if isinstance(v, list) and r.random() < 0.6:
        return b"\x9f" + b"".join(chunked(x, r) for x in v) + b"\xff"
    if isinstance(v, dict) and r.random() < 0.6:
        return b"\xbf" + b"".join(chunked(k, r) + chunked(x, r) for k, x in v.items()) + b"\xff"
    if isinstance(v, (bytes, str)) and r.random() < 0.6:
        parts, i = [], 0
        while i < len(v):
            n = r.randrange(1, 6)
            parts.append(v[i:i + n])
            i += n
        head = b"\x5f" if isinstance(v, bytes) else b"\x7f"
        return head + b"".join(cbor2.dumps(p) for p in parts) + b"\xff"
    if isinstance(v, list) and len(v) < 24:  # definite, children may be chunked
        return bytes([0x80 + len(v)]) + b"".join(chunked(x, r) for x in v)
    if isinstance(v, cbor2.CBORTag):
        return cbor2.dumps(cbor2.CBORTag(v.tag, None))[:-1] + chunked(v.value, r)
    return cbor2.dumps(v)


VALUES = values() if cbor2 else []
IDS = ["v%03d" % i for i in range(len(VALUES))]


@pytest.fixture(scope="module")
def tool():
    t = CborTool()
    yield t
    t.close()


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_canonical_bytes_roundtrip(tool, value):
    data = cbor2.dumps(value, canonical=True)
    ok, out = tool.run("reencode", data)
    assert ok, out
    assert out == data.hex()


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_reencode_loads_equal(tool, value):
    data = cbor2.dumps(value)
    ok, out = tool.run("reencode", data)
    assert ok, out
    assert len(out) <= 2 * len(data)
    assert diag.same(from_cbor2(cbor2.loads(bytes.fromhex(out))), from_cbor2(value))


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_indefinite_forms(tool, value):
    r = random.Random(SEED + VALUES.index(value))
    data = chunked(value, r)
    want = cbor2.loads(data)
    ok, out = tool.run("reencode", data)
    assert ok, out
    assert diag.same(from_cbor2(cbor2.loads(bytes.fromhex(out))), from_cbor2(want))
    ok, out = tool.run("wf", data)
    assert ok, out


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_diag_matches(tool, value):
    data = cbor2.dumps(value, canonical=True)
    ok, out = tool.run("diag", data)
    assert ok, out
    assert diag.same(diag.parse(out), from_cbor2(cbor2.loads(data))), out


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_deterministic_check(tool, value):
    data = cbor2.dumps(value, canonical=True)
    ok, out = tool.run("check", data)
    if rfc8949_sorted(value):
        assert ok, out
    else:
        assert (ok, out) == (False, "not_deterministic")


# cbor2 5.4.6 canonical mode never uses binary16 for |v| >= 2^15 (exponent 15,
# the top binade), although e.g. 65504.0 is exactly f97bff (RFC 8949 Appendix A).
# Ours follows RFC 8949 §4.1; cbor2 still reads our shorter form back.
@pytest.mark.parametrize("value,half", [(32768.0, "f97800"), (65504.0, "f97bff"),
                                        (-40000.0, "f9f8e2")])
def test_cbor2_half_quirk(tool, value, half):
    theirs = cbor2.dumps(value, canonical=True)
    assert theirs[0] == 0xFA  # documents the quirk; if cbor2 changes, revisit
    ok, out = tool.run("reencode", theirs)
    assert (ok, out) == (True, half)
    assert cbor2.loads(bytes.fromhex(out)) == value


class Summary:
    def pytest_terminal_summary(self, terminalreporter):
        unsorted = sum(1 for v in VALUES if not rfc8949_sorted(v))
        terminalreporter.write_line(
            "cbor2 oracle: %d random values (seed %d), 5 checks each, plus the half-float quirk; %d values have maps "
            "whose cbor2-canonical (length-first) key order is not RFC 8949 bytewise order"
            % (len(VALUES), SEED, unsorted))


if __name__ == "__main__":
    if cbor2 is None:
        print("SKIPPED: cbor2 not importable by %s (install python3-cbor2)" % sys.executable)
        sys.exit(77)
    sys.exit(pytest.main([__file__, "-q", "-rs", "-p", "no:cacheprovider"],
                         plugins=[Summary()]))
