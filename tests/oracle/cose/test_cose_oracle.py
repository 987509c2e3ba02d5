# SPDX-License-Identifier: Apache-2.0
"""Oracle tests: cai_cose against an independent Python COSE (cose_ref.py on
python3-cbor2 + python3-cryptography), both directions, and the cai-cloud
CLI end to end (PEM keys made by the openssl CLI)."""
import json
import os
import subprocess
import sys

import cbor2
import pytest
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization

sys.path.insert(0, os.path.dirname(__file__))
import cose_ref as ref  # noqa: E402

PAYLOAD_SIZES = [0, 1, 23, 24, 255, 256, 65535, 65536, 100000]


def payload(n):
    return bytes((i * 7 + 3) & 0xFF for i in range(n))


# ---------------------------------------------------------------- Sign1

@pytest.mark.parametrize("n", PAYLOAD_SIZES)
def test_our_sign1_verified_by_python(tool, n):
    key = ref.new_key()
    aad = b"" if n % 2 else b"\x01\x02ext"
    r = tool.call("sign1_sign", priv=ref.priv_bytes(key), kid=b"device-kid", payload=payload(n),
                  aad=aad)
    assert r["ok"], r
    msg = bytes.fromhex(r["msg"])
    got, unprot = ref.verify1(key.public_key(), msg, aad)
    assert got == payload(n) and unprot == {4: b"device-kid"}
    # emitted deterministically: protected {1:-7}, never h'A0'
    assert ref.dumps(cbor2.loads(msg)) == msg
    assert cbor2.loads(msg).value[0] == b"\xa1\x01\x26"
    # and a flipped signature bit is caught by the oracle too
    bad = bytearray(msg)
    bad[-1] ^= 1
    with pytest.raises(InvalidSignature):
        ref.verify1(key.public_key(), bytes(bad), aad)


@pytest.mark.parametrize("n", PAYLOAD_SIZES)
def test_python_sign1_verified_by_us(tool, n):
    key = ref.new_key()
    msg = ref.sign1(key, payload(n), kid=b"k")
    pub = ref.pub_bytes(key.public_key())
    r = tool.call("sign1_verify", pub=pub, msg=msg)
    assert r["ok"], r
    assert bytes.fromhex(r["payload"]) == payload(n) and r["kid"] == b"k".hex().upper()
    # not a cai result (no claim 256): the profile refuses it, for high-S
    # first when python's s happens to be high
    want = "CAI_COSE_ERR_NO_IDENTITY" if ref.is_low_s(msg) else "CAI_COSE_ERR_HIGH_S"
    assert tool.call("profile_verify", pub=pub, msg=msg)["name"] == want
    # a different key, a changed payload: rejected
    other = ref.pub_bytes(ref.new_key().public_key())
    assert tool.call("sign1_verify", pub=other, msg=msg)["name"] == "CAI_COSE_ERR_SIGNATURE"
    if n:
        obj = cbor2.loads(msg)
        obj.value[2] = bytes([obj.value[2][0] ^ 1]) + obj.value[2][1:]
        r = tool.call("sign1_verify", pub=pub, msg=ref.dumps(obj))
        assert r["name"] == "CAI_COSE_ERR_SIGNATURE"


UUID = bytes.fromhex("8d2e3f40516247738495a6b7c8d9eafb")


def cai_result(uuid=UUID, seq=1):
    """A cai result (docs/design.md §5) made with cbor2."""
    return ref.dumps({-80000: [0.5, 0.25], -80006: seq, -80007: "m", -80008: bytes(32),
                      -80009: "cai-tflite/0.1.0", 256: b"\x01" + uuid})


def test_our_signatures_are_low_s(tool):
    """Issue 13 item 6: about half of raw ECDSA signatures are high-S; none of ours."""
    key = ref.new_key()
    pub = ref.pub_bytes(key.public_key())
    for i in range(24):
        r = tool.call("sign1_sign", priv=ref.priv_bytes(key), kid=UUID, payload=cai_result(seq=i))
        assert r["ok"], r
        msg = bytes.fromhex(r["msg"])
        assert ref.is_low_s(msg)
        ref.verify1(key.public_key(), msg)
        assert tool.call("profile_verify", pub=pub, msg=msg)["ok"]
        # python's (r, n - s) of it: valid ECDSA, accepted by python and by
        # the generic verify, refused by the profile
        twin = ref.other_encoding(msg)
        ref.verify1(key.public_key(), twin)
        assert tool.call("sign1_verify", pub=pub, msg=twin)["ok"]
        assert tool.call("profile_verify", pub=pub, msg=twin)["name"] == "CAI_COSE_ERR_HIGH_S"


