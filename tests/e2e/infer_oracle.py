# SPDX-License-Identifier: Apache-2.0
"""An independent verifier of inference results, written from
docs/design.md §5 (the CDDL of the claims and the three formats), RFC 8949
§4.2.1 (deterministic encoding), RFC 9052 (COSE_Sign1, COSE_Encrypt) and
RFC 9053 (ES256, A256GCM, ECDH-ES + A256KW with HKDF-SHA256), on Debian's
python3-cbor2 (decoding only) and python3-cryptography. It shares no code
with the C side; the deterministic encoder below is its own.

check_result() takes a result in one of the formats (cbor, sign1, encrypt),
the device's sign public key (the answer of `cai keys public sign`), the
UUID the device is expected to have and, for encrypt, the cloud's private
key; it returns the claims as a dict or raises OracleError saying what is
wrong."""
import hashlib
import math
import struct

import cbor2
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

# COSE labels and algorithms (RFC 9052 §3.1, RFC 9053)
ALG, KID, IV = 1, 4, 5
ES256, A256GCM, ECDH_ES_A256KW, A256KW = -7, 3, -31, -5
TAG_SIGN1, TAG_ENCRYPT = 18, 96

# The claims of docs/design.md §5
OUTPUT, SEQ, MODEL, DIGEST, ENGINE, INPUT, UEID, NONCE = (-80000, -80006, -80007, -80008,
                                                          -80009, -80010, 256, 10)
REQUIRED = {OUTPUT, SEQ, MODEL, DIGEST, ENGINE, UEID}
OPTIONAL = {INPUT, NONCE}


class OracleError(Exception):
    pass


def fail(why):
    raise OracleError(why)


# ---------------------------------------------------------------- deterministic CBOR

def _head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | ai]) + n.to_bytes(size, "big")
    fail(f"integer {n} does not fit CBOR")


def _float(x):
    """The shortest of half, single, double that holds x exactly (§4.2.1,
    preferred serialization of floats)."""
    if math.isnan(x):
        return b"\xf9\x7e\x00"
    for fmt, ib in ((">e", 0xf9), (">f", 0xfa)):
        try:
            packed = struct.pack(fmt, x)
        except (OverflowError, struct.error):
            continue
        if struct.unpack(fmt, packed)[0] == x:
            return bytes([ib]) + packed
    return b"\xfb" + struct.pack(">d", x)


def det_encode(obj):
    """RFC 8949 §4.2.1: shortest heads, definite lengths, map keys sorted by
    the bytewise order of their encodings, floats in their shortest exact
    form."""
    if obj is None:
        return b"\xf6"
    if obj is True:
        return b"\xf5"
    if obj is False:
        return b"\xf4"
    if isinstance(obj, int):
        return _head(0, obj) if obj >= 0 else _head(1, -1 - obj)
    if isinstance(obj, float):
        return _float(obj)
    if isinstance(obj, bytes):
        return _head(2, len(obj)) + obj
    if isinstance(obj, str):
        b = obj.encode("utf-8")
        return _head(3, len(b)) + b
    if isinstance(obj, list):
        return _head(4, len(obj)) + b"".join(det_encode(x) for x in obj)
    if isinstance(obj, dict):
        pairs = sorted((det_encode(k), det_encode(v)) for k, v in obj.items())
        if len({k for k, _ in pairs}) != len(pairs):
            fail("duplicate map key")
        return _head(5, len(pairs)) + b"".join(k + v for k, v in pairs)
    if isinstance(obj, cbor2.CBORTag):
        return _head(6, obj.tag) + det_encode(obj.value)
    fail(f"a CBOR item of an unexpected kind: {type(obj).__name__}")


def strict_loads(data, what):
    """Decode one CBOR item that must be the whole of data and in
    deterministic encoding (decode, re-encode, compare bytes: any
    non-shortest head, indefinite length, key order, duplicate key, float
    form or trailing byte shows as a difference)."""
    try:
        obj = cbor2.loads(data)
    except Exception as e:  # cbor2 raises several kinds
        fail(f"{what} is not CBOR: {e}")
    if det_encode(obj) != data:
        fail(f"{what} is not in deterministic encoding (RFC 8949 §4.2.1) or has trailing bytes")
    return obj


# ---------------------------------------------------------------- keys

def point_bytes(pub):
    return pub.public_bytes(serialization.Encoding.X962,
                            serialization.PublicFormat.UncompressedPoint)


