# SPDX-License-Identifier: Apache-2.0
"""An independent COSE implementation for the oracle tests, written from
RFC 9052/9053 on Debian's python3-cbor2 and python3-cryptography (no code
shared with the C library): COSE_Sign1/ES256 and COSE_Encrypt with one
ECDH-ES + AES-KW recipient and AES-GCM content."""
import os

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (decode_dss_signature,
                                                             encode_dss_signature)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

ES256, A128GCM, A192GCM, A256GCM = -7, 1, 2, 3
ECDH_ES_A128KW, ECDH_ES_A192KW, ECDH_ES_A256KW = -29, -30, -31
KW_OF = {ECDH_ES_A128KW: (-3, 16), ECDH_ES_A192KW: (-4, 24), ECDH_ES_A256KW: (-5, 32)}
GCM_KEY = {A128GCM: 16, A192GCM: 24, A256GCM: 32}


def dumps(obj):
    """Deterministic encoding (RFC 8949 §4.2.1 core rules, as cbor2 does them)."""
    return cbor2.dumps(obj, canonical=True)


def pub_bytes(pub):
    n = pub.public_numbers()
    return b"\x04" + n.x.to_bytes(32, "big") + n.y.to_bytes(32, "big")


def pub_from_bytes(b):
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b)


def priv_bytes(priv):
    return priv.private_numbers().private_value.to_bytes(32, "big")


def priv_from_bytes(b):
    return ec.derive_private_key(int.from_bytes(b, "big"), ec.SECP256R1())


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


# ---------------------------------------------------------------- Sign1

def sig_structure(prot, aad, payload):
    return dumps(["Signature1", prot, aad, payload])


P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def other_encoding(msg):
    """The same COSE_Sign1 with (r, n - s) for (r, s): ECDSA accepts both."""
    obj = cbor2.loads(msg)
    sig = obj.value[3]
    s = int.from_bytes(sig[32:], "big")
    obj.value[3] = sig[:32] + (P256_N - s).to_bytes(32, "big")
    return dumps(obj)


def is_low_s(msg):
    return int.from_bytes(cbor2.loads(msg).value[3][32:], "big") <= P256_N // 2


def sign1(priv, payload, kid=None, aad=b"", low_s=None):
    """low_s None: python's signature as it comes (about half are high-S);
    True / False: that form, by replacing s with n - s when needed."""
    prot = dumps({1: ES256})
    der = priv.sign(sig_structure(prot, aad, payload), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    if low_s is not None and (s <= P256_N // 2) != low_s:
        s = P256_N - s
    unprot = {4: kid} if kid is not None else {}
    return dumps(cbor2.CBORTag(18, [prot, unprot, payload,
                                    r.to_bytes(32, "big") + s.to_bytes(32, "big")]))


def verify1(pub, msg, aad=b""):
    """Returns (payload, unprotected) or raises ValueError."""
    obj = cbor2.loads(msg)
    if not isinstance(obj, cbor2.CBORTag) or obj.tag != 18:
        raise ValueError("not a tagged COSE_Sign1")
    prot, unprot, payload, sig = obj.value
    hdr = cbor2.loads(prot) if prot else {}
    if hdr.get(1) != ES256:
        raise ValueError("alg is not ES256")
    if len(sig) != 64:
        raise ValueError("signature length")
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    pub.verify(der, sig_structure(prot, aad, payload), ec.ECDSA(hashes.SHA256()))
    return payload, unprot


# ---------------------------------------------------------------- Encrypt

def kdf_context(alg, bits, rprot, party_u=(None, None, None), party_v=(None, None, None)):
    return dumps([alg, list(party_u), list(party_v), [bits, rprot]])


def ec2_key(pub):
    b = pub_bytes(pub)
    return {1: 2, -1: 1, -2: b[1:33], -3: b[33:]}


def encrypt(recipient_pub, plaintext, kid=None, content_alg=A256GCM, ralg=ECDH_ES_A256KW,
            salt=None, party_u=(None, None, None), party_v=(None, None, None), aad=b""):
    kw_alg, kek_len = KW_OF[ralg]
    cek = os.urandom(GCM_KEY[content_alg])
    iv = os.urandom(12)
    eph = new_key()
    rprot = dumps({1: ralg})
    runprot = {-1: ec2_key(eph.public_key())}
    if kid is not None:
        runprot[4] = kid
    if salt is not None:
        runprot[-20] = salt
    for label, val in zip((-21, -22, -23, -24, -25, -26), list(party_u) + list(party_v)):
        if val is not None:
            runprot[label] = val
    z = eph.exchange(ec.ECDH(), recipient_pub)
    ctx = kdf_context(kw_alg, kek_len * 8, rprot, party_u, party_v)
    kek = HKDF(hashes.SHA256(), kek_len, salt=salt, info=ctx).derive(z)
    wrapped = aes_key_wrap(kek, cek)
    prot = dumps({1: content_alg})
    enc_structure = dumps(["Encrypt", prot, aad])
    ct = AESGCM(cek).encrypt(iv, plaintext, enc_structure)
    return dumps(cbor2.CBORTag(96, [prot, {5: iv}, ct, [[rprot, runprot, wrapped]]]))


def decrypt(recipient_priv, msg, aad=b""):
    """The receiving side of the profile; returns (plaintext, structure)."""
    obj = cbor2.loads(msg)
    if not isinstance(obj, cbor2.CBORTag) or obj.tag != 96:
        raise ValueError("not a tagged COSE_Encrypt")
    prot, unprot, ct, recipients = obj.value
    content_alg = cbor2.loads(prot)[1]
    [[rprot, runprot, wrapped]] = recipients
    ralg = cbor2.loads(rprot)[1]
    kw_alg, kek_len = KW_OF[ralg]
    epk = runprot[-1]
    if epk[1] != 2 or epk[-1] != 1:
        raise ValueError("ephemeral key is not EC2 P-256")
    peer = pub_from_bytes(b"\x04" + epk[-2] + epk[-3])
    z = recipient_priv.exchange(ec.ECDH(), peer)
    party_u = tuple(runprot.get(label) for label in (-21, -22, -23))
    party_v = tuple(runprot.get(label) for label in (-24, -25, -26))
    ctx = kdf_context(kw_alg, kek_len * 8, rprot, party_u, party_v)
    kek = HKDF(hashes.SHA256(), kek_len, salt=runprot.get(-20), info=ctx).derive(z)
    cek = aes_key_unwrap(kek, wrapped)
    if len(cek) != GCM_KEY[content_alg]:
        raise ValueError("CEK size")
    pt = AESGCM(cek).decrypt(unprot[5], ct, dumps(["Encrypt", prot, aad]))
    return pt, obj.value