def test_python_high_s_and_kid_swap(tool):
    """Messages made by python3-cryptography + cbor2: a low-S cai result
    verifies under the profile; its high-S twin and a kid-swapped copy
    (kid replaced by deadbeef, as the review did) verify generically only."""
    key = ref.new_key()
    pub = ref.pub_bytes(key.public_key())
    low = ref.sign1(key, cai_result(), kid=UUID, low_s=True)
    r = tool.call("profile_verify", pub=pub, msg=low)
    assert r["ok"], r
    assert r["kid"] == UUID.hex().upper()
    high = ref.sign1(key, cai_result(), kid=UUID, low_s=False)
    ref.verify1(key.public_key(), high)
    assert tool.call("sign1_verify", pub=pub, msg=high)["ok"]
    assert tool.call("profile_verify", pub=pub, msg=high)["name"] == "CAI_COSE_ERR_HIGH_S"
    obj = cbor2.loads(low)
    for kid in (bytes.fromhex("deadbeef"), UUID[:-1] + b"\x00", b"\x01" + UUID, None):
        obj.value[1] = {4: kid} if kid is not None else {}
        swapped = ref.dumps(obj)
        ref.verify1(key.public_key(), swapped)  # the kid is not signed
        r = tool.call("sign1_verify", pub=pub, msg=swapped)
        assert r["ok"], r
        r = tool.call("profile_verify", pub=pub, msg=swapped)
        assert r["name"] == "CAI_COSE_ERR_KID_MISMATCH", (kid, r)
    # a result of another device, under its own UUID: fine
    other = bytes(range(16))
    msg = ref.sign1(key, cai_result(uuid=other), kid=other, low_s=True)
    assert tool.call("profile_verify", pub=pub, msg=msg)["ok"]


def test_python_sign1_with_aad(tool):
    key = ref.new_key()
    msg = ref.sign1(key, b"x", aad=b"bound")
    pub = ref.pub_bytes(key.public_key())
    assert tool.call("sign1_verify", pub=pub, msg=msg, aad=b"bound")["ok"]
    assert tool.call("sign1_verify", pub=pub, msg=msg)["name"] == "CAI_COSE_ERR_SIGNATURE"


# ---------------------------------------------------------------- Encrypt

@pytest.mark.parametrize("n", [0, 1, 16, 1000, 70000])
def test_our_encrypt_decrypted_by_python(tool, n):
    key = ref.new_key()
    r = tool.call("profile_encrypt", pub=ref.pub_bytes(key.public_key()), kid=b"cloud-key",
                  pt=payload(n))
    assert r["ok"], r
    msg = bytes.fromhex(r["msg"])
    pt, (prot, unprot, ct, recipients) = ref.decrypt(key, msg)
    assert pt == payload(n)
    # the docs/design.md §5 shape
    assert prot == b"\xa1\x01\x03" and set(unprot) == {5} and len(unprot[5]) == 12
    [[rprot, runprot, wrapped]] = recipients
    assert rprot == b"\xa1\x01\x38\x1e" and set(runprot) == {4, -1} and runprot[4] == b"cloud-key"
    assert set(runprot[-1]) == {1, -1, -2, -3} and len(wrapped) == 40
    assert ref.dumps(cbor2.loads(msg)) == msg  # deterministic encoding
    with pytest.raises(InvalidTag):
        ref.decrypt(key, _flip_ct(msg))


def _flip_ct(msg):
    obj = cbor2.loads(msg)
    ct = bytearray(obj.value[2])
    ct[-1] ^= 1
    obj.value[2] = bytes(ct)
    return ref.dumps(obj)


