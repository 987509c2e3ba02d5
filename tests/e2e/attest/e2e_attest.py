# SPDX-License-Identifier: Apache-2.0
"""The attestation service end to end (docs/attest.md): tokens from a real
cai-spe, read by the RFC 9783 oracle (tests/oracle/attest/psa_token_ref.py)
and by `cai-cloud attest verify`; the IAK derived independently from the
HUK; the measurements against sha256 of the files; boot seeds and instance
ids across boots; what the non-secure side can and cannot have signed."""
import hashlib
import json
import os
import struct
import subprocess

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization

import psa_token_ref as ref
from conftest import HUK_HEX, TEST_IMAGE, Spe, run_cai
from frames import TEST_SERVICES, Conn

CLOUD = os.environ.get("CAI_CLOUD")
SHARED_MODEL = "/work/shared/models/hello_world_int8.tflite"
SINE = os.environ.get("CAI_SINE_MODEL")
ATTEST_HANDLE = 0x40000104     # CAI_ATTEST: stateless index 5, version 1
KEYSTORE_HANDLE = 0x40000102   # CAI_KEYSTORE: stateless index 3, version 1
IDENTITY_HANDLE = 0x40000100
GET_TOKEN, GET_TOKEN_SIZE = 1001, 1002
PSA_ERROR_INVALID_ARGUMENT, PSA_ERROR_BUFFER_TOO_SMALL = -135, -138
PSA_ERROR_CONNECTION_REFUSED, PSA_ERROR_NOT_PERMITTED = -130, -133


def sha256_file(path):
    """sha256sum's answer, from the tool itself."""
    out = subprocess.run(["sha256sum", path], capture_output=True, text=True, check=True)
    return bytes.fromhex(out.stdout.split()[0])


def have_shared_model():
    if not os.path.exists(SHARED_MODEL):
        pytest.skip(f"{SHARED_MODEL} is absent (../shared not laid out): the registered-model "
                    "measurement is not checked")
    return SHARED_MODEL


@pytest.fixture
def dev(state_dir):
    s = Spe(state_dir, extra_args=["--model", f"x={have_shared_model()}"])
    yield s
    assert s.stop() == 0, s.log()
    assert "runtime error" not in s.log() and "AddressSanitizer" not in s.log()


@pytest.fixture
def plain(state_dir):
    s = Spe(state_dir)
    yield s
    assert s.stop() == 0, s.log()


def cai(spe, *args):
    r = run_cai(spe.state_dir, *args)
    assert "runtime error" not in r.stderr, r.stderr
    return r


def iak_pem(spe, tmp_path):
    r = cai(spe, "attest", "key")
    assert r.returncode == 0, r.stderr
    p = tmp_path / "iak.pem"
    p.write_text(r.stdout)
    return p, serialization.load_pem_public_key(r.stdout.encode())


def get_token(spe, tmp_path, challenge):
    p = tmp_path / "token.cbor"
    r = cai(spe, "attest", "token", "--challenge", challenge.hex(), "--out", str(p))
    assert r.returncode == 0, r.stderr
    return p.read_bytes(), p


def test_the_iak_is_the_one_the_huk_gives(plain, tmp_path):
    _, pub = iak_pem(plain, tmp_path)
    want = ref.iak_from_huk(bytes.fromhex(HUK_HEX)).public_key()
    assert ref.xy(pub) == ref.xy(want)
    r = cai(plain, "attest", "key", "--json")
    j = json.loads(r.stdout)
    assert j["key_id"] == "0x5004" and j["label"] == "HUK_IAK_EC_PRIV_KEY"
    assert bytes.fromhex(j["cose_key"]) == ref.cose_key(want)
    assert bytes.fromhex(j["kid"]) == ref.kid(want)
    assert bytes.fromhex(j["instance_id"]) == ref.instance_id(want)
    r = cai(plain, "attest", "key", "--cose-key")
    assert bytes.fromhex(r.stdout.strip()) == ref.cose_key(want)


