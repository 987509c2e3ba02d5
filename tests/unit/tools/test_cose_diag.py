#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""`cai-cloud cose print --diag` against extended diagnostic notation written
by hand, as RFC 9052's appendix C writes its examples (RFC 8610 appendix G:
/comments/, embedded CBOR as <<...>>), for cose-wg messages in the shared
vectors. Labels and algorithm names are those of the IANA COSE registries
(RFC 9052 §3.1 and §7.1, RFC 9053). Exits 77 when the vectors are absent."""
import json
import os
import subprocess
import sys
import tempfile

SHARED = os.environ.get("CAI_SHARED_DIR", "")
COSE = os.path.join(SHARED, "vectors", "cose")
TOOL = os.path.join(os.environ["CAI_BIN_DIR"], "cai-cloud")

# RFC 9052 C.2.1, "Single ECDSA Signature": sign1-tests/sign-pass-03.json is
# that message without its tag 18; the tag is put back here.
C_2_1 = """\
18(/COSE_Sign1/ [
  /protected/ <<{/alg/ 1: -7 /ES256/}>>,
  /unprotected/ {/kid/ 4: h'3131'},
  /payload/ h'546869732069732074686520636f6e74656e742e',
  /signature/ h'8eb33e4ca31d1c465ab05aac34cc6b23d58fef5c083106c4d25a91aef0b0117e\
2af9a291aa32e14ab834dc56ed2a223444547e01f11d3b0916e5a4c345cacb36'
])
"""

# The same, untagged (sign-pass-03: "Remove CBOR Tag").
C_2_1_UNTAGGED = C_2_1.replace("18(/COSE_Sign1/ [", "/COSE_Sign1, untagged/ [").replace(
    "\n])\n", "\n]\n")

# sign1-tests/sign-pass-01.json: an empty protected map encoded (h'a0') and
# the algorithm in the unprotected bucket.
SIGN_PASS_01 = """\
18(/COSE_Sign1/ [
  /protected/ <<{}>>,
  /unprotected/ {/alg/ 1: -7 /ES256/, /kid/ 4: h'3131'},
  /payload/ h'546869732069732074686520636f6e74656e742e',
  /signature/ h'87db0d2e5571843b78ac33ecb2830df7b6e0a4d5b7376de336b23c591c90c425\
317e56127fbe04370097ce347087b233bf722b64072beb4486bda4031d27244f'
])
"""

# ecdh-wrap-examples/p256-wrap-128-01.json: COSE_Encrypt (tag 96), A128GCM,
# one ECDH-ES + A128KW recipient with an ephemeral EC2 P-256 COSE_Key.
P256_WRAP_128_01 = """\
96(/COSE_Encrypt/ [
  /protected/ <<{/alg/ 1: 1 /A128GCM/}>>,
  /unprotected/ {/IV/ 5: h'02d1f7e6f26c43d4868d87ce'},
  /ciphertext/ h'64f84d913ba60a76070a9a48f26e97e863e2852948658f0811139868826e89218a75715b',
  /recipients/ [
    [
      /protected/ <<{/alg/ 1: -29 /ECDH-ES + A128KW/}>>,
      /unprotected/ {/ephemeral key/ -1: {/kty/ 1: 2 /EC2/, /crv/ -1: 1 /P-256/, \
/x/ -2: h'ecdbcec636cc1408a503bbf6b7311b900c9aed9c5b71503848c89a07d0ef6f5b', \
/y/ -3: h'd6d1586710c02203e4e53b20dc7b233ca4c8b6853467b9fb8244a3840accd602'}, \
/kid/ 4: h'6d65726961646f632e6272616e64796275636b406275636b6c616e642e6578616d706c65'},
      /ciphertext/ h'd23bca11c3f8e35bf6f81412794e159772e946ff4fb31bd1'
    ]
  ]
])
"""


def vector(path):
    with open(os.path.join(COSE, path)) as f:
        return bytes.fromhex(json.load(f)["output"]["cbor"])


def diag(msg):
    with tempfile.NamedTemporaryFile() as t:
        t.write(msg)
        t.flush()
        r = subprocess.run([TOOL, "cose", "print", "--in", t.name, "--diag"],
                           capture_output=True, text=True)
    # and the same from stdin, --diag being the default
    s = subprocess.run([TOOL, "cose", "print"], input=msg, capture_output=True)
    assert s.returncode == r.returncode and s.stdout.decode() == r.stdout
    return r


def main():
    if not os.path.isdir(COSE):
        print("SKIP: CAI_SHARED_DIR/vectors/cose not found (shared test data absent)")
        return 77
    cases = [
        ("RFC 9052 C.2.1 (tagged)", b"\xd2" + vector("sign1-tests/sign-pass-03.json"), C_2_1),
        ("sign-pass-03 (untagged)", vector("sign1-tests/sign-pass-03.json"), C_2_1_UNTAGGED),
        ("sign-pass-01", vector("sign1-tests/sign-pass-01.json"), SIGN_PASS_01),
        ("p256-wrap-128-01", vector("ecdh-wrap-examples/p256-wrap-128-01.json"),
         P256_WRAP_128_01),
    ]
    fails = 0
    for name, msg, want in cases:
        r = diag(msg)
        ok = r.returncode == 0 and r.stdout == want and r.stderr == ""
        print(("ok:   " if ok else "FAIL: ") + name)
        if not ok:
            print("got:\n" + r.stdout + r.stderr + "want:\n" + want)
            fails += 1
    # Not a COSE shape: plain RFC 8949 diagnostic notation, still exit 0.
    r = diag(bytes.fromhex("83010203"))
    ok = r.returncode == 0 and r.stdout == "[1, 2, 3]\n"
    print(("ok:   " if ok else "FAIL: ") + "non-COSE CBOR in plain notation")
    fails += 0 if ok else 1
    print(f"{len(cases) + 1 - fails} passed, {fails} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