@pytest.mark.parametrize("n", [0, 1, 16, 1000, 70000])
def test_python_encrypt_decrypted_by_us(tool, n):
    key = ref.new_key()
    msg = ref.encrypt(key.public_key(), payload(n), kid=b"dev")
    r = tool.call("profile_decrypt", priv=ref.priv_bytes(key), msg=msg)
    assert r["ok"], r
    assert bytes.fromhex(r["pt"]) == payload(n)
    assert tool.call("profile_decrypt", priv=ref.priv_bytes(ref.new_key()),
                     msg=msg)["name"] == "CAI_COSE_ERR_UNWRAP"
    assert tool.call("profile_decrypt", priv=ref.priv_bytes(key),
                     msg=_flip_ct(msg))["name"] == "CAI_COSE_ERR_DECRYPT"


@pytest.mark.parametrize("ralg,calg", [(-29, 1), (-30, 2), (-31, 3), (-29, 3)])
def test_python_encrypt_with_kdf_inputs(tool, ralg, calg):
    """Salt (-20) and PartyU/PartyV (-21..-26) feed the KDF on both sides."""
    key = ref.new_key()
    msg = ref.encrypt(key.public_key(), b"model bytes", content_alg=calg, ralg=ralg,
                      salt=b"salt-1234", party_u=(b"device", b"nonce-u", None),
                      party_v=(b"cloud", None, b"other-v"), aad=b"ctx")
    r = tool.call("enc_open", priv=ref.priv_bytes(key), msg=msg, aad=b"ctx")
    assert r["ok"], r
    assert bytes.fromhex(r["pt"]) == b"model bytes" and int(r["ralg"]) == ralg
    # the profile accepts only A256GCM + ECDH-ES+A256KW
    r = tool.call("profile_decrypt", priv=ref.priv_bytes(key), msg=msg)
    if (ralg, calg) != (-31, 3):
        assert r["name"] == "CAI_COSE_ERR_ALG_NOT_ALLOWED"
    # and ours, with the same inputs, decrypts in Python
    r = tool.call("enc_seal", alg=calg, ralg=ralg, pub=ref.pub_bytes(key.public_key()),
                  pt=b"abc", salt=b"s", u_id=b"device", u_nonce=b"n", v_other=b"o", aad=b"ctx")
    assert r["ok"], r
    pt, _ = ref.decrypt(key, bytes.fromhex(r["msg"]), aad=b"ctx")
    assert pt == b"abc"


def test_sign_encrypt_both_ways(tool):
    """docs/design.md §5 `--format encrypt`: Sign1 whose payload is the COSE_Encrypt."""
    dev, cloud = ref.new_key(), ref.new_key()
    r = tool.call("profile_sign_encrypt", priv=ref.priv_bytes(dev), kid=b"uuid-bytes",
                  pub=ref.pub_bytes(cloud.public_key()), rkid=b"cloud", pt=b"result")
    assert r["ok"], r
    inner, unprot = ref.verify1(dev.public_key(), bytes.fromhex(r["msg"]))
    assert unprot[4] == b"uuid-bytes"
    assert ref.decrypt(cloud, inner)[0] == b"result"
    res = cai_result()
    theirs = ref.sign1(dev, ref.encrypt(cloud.public_key(), res, kid=b"c"), kid=UUID, low_s=True)
    r = tool.call("profile_verify_decrypt", pub=ref.pub_bytes(dev.public_key()),
                  priv=ref.priv_bytes(cloud), msg=theirs)
    assert r["ok"], r
    assert bytes.fromhex(r["pt"]) == res and r["kid"] == UUID.hex().upper()
    # the outer kid is checked against the ueid inside the encryption, and
    # the outer signature must be low-S
    for bad, name in ((ref.sign1(dev, ref.encrypt(cloud.public_key(), res), kid=b"d", low_s=True),
                       "CAI_COSE_ERR_KID_MISMATCH"),
                      (ref.sign1(dev, ref.encrypt(cloud.public_key(), b"x"), kid=UUID, low_s=True),
                       "CAI_COSE_ERR_NO_IDENTITY"),
                      (ref.other_encoding(theirs), "CAI_COSE_ERR_HIGH_S")):
        r = tool.call("profile_verify_decrypt", pub=ref.pub_bytes(dev.public_key()),
                      priv=ref.priv_bytes(cloud), msg=bad)
        assert r["name"] == name, r


