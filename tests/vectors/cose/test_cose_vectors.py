# SPDX-License-Identifier: Apache-2.0
"""cose-wg/Examples vectors (../shared/vectors/cose) against cai_cose.

Verify/decrypt direction: every pass case must verify/decrypt to the
plaintext, every fail case must be rejected with the error its mutation calls
for. Generate direction: where our API emits the same shape as the example,
we replay the example's rng_stream and compare with output.cbor: byte for byte
when the example is in deterministic CBOR order, decoded structure otherwise
(cose-wg writes recipient headers as {-1: epk, 4: kid}; RFC 8949 §4.2.1 order,
which we emit, is {4: kid, -1: epk}). ES256 signatures are compared byte for
byte only on a backend with RFC 6979 (mbedTLS); elsewhere the signature is
checked to verify instead. Intermediates (ECDH secret, COSE_KDF_Context, KEK,
HKDF output) are checked for every P-256 ECDH example, including the ECDH-SS
and HKDF-512 ones we cannot decrypt end to end.
"""
import base64
import glob
import json
import os
import sys
import warnings

import cbor2
import pytest

sys.path.insert(0, os.path.dirname(__file__))
from conftest import shared_dir  # noqa: E402

VEC = os.path.join(shared_dir() or "/nonexistent", "vectors", "cose")

ALGS = {
    "ES256": -7, "ES384": -35, "ES512": -36,
    "A128GCM": 1, "A192GCM": 2, "A256GCM": 3,
    "direct": -6, "A128KW": -3, "A192KW": -4, "A256KW": -5,
    "ECDH-ES": -25, "ECDH-ES-512": -26, "ECDH-SS": -27, "ECDH-SS-512": -28,
    "ECDH-SS-256": -27,
    "ECDH-ES-A128KW": -29, "ECDH-ES-A192KW": -30, "ECDH-ES-A256KW": -31,
    "ECDH-SS-A128KW": -32, "ECDH-SS-A192KW": -33, "ECDH-SS-A256KW": -34,
    "HKDF-HMAC-SHA-256": -10, "HKDF-HMAC-SHA-512": -11,
    "HS256": 5, "HS512": 7, "AES-MAC-128/64": 14, "AES-MAC-256/64": 15,
    "AES-CCM-16-128/64": 10, "AES-CCM-16-256/64": 11,
}
KEY_BITS = {1: 128, 2: 192, 3: 256, -3: 128, -4: 192, -5: 256, -29: 128, -30: 192, -31: 256,
            -32: 128, -33: 192, -34: 256, 5: 256, 7: 512, 14: 128, 15: 256, 10: 128,
            11: 256}
KW_OF = {-29: -3, -30: -4, -31: -5, -32: -3, -33: -4, -34: -5}
# KDF PartyU/PartyV header labels -> kdf_ctx argument names
PARTY_LABELS = {-21: "u_id", -22: "u_nonce", -23: "u_other",
                -24: "v_id", -25: "v_nonce", -26: "v_other"}
F_TAG_OPTIONAL = 1


