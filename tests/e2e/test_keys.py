# SPDX-License-Identifier: Apache-2.0
"""`keys` end to end (docs/identity.md): certificate requests verified by
openssl and python, device enrollment through `cai-cloud ca`, the secure
side's refusal of certificates for another key or device, bad input, and
the --json forms. Skipped, with the reason, when the SPE image has no
identity service (the -h tests need no SPE and always run)."""
import datetime
import json
import os
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import run_cai
from identity_e2e import (ca_sign, device, make_ca, one_error_line,  # noqa: F401
                          openssl_req_verifies, stop_devices, workdir)
from identity_oracle import KEYS

NOT_FOR_US = "the certificate is not for this key or device"


def point(pub):
    return pub.public_bytes(serialization.Encoding.X962,
                            serialization.PublicFormat.UncompressedPoint)


def subject(csr_or_cert):
    name = csr_or_cert.subject

    def one(oid):
        attrs = name.get_attributes_for_oid(oid)
        assert len(attrs) == 1
        return attrs[0].value
    return one(NameOID.ORGANIZATION_NAME), one(NameOID.COMMON_NAME), \
        one(NameOID.ORGANIZATIONAL_UNIT_NAME)


# ---------------- help (no SPE needed) ----------------

PATHS = ["keys", "keys status", "keys public", "keys csr", "keys cert", "info uuid",
         "info version"]


@pytest.mark.parametrize("path", PATHS)
def test_help(state_dir, path):
    r = run_cai(state_dir, *path.split(), "-h")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith(path + " - ")
    assert r.stdout == run_cai(state_dir, "help", *path.split()).stdout


def test_help_lists_keys(state_dir):
    r = run_cai(state_dir, "help")
    assert "\n  keys " in r.stdout
    r = run_cai(state_dir, "info", "-h")
    assert "uuid" in r.stdout and "version" in r.stdout


# ---------------- certificate requests ----------------

@pytest.mark.parametrize("name,kid,label", KEYS)
def test_csr_verifies_with_openssl_and_python(device, workdir, name, kid, label):
    path = os.path.join(workdir, name + ".csr")
    out = device.ok("keys", "csr", name, "--out", path)
    assert f"file: {path}" in out
    pem = open(path, "rb").read()
    assert pem.startswith(b"-----BEGIN CERTIFICATE REQUEST-----\n")
    assert openssl_req_verifies(path)
    csr = x509.load_pem_x509_csr(pem)
    # The same request on stdout by default (ECDSA may sign it differently).
    again = x509.load_pem_x509_csr(device.ok("keys", "csr", hex(kid)).encode())
    assert again.tbs_certrequest_bytes == csr.tbs_certrequest_bytes and again.is_signature_valid
    assert csr.is_signature_valid
    assert isinstance(csr.signature_hash_algorithm, hashes.SHA256)
    assert point(csr.public_key()) == device.ident.public(kid)
    assert subject(csr) == ("cai", device.ident.uuid_str, label)
    assert [a.oid for a in csr.subject] == [NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME,
                                            NameOID.ORGANIZATIONAL_UNIT_NAME]


def test_csr_org_der_and_json(device, workdir):
    org = "Acme Devices, Inc. (R&D) #7"
    der_path = os.path.join(workdir, "enc.der")
    device.ok("keys", "csr", "encrypt", "--der", "--org", org, "--out", der_path)
    der = open(der_path, "rb").read()
    csr = x509.load_der_x509_csr(der)
    assert csr.is_signature_valid and openssl_req_verifies(der_path, der=True)
    assert subject(csr) == (org, device.ident.uuid_str, "HUK_COSE_ENCRYPT_EC_PRIV_KEY")
    # --der without --out: hex on stdout.
    hexed = bytes.fromhex(device.ok("keys", "csr", "encrypt", "--der").strip())
    assert x509.load_der_x509_csr(hexed).is_signature_valid
    # --json: the documented fields.
    j = json.loads(device.ok("keys", "csr", "0x5002", "--json", "--org", "x"))
    assert j["name"] == "sign" and j["key_id"] == "0x5002"
    assert j["label"] == "HUK_COSE_EC_PRIV_KEY"
    assert j["uuid"] == device.ident.uuid_str and j["org"] == "x"
    assert j["subject"] == f"O=x,CN={device.ident.uuid_str},OU=HUK_COSE_EC_PRIV_KEY"
    assert x509.load_der_x509_csr(bytes.fromhex(j["der"])).is_signature_valid
    assert x509.load_pem_x509_csr(j["pem"].encode()).public_bytes(
        serialization.Encoding.DER) == bytes.fromhex(j["der"])
    # The longest organisation accepted.
    j = json.loads(device.ok("--json", "keys", "csr", "tls", "--org", "o" * 64))
    assert subject(x509.load_der_x509_csr(bytes.fromhex(j["der"])))[0] == "o" * 64