def test_cose_key_both_ways(tool):
    key = ref.new_key()
    pub = ref.pub_bytes(key.public_key())
    theirs = ref.dumps({1: 2, 2: b"kid", -1: 1, -2: pub[1:33], -3: pub[33:],
                        -4: ref.priv_bytes(key)})
    r = tool.call("key_decode", buf=theirs)
    assert r["ok"], r
    assert r["pub"] == pub.hex().upper() and r["priv"] == ref.priv_bytes(key).hex().upper()
    r = tool.call("key_encode", pub=pub, kid=b"kid")
    assert r["ok"], r
    assert cbor2.loads(bytes.fromhex(r["buf"])) == {1: 2, 2: b"kid", -1: 1, -2: pub[1:33],
                                                    -3: pub[33:]}
    # a compressed point (y = bool) is refused
    compressed = ref.dumps({1: 2, -1: 1, -2: pub[1:33], -3: True})
    assert tool.call("key_decode", buf=compressed)["name"] == "CAI_COSE_ERR_KEY"


# ---------------------------------------------------------------- cai-cloud CLI

@pytest.fixture(scope="module")
def cli(request):
    path = request.config.getoption("--cli")
    if not path:
        pytest.skip("no --cli given (cai-cloud not built)")
    return path


@pytest.fixture()
def keys(tmp_path):
    priv, pub = tmp_path / "priv.pem", tmp_path / "pub.pem"
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", str(priv)],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", str(priv), "-pubout", "-out", str(pub)],
                   check=True, capture_output=True)
    k = serialization.load_pem_private_key(priv.read_bytes(), password=None)
    return priv, pub, k


def run(cli, *args):
    return subprocess.run([cli, *[str(a) for a in args]], capture_output=True)


