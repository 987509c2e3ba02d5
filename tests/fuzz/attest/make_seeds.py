# SPDX-License-Identifier: Apache-2.0
"""Seeds for fuzz_attest_claims: claims maps of the three profiles made by the
independent RFC 9783 oracle (tests/oracle/attest/psa_token_ref.py), and a few
broken ones. usage: make_seeds.py OUT_DIR"""
import os
import sys

import cbor2
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "oracle", "attest"))
import psa_token_ref as ref  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
pub = ec.derive_private_key(7, ec.SECP256R1()).public_key()
swc = [{"measurement-type": "SPE", "measurement-value": b"\1" * 32, "version": "0.1.0",
        "signer-id": b"\0" * 32, "measurement-description": "sha-256"},
       {"measurement-type": "MODEL:sine", "measurement-value": b"\2" * 32, "version": "1",
        "signer-id": b"\0" * 32, "measurement-description": "sha-256"}]
seeds = {
    "current": ref.make_claims(pub, b"n" * 32, swc),
    "psa-2.0.0": ref.make_claims(pub, b"n" * 48, swc, profile=ref.PROFILE_2_0_0),
    "iot-1": ref.make_claims(pub, b"n" * 64, swc, profile=ref.PROFILE_IOT_1, keys=ref.IOT_KEYS),
}
for name, claims in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(cbor2.dumps(claims, canonical=True))
    broken = dict(claims)
    broken.pop(next(iter(broken)))
    with open(os.path.join(out, name + "-missing"), "wb") as f:
        f.write(cbor2.dumps(broken, canonical=True))
with open(os.path.join(out, "not-a-map"), "wb") as f:
    f.write(cbor2.dumps([1, 2, 3]))