def b64u(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def key_field(k, name):
    if name + "_hex" in k:
        return bytes.fromhex(k[name + "_hex"])
    return b64u(k[name]) if name in k else None


def ec_pub(k):
    return b"\x04" + key_field(k, "x") + key_field(k, "y")


def plaintext(inp):
    if "plaintext_hex" in inp:
        return bytes.fromhex(inp["plaintext_hex"])
    return inp["plaintext"].encode()


def load(rel):
    with open(os.path.join(VEC, rel)) as f:
        return json.load(f)


def files(*patterns):
    out = []
    for p in patterns:
        out += sorted(os.path.relpath(f, VEC) for f in glob.glob(os.path.join(VEC, p)))
    return out


def expected_error(failures, kind):
    """The error our library must give for a cose-wg mutation."""
    if "ChangeCBORTag" in failures:
        return "CAI_COSE_ERR_TAG_WRONG"
    if "ChangeAttr" in failures:
        return "CAI_COSE_ERR_ALG_UNKNOWN"
    # payload/ciphertext changed, protected header added or removed after the fact
    return "CAI_COSE_ERR_SIGNATURE" if kind == "sign" else "CAI_COSE_ERR_DECRYPT"


def message_shape(out_cbor):
    obj = cbor2.loads(out_cbor)
    return obj.tag if isinstance(obj, cbor2.CBORTag) else None, \
        obj.value if isinstance(obj, cbor2.CBORTag) else obj


def rng_hex(inp):
    return "".join(inp.get("rng_stream", []))


# ---------------------------------------------------------------- COSE_Sign1

SIGN1 = files("sign1-tests/*.json", "ecdsa-examples/ecdsa-sig-*.json")


@pytest.mark.parametrize("rel", SIGN1)
def test_sign1_verify(tool, rel):
    v = load(rel)
    s = v["input"]["sign0"]
    alg = s.get("alg") or s.get("protected", {}).get("alg")
    if alg != "ES256" or s["key"].get("crv") != "P-256":
        pytest.skip(f"{rel}: {alg} on {s['key'].get('crv')} is outside ES256/P-256")
    msg = bytes.fromhex(v["output"]["cbor"])
    aad = bytes.fromhex(s.get("external", ""))
    r = tool.call("sign1_verify", pub=ec_pub(s["key"]), msg=msg, aad=aad, flags=F_TAG_OPTIONAL)
    if v.get("fail"):
        assert not r["ok"], f"{rel}: fail case accepted"
        assert r["name"] == expected_error(v["input"].get("failures", {}), "sign"), rel
    else:
        assert r["ok"], f"{rel}: pass case rejected: {r}"
        assert bytes.fromhex(r["payload"]) == plaintext(v["input"])
        # the tag is required unless asked otherwise
        r2 = tool.call("sign1_verify", pub=ec_pub(s["key"]), msg=msg, aad=aad, flags=0)
        tagged = message_shape(msg)[0] is not None
        assert r2["ok"] == tagged, rel
        if not tagged:
            assert r2["name"] == "CAI_COSE_ERR_TAG_MISSING"


def sign1_generatable(v):
    s = v["input"]["sign0"]
    fails = v["input"].get("failures", {})
    return (s.get("protected") == {"alg": "ES256"} and set(s.get("unprotected", {})) == {"kid"}
            and set(fails) <= {"ChangeCBORTag"})


@pytest.mark.parametrize("rel", SIGN1)
def test_sign1_generate(tool, backend, rel):
    v = load(rel)
    s = v["input"]["sign0"]
    if s["key"].get("crv") != "P-256" or not sign1_generatable(v):
        pytest.skip(f"{rel}: headers differ from what cai_cose_sign1_sign emits "
                    "(protected {1:-7}, unprotected {4:kid})")
    expect = bytes.fromhex(v["output"]["cbor"])
    if "ChangeCBORTag" in v["input"].get("failures", {}):
        # the example is a valid Sign1 whose tag was replaced afterwards
        tag, body = message_shape(expect)
        expect = cbor2.dumps(cbor2.CBORTag(18, body))
    aad = bytes.fromhex(s.get("external", ""))
    r = tool.call("sign1_sign", priv=key_field(s["key"], "d"), kid=s["unprotected"]["kid"].encode(),
                  payload=plaintext(v["input"]), aad=aad)
    assert r["ok"], r
    ours = bytes.fromhex(r["msg"])
    if backend == "mbedtls":
        assert ours == expect, f"{rel}: RFC 6979 signature differs"
    else:
        # randomized ECDSA: all but the 64 signature bytes must match, and it verifies
        assert ours[:-64] == expect[:-64]
        r = tool.call("sign1_verify", pub=ec_pub(s["key"]), msg=ours, aad=aad)
        assert r["ok"], r


# ---------------------------------------------------------------- COSE_Encrypt0

ENC0 = files("encrypted-tests/*.json", "aes-gcm-examples/aes-gcm-enc-*.json")


@pytest.mark.parametrize("rel", ENC0)
def test_encrypt0_decrypt(tool, rel):
    v = load(rel)
    e = v["input"]["encrypted"]
    key = key_field(e["recipients"][0]["key"], "k")
    msg = bytes.fromhex(v["output"]["cbor"])
    aad = bytes.fromhex(e.get("external", ""))
    r = tool.call("enc0_open", key=key, msg=msg, aad=aad, flags=F_TAG_OPTIONAL)
    if v.get("fail"):
        assert not r["ok"], f"{rel}: fail case accepted"
        assert r["name"] == expected_error(v["input"].get("failures", {}), "enc"), rel
    else:
        assert r["ok"], f"{rel}: pass case rejected: {r}"
        assert bytes.fromhex(r["pt"]) == plaintext(v["input"])


@pytest.mark.parametrize("rel", ENC0)
def test_encrypt0_generate(tool, rel):
    v = load(rel)
    e = v["input"]["encrypted"]
    fails = v["input"].get("failures", {})
    if set(e.get("protected", {})) != {"alg"} or e.get("unprotected") or \
            not set(fails) <= {"ChangeCBORTag"} or "rng_stream" not in v["input"]:
        pytest.skip(f"{rel}: headers/mutation differ from what cai_cose_encrypt0_seal emits")
    expect = bytes.fromhex(v["output"]["cbor"])
    if fails:
        expect = cbor2.dumps(cbor2.CBORTag(16, message_shape(expect)[1]))
    r = tool.call("enc0_seal", alg=ALGS[e["protected"]["alg"]],
                  key=key_field(e["recipients"][0]["key"], "k"), pt=plaintext(v["input"]),
                  aad=bytes.fromhex(e.get("external", "")), rng=rng_hex(v["input"]))
    assert r["ok"], r
    assert bytes.fromhex(r["msg"]) == expect


# ---------------------------------------------------------------- COSE_Encrypt

ENV = files("enveloped-tests/*.json", "aes-gcm-examples/aes-gcm-0*.json",
            "aes-wrap-examples/*.json", "ecdh-wrap-examples/p256-*.json",
            "ecdh-direct-examples/p256-*.json")

SUPPORTED_RECIPIENTS = {-6, -3, -4, -5, -25, -29, -30, -31}


def recipient_alg(rc):
    return ALGS[(rc.get("protected") or {}).get("alg") or rc["unprotected"]["alg"]]


@pytest.mark.parametrize("rel", ENV)
def test_encrypt_decrypt(tool, rel):
    v = load(rel)
    if "enveloped" not in v["input"]:
        pytest.skip(f"{rel}: COSE_Mac is not implemented")
    e = v["input"]["enveloped"]
    rc = e["recipients"][0]
    ralg = recipient_alg(rc)
    if ralg not in SUPPORTED_RECIPIENTS:
        pytest.skip(f"{rel}: recipient alg {ralg} (ECDH-SS / HKDF-512) not implemented; "
                    "its KDF intermediates are checked in test_ecdh_intermediates")
    calg = ALGS[(e.get("protected") or e.get("unprotected"))["alg"]]
    if calg not in (1, 2, 3):
        pytest.skip(f"{rel}: content alg {calg} is not AES-GCM")
    if "partialIV_hex" in e.get("unprotected", {}):
        pytest.skip(f"{rel}: Partial IV needs a Base IV from the key context (not implemented)")
    key = rc["key"]
    msg = bytes.fromhex(v["output"]["cbor"])
    aad = bytes.fromhex(e.get("external", ""))
    if key["kty"] == "EC":
        r = tool.call("enc_open", priv=key_field(key, "d"), msg=msg, aad=aad, flags=F_TAG_OPTIONAL)
    else:
        r = tool.call("enc_open", key=key_field(key, "k"), msg=msg, aad=aad, flags=F_TAG_OPTIONAL)
    if v.get("fail"):
        assert not r["ok"], f"{rel}: fail case accepted"
        assert r["name"] == expected_error(v["input"].get("failures", {}), "enc"), rel
    else:
        assert r["ok"], f"{rel}: pass case rejected: {r}"
        assert bytes.fromhex(r["pt"]) == plaintext(v["input"])
        assert int(r["ralg"]) == ralg


def canonical(obj):
    """Decoded structure with map order normalised (for the map-order caveat)."""
    return cbor2.dumps(obj, canonical=True)


@pytest.mark.parametrize("rel", ENV)
def test_encrypt_generate(tool, rel):
    v = load(rel)
    if "enveloped" not in v["input"]:
        pytest.skip(f"{rel}: COSE_Mac is not implemented")
    e = v["input"]["enveloped"]
    rc = e["recipients"][0]
    ralg = recipient_alg(rc)
    fails = v["input"].get("failures", {})
    if ralg not in SUPPORTED_RECIPIENTS or set(e.get("protected", {})) != {"alg"} or \
            e.get("unprotected") or fails or "rng_stream" not in v["input"] or \
            ALGS[e["protected"]["alg"]] not in (1, 2, 3):
        pytest.skip(f"{rel}: not a shape cai_cose_encrypt_seal emits (or mutated / no rng)")
    extra = set(rc.get("unprotected", {})) - {"kid", "alg", "epk"}
    if extra:
        pytest.skip(f"{rel}: recipient headers {sorted(extra)} not emitted by our API")
    key = rc["key"]
    args = dict(alg=ALGS[e["protected"]["alg"]], ralg=ralg, pt=plaintext(v["input"]),
                aad=bytes.fromhex(e.get("external", "")), rng=rng_hex(v["input"]),
                kid=rc["unprotected"]["kid"].encode())
    if key["kty"] == "EC":
        args["pub"] = ec_pub(key)
    else:
        args["key"] = key_field(key, "k")
    r = tool.call("enc_seal", **args)
    assert r["ok"], r
    assert r["rng_left"] == "0", "the rng_stream was not consumed exactly"
    ours = bytes.fromhex(r["msg"])
    expect = bytes.fromhex(v["output"]["cbor"])
    if ours != expect:
        # allowed only when the example is not in deterministic order
        assert canonical(cbor2.loads(ours)) == canonical(cbor2.loads(expect)), rel
        assert canonical(cbor2.loads(expect)) != expect, f"{rel}: bytes differ, order is canonical"
        warnings.warn(f"{rel}: compared as decoded structure, the example's maps are not in "
                      "RFC 8949 deterministic order (ours are)")


# ------------------------------------------------- ECDH / HKDF intermediates

KDF = files("ecdh-wrap-examples/p256-*.json", "ecdh-direct-examples/p256-*.json",
            "hkdf-hmac-sha-examples/hmac-sha-256-*.json")

def header_bytes(val, name):
    return bytes.fromhex(val) if name.endswith("_hex") else val.encode()


@pytest.mark.parametrize("rel", KDF)
def test_ecdh_intermediates(tool, rel):
    v = load(rel)
    body = v["input"].get("enveloped") or v["input"].get("mac")
    rc = body["recipients"][0]
    inter = v["intermediates"]["recipients"][0]
    if "Context_hex" not in inter:
        pytest.skip(f"{rel}: no Context_hex")
    ralg = recipient_alg(rc)
    tag, msg = message_shape(bytes.fromhex(v["output"]["cbor"]))
    rprot, runprot = msg[-1][0][0], msg[-1][0][1]
    unprot = rc.get("unprotected", {})
    # PartyU/V as sent in the message (ECDH-SS examples draw a nonce from the rng)
    sent = dict(runprot)
    if rprot:
        sent.update(cbor2.loads(rprot))
    party = {}
    for label, name in PARTY_LABELS.items():
        if label in sent:
            val = sent[label]
            if not isinstance(val, bytes):
                pytest.skip(f"{rel}: non-bstr party field {label}")
            party[name] = val
    if "unsent" in rc and set(rc["unsent"]) - {"compressed"}:
        pytest.skip(f"{rel}: SuppPubInfo 'other' is not supported by our context builder")
    # AlgorithmID: the key-wrap alg for *KW, else the layer's (content/MAC) alg
    outer = body.get("protected", {}).get("alg") or body["unprotected"]["alg"]
    if ralg in KW_OF:
        ctx_alg, bits = KW_OF[ralg], KEY_BITS[ralg]
    else:
        ctx_alg, bits = ALGS[outer], KEY_BITS[ALGS[outer]]
    r = tool.call("kdf_ctx", alg=ctx_alg, bits=bits, prot=rprot, **party)
    assert r["ok"], r
    assert r["ctx"] == inter["Context_hex"].upper(), f"{rel}: COSE_KDF_Context"
    if ralg in (-10, -11):
        ikm, salt = key_field(rc["key"], "k"), header_bytes(unprot.get("salt", ""), "salt")
    else:
        # Z: ECDH of the recipient key with the ephemeral (ES) or sender (SS) key
        if "sender_key" in rc:
            peer = ec_pub(rc["sender_key"])
        else:
            epk = runprot[-1]
            peer = b"\x04" + epk[-2] + epk[-3]
        r = tool.call("ecdh", priv=key_field(rc["key"], "d"), pub=peer)
        assert r["ok"], r
        assert r["z"] == inter["Secret_hex"].upper(), f"{rel}: ECDH secret"
        ikm, salt = bytes.fromhex(r["z"]), b""
    if ralg in (-26, -28, -11):
        pytest.skip(f"{rel}: context checked; HKDF-SHA-512 is not in our crypto interface")
    want = inter.get("KEK_hex") or v["intermediates"]["CEK_hex"]
    r = tool.call("hkdf", salt=salt, ikm=ikm, info=inter["Context_hex"], len=bits // 8)
    assert r["ok"], r
    assert r["okm"] == want.upper(), f"{rel}: HKDF output"
