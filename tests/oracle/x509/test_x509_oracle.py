# SPDX-License-Identifier: Apache-2.0
"""cai_x509 against independent references: python3-cryptography (RFC 2986 /
RFC 5280 parsing, signature verification) and the openssl CLI.

The CSR side checks what cai writes; the certificate side feeds cai
certificates that the reference library issues (right ones, and each way of
being wrong)."""
import datetime
import os
import subprocess

import pytest
from cryptography import x509
from cryptography.exceptions import InternalError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID

TOOL = os.environ.get("CAI_X509_TOOL")
UUID = "5a3c6e1f-8b2d-4e7a-9c01-23456789abcd"
LABEL = "HUK_COSE_EC_PRIV_KEY"


def tool(*args):
    r = subprocess.run([TOOL, *args], capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, r.stdout.strip()


def priv_hex(key):
    return key.private_numbers().private_value.to_bytes(32, "big").hex()


def pub_bytes(key):
    return key.public_key().public_bytes(serialization.Encoding.X962,
                                         serialization.PublicFormat.UncompressedPoint)


def make_csr(key, org="cai", cn=UUID, ou=LABEL):
    rc, out = tool("csr", priv_hex(key), org, cn, ou)
    assert rc == 0, out
    return bytes.fromhex(out)


def openssl_verify(der, tmp_path):
    """openssl's own verdict on the request's self-signature. Debian's
    `openssl req -verify` exits 0 even on a bad signature, so read its words."""
    p = tmp_path / "req.der"
    p.write_bytes(der)
    r = subprocess.run(["openssl", "req", "-inform", "DER", "-in", str(p), "-verify", "-noout"],
                       capture_output=True, text=True)
    text = r.stdout + r.stderr
    if "verify OK" in text and r.returncode == 0:
        return True
    assert "verify failure" in text or r.returncode != 0, text
    return False


@pytest.fixture(scope="module")
def keys():
    # Fixed scalars (edge sizes: small, one below n, a random-looking one)
    # plus fresh random keys.
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    fixed = [1, 2, n - 1, 0x1F2E3D4C5B6A79880123456789ABCDEF0F1E2D3C4B5A69788796A5B4C3D2E1F0]
    ks = [ec.derive_private_key(d, ec.SECP256R1()) for d in fixed]
    ks += [ec.generate_private_key(ec.SECP256R1()) for _ in range(8)]
    return ks


def test_csr_parses_and_verifies(keys, tmp_path):
    for key in keys:
        der = make_csr(key)
        csr = x509.load_der_x509_csr(der)
        assert csr.is_signature_valid
        assert openssl_verify(der, tmp_path)
        # DER is canonical: the reference re-encodes it byte for byte.
        assert csr.public_bytes(serialization.Encoding.DER) == der
        assert csr.signature_algorithm_oid == SignatureAlgorithmOID.ECDSA_WITH_SHA256
        assert csr.public_key().public_numbers() == key.public_key().public_numbers()
        assert len(csr.attributes) == 0
        # Subject in DER order O, CN, OU, one attribute per RDN, UTF8String.
        rdns = [list(r) for r in csr.subject.rdns]
        assert [len(r) for r in rdns] == [1, 1, 1]
        assert [(a.oid, a.value) for r in rdns for a in r] == [
            (NameOID.ORGANIZATION_NAME, "cai"), (NameOID.COMMON_NAME, UUID),
            (NameOID.ORGANIZATIONAL_UNIT_NAME, LABEL)]
        assert all(a._type.value == 12 for r in rdns for a in r)  # UTF8String


def test_csr_signature_is_over_the_request_info(keys):
    # Verify by hand too: ECDSA-SHA256 over tbs_certrequest_bytes.
    key = keys[3]
    csr = x509.load_der_x509_csr(make_csr(key))
    key.public_key().verify(csr.signature, csr.tbs_certrequest_bytes, ec.ECDSA(hashes.SHA256()))


def test_csr_any_flipped_bit_fails(keys, tmp_path):
    der = make_csr(keys[4])
    # A bit in the signature, in the subject, in the key: each must fail the
    # reference checks (parse error or bad signature), with openssl agreeing.
    sig_pos = len(der) - 5
    cn_pos = der.index(UUID.encode()) + 3
    key_pos = der.index(pub_bytes(keys[4])) + 40
    for pos in (sig_pos, cn_pos, key_pos):
        bad = bytearray(der)
        bad[pos] ^= 0x01
        bad = bytes(bad)
        try:
            valid = x509.load_der_x509_csr(bad).is_signature_valid
        except (ValueError, InternalError):  # the reference cannot even parse it
            valid = False
        assert not valid, pos
        assert not openssl_verify(bad, tmp_path), pos


def test_csr_names(keys):
    key = keys[5]
    long64 = "o" * 64
    csr = x509.load_der_x509_csr(make_csr(key, org=long64, ou="x"))
    assert csr.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == long64
    for org, cn, ou in (("o" * 65, UUID, LABEL), ("", UUID, LABEL), ("cai", "", LABEL),
                        ("ca\x01i", UUID, LABEL), ("cai", UUID, "\x7f"), ("caï", UUID, LABEL)):
        rc, out = tool("csr", priv_hex(key), org, cn, ou)
        assert (rc, out) == (1, "err invalid argument"), (org, cn, ou)


def issue(subject_key_pub, cn=UUID, extra_names=(), ca_key=None, days=365, serial=None):
    ca_key = ca_key or ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cai")]
    if cn is not None:
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    attrs += list(extra_names)
    now = datetime.datetime(2026, 12, 1, 12, 0, 0)
    b = (x509.CertificateBuilder()
         .subject_name(x509.Name(attrs))
         .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cai test CA")]))
         .public_key(subject_key_pub)
         .serial_number(serial or x509.random_serial_number())
         .not_valid_before(now)
         .not_valid_after(now + datetime.timedelta(days=days)))
    return b.sign(ca_key, hashes.SHA256())


def check(cert_der, pub, cn=UUID):
    return tool("check", cert_der.hex(), pub.hex(), cn)


def der(cert):
    return cert.public_bytes(serialization.Encoding.DER)


def test_cert_accepted_with_expiry_and_serial(keys):
    key = keys[6]
    cert = issue(key.public_key(), serial=0x00C0FFEE12345678)
    rc, out = check(der(cert), pub_bytes(key))
    assert rc == 0, out
    assert out == "ok 2027-12-01T12:00:00Z c0ffee12345678"
    # a 20-byte serial (RFC 5280's maximum) comes back whole
    big = (1 << 158) + 12345
    rc, out = check(der(issue(key.public_key(), serial=big)), pub_bytes(key))
    assert out.split()[2] == big.to_bytes(20, "big").hex()


def test_cert_rejections(keys):
    key, other = keys[6], keys[7]
    pub = pub_bytes(key)
    good = der(issue(key.public_key()))
    cases = {
        "another key": (der(issue(other.public_key())), "err the certificate is for another key"),
        "another CN": (der(issue(key.public_key(), cn="00000000-0000-4000-8000-000000000000")),
                       "err the certificate's subject CN is not this device"),
        "no CN": (der(issue(key.public_key(), cn=None)),
                  "err the certificate's subject CN is not this device"),
        "two CNs": (der(issue(key.public_key(),
                              extra_names=[x509.NameAttribute(NameOID.COMMON_NAME, UUID)])),
                    "err the certificate's subject CN is not this device"),
        "CN prefix": (der(issue(key.public_key(), cn=UUID[:-1])),
                      "err the certificate's subject CN is not this device"),
        "P-384 key": (der(issue(ec.generate_private_key(ec.SECP384R1()).public_key())),
                      "err the certificate is for another key"),
        "RSA key": (der(issue(rsa.generate_private_key(65537, 2048).public_key())),
                    "err the certificate is for another key"),
        "garbage": (os.urandom(300), "err not a DER X.509 certificate"),
        "empty": (b"", "err not a DER X.509 certificate"),
        "truncated": (good[:-1], "err not a DER X.509 certificate"),
        "trailing byte": (good + b"\x00", "err not a DER X.509 certificate"),
        "a CSR": (make_csr(key), "err not a DER X.509 certificate"),
        "too large": (good + b"\x00" * (2049 - len(good)), "err certificate too large"),
    }
    for name, (blob, want) in cases.items():
        rc, out = check(blob, pub)
        assert (rc, out) == (1, want), name


def test_cert_truncations_never_accepted(keys):
    key = keys[6]
    good = der(issue(key.public_key()))
    for n in range(0, len(good)):
        rc, out = check(good[:n], pub_bytes(key))
        assert rc == 1 and out.startswith("err "), n
