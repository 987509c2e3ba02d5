# SPDX-License-Identifier: Apache-2.0
"""PSA attestation tokens, made and read from the text of RFC 9783 ("Arm's
Platform Security Architecture (PSA) Attestation Token") and RFC 9052 (COSE),
with cbor2 and cryptography only. Nothing here is derived from the C code:
it is the reference the device's tokens and `cai-cloud attest verify` are
checked against.

RFC 9783 in short: the token is a COSE_Sign1 (tag 18) whose payload is a
CBOR map of claims:
  10 nonce (bstr 32/48/64)             256 instance id (ueid: 0x01 + 32 bytes)
  265 profile (tstr)                   268 boot seed (bstr 8..32, optional)
  2394 client id (int)                 2395 security lifecycle (uint)
  2396 implementation id (bstr 32)     2398 certification reference (optional)
  2399 software components (array)    2400 verification service (tstr, optional)
and each software component is a map {1: measurement type (tstr, optional),
2: measurement value (bstr), 4: version (tstr, optional), 5: signer id
(bstr), 6: measurement description (tstr, optional)}.
"""
import hashlib

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PROFILE = "tag:psacertified.org,2023:psa#tfm"
PROFILE_2_0_0 = "http://arm.com/psa/2.0.0"
PROFILE_IOT_1 = "PSA_IOT_PROFILE_1"

# name -> key, RFC 9783 §4 (and the IANA CWT registry for the EAT claims)
KEYS = {
    "nonce": 10, "instance-id": 256, "profile": 265, "boot-seed": 268,
    "client-id": 2394, "security-lifecycle": 2395, "implementation-id": 2396,
    "certification-reference": 2398, "software-components": 2399,
    "verification-service-indicator": 2400,
}
# The PSA_IOT_PROFILE_1 keys of the same claims.
IOT_KEYS = {
    "profile": -75000, "client-id": -75001, "security-lifecycle": -75002,
    "implementation-id": -75003, "boot-seed": -75004, "certification-reference": -75005,
    "software-components": -75006, "no-software-measurements": -75007, "nonce": -75008,
    "instance-id": -75009, "verification-service-indicator": -75010,
}
# RFC 9783 §4: the claims a token MUST carry.
MANDATORY = ["nonce", "instance-id", "profile", "implementation-id", "client-id",
             "security-lifecycle", "software-components"]
SWC_KEYS = {"measurement-type": 1, "measurement-value": 2, "version": 4, "signer-id": 5,
            "measurement-description": 6}
SWC_MANDATORY = ["measurement-value", "signer-id"]
LIFECYCLE = {0x00: "unknown", 0x10: "assembly-and-test", 0x20: "psa-rot-provisioning",
             0x30: "secured", 0x40: "non-psa-rot-debug", 0x50: "recoverable-psa-rot-debug",
             0x60: "decommissioned"}
PROTECTED_ES256 = cbor2.dumps({1: -7})


def xy(pub):
    nums = pub.public_numbers()
    return nums.x.to_bytes(32, "big"), nums.y.to_bytes(32, "big")


def cose_key(pub):
    """The COSE_Key of an EC2 P-256 public key (RFC 9053 §7.1), kty, crv, x,
    y only, in deterministic encoding."""
    x, y = xy(pub)
    return cbor2.dumps({1: 2, -1: 1, -2: x, -3: y}, canonical=True)


def kid(pub):
    return hashlib.sha256(cose_key(pub)).digest()


def instance_id(pub):
    return b"\x01" + kid(pub)


def sig_structure(protected, payload, external_aad=b""):
    return cbor2.dumps(["Signature1", protected, external_aad, payload])


def sign1(payload, priv, kid_bytes=None, protected=PROTECTED_ES256):
    """A tagged COSE_Sign1 over payload (bytes) with ES256."""
    der = priv.sign(sig_structure(protected, payload), ec.ECDSA(hashes.SHA256()))
    r, s = utils.decode_dss_signature(der)
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    unprotected = {4: kid_bytes} if kid_bytes is not None else {}
    return cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, payload, sig]))