def test_device_token_read_by_the_oracle(dev, tmp_path):
    _, pub = iak_pem(dev, tmp_path)
    challenge = os.urandom(48)
    tok, _ = get_token(dev, tmp_path, challenge)
    payload, unprotected = ref.verify_sign1(tok, pub)
    # deterministic CBOR: the payload is its own canonical re-encoding
    assert cbor2.dumps(cbor2.loads(payload), canonical=True) == payload
    c = ref.check_claims(cbor2.loads(payload))
    assert unprotected == {4: ref.kid(pub)}
    assert c["nonce"] == challenge
    assert c["instance-id"] == ref.instance_id(pub)
    assert c["client-id"] < 0                    # a non-secure caller
    assert c["security-lifecycle"] == 0x2000     # host HUK: dummy provisioning
    assert c["implementation-id"] == hashlib.sha256(b"cai host SPE").digest()
    assert len(c["boot-seed"]) == 32
    assert c["verification-service-indicator"] == "urn:cai:cai-cloud"
    swc = c["software-components"]
    assert [s["measurement-type"] for s in swc] == ["SPE", "MODEL:sine", "MODEL:x"]
    assert swc[0]["measurement-value"] == sha256_file(os.environ["CAI_SPE_EXE"])
    assert swc[1]["measurement-value"] == sha256_file(SINE)
    assert swc[2]["measurement-value"] == sha256_file(SHARED_MODEL)
    assert [s["version"] for s in swc[1:]] == ["1", "1"]
    for s in swc:
        assert s["signer-id"] == b"\0" * 32 and s["measurement-description"] == "sha-256"


