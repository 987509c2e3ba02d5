# SPDX-License-Identifier: Apache-2.0
"""Inference results made the way docs/design.md §5 says, independently of
the C code (python3-cbor2 and python3-cryptography): the claims map in
deterministic CBOR, COSE_Sign1 ES256 with a low-S signature and kid = UUID,
and the `encrypt` format through the oracle COSE of tests/oracle/cose."""
import os
import struct
import sys

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cose"))
import cose_ref  # noqa: E402

N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | ai]) + n.to_bytes(size, "big")
    raise ValueError(n)


def enc_int(v):
    return head(0, v) if v >= 0 else head(1, -1 - v)


def enc_float32(x):
    """A float32 value in its shortest encoding (RFC 8949 §4.2.1): half
    precision when it holds the value exactly, else single."""
    f32 = struct.unpack(">f", struct.pack(">f", x))[0]
    try:
        half = struct.pack(">e", f32)
        if struct.unpack(">e", half)[0] == f32 or (f32 != f32):
            return b"\xf9" + half
    except OverflowError:
        pass
    return b"\xfa" + struct.pack(">f", f32)


def enc_floats(xs):
    return head(4, len(xs)) + b"".join(enc_float32(x) for x in xs)


def claims(uuid, output, seq, model="sine", digest=None, engine="cai-tflite/0.1.0",
           input=None, nonce=None, extra=None, drop=()):
    """The cai-result map, keys sorted by their encoding (deterministic)."""
    items = {
        -80000: enc_floats(output),
        -80006: enc_int(seq),
        -80007: cbor2.dumps(model),
        -80008: cbor2.dumps(digest if digest is not None else bytes(range(32))),
        -80009: cbor2.dumps(engine),
        256: cbor2.dumps(b"\x01" + uuid),
    }
    if input is not None:
        items[-80010] = enc_floats(input)
    if nonce is not None:
        items[10] = cbor2.dumps(nonce)
    for k in drop:
        items.pop(k)
    if extra:
        items.update(extra)
    pairs = sorted((enc_int(k), v) for k, v in items.items())
    return head(5, len(pairs)) + b"".join(k + v for k, v in pairs)


def sign1(priv, payload, kid):
    prot = cbor2.dumps({1: -7})
    tbs = cbor2.dumps(["Signature1", prot, b"", payload])
    r, s = decode_dss_signature(priv.sign(tbs, ec.ECDSA(hashes.SHA256())))
    if s > N // 2:
        s = N - s  # one encoding per message: low-S
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return cbor2.dumps(cbor2.CBORTag(18, [prot, {4: kid}, payload, sig]))


def encrypt_to(cloud_pub, plaintext, cloud_kid=b"cloud"):
    return cose_ref.encrypt(cloud_pub, plaintext, kid=cloud_kid)