def load_public(key):
    """An EC public key from a PEM text/bytes, a 65-byte point or a key."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key
    if isinstance(key, str):
        key = key.encode()
    if len(key) == 65 and key[0] == 4:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    pub = serialization.load_pem_public_key(key)
    if not isinstance(pub, ec.EllipticCurvePublicKey) or pub.curve.name != "secp256r1":
        fail("not a P-256 public key")
    return pub


def cose_key_kid(pub):
    """kid of a P-256 key: SHA-256 of its COSE_Key {1: 2, -1: 1, -2: x, -3: y}
    in deterministic encoding (docs/design.md §5)."""
    p = point_bytes(load_public(pub))
    return hashlib.sha256(det_encode({1: 2, -1: 1, -2: p[1:33], -3: p[33:]})).digest()


# ---------------------------------------------------------------- COSE_Sign1

def check_sign1(blob, sign_pub, uuid):
    """The profile of §5: tag 18, protected exactly {1: -7}, unprotected
    exactly {4: UUID}, ES256 over Sig_structure with empty external AAD, low-S.
    Returns the payload bytes."""
    msg = strict_loads(blob, "the COSE_Sign1")
    if not isinstance(msg, cbor2.CBORTag) or msg.tag != TAG_SIGN1:
        fail("not a COSE_Sign1 with tag 18")
    if not isinstance(msg.value, list) or len(msg.value) != 4:
        fail("a COSE_Sign1 is an array of 4")
    prot, unprot, payload, sig = msg.value
    if not isinstance(prot, bytes) or prot != det_encode({ALG: ES256}):
        fail("the protected header is not exactly {1: -7} in a bstr")
    if unprot != {KID: uuid}:
        fail(f"the unprotected header is not {{4: UUID}}: {unprot!r}")
    if not isinstance(payload, bytes):
        fail("the payload is not a bstr (detached or nil)")
    if not isinstance(sig, bytes) or len(sig) != 64:
        fail("the signature is not 64 bytes r||s")
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    if not (0 < r < P256_N and 0 < s < P256_N):
        fail("r or s out of range")
    if s > P256_N // 2:
        fail("high-S signature")
    tbs = det_encode(["Signature1", prot, b"", payload])
    try:
        load_public(sign_pub).verify(encode_dss_signature(r, s), tbs,
                                     ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        fail("the ES256 signature does not verify")
    return payload


# ---------------------------------------------------------------- COSE_Encrypt

def _ec2_point(k):
    if not isinstance(k, dict) or set(k) != {1, -1, -2, -3} or k[1] != 2 or k[-1] != 1:
        fail(f"the ephemeral key is not an EC2 P-256 COSE_Key with x and y: {k!r}")
    x, y = k[-2], k[-3]
    if not (isinstance(x, bytes) and isinstance(y, bytes) and len(x) == 32 and len(y) == 32):
        fail("the ephemeral key's x and y are not 32-byte bstrs")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + x + y)
    except ValueError:
        fail("the ephemeral key is not a point of P-256")


def open_encrypt(blob, cloud_priv, details=None):
    """A COSE_Encrypt of the profile (tag 96, A256GCM with a 12-byte IV, one
    recipient {1: -31} with the ephemeral key in -1 and the cloud key's kid
    in 4, HKDF-SHA256 over the COSE_KDF_Context of §5, A256KW), opened with
    the cloud's private key. Returns the plaintext; details (a dict) gets
    the IV and the ephemeral point."""
    msg = strict_loads(blob, "the COSE_Encrypt")
    if not isinstance(msg, cbor2.CBORTag) or msg.tag != TAG_ENCRYPT:
        fail("the signed payload is not a COSE_Encrypt with tag 96")
    if not isinstance(msg.value, list) or len(msg.value) != 4:
        fail("a COSE_Encrypt is an array of 4")
    prot, unprot, ct, recipients = msg.value
    if prot != det_encode({ALG: A256GCM}):
        fail("the content's protected header is not exactly {1: 3} (A256GCM)")
    if not isinstance(unprot, dict) or set(unprot) != {IV} or not isinstance(unprot[IV], bytes) \
            or len(unprot[IV]) != 12:
        fail("the content's unprotected header is not {5: 12-byte IV}")
    if not isinstance(ct, bytes) or len(ct) < 16:
        fail("the ciphertext is not a bstr with a GCM tag")
    if not isinstance(recipients, list) or len(recipients) != 1:
        fail("not exactly one recipient")
    rcpt = recipients[0]
    if not isinstance(rcpt, list) or len(rcpt) != 3:
        fail("a recipient is an array of 3")
    rprot, runprot, wrapped = rcpt
    if rprot != det_encode({ALG: ECDH_ES_A256KW}):
        fail("the recipient's protected header is not exactly {1: -31} (ECDH-ES + A256KW)")
    if not isinstance(runprot, dict) or set(runprot) != {-1, KID}:
        fail(f"the recipient's unprotected header is not {{-1: key, 4: kid}}: {runprot!r}")
    if runprot[KID] != cose_key_kid(cloud_priv.public_key()):
        fail("the recipient kid is not SHA-256 of the cloud key's COSE_Key")
    eph = _ec2_point(runprot[-1])
    if not isinstance(wrapped, bytes) or len(wrapped) != 40:
        fail("the wrapped key is not 40 bytes (A256KW of a 32-byte key)")
    z = cloud_priv.exchange(ec.ECDH(), eph)
    context = det_encode([A256KW, [None, None, None], [None, None, None], [256, rprot]])
    kek = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context).derive(z)
    try:
        cek = aes_key_unwrap(kek, wrapped)
    except InvalidUnwrap:
        fail("the content key does not unwrap")
    if len(cek) != 32:
        fail("the content key is not 32 bytes")
    try:
        plain = AESGCM(cek).decrypt(unprot[IV], ct, det_encode(["Encrypt", prot, b""]))
    except InvalidTag:
        fail("the ciphertext does not decrypt (GCM tag)")
    if details is not None:
        details.update(iv=unprot[IV], ephemeral=point_bytes(eph), cek=cek)
    return plain


# ---------------------------------------------------------------- the claims

def is_float32(x):
    return isinstance(x, float) and math.isfinite(x) and \
        struct.unpack("<f", struct.pack("<f", x))[0] == x


def check_claims(payload, uuid, nonce=None, bound=None, model=None, digest=None):
    """The CDDL of §5, exactly. nonce: the nonce the caller gave (None: the
    claim must be absent); bound: True / False for -80010 present / absent,
    None for either. Returns the claims map."""
    c = strict_loads(payload, "the claims")
    if not isinstance(c, dict):
        fail("the claims are not a map")
    keys = set(c)
    if not REQUIRED <= keys:
        fail(f"missing claims: {sorted(REQUIRED - keys)}")
    if keys - REQUIRED - OPTIONAL:
        fail(f"unknown claims: {sorted(keys - REQUIRED - OPTIONAL)}")
    for label in (OUTPUT, INPUT):
        if label in c:
            v = c[label]
            if not isinstance(v, list) or not v or not all(is_float32(x) for x in v):
                fail(f"claim {label} is not [+ float32]")
    if type(c[SEQ]) is not int or c[SEQ] < 0:
        fail("the sequence number is not a uint")
    for label in (MODEL, ENGINE):
        if not isinstance(c[label], str) or not c[label]:
            fail(f"claim {label} is not a tstr")
    if not isinstance(c[DIGEST], bytes) or len(c[DIGEST]) != 32:
        fail("the model digest is not a 32-byte bstr")
    if c[UEID] != b"\x01" + uuid:
        fail("the ueid is not 0x01 || UUID")
    if nonce is None and NONCE in c:
        fail("a nonce claim nobody asked for")
    if nonce is not None and c.get(NONCE) != nonce:
        fail("the nonce claim is not the nonce given")
    if bound is True and INPUT not in c:
        fail("the input is not bound (-80010 missing)")
    if bound is False and INPUT in c:
        fail("an input claim nobody asked for")
    if model is not None and c[MODEL] != model:
        fail(f"the model is {c[MODEL]!r}, not {model!r}")
    if digest is not None and c[DIGEST] != digest:
        fail("the model digest is not the expected one")
    return c


def check_result(blob, fmt, sign_pub, uuid, cloud_priv=None, details=None, **expect):
    """The whole check of one result in format fmt ("cbor", "sign1",
    "encrypt"); expect: check_claims' nonce, bound, model, digest."""
    if fmt == "cbor":
        return check_claims(blob, uuid, **expect)
    payload = check_sign1(blob, sign_pub, uuid)
    if fmt == "sign1":
        if payload[:2] == b"\xd8\x60":
            fail("a sign1 result carries a COSE_Encrypt")
        return check_claims(payload, uuid, **expect)
    if fmt != "encrypt":
        raise ValueError(fmt)
    if cloud_priv is None:
        fail("an encrypt result needs the cloud's private key")
    return check_claims(open_encrypt(payload, cloud_priv, details), uuid, **expect)


def verifies(blob, fmt, sign_pub, uuid, cloud_priv=None, **expect):
    """True when check_result accepts the result."""
    try:
        check_result(blob, fmt, sign_pub, uuid, cloud_priv, **expect)
        return True
    except OracleError:
        return False