def test_cli_sign_verified_by_python(cli, keys, tmp_path):
    priv, pub, k = keys
    (tmp_path / "p").write_bytes(b"result payload")
    uuid = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
    r = run(cli, "cose", "sign", "--key", priv, "--in", tmp_path / "p", "--out", tmp_path / "m",
            "--kid", uuid)
    assert r.returncode == 0, r.stderr
    got, unprot = ref.verify1(k.public_key(), (tmp_path / "m").read_bytes())
    assert got == b"result payload" and unprot[4] == bytes.fromhex(uuid.replace("-", ""))
    # CLI verify with the public PEM; --out gives the payload back
    r = run(cli, "cose", "verify", "--key", pub, "--in", tmp_path / "m", "--out", tmp_path / "o",
            "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["result"] == "verified"
    assert (tmp_path / "o").read_bytes() == b"result payload"
    # tampered: exit 1 and a JSON verdict naming the error
    m = bytearray((tmp_path / "m").read_bytes())
    m[-5] ^= 0x10
    (tmp_path / "bad").write_bytes(bytes(m))
    r = run(cli, "cose", "verify", "--key", pub, "--in", tmp_path / "bad", "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["error"] == "CAI_COSE_ERR_SIGNATURE"


def test_cli_verifies_python_sign1(cli, keys, tmp_path):
    priv, pub, k = keys
    (tmp_path / "m").write_bytes(ref.sign1(k, b"from python", kid=b"x"))
    r = run(cli, "cose", "verify", "--key", pub, "--in", tmp_path / "m", "--out", "-")
    assert r.returncode == 0 and r.stdout == b"from python"
    # untagged: rejected by default, accepted with --lenient
    (tmp_path / "u").write_bytes(ref.dumps(cbor2.loads((tmp_path / "m").read_bytes()).value))
    assert run(cli, "cose", "verify", "--key", pub, "--in", tmp_path / "u").returncode == 1
    assert run(cli, "cose", "verify", "--key", pub, "--in", tmp_path / "u",
               "--lenient").returncode == 0


def test_python_encrypt_cli_decrypt(cli, keys, tmp_path):
    priv, pub, k = keys
    (tmp_path / "e").write_bytes(ref.encrypt(k.public_key(), b"secret model", kid=b"dev"))
    r = run(cli, "cose", "decrypt", "--key", priv, "--in", tmp_path / "e", "--out",
            tmp_path / "pt", "--json")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "pt").read_bytes() == b"secret model"
    assert json.loads(r.stdout)["recipient_alg"] == -31
    (tmp_path / "bad").write_bytes(_flip_ct((tmp_path / "e").read_bytes()))
    r = run(cli, "cose", "decrypt", "--key", priv, "--in", tmp_path / "bad", "--out",
            tmp_path / "pt2")
    assert r.returncode == 1 and b"CAI_COSE_ERR_DECRYPT" in r.stderr
    assert not (tmp_path / "pt2").exists()


def test_cli_encrypt_python_decrypt(cli, keys, tmp_path):
    priv, pub, k = keys
    (tmp_path / "p").write_bytes(b"to the device")
    r = run(cli, "cose", "encrypt", "--key", pub, "--in", tmp_path / "p", "--out",
            tmp_path / "e", "--kid", "hex:c0ffee")
    assert r.returncode == 0, r.stderr
    pt, body = ref.decrypt(k, (tmp_path / "e").read_bytes())
    assert pt == b"to the device" and body[3][0][1][4] == b"\xc0\xff\xee"


def test_cli_verify_decrypt_result(cli, keys, tmp_path):
    """An `infer --format encrypt` style result: Sign1(device) over Encrypt(to cloud)."""
    dev_priv, dev_pub, dev = keys
    cloud = ref.new_key()
    (tmp_path / "cloud.pem").write_bytes(cloud.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    msg = ref.sign1(dev, ref.encrypt(cloud.public_key(), b"tensor", kid=b"c"), kid=b"d")
    (tmp_path / "m").write_bytes(msg)
    r = run(cli, "cose", "verify", "--key", dev_pub, "--decrypt-key", tmp_path / "cloud.pem",
            "--in", tmp_path / "m", "--out", tmp_path / "pt", "--json")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "pt").read_bytes() == b"tensor"
    assert json.loads(r.stdout)["result"] == "verified+decrypted"
    # the device key cannot decrypt: exit 1, nothing written
    r = run(cli, "cose", "verify", "--key", dev_pub, "--decrypt-key", dev_priv,
            "--in", tmp_path / "m", "--out", tmp_path / "pt2")
    assert r.returncode == 1 and not (tmp_path / "pt2").exists()


def test_cli_print_and_usage(cli, keys, tmp_path):
    priv, pub, k = keys
    (tmp_path / "m").write_bytes(ref.sign1(k, b"hi", kid=b"x"))
    r = run(cli, "cose", "print", "--in", tmp_path / "m", "--json")
    assert r.returncode == 0
    j = json.loads(r.stdout)
    assert j["type"] == "COSE_Sign1" and j["protected"] == {"1": -7} and j["payload"] == "6869"
    r = run(cli, "cose", "print", "--in", tmp_path / "m", "--diag")
    # extended diagnostic notation (RFC 8610 appendix G), as RFC 9052's examples
    assert r.returncode == 0 and r.stdout.startswith(
        b"18(/COSE_Sign1/ [\n  /protected/ <<{/alg/ 1: -7 /ES256/}>>,\n"
        b"  /unprotected/ {/kid/ 4: h'78'},\n  /payload/ h'6869',\n  /signature/ h'")
    for sub in ("sign", "verify", "encrypt", "decrypt", "print"):
        r = run(cli, "cose", sub, "--help")
        assert r.returncode == 0 and b"usage: cai-cloud cose " + sub.encode() in r.stdout
    assert run(cli, "cose", "verify", "--in", tmp_path / "m").returncode == 2      # no --key
    assert run(cli, "cose", "verify", "--bogus").returncode == 2
    assert run(cli, "cose", "nope").returncode == 2
    assert run(cli).returncode == 2
    assert run(cli, "--help").returncode == 0
    # a key file that is not a P-256 key: failure, not a crash
    (tmp_path / "junk.pem").write_text("not a key\n")
    assert run(cli, "cose", "verify", "--key", tmp_path / "junk.pem", "--in",
               tmp_path / "m").returncode == 1
