# SPDX-License-Identifier: Apache-2.0
"""`cai-cloud verify` against results made independently from docs/design.md
§5 (result_ref.py): what is valid passes and prints the claims; every kind of
wrong result fails with exit 1 and a reason; usage errors exit 2."""
import datetime
import json
import struct
import os
import subprocess
import uuid as uuidlib

import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import result_ref as ref

CLOUD = os.environ.get("CAI_CLOUD")
UUID = uuidlib.UUID("cc858ddf-19e0-4ece-9652-e2c377701a3a")


def run(*args):
    return subprocess.run([CLOUD, "verify", *args], capture_output=True, text=True)


def pem_pub(key, path):
    path.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return str(path)


def pem_priv(key, path):
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return str(path)


def cert_for(pub, cn, ca_key, ca_name):
    now = datetime.datetime.utcnow()
    return (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cai"),
                                     x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
            .issuer_name(ca_name).public_key(pub).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(ca_key, hashes.SHA256()))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    d = tmp_path_factory.mktemp("verify")
    dev = ec.generate_private_key(ec.SECP256R1())
    cloud = ec.generate_private_key(ec.SECP256R1())
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    now = datetime.datetime.utcnow()
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(1)
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    (d / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert = cert_for(dev.public_key(), str(UUID), ca_key, ca_name)
    (d / "dev.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    other = cert_for(dev.public_key(), "00000000-0000-4000-8000-000000000000", ca_key, ca_name)
    (d / "other.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = cert_for(dev.public_key(), str(UUID), rogue_key, ca_name)
    (d / "rogue.pem").write_bytes(rogue.public_bytes(serialization.Encoding.PEM))
    return {"dir": d, "dev": dev, "cloud": cloud, "devpub": pem_pub(dev, d / "devpub.pem"),
            "cloudkey": pem_priv(cloud, d / "cloud.pem"),
            "otherkey": pem_pub(ec.generate_private_key(ec.SECP256R1()), d / "otherpub.pem")}


def write(world, name, blob):
    p = world["dir"] / name
    p.write_bytes(blob)
    return str(p)


def sign1(world, payload, kid=UUID.bytes):
    return ref.sign1(world["dev"], payload, kid)


def result(world, seq=1, **kw):
    return sign1(world, ref.claims(UUID.bytes, [0.5, -0.25, 0.016944], seq, **kw))


def test_valid_sign1_prints_the_claims(world):
    digest = bytes(range(32))
    f = write(world, "r.cose", result(world, seq=7, input=[1.0], nonce=b"\x01\x02"))
    r = run(f, "--cert", str(world["dir"] / "dev.pem"), "--ca", str(world["dir"] / "ca.pem"),
            "--json")
    assert r.returncode == 0, r.stderr
    c = json.loads(r.stdout)
    assert c["result"] == "valid" and c["format"] == "sign1" and c["uuid"] == str(UUID)
    assert c["seq"] == 7 and c["model"] == "sine" and c["model_digest"] == digest.hex()
    assert c["engine"] == "cai-tflite/0.1.0" and c["nonce"] == "0102"
    assert c["output"] == pytest.approx([0.5, -0.25, 0.016944], rel=1e-7)
    assert c["input"] == [1.0]
    r = run(f, "--key", world["devpub"])  # the public key instead of a certificate
    assert r.returncode == 0 and "result: valid" in r.stdout, r.stderr


def test_valid_encrypt(world):
    inner = ref.encrypt_to(world["cloud"].public_key(),
                           ref.claims(UUID.bytes, [0.25], 3))
    f = write(world, "e.cose", sign1(world, inner))
    r = run(f, "--key", world["devpub"], "--decrypt-key", world["cloudkey"], "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["format"] == "encrypt"
    r = run(f, "--key", world["devpub"])
    assert r.returncode == 1 and "--decrypt-key" in r.stderr
    wrong = pem_priv(ec.generate_private_key(ec.SECP256R1()), world["dir"] / "wrongcloud.pem")
    r = run(f, "--key", world["devpub"], "--decrypt-key", wrong)
    assert r.returncode == 1 and "does not open" in r.stderr


def test_every_flipped_byte_is_rejected(world):
    blob = result(world, seq=2)
    for i in range(len(blob)):
        bad = bytearray(blob)
        bad[i] ^= 0x01
        r = run(write(world, "flip.cose", bytes(bad)), "--key", world["devpub"])
        assert r.returncode == 1 and r.stderr.startswith("cai-cloud verify: invalid: "), i


@pytest.mark.parametrize("case,args,reason", [
    ("kid", {"kid": bytes.fromhex("deadbeef")}, "the kid is not the UUID"),
    ("kid16", {"kid": bytes(16)}, "the kid is not the UUID"),
])
def test_kid_must_be_the_signed_uuid(world, case, args, reason):
    f = write(world, case + ".cose", sign1(world, ref.claims(UUID.bytes, [1.0], 1), **args))
    r = run(f, "--key", world["devpub"])
    assert r.returncode == 1 and reason in r.stderr, r.stderr


def test_device_and_chain(world):
    f = write(world, "d.cose", result(world))
    d = world["dir"]
    r = run(f, "--cert", str(d / "other.pem"))
    assert r.returncode == 1 and "another device" in r.stderr
    r = run(f, "--cert", str(d / "rogue.pem"), "--ca", str(d / "ca.pem"))
    assert r.returncode == 1 and "does not chain to the CA" in r.stderr
    r = run(f, "--key", world["otherkey"])
    assert r.returncode == 1 and "signature does not verify" in r.stderr


def test_model_allow_list(world):
    good = bytes(range(32))
    f = write(world, "m.cose", result(world, digest=good))
    allow = world["dir"] / "allow.txt"
    allow.write_text("# allowed models\n" + "ab" * 32 + "\n" + good.hex() + "  # sine\n")
    assert run(f, "--key", world["devpub"], "--allow", str(allow)).returncode == 0
    assert run(f, "--key", world["devpub"], "--model-digest", good.hex()).returncode == 0
    allow.write_text("ab" * 32 + "\n")
    r = run(f, "--key", world["devpub"], "--allow", str(allow))
    assert r.returncode == 1 and "allow-list" in r.stderr
    r = run(f, "--key", world["devpub"], "--model-digest", "cd" * 32)
    assert r.returncode == 1 and "allow-list" in r.stderr


def test_nonce(world):
    f = write(world, "n.cose", result(world, nonce=b"\xaa\xbb"))
    assert run(f, "--key", world["devpub"], "--nonce", "aabb").returncode == 0
    r = run(f, "--key", world["devpub"], "--nonce", "aabc")
    assert r.returncode == 1 and "not the one given" in r.stderr
    g = write(world, "nn.cose", result(world))
    r = run(g, "--key", world["devpub"], "--nonce", "aabb")
    assert r.returncode == 1 and "no nonce" in r.stderr


def test_sequence_numbers(world, tmp_path):
    state = str(tmp_path / "seq.txt")

    def verify(seq, dev_uuid=UUID):
        payload = ref.claims(dev_uuid.bytes, [1.0], seq)
        blob = ref.sign1(world["dev"], payload, dev_uuid.bytes)
        return run(write(world, "s.cose", blob), "--key", world["devpub"], "--state", state)

    assert verify(5).returncode == 0
    r = verify(5)
    assert r.returncode == 1 and "replay" in r.stderr
    assert verify(4).returncode == 1
    assert verify(6).returncode == 0
    other = uuidlib.UUID("11111111-2222-4333-8444-555555555555")
    assert verify(1, other).returncode == 0  # another device has its own count
    assert verify(7).returncode == 0
    lines = sorted(open(state).read().split("\n"))
    assert lines == ["", f"{other} 1", f"{UUID} 7"]


@pytest.mark.parametrize("name,kw", [
    ("missing seq", {"drop": [-80006]}),
    ("missing ueid", {"drop": [256]}),
    ("unknown claim", {"extra": {99: b"\x00"}}),
    ("digest size", {"digest": b"\x00" * 31}),
    ("empty model", {"model": ""}),
])
def test_claims_are_strict(world, name, kw):
    f = write(world, "c.cose", sign1(world, ref.claims(UUID.bytes, [1.0], 1, **kw)))
    r = run(f, "--key", world["devpub"])
    assert r.returncode == 1 and "invalid: " in r.stderr, name


def test_not_deterministic_or_double(world):
    # the same claims with the keys in reverse of their deterministic order
    good = ref.claims(UUID.bytes, [1.0], 1)
    m = cbor2.loads(good)
    pairs = sorted((ref.enc_int(k), ref.enc_floats(v) if k == -80000 else cbor2.dumps(v))
                   for k, v in m.items())
    shuffled = ref.head(5, len(m)) + b"".join(k + v for k, v in reversed(pairs))
    assert cbor2.loads(shuffled) == m and shuffled != good
    r = run(write(world, "u.cose", sign1(world, shuffled)), "--key", world["devpub"])
    assert r.returncode == 1 and "deterministic" in r.stderr
    # a float64 output value
    dbl = good.replace(ref.enc_floats([1.0]), ref.head(4, 1) + b"\xfb" + struct.pack(">d", 1.1))
    r = run(write(world, "f.cose", sign1(world, dbl)), "--key", world["devpub"])
    assert r.returncode == 1 and "float32" in r.stderr


def test_usage(world):
    f = write(world, "x.cose", result(world))
    assert run().returncode == 2
    assert run(f).returncode == 2  # no key
    assert run(f, "--key", world["devpub"], "--cert", "x").returncode == 2
    assert run(f, "--key", world["devpub"], "--ca", "x").returncode == 2
    assert run(f, "--key", world["devpub"], "--nonce", "xyz").returncode == 2
    assert run(f, "--key", world["devpub"], "--bogus").returncode == 2
    assert run("--help").returncode == 0


def test_high_s_twin_is_refused(world):
    """(r, n - s) verifies as ECDSA, but a result has one encoding: low-S."""
    blob = cbor2.loads(result(world))
    prot, unprot, payload, sig = blob.value
    s = int.from_bytes(sig[32:], "big")
    twin = sig[:32] + (ref.N - s).to_bytes(32, "big")
    f = write(world, "highs.cose", cbor2.dumps(cbor2.CBORTag(18, [prot, unprot, payload, twin])))
    r = run(f, "--key", world["devpub"])
    assert r.returncode == 1 and "low-S" in r.stderr, r.stderr


def test_text_claims_are_escaped(world):
    """The model name and engine come from the device: in text output their
    control bytes are shown as \\xNN, never sent to the terminal."""
    f = write(world, "esc.cose", result(world, model="sine\x1b[2J", engine="e\x07"))
    r = subprocess.run([CLOUD, "verify", f, "--key", world["devpub"]], capture_output=True)
    assert r.returncode == 0, r.stderr
    assert b"\x1b" not in r.stdout and b"\x07" not in r.stdout, r.stdout
    assert b"model: sine\\x1b[2J" in r.stdout and b"engine: e\\x07" in r.stdout, r.stdout
