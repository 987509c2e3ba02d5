#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""RFC 8949 Appendix A examples (the cbor/test-vectors file in
$CAI_SHARED_DIR/vectors/cbor/appendix_a.json) against cai_cbor, through
cai-cbor-tool:

  decode   every entry; compare with `decoded` (parsed back from our
           diagnostic output; bignum tags 2/3 become Python ints) or, where
           the file has no JSON form, with its `diagnostic` text verbatim
  roundtrip  where `roundtrip` is true, re-encoding gives the same bytes
  preferred  where it is false, our re-encoding is the same value for cbor2
  determinism  roundtrip entries pass cai_cbor_check_deterministic, the others
           (indefinite lengths, long floats) fail it

Expected deviation: the file comes from RFC 7049, which listed f818 as
simple(24). RFC 8949 §3.3 made two-byte simple values below 32 not
well-formed, so we must reject it; it is tested as a rejection and counted.

Run: CAI_BIN_DIR=build/bin CAI_SHARED_DIR=../shared /usr/bin/python3 test_appendix_a.py
Exit 77 (skipped) when the shared vectors are absent.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pytest  # noqa: E402

import cbor_diag_parse as diag  # noqa: E402
from cbor_tool import CborTool  # noqa: E402

SKIP_RC = 77
SHARED = os.environ.get("CAI_SHARED_DIR", "")
VECTORS = os.path.join(SHARED, "vectors", "cbor", "appendix_a.json")

# Entries RFC 8949 rejects although the RFC 7049-era file lists them.
RFC8949_REJECTS = {
    "f818": "RFC 8949 §3.3: two-byte simple values 0..31 are not well-formed",
}


def entries():
    if not os.path.exists(VECTORS):
        return []
    with open(VECTORS, encoding="utf-8") as f:
        return json.load(f)


ENTRIES = entries()
IDS = [e["hex"][:24] for e in ENTRIES]


@pytest.fixture(scope="module")
def tool():
    t = CborTool()
    yield t
    t.close()


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_decode(tool, entry):
    hexdata = entry["hex"]
    ok, out = tool.run("diag", hexdata)
    if hexdata in RFC8949_REJECTS:
        assert not ok and out == "malformed", RFC8949_REJECTS[hexdata]
        ok, out = tool.run("wf", hexdata)
        assert not ok and out == "malformed"
        return
    assert ok, "rejected: %s" % out
    if "decoded" in entry:
        got = diag.parse(out)
        assert diag.same(got, entry["decoded"]), "%s decoded as %r (diag %s)" % (
            hexdata, got, out)
    else:
        assert out == entry["diagnostic"]


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["roundtrip"]],
                         ids=[e["hex"][:24] for e in ENTRIES if e["roundtrip"]])
def test_roundtrip(tool, entry):
    if entry["hex"] in RFC8949_REJECTS:
        pytest.skip("expected deviation: " + RFC8949_REJECTS[entry["hex"]])
    ok, out = tool.run("reencode", entry["hex"])
    assert ok, out
    assert out == entry["hex"]


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e["roundtrip"]],
                         ids=[e["hex"][:24] for e in ENTRIES if not e["roundtrip"]])
def test_preferred(tool, entry):
    cbor2 = pytest.importorskip("cbor2")
    ok, out = tool.run("reencode", entry["hex"])
    assert ok, out
    assert len(out) <= len(entry["hex"])
    want = cbor2.loads(bytes.fromhex(entry["hex"]))
    got = cbor2.loads(bytes.fromhex(out))
    assert diag.same(got, want) or (got != got and want != want)  # NaN
    # Preferred serialization everywhere; the one map whose keys the file
    # lists out of bytewise order ({_ "Fun": .., "Amt": ..}) keeps its order,
    # since re-encoding does not sort.
    ok, verdict = tool.run("check", out)
    if entry["hex"] == "bf6346756ef563416d7421ff":
        assert (ok, verdict) == (False, "not_deterministic")
    else:
        assert ok, verdict


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_determinism(tool, entry):
    hexdata = entry["hex"]
    ok, out = tool.run("check", hexdata)
    if hexdata in RFC8949_REJECTS:
        assert (ok, out) == (False, "malformed")
    elif entry["roundtrip"]:
        assert ok, out
    else:
        assert (ok, out) == (False, "not_deterministic")


class Summary:
    def pytest_terminal_summary(self, terminalreporter):
        n = len(ENTRIES)
        rt = sum(1 for e in ENTRIES if e["roundtrip"])
        dec = sum(1 for e in ENTRIES if "decoded" in e)
        terminalreporter.write_line(
            "appendix A: %d entries (%d compared with `decoded`, %d with `diagnostic`), "
            "%d roundtrip, %d preferred-form re-encodings; %d expected deviation(s): %s"
            % (n, dec, n - dec, rt, n - rt, len(RFC8949_REJECTS),
               "; ".join("%s (%s)" % kv for kv in RFC8949_REJECTS.items())))


if __name__ == "__main__":
    if not SHARED or not os.path.exists(VECTORS):
        print("SKIPPED: %s not found (CAI_SHARED_DIR=%r)" % (VECTORS, SHARED))
        sys.exit(SKIP_RC)
    sys.exit(pytest.main([__file__, "-q", "-rs", "-p", "no:cacheprovider"],
                         plugins=[Summary()]))
