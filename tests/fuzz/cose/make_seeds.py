# SPDX-License-Identifier: Apache-2.0
"""Writes fuzz seeds for the COSE targets: valid messages made with the
independent Python COSE (tests/oracle/cose/cose_ref.py) under the fixed keys
of fuzz_keys.h, plus a few deliberate near-misses. Run at configure time:
    make_seeds.py OUTDIR
"""
import os
import sys

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_wrap

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "oracle", "cose"))
import cose_ref as ref  # noqa: E402

SIGN = ref.priv_from_bytes(bytes(range(1, 33)))
RECIP = ref.priv_from_bytes(bytes(range(33, 65)))
KEK = b"\x42" * 16
CEK = b"\x24" * 32


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def sign1_seeds(out):
    for i, n in enumerate([0, 1, 24, 300]):
        write(out, f"sign1-{i}", ref.sign1(SIGN, bytes(n), kid=b"k" * (i + 1)))
    msg = ref.sign1(SIGN, b"payload")
    write(out, "untagged", ref.dumps(cbor2.loads(msg).value))
    # h'A0' protected with alg unprotected, signed over h'' (as cose-wg does)
    r, s = decode_dss_signature(SIGN.sign(ref.sig_structure(b"", b"", b"x"),
                                          ec.ECDSA(hashes.SHA256())))
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    write(out, "prot-a0", ref.dumps(cbor2.CBORTag(18, [b"\xa0", {1: -7}, b"x", sig])))
    write(out, "crit", ref.dumps(cbor2.CBORTag(18, [ref.dumps({1: -7, 2: [4]}), {4: b"a"},
                                                     b"p", bytes(64)])))
    write(out, "unknown-hdr", ref.dumps(cbor2.CBORTag(18, [ref.dumps({1: -7}),
                                                            {100: [1, {2: None}], "t": 1},
                                                            b"p", bytes(64)])))


def encrypt_seeds(out):
    pub = RECIP.public_key()
    write(out, "profile", ref.encrypt(pub, b"model", kid=b"cloud"))
    write(out, "kdf-inputs", ref.encrypt(pub, b"m", content_alg=1, ralg=-29, salt=b"s",
                                         party_u=(b"u", b"n", None), party_v=(None, None, b"o")))
    # static A128KW recipient
    cek = os.urandom(16)
    iv = os.urandom(12)
    prot = ref.dumps({1: 1})
    ct = AESGCM(cek).encrypt(iv, b"kw content", ref.dumps(["Encrypt", prot, b""]))
    write(out, "a128kw", ref.dumps(cbor2.CBORTag(96, [prot, {5: iv}, ct, [
        [b"", {1: -3, 4: b"kw"}, aes_key_wrap(KEK, cek)]]])))
    # direct recipient, A256GCM
    prot = ref.dumps({1: 3})
    ct = AESGCM(CEK).encrypt(iv, b"direct", ref.dumps(["Encrypt", prot, b""]))
    write(out, "direct", ref.dumps(cbor2.CBORTag(96, [prot, {5: iv}, ct, [[b"", {1: -6}, b""]]])))
    # Encrypt0 with the 32- and 16-byte keys
    for alg, key in ((3, CEK), (1, CEK[:16])):
        prot = ref.dumps({1: alg})
        ct = AESGCM(key).encrypt(iv, b"enc0", ref.dumps(["Encrypt0", prot, b""]))
        write(out, f"encrypt0-{alg}", ref.dumps(cbor2.CBORTag(16, [prot, {5: iv}, ct])))


def key_seeds(out):
    pub = ref.pub_bytes(SIGN.public_key())
    d = ref.priv_bytes(SIGN)
    write(out, "public", ref.dumps({1: 2, -1: 1, -2: pub[1:33], -3: pub[33:]}))
    write(out, "private", ref.dumps({1: 2, 2: b"kid", 3: -7, -1: 1, -2: pub[1:33], -3: pub[33:],
                                     -4: d}))
    write(out, "compressed", ref.dumps({1: 2, -1: 1, -2: pub[1:33], -3: True}))
    write(out, "text-label", ref.dumps({1: 2, -1: 1, -2: pub[1:33], -3: pub[33:], "x": 1}))


def main():
    out = sys.argv[1]
    for name, fn in (("sign1", sign1_seeds), ("encrypt", encrypt_seeds), ("key", key_seeds)):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        fn(os.path.join(out, name))


if __name__ == "__main__":
    main()
