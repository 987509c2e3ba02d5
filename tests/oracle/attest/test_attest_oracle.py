# SPDX-License-Identifier: Apache-2.0
"""`cai-cloud attest verify` against tokens made independently from RFC 9783
(psa_token_ref.py), signed with a test IAK: what is valid passes and prints
the claims by name; a token with any mandatory claim removed, any byte
flipped, a claim of the wrong type, the wrong key, nonce or measurement
fails with exit 1 and a reason; usage errors exit 2. The two earlier
profiles (PSA 2.0.0 with the boot seed under 268 or 2397, PSA_IOT_PROFILE_1)
are read too."""
import hashlib
import json
import os
import subprocess

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

import psa_token_ref as ref

CLOUD = os.environ.get("CAI_CLOUD")
NONCE = bytes(range(32))
SPE = hashlib.sha256(b"a secure image").digest()
MODEL = hashlib.sha256(b"a model").digest()
SWCS = [
    {"measurement-type": "SPE", "measurement-value": SPE, "version": "0.1.0",
     "signer-id": b"\0" * 32, "measurement-description": "sha-256"},
    {"measurement-type": "MODEL:sine", "measurement-value": MODEL, "version": "1",
     "signer-id": b"\0" * 32, "measurement-description": "sha-256"},
]


@pytest.fixture(scope="module")
def iak():
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def keyfile(iak, tmp_path_factory):
    p = tmp_path_factory.mktemp("attest") / "iak.pem"
    p.write_bytes(iak.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return str(p)


def token(iak, claims, kid=True, protected=ref.PROTECTED_ES256):
    payload = cbor2.dumps(claims, canonical=True)
    return ref.sign1(payload, iak, ref.kid(iak.public_key()) if kid else None, protected)


def verify(tmp_path, tok, keyfile, *args):
    p = tmp_path / "token.cbor"
    p.write_bytes(tok)
    if not CLOUD:
        pytest.skip("CAI_CLOUD is not set: run through ctest")
    return subprocess.run([CLOUD, "attest", "verify", str(p), "--key", keyfile, *args],
                          capture_output=True, text=True)


def valid(r):
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def invalid(r, words):
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert json.loads(r.stdout)["result"] == "invalid"
    assert words in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_valid_token_prints_every_claim_by_name(iak, keyfile, tmp_path):
    claims = ref.make_claims(iak.public_key(), NONCE, SWCS, client_id=-7)
    out = valid(verify(tmp_path, token(iak, claims), keyfile, "--challenge", NONCE.hex()))
    c = out["claims"]
    assert out["profile"] == ref.PROFILE
    assert c["nonce"] == NONCE.hex()
    assert c["instance-id"] == ref.instance_id(iak.public_key()).hex()
    assert c["client-id"] == -7
    assert c["security-lifecycle"] == 0x3000 and c["security-lifecycle-state"] == "secured"
    assert c["implementation-id"] == ("22" * 32) and c["boot-seed"] == ("11" * 32)
    assert c["verification-service-indicator"] == "https://verifier.example"
    assert [s["measurement-value"] for s in c["software-components"]] == [SPE.hex(), MODEL.hex()]
    assert c["software-components"][1]["measurement-type"] == "MODEL:sine"
    assert out["kid"] == ref.kid(iak.public_key()).hex()
    assert out["instance-id-matches-key"] is True


@pytest.mark.parametrize("name", ref.MANDATORY)
def test_each_mandatory_claim_removed_is_rejected(iak, keyfile, tmp_path, name):
    claims = ref.make_claims(iak.public_key(), NONCE, SWCS)
    del claims[ref.KEYS[name]]
    r = verify(tmp_path, token(iak, claims), keyfile)
    invalid(r, name if name != "profile" else "profile")


@pytest.mark.parametrize("field", ref.SWC_MANDATORY)
def test_a_component_without_a_mandatory_field_is_rejected(iak, keyfile, tmp_path, field):
    swcs = [dict(s) for s in SWCS]
    del swcs[1][field]
    claims = ref.make_claims(iak.public_key(), NONCE, swcs)
    invalid(verify(tmp_path, token(iak, claims), keyfile), "software component 1")


@pytest.mark.parametrize("name,value,words", [
    ("nonce", b"\1" * 31, "nonce"),
    ("nonce", "text", "nonce"),
    ("instance-id", b"\2" + b"\0" * 32, "instance-id"),
    ("client-id", "me", "client-id"),
    ("security-lifecycle", 0x7000, "security lifecycle"),
    ("security-lifecycle", -1, "security-lifecycle"),
    ("implementation-id", b"\0" * 31, "implementation-id"),
    ("boot-seed", b"\0" * 33, "boot-seed"),
    ("software-components", [], "software-components"),
    ("software-components", {}, "software-components"),
    ("profile", "http://example.com/other", "profile"),
    ("verification-service-indicator", 5, "verification-service-indicator"),
])
def test_a_claim_of_the_wrong_type_is_rejected(iak, keyfile, tmp_path, name, value, words):
    claims = ref.make_claims(iak.public_key(), NONCE, SWCS)
    claims[ref.KEYS[name]] = value
    invalid(verify(tmp_path, token(iak, claims), keyfile), words)


def test_any_flipped_byte_is_rejected(iak, keyfile, tmp_path):
    tok = token(iak, ref.make_claims(iak.public_key(), NONCE, SWCS))
    assert valid(verify(tmp_path, tok, keyfile))
    for at in range(len(tok)):
        bad = bytearray(tok)
        bad[at] ^= 0x01
        r = verify(tmp_path, bytes(bad), keyfile)
        assert r.returncode == 1, f"byte {at} flipped: {r.stdout}"
        assert json.loads(r.stdout)["result"] == "invalid"
        assert "Sanitizer" not in r.stderr and "runtime error" not in r.stderr


def test_wrong_key_nonce_kid_and_alg(iak, keyfile, tmp_path):
    claims = ref.make_claims(iak.public_key(), NONCE, SWCS)
    other = ec.generate_private_key(ec.SECP256R1())
    invalid(verify(tmp_path, token(other, claims), keyfile), "does not verify")
    invalid(verify(tmp_path, token(iak, claims), keyfile, "--challenge", "ab" * 32),
            "nonce is not the challenge")
    # a kid that is not this key's, signature otherwise fine
    payload = cbor2.dumps(claims, canonical=True)
    invalid(verify(tmp_path, ref.sign1(payload, iak, b"\5" * 32), keyfile), "kid")
    # an instance id of another key
    claims2 = dict(claims)
    claims2[256] = ref.instance_id(other.public_key())
    invalid(verify(tmp_path, token(iak, claims2), keyfile), "instance id")
    # no alg in the protected header: refused (policy, docs/attest.md)
    invalid(verify(tmp_path, token(iak, claims, protected=b""), keyfile), "does not verify")
    # no kid at all is fine
    assert valid(verify(tmp_path, token(iak, claims, kid=False), keyfile))


def test_legacy_psa_2_0_0_profile(iak, keyfile, tmp_path):
    for seed_key in (268, 2397):
        claims = ref.make_claims(iak.public_key(), NONCE, SWCS, profile=ref.PROFILE_2_0_0,
                                 boot_seed=None)
        claims[seed_key] = b"\x33" * 32
        out = valid(verify(tmp_path, token(iak, claims, kid=False), keyfile))
        assert out["profile"] == ref.PROFILE_2_0_0
        assert out["claims"]["boot-seed"] == "33" * 32
        assert out["claims"]["boot-seed-key"] == seed_key
    # 2397 is not the current profile's key
    claims = ref.make_claims(iak.public_key(), NONCE, SWCS, boot_seed=None)
    claims[2397] = b"\x33" * 32
    invalid(verify(tmp_path, token(iak, claims), keyfile), "2397")


def test_legacy_iot_profile_1(iak, keyfile, tmp_path):
    claims = ref.make_claims(iak.public_key(), NONCE, SWCS, profile=ref.PROFILE_IOT_1,
                             keys=ref.IOT_KEYS, lifecycle=0x3001)
    out = valid(verify(tmp_path, token(iak, claims, kid=False), keyfile,
                       "--challenge", NONCE.hex()))
    assert out["profile"] == ref.PROFILE_IOT_1
    assert out["claims"]["nonce"] == NONCE.hex()
    assert out["claims"]["security-lifecycle-state"] == "secured"
    assert len(out["claims"]["software-components"]) == 2
    # no-sw-measurements instead of components
    del claims[-75006]
    claims[-75007] = 1
    out = valid(verify(tmp_path, token(iak, claims, kid=False), keyfile))
    assert out["claims"]["no-software-measurements"] == 1
    # a key of the other set inside an IoT token
    claims[2394] = 5
    invalid(verify(tmp_path, token(iak, claims, kid=False), keyfile), "2394")
    for name in ("nonce", "instance-id", "implementation-id", "client-id",
                 "security-lifecycle"):
        c = ref.make_claims(iak.public_key(), NONCE, SWCS, profile=ref.PROFILE_IOT_1,
                            keys=ref.IOT_KEYS)
        del c[ref.IOT_KEYS[name]]
        invalid(verify(tmp_path, token(iak, c, kid=False), keyfile), name)


def test_reference_values(iak, keyfile, tmp_path):
    tok = token(iak, ref.make_claims(iak.public_key(), NONCE, SWCS))
    refp = tmp_path / "ref.json"
    refp.write_text(json.dumps({"image": ["00" * 32, SPE.hex()],
                                "models": {"sine": [MODEL.hex()]}}))
    out = valid(verify(tmp_path, tok, keyfile, "--reference", str(refp)))
    assert out["reference-values"] == "matched"
    refp.write_text(json.dumps({"image": [SPE.hex()], "models": {"sine": ["aa" * 32]}}))
    invalid(verify(tmp_path, tok, keyfile, "--reference", str(refp)),
            "MODEL:sine): measurement " + MODEL.hex() + " is not a reference value")
    refp.write_text(json.dumps({"image": [SPE.hex()]}))
    invalid(verify(tmp_path, tok, keyfile, "--reference", str(refp)), "has no reference value")
    refp.write_text('{"image": ["zz"]}')
    invalid(verify(tmp_path, tok, keyfile, "--reference", str(refp)), "reference file")
    refp.write_text('{"imagez": []}')
    invalid(verify(tmp_path, tok, keyfile, "--reference", str(refp)), "unknown member")


def test_usage_errors_exit_2(keyfile, tmp_path):
    if not CLOUD:
        pytest.skip("CAI_CLOUD is not set: run through ctest")
    p = tmp_path / "t.cbor"
    p.write_bytes(b"\xd2")
    for args in ([], ["verify"], ["verify", str(p)], ["verify", str(p), "--key"],
                 ["verify", str(p), "--key", keyfile, "--challenge", "abc"],
                 ["verify", str(p), "--key", keyfile, "--challenge", "00" * 33],
                 ["verify", str(p), "--key", keyfile, "--bogus"], ["frobnicate"]):
        r = subprocess.run([CLOUD, "attest", *args], capture_output=True, text=True)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
    r = subprocess.run([CLOUD, "attest", "verify", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--reference" in r.stdout