def verify_sign1(token, pub):
    """The payload of a valid ES256 COSE_Sign1 under pub; raises otherwise."""
    msg = cbor2.loads(token)
    assert isinstance(msg, cbor2.CBORTag) and msg.tag == 18, "not a tagged COSE_Sign1"
    protected, unprotected, payload, sig = msg.value
    assert cbor2.loads(protected) == {1: -7}, "protected header is not {1: -7}"
    assert isinstance(unprotected, dict)
    assert len(sig) == 64
    der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                     int.from_bytes(sig[32:], "big"))
    pub.verify(der, sig_structure(protected, payload), ec.ECDSA(hashes.SHA256()))
    return payload, unprotected


def check_claims(claims):
    """Every claim of an RFC 9783 claims map (a dict), checked for presence and
    type; returns them by name."""
    assert isinstance(claims, dict)
    out = {}
    for name, key in KEYS.items():
        if key in claims:
            out[name] = claims[key]
    for name in MANDATORY:
        assert name in out, "missing " + name
    assert out["profile"] == PROFILE
    assert isinstance(out["nonce"], bytes) and len(out["nonce"]) in (32, 48, 64)
    assert isinstance(out["instance-id"], bytes) and len(out["instance-id"]) == 33
    assert out["instance-id"][0] == 0x01
    assert isinstance(out["implementation-id"], bytes) and len(out["implementation-id"]) == 32
    assert isinstance(out["client-id"], int) and -2**31 <= out["client-id"] < 2**31
    lc = out["security-lifecycle"]
    assert isinstance(lc, int) and 0 <= lc <= 0xffff and (lc >> 8) in LIFECYCLE
    if "boot-seed" in out:
        assert isinstance(out["boot-seed"], bytes) and 8 <= len(out["boot-seed"]) <= 32
    if "verification-service-indicator" in out:
        assert isinstance(out["verification-service-indicator"], str)
    swcs = out["software-components"]
    assert isinstance(swcs, list) and swcs
    named = []
    for c in swcs:
        assert isinstance(c, dict)
        one = {n: c[k] for n, k in SWC_KEYS.items() if k in c}
        for n in SWC_MANDATORY:
            assert n in one, "software component without " + n
            assert isinstance(one[n], bytes) and len(one[n]) in (32, 48, 64)
        for n in ("measurement-type", "version", "measurement-description"):
            if n in one:
                assert isinstance(one[n], str)
        named.append(one)
    out["software-components"] = named
    return out


def make_claims(pub, nonce, swcs, client_id=-1, lifecycle=0x3000, boot_seed=b"\x11" * 32,
                implementation_id=b"\x22" * 32, vsi="https://verifier.example",
                profile=PROFILE, keys=KEYS):
    """A claims dict (int keys) of the given profile's key set."""
    c = {keys["nonce"]: nonce, keys["instance-id"]: instance_id(pub),
         keys["profile"]: profile, keys["client-id"]: client_id,
         keys["security-lifecycle"]: lifecycle, keys["implementation-id"]: implementation_id,
         keys["software-components"]: [
             {SWC_KEYS[n]: v for n, v in s.items()} for s in swcs]}
    if boot_seed is not None:
        c[keys["boot-seed"]] = boot_seed
    if vsi is not None:
        c[keys["verification-service-indicator"]] = vsi
    return c


def hkdf(ikm, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(ikm)


def iak_from_huk(huk, identity_partition_id=0x0100):
    """The IAK as docs/design.md §4/§8 derive it: HKDF twice, the scalar read
    big-endian."""
    pk = hkdf(huk, identity_partition_id.to_bytes(4, "little", signed=True))
    d = int.from_bytes(hkdf(pk, b"HUK_IAK_EC_PRIV_KEY"), "big")
    return ec.derive_private_key(d, ec.SECP256R1())