def _flip(der, at, bit=0):
    b = bytearray(der)
    b[at] ^= 1 << bit
    return bytes(b)


def test_csr_with_one_flipped_bit_fails_both(device, workdir):
    der = bytes.fromhex(device.ok("keys", "csr", "tls", "--der").strip())
    good = os.path.join(workdir, "good.der")
    open(good, "wb").write(der)
    assert openssl_req_verifies(good, der=True)
    # One bit in the signed subject ("cai" -> "bai"), one in the signature's
    # last byte (s): both still parse, neither verifies.
    for at in (der.index(b"cai"), len(der) - 1):
        bad = _flip(der, at)
        path = os.path.join(workdir, f"bad{at}.der")
        open(path, "wb").write(bad)
        assert not x509.load_der_x509_csr(bad).is_signature_valid
        assert not openssl_req_verifies(path, der=True)


# ---------------- enrollment ----------------

def test_enrollment_end_to_end(device, workdir):
    ca = make_ca(workdir)
    csr = os.path.join(workdir, "tls.csr")
    device.ok("keys", "csr", "tls", "--out", csr)
    cert_path = ca_sign(ca, csr, os.path.join(workdir, "tls.pem"), days=30)
    r = device.cai("keys", "cert", "tls", "install", cert_path)
    assert r.returncode == 0, r.stderr
    cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
    not_after = cert.not_valid_after.strftime("%Y-%m-%dT%H:%M:%SZ")
    serial = "%x" % cert.serial_number
    serial = serial.rjust(len(serial) + len(serial) % 2, "0")
    assert f"status: certified\n" in r.stdout and f"not_after: {not_after}\n" in r.stdout
    # keys status shows it, with expiry and serial; the other keys are only derived.
    status = device.ok("keys", "status")
    lines = status.splitlines()
    assert lines[0] == "keys:"
    assert lines[1] == ("  - name=tls key_id=0x5001 label=HUK_CLIENT_TLS_EC_PRIV_KEY "
                        "status=certified derived=true certificate=true "
                        f"not_after={not_after} serial={serial}")
    assert "name=sign key_id=0x5002" in lines[2] and "status=derived" in lines[2]
    assert "name=encrypt key_id=0x5003" in lines[3] and "status=derived" in lines[3]
    # 30 days from now, give or take the run.
    left = cert.not_valid_after - datetime.datetime.utcnow()
    assert datetime.timedelta(days=29) < left <= datetime.timedelta(days=30, minutes=5)
    # openssl accepts the chain.
    import subprocess
    v = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(ca, "ca.pem"), cert_path],
                       capture_output=True, text=True)
    assert v.returncode == 0 and v.stdout.strip().endswith(": OK"), v.stdout + v.stderr
    # keys cert shows what was installed, byte for byte.
    shown = device.ok("keys", "cert", "tls", "--pem")
    assert x509.load_pem_x509_certificate(shown.encode()) == cert
    der_path = os.path.join(workdir, "shown.der")
    device.ok("keys", "cert", "tls", "--der", "--out", der_path)
    assert open(der_path, "rb").read() == cert.public_bytes(serialization.Encoding.DER)
    default = device.ok("keys", "cert", "5001")
    assert default.startswith("# tls 0x5001 HUK_CLIENT_TLS_EC_PRIV_KEY\n"
                              f"# not after {not_after}, serial {serial}\n"
                              "-----BEGIN CERTIFICATE-----\n")
    # A DER file installs as well (replacing the earlier one).
    device.ok("keys", "cert", "tls", "install", der_path)