def test_round_trip_to_cai_cloud(dev, tmp_path):
    key, _ = iak_pem(dev, tmp_path)
    challenge = os.urandom(32)
    _, tokp = get_token(dev, tmp_path, challenge)
    refp = tmp_path / "ref.json"
    refp.write_text(json.dumps({
        "image": [sha256_file(os.environ["CAI_SPE_EXE"]).hex()],
        "models": {"sine": [sha256_file(SINE).hex()], "x": [sha256_file(SHARED_MODEL).hex()]}}))
    r = subprocess.run([CLOUD, "attest", "verify", str(tokp), "--key", str(key), "--challenge",
                        challenge.hex(), "--reference", str(refp)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["reference-values"] == "matched" and out["instance-id-matches-key"] is True
    # a reference without this model's digest: refused, naming the component
    refp.write_text(json.dumps({"image": [sha256_file(os.environ["CAI_SPE_EXE"]).hex()],
                                "models": {"sine": [sha256_file(SINE).hex()],
                                           "x": ["00" * 32]}}))
    r = subprocess.run([CLOUD, "attest", "verify", str(tokp), "--key", str(key), "--reference",
                        str(refp)], capture_output=True, text=True)
    assert r.returncode == 1 and "MODEL:x" in r.stderr, r.stderr


def test_changing_a_model_changes_its_measurement(state_dir, tmp_path):
    a, b = tmp_path / "a.tflite", tmp_path / "b.tflite"
    a.write_bytes(open(SINE, "rb").read())
    b.write_bytes(open(SINE, "rb").read() + b"\0" * 16)
    digests = []
    for f in (a, b):
        s = Spe(state_dir, extra_args=["--model", f"m@7={f}"])
        try:
            _, pub = iak_pem(s, tmp_path)
            tok, _ = get_token(s, tmp_path, b"\5" * 32)
            c = ref.check_claims(cbor2.loads(ref.verify_sign1(tok, pub)[0]))
            m = c["software-components"][2]
            assert m["measurement-type"] == "MODEL:m" and m["version"] == "7"
            digests.append(m["measurement-value"])
        finally:
            assert s.stop() == 0
    assert digests == [sha256_file(str(a)), sha256_file(str(b))] and digests[0] != digests[1]


@pytest.mark.parametrize("size", [32, 48, 64])
def test_each_challenge_size(plain, tmp_path, size):
    r = cai(plain, "attest", "token", "--challenge-size", str(size), "--json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    tok = bytes.fromhex(j["token"])
    assert len(bytes.fromhex(j["challenge"])) == size and j["nonce"] == j["challenge"]
    assert j["size"] == len(tok)
    _, pub = iak_pem(plain, tmp_path)
    c = ref.check_claims(cbor2.loads(ref.verify_sign1(tok, pub)[0]))
    assert c["nonce"].hex() == j["challenge"]
    # GET_TOKEN_SIZE gives the size of that token exactly, through the raw wire
    conn = Conn(plain.sock)
    st, out = conn.call(ATTEST_HANDLE, GET_TOKEN_SIZE, [struct.pack("<I", size)], [4])
    assert st == 0 and struct.unpack("<I", out[0])[0] == len(tok)
    st, out = conn.call(ATTEST_HANDLE, GET_TOKEN, [os.urandom(size)], [len(tok)])
    assert st == 0 and len(out[0]) == len(tok)
    st, out = conn.call(ATTEST_HANDLE, GET_TOKEN, [os.urandom(size)], [len(tok) - 1])
    assert st == PSA_ERROR_BUFFER_TOO_SMALL and out == [b""]
    conn.close()


@pytest.mark.parametrize("size", [0, 1, 16, 31, 33, 47, 49, 63, 65, 128])
def test_other_challenge_sizes_are_invalid(plain, size):
    conn = Conn(plain.sock)
    st, out = conn.call(ATTEST_HANDLE, GET_TOKEN, [b"\7" * size], [2048])
    assert st == PSA_ERROR_INVALID_ARGUMENT and out == [b""]
    st, out = conn.call(ATTEST_HANDLE, GET_TOKEN_SIZE, [struct.pack("<I", size)], [4])
    assert st == PSA_ERROR_INVALID_ARGUMENT
    conn.close()
    if size:
        r = cai(plain, "attest", "token", "--challenge", "ab" * size)
        assert r.returncode == 2 and r.stderr.startswith("error: ")


def test_a_flipped_byte_anywhere_is_rejected(plain, tmp_path):
    key, _ = iak_pem(plain, tmp_path)
    tok, _ = get_token(plain, tmp_path, b"\1" * 32)
    bad = tmp_path / "bad.cbor"
    for at in range(len(tok)):
        t = bytearray(tok)
        t[at] ^= 0x80
        bad.write_bytes(bytes(t))
        r = subprocess.run([CLOUD, "attest", "verify", str(bad), "--key", str(key)],
                           capture_output=True, text=True)
        assert r.returncode == 1, f"byte {at} of {len(tok)} flipped: {r.stdout}"
        assert json.loads(r.stdout)["result"] == "invalid"
        assert "Sanitizer" not in r.stderr and "runtime error" not in r.stderr


def test_two_boots_new_boot_seed_same_instance_id(state_dir, tmp_path):
    seen = []
    for _ in range(2):
        s = Spe(state_dir)
        try:
            _, pub = iak_pem(s, tmp_path)
            tok, _ = get_token(s, tmp_path, b"\3" * 32)
            c = ref.check_claims(cbor2.loads(ref.verify_sign1(tok, pub)[0]))
            tok2, _ = get_token(s, tmp_path, b"\3" * 32)
            c2 = ref.check_claims(cbor2.loads(ref.verify_sign1(tok2, pub)[0]))
            assert c2["boot-seed"] == c["boot-seed"]   # one seed per boot
            seen.append((c["boot-seed"], c["instance-id"]))
        finally:
            assert s.stop() == 0
    assert seen[0][0] != seen[1][0]
    assert seen[0][1] == seen[1][1]


def test_ns_cannot_get_a_signature_over_bytes_it_chose(plain, tmp_path):
    _, pub = iak_pem(plain, tmp_path)
    conn = Conn(plain.sock)
    chosen = os.urandom(64)
    # the keystore (digests signed with the IAK and the COSE keys) is secure-only
    for key_id in (0x5002, 0x5003, 0x5004):
        st, out = conn.call(KEYSTORE_HANDLE, 1, [struct.pack("<I", key_id), chosen[:32]], [64])
        assert st == PSA_ERROR_CONNECTION_REFUSED and out == [b""]
        st, out = conn.call(KEYSTORE_HANDLE, 3, [struct.pack("<I", key_id)], [65])
        assert st == PSA_ERROR_CONNECTION_REFUSED
    # the identity service: no request, no certificate with the IAK
    for call in (3, 4, 5):
        ins = [struct.pack("<I", 0x5004)] + ([b"\x30\x00"] if call == 5 else [])
        st, _ = conn.call(IDENTITY_HANDLE, call, ins, [2048])
        assert st == PSA_ERROR_NOT_PERMITTED, call
    # the attestation service signs its claims map, never the caller's bytes
    st, out = conn.call(ATTEST_HANDLE, GET_TOKEN, [chosen], [2048])
    assert st == 0
    payload, _ = ref.verify_sign1(out[0], pub)
    claims = cbor2.loads(payload)
    assert payload != chosen and claims[10] == chosen
    assert payload.count(chosen) == 1
    conn.close()


def test_keystore_refuses_the_iak_to_other_secure_callers(plain):
    """The [TEST] partition, a secure caller that is not the attestation
    partition, asks the keystore to sign with each key."""
    echo_sid, echo_version = TEST_SERVICES["CAI_TEST_ECHO"][1:3]
    conn = Conn(plain.sock)
    h = conn.connect(echo_sid, echo_version)
    assert h > 0
    for key_id in (0x5001, 0x5002, 0x5003, 0x5004):
        st, out = conn.call(h, 9, [struct.pack("<I", key_id)], [64])
        assert st == PSA_ERROR_CONNECTION_REFUSED and out == [b""], (hex(key_id), st)
    conn.close_handle(h)
    conn.close()


def test_shell_forms(plain, tmp_path):
    r = cai(plain, "attest", "token", "--diag")
    assert r.returncode == 0 and r.stdout.startswith("18([h'a10126', {4: h'")
    assert '265: "tag:psacertified.org,2023:psa#tfm"' in r.stdout
    r = cai(plain, "attest", "token")
    assert r.returncode == 0 and "security_lifecycle_state: psa-rot-provisioning" in r.stdout
    for bad in (["attest", "token", "--challenge", "00" * 32, "--challenge-size", "32"],
                ["attest", "token", "--diag", "--json"], ["attest", "token", "--bogus"],
                ["attest", "token", "--challenge-size", "40"], ["attest", "key", "--pem",
                                                                 "--cose-key"]):
        r = cai(plain, *bad)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (bad, r.stderr)
    r = cai(plain, "attest", "token", "-h")
    assert r.returncode == 0 and "--challenge-size" in r.stdout


def test_the_iak_never_appears_in_any_output_or_file(plain, tmp_path):
    d = ref.iak_from_huk(bytes.fromhex(HUK_HEX)).private_numbers().private_value
    raw = d.to_bytes(32, "big")
    import base64
    needles = [raw, raw.hex().encode(), raw.hex().upper().encode(), base64.b64encode(raw)]
    blobs = []
    for args in (["attest", "key"], ["attest", "key", "--cose-key"], ["attest", "key", "--json"],
                 ["attest", "token"], ["attest", "token", "--diag"], ["attest", "token", "--json"],
                 ["attest", "token", "--out", str(tmp_path / "t.cbor")],
                 ["keys", "status"], ["--json", "keys", "status"],
                 ["psa", "call", "0x40000100", "2", "--in", "04500000", "--out", "65"],
                 ["psa", "call", "0x40000100", "6", "--in", "04500000", "--out", "49"]):
        r = cai(plain, *args)
        blobs += [r.stdout.encode(), r.stderr.encode()]
    blobs.append((tmp_path / "t.cbor").read_bytes())
    blobs.append(plain.log().encode())
    for root, _, files in os.walk(plain.state_dir):
        for f in files:
            try:
                blobs.append(open(os.path.join(root, f), "rb").read())
            except OSError:
                pass
    for b in blobs:
        for n in needles:
            assert n not in b
