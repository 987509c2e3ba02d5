# SPDX-License-Identifier: Apache-2.0
"""`cai-cloud ca` checked by python3-cryptography and the openssl CLI: the
certificates it issues chain to its root, carry the extensions each device key
needs, and are accepted by the device-side check (cai_x509_cert_check); CSRs
that are wrong in any way are refused with a reason."""
import datetime
import json
import os
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CLOUD = os.environ.get("CAI_CLOUD")
X509_TOOL = os.environ.get("CAI_X509_TOOL")
UUID = "5a3c6e1f-8b2d-4e7a-9c01-23456789abcd"
LABELS = ["HUK_CLIENT_TLS_EC_PRIV_KEY", "HUK_COSE_EC_PRIV_KEY", "HUK_COSE_ENCRYPT_EC_PRIV_KEY"]


def run(*args, **kw):
    return subprocess.run([CLOUD, *args], capture_output=True, text=True, **kw)


def device_csr(key, label, org="cai", cn=UUID):
    """The request as the device writes it (cai_x509_csr_write)."""
    priv = key.private_numbers().private_value.to_bytes(32, "big").hex()
    r = subprocess.run([X509_TOOL, "csr", priv, org, cn, label], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return bytes.fromhex(r.stdout.strip())


def pub_hex(key):
    return key.public_key().public_bytes(serialization.Encoding.X962,
                                         serialization.PublicFormat.UncompressedPoint).hex()


@pytest.fixture()
def ca(tmp_path):
    d = tmp_path / "ca"
    r = run("ca", "init", str(d), "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["ca_dir"] == str(d)
    assert oct((d / "ca.key").stat().st_mode & 0o777) == "0o600"
    return d


def sign(ca, csr_bytes, tmp_path, *extra):
    p = tmp_path / "req.csr"
    p.write_bytes(csr_bytes)
    return run("ca", "sign", str(p), "--ca", str(ca), *extra)


def test_root_is_a_ca(ca):
    root = x509.load_pem_x509_certificate((ca / "ca.pem").read_bytes())
    bc = root.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca
    ku = root.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.key_cert_sign and ku.crl_sign
    root.public_key().verify(root.signature, root.tbs_certificate_bytes,
                             ec.ECDSA(hashes.SHA256()))
    assert isinstance(root.public_key().curve, ec.SECP256R1)


def test_init_refuses_to_replace(ca):
    before = (ca / "ca.key").read_bytes()
    r = run("ca", "init", str(ca))
    assert r.returncode == 1 and "refusing to replace" in r.stderr
    assert (ca / "ca.key").read_bytes() == before


@pytest.mark.parametrize("label", LABELS)
def test_issue_each_device_key(ca, tmp_path, label):
    key = ec.generate_private_key(ec.SECP256R1())
    r = sign(ca, device_csr(key, label), tmp_path, "--days", "30", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    cert = x509.load_pem_x509_certificate(out["certificate"].encode())
    root = x509.load_pem_x509_certificate((ca / "ca.pem").read_bytes())
    # chains to the root (python) ...
    root.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                             ec.ECDSA(hashes.SHA256()))
    assert cert.issuer == root.subject
    # ... and openssl agrees
    (tmp_path / "dev.pem").write_text(out["certificate"])
    v = subprocess.run(["openssl", "verify", "-CAfile", str(ca / "ca.pem"),
                        str(tmp_path / "dev.pem")], capture_output=True, text=True)
    assert v.returncode == 0 and v.stdout.strip().endswith(": OK"), v.stdout + v.stderr
    assert cert.version == x509.Version.v3
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == UUID
    assert 0 < cert.serial_number < 2 ** 159 and int(out["serial"], 16) == cert.serial_number
    assert len(out["serial"]) % 2 == 0  # whole bytes, as openssl prints serials
    life = cert.not_valid_after - cert.not_valid_before
    assert life == datetime.timedelta(days=30)
    bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and not bc.value.ca
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical
    assert ku.value.digital_signature == (label != "HUK_COSE_ENCRYPT_EC_PRIV_KEY")
    assert ku.value.key_agreement == (label == "HUK_COSE_ENCRYPT_EC_PRIV_KEY")
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        eku = None
    if label == "HUK_CLIENT_TLS_EC_PRIV_KEY":
        assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    else:
        assert eku is None
    ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == x509.SubjectKeyIdentifier.from_public_key(
        root.public_key()).digest
    # the device accepts it for its key and UUID
    der = cert.public_bytes(serialization.Encoding.DER).hex()
    c = subprocess.run([X509_TOOL, "check", der, pub_hex(key), UUID], capture_output=True,
                       text=True)
    assert c.returncode == 0 and c.stdout.startswith("ok "), c.stdout
    # and it is listed
    lst = json.loads(run("ca", "list", "--ca", str(ca), "--json").stdout)["certificates"]
    assert {"serial": out["serial"], "uuid": UUID, "key": label} == {
        k: lst[-1][k] for k in ("serial", "uuid", "key")}


def test_pem_csr_and_out_file(ca, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = x509.load_der_x509_csr(device_csr(key, LABELS[1])).public_bytes(
        serialization.Encoding.PEM)
    r = sign(ca, pem, tmp_path, "--out", str(tmp_path / "c.pem"))
    assert r.returncode == 0 and r.stdout == "", r.stderr
    x509.load_pem_x509_certificate((tmp_path / "c.pem").read_bytes())


def python_csr(key, names, sign_key=None):
    b = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names))
    return b.sign(sign_key or key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def test_refusals(ca, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    good = device_csr(key, LABELS[1])
    bad_sig = bytearray(good)
    bad_sig[-3] ^= 0x01
    o = x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cai")
    cn = x509.NameAttribute(NameOID.COMMON_NAME, UUID)
    ou = x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, LABELS[1])
    p384 = ec.generate_private_key(ec.SECP384R1())
    cases = [
        (bytes(bad_sig), "signature does not verify"),
        (python_csr(p384, [o, cn, ou]), "not a P-256"),
        (python_csr(key, [o, cn]), "subject is not O=<org>, CN=<device uuid>, OU=<key label>"),
        (python_csr(key, [cn, o, ou]), "subject is not O=<org>"),
        (python_csr(key, [o, cn, ou, ou]), "subject is not O=<org>"),
        (device_csr(key, LABELS[1], cn=UUID.upper()), "not a device UUID"),
        (device_csr(key, LABELS[1], cn="5a3c6e1f-8b2d-1e7a-9c01-23456789abcd"),
         "not a device UUID"),
        (device_csr(key, "HUK_IAK_EC_PRIV_KEY"), "not a device key label"),
        (os.urandom(200), "not a PKCS#10 certificate request"),
        (good[:-1], "not a PKCS#10 certificate request"),
        (good + b"\x00", "not a PKCS#10 certificate request"),
    ]
    for blob, reason in cases:
        r = sign(ca, blob, tmp_path)
        assert r.returncode == 1, reason
        assert r.stderr.startswith("cai-cloud ca sign: refused: ") and reason in r.stderr, \
            (reason, r.stderr)
        assert r.stdout == ""
    assert json.loads(run("ca", "list", "--ca", str(ca), "--json").stdout) == {"certificates": []}


def test_usage_errors(tmp_path):
    assert run("ca").returncode == 2
    assert run("ca", "frobnicate").returncode == 2
    assert run("ca", "sign").returncode == 2
    env = {k: v for k, v in os.environ.items() if k != "CAI_CA_DIR"}
    r = run("ca", "sign", "x.csr", env=env)
    assert r.returncode == 2 and "--ca DIR or CAI_CA_DIR" in r.stderr
    r = run("ca", "init", str(tmp_path / "c"), "--days", "0")
    assert r.returncode == 2 and "--days" in r.stderr
    r = run("ca", "sign", "x.csr", "--ca", str(tmp_path / "none"))
    assert r.returncode == 1
    assert run("ca", "--help").returncode == 0