def _issue(ca, public_key, cn, workdir, name):
    """A certificate from the test CA for any key and CN (python-made)."""
    ca_key = serialization.load_pem_private_key(open(os.path.join(ca, "ca.key"), "rb").read(),
                                                None)
    ca_cert = x509.load_pem_x509_certificate(open(os.path.join(ca, "ca.pem"), "rb").read())
    now = datetime.datetime.utcnow()
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cai"),
                                     x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
            .issuer_name(ca_cert.subject).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(ca_key, hashes.SHA256()))
    path = os.path.join(workdir, name)
    open(path, "wb").write(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_certificates_not_for_this_key_or_device_are_refused(device, workdir):
    ca = make_ca(workdir)
    csr = os.path.join(workdir, "sign.csr")
    device.ok("keys", "csr", "sign", "--out", csr)
    sign_cert = ca_sign(ca, csr, os.path.join(workdir, "sign.pem"))
    ident = device.ident
    cases = {
        "another key's": sign_cert,
        "another device's (key)": _issue(ca, ec.generate_private_key(ec.SECP256R1()).public_key(),
                                         ident.uuid_str, workdir, "other-key.pem"),
        "another device's (CN)": _issue(ca, ident.private[0x5001].public_key(),
                                        "00000000-0000-4000-8000-000000000000", workdir,
                                        "other-cn.pem"),
    }
    for what, path in cases.items():
        r = device.cai("keys", "cert", "tls", "install", path)
        assert r.returncode == 1, what
        assert NOT_FOR_US in one_error_line(r), what
        assert r.stdout == "", what
    r = device.cai("keys", "cert", "tls")
    assert r.returncode == 1 and "no certificate is installed for key tls" in one_error_line(r)
    assert "status=derived" in device.ok("keys", "status", "tls")
    # The right one still installs.
    device.ok("keys", "cert", "sign", "install", sign_cert)


def test_bad_certificate_files(device, workdir):
    ca = make_ca(workdir)
    csr = os.path.join(workdir, "tls.csr")
    device.ok("keys", "csr", "tls", "--out", csr)
    pem = open(ca_sign(ca, csr, os.path.join(workdir, "tls.pem")), "rb").read()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    files = {
        "truncated.der": (der[:len(der) // 2], "truncated certificate"),
        "truncated.pem": (pem[:len(pem) // 2], "truncated PEM certificate"),
        "garbage": (b"\x01" + os.urandom(299), "neither a PEM nor a DER certificate"),
        "text.txt": (b"hello, this is not a certificate\n", "neither a PEM nor a DER certificate"),
        "empty": (b"", "is empty"),
        "trailing.der": (der + b"\0", "bytes after the certificate"),
        "badb64.pem": (pem.replace(b"\n", b"\n*", 1), "malformed PEM certificate"),
        "key.pem": (device.ok("keys", "public", "tls").encode(), "holds no CERTIFICATE"),
        "big.der": (b"\x30\x82\x10\x00" + b"\0" * 0x1000, "larger than"),
    }
    for name, (data, message) in files.items():
        path = os.path.join(workdir, name)
        open(path, "wb").write(data)
        r = device.cai("keys", "cert", "tls", "install", path)
        assert r.returncode == 1, name
        line = one_error_line(r)
        assert message in line, (name, line)
    r = device.cai("keys", "cert", "tls", "install", os.path.join(workdir, "missing.pem"))
    assert r.returncode == 1 and "cannot read" in one_error_line(r)
    assert "status=derived" in device.ok("keys", "status", "tls")


# ---------------- bad input ----------------

BAD_INPUT = [
    (["keys", "public", "bogus"], "unknown key 'bogus'"),
    (["keys", "public", "0x5004"], "unknown key '0x5004'"),
    (["keys", "public", "5000"], "unknown key '5000'"),
    (["keys", "public", "0x"], "unknown key '0x'"),
    (["keys", "public", "tls2"], "unknown key 'tls2'"),
    (["keys", "public", "-5001"], "'-5001' is not an option"),
    (["keys", "status", "nope"], "unknown key 'nope'"),
    (["keys", "csr", "0x1_5001"], "unknown key"),
    (["keys", "cert", "1"], "unknown key '1'"),
    (["keys", "public", "tls", "--base64"], "'--base64' is not an option of keys public"),
    (["keys", "public", "tls", "--der"], "'--der' is not an option of keys public"),
    (["keys", "public", "--pem", "--hex"], "two output formats"),
    (["keys", "public", "tls", "--diag"], "--diag goes with --cose-key"),
    (["keys", "public", "tls", "sign"], "unexpected argument 'sign'"),
    (["keys", "csr", "tls", "--hex"], "'--hex' is not an option of keys csr"),
    (["keys", "csr", "tls", "--pem", "--der"], "two output formats"),
    (["keys", "csr"], "expected one key"),
    (["keys", "csr", "tls", "--org"], "--org needs a value"),
    (["keys", "csr", "tls", "--org", "o" * 65], "--org must be 1 to 64 printable ASCII"),
    (["keys", "csr", "tls", "--org", "Ünïcode GmbH"], "--org must be 1 to 64 printable ASCII"),
    (["keys", "csr", "tls", "--org", "tab\there"], "--org must be 1 to 64 printable ASCII"),
    (["keys", "csr", "tls", "--org", ""], "--org must be 1 to 64 printable ASCII"),
    (["keys", "csr", "tls", "--out"], "--out needs a value"),
    (["keys", "cert"], "expected a key"),
    (["keys", "cert", "tls", "install"], "install needs a FILE"),
    (["keys", "cert", "tls", "frobnicate"], "unexpected argument 'frobnicate'"),
    (["keys", "cert", "tls", "install", "a", "b"], "unexpected argument 'b'"),
    (["keys", "status", "--pem"], "'--pem' is not an option of keys status"),
    (["keys", "frob"], "'keys' has no subcommand 'frob'"),
    (["info", "uuid", "x"], "info uuid takes no arguments"),
    (["info", "version", "x"], "info version takes no arguments"),
]


@pytest.mark.parametrize("args,message", BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_usage_line(device, args, message):
    r = device.cai(*args)
    assert r.returncode == 2, r.stderr
    assert message in one_error_line(r)
    assert r.stdout == ""


def test_failures_exit_1(device, workdir):
    r = device.cai("keys", "cert", "encrypt")
    assert r.returncode == 1 and \
        "no certificate is installed for key encrypt (0x5003)" in one_error_line(r)
    r = device.cai("keys", "csr", "tls", "--out", os.path.join(workdir, "no", "such", "dir"))
    assert r.returncode == 1 and "cannot write" in one_error_line(r)


def test_the_shell_reads_the_same_commands(device):
    """In a piped session: the same text, and the worst status."""
    r = device.cai(input="keys public tls --hex\nkeys public bogus\ninfo uuid\n")
    assert r.returncode == 2
    assert r.stdout.splitlines() == [device.ident.public(0x5001).hex(),
                                     "uuid: " + device.ident.uuid_str]
    assert "unknown key 'bogus'" in one_error_line(r)


# ---------------- --json ----------------

def test_json_forms(device, workdir):
    ident = device.ident
    j = json.loads(device.ok("--json", "keys", "status"))
    assert [(k["name"], int(k["key_id"], 16), k["label"]) for k in j["keys"]] == KEYS
    for k in j["keys"]:
        assert k["status"] == "derived" and k["derived"] is True and k["certificate"] is False
        assert "not_after" not in k and "serial" not in k
    # --json after the command words, inside the shell's own parsing too.
    assert json.loads(device.ok("keys", "status", "--json")) == j
    r = device.cai(input="keys status --json\n")
    assert json.loads(r.stdout) == j

    j = json.loads(device.ok("--json", "keys", "public"))
    assert [k["name"] for k in j["keys"]] == ["tls", "sign", "encrypt"]
    for k, (_, kid, _) in zip(j["keys"], KEYS):
        assert bytes.fromhex(k["public"]) == ident.public(kid)
        assert point(serialization.load_pem_public_key(k["pem"].encode())) == ident.public(kid)
    j = json.loads(device.ok("--json", "keys", "public", "sign", "--cose-key", "--diag"))
    assert set(j) == {"name", "key_id", "label", "public", "cose_key", "diag"}
    assert j["diag"].startswith("{1: 2, 2: h'")

    j = json.loads(device.ok("--json", "info", "uuid"))
    assert j == {"uuid": ident.uuid_str}
    j = json.loads(device.ok("--json", "info"))
    assert j["uuid"] == ident.uuid_str
    assert any(s["sid"] == "0x00000100" and s["version"] == 1 for s in j["services"])
    j = json.loads(device.ok("--json", "info", "version"))
    assert re.match(r"^\d+\.\d+\.\d+$", j["version"]) and j["framework_version"] == "1.1"

    ca = make_ca(workdir)
    csr = os.path.join(workdir, "enc.csr")
    device.ok("keys", "csr", "encrypt", "--out", csr)
    cert = ca_sign(ca, csr, os.path.join(workdir, "enc.pem"))
    j = json.loads(device.ok("--json", "keys", "cert", "encrypt", "install", cert))
    assert j["name"] == "encrypt" and j["status"] == "certified" and j["certificate"] is True
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", j["not_after"])
    c = x509.load_pem_x509_certificate(open(cert, "rb").read())
    assert int(j["serial"], 16) == c.serial_number
    k = json.loads(device.ok("--json", "keys", "status"))["keys"][2]
    assert k["certificate"] is True and k["not_after"] == j["not_after"]
    j = json.loads(device.ok("--json", "keys", "cert", "encrypt"))
    assert x509.load_der_x509_certificate(bytes.fromhex(j["der"])) == c
    r = device.cai("--json", "keys", "cert", "tls")
    assert r.returncode == 1 and r.stdout == ""
