# SPDX-License-Identifier: Apache-2.0
"""Device identity end to end (docs/identity.md, docs/design.md §4): the UUID
and the three public keys `cai` shows are those an independent python
computation derives from the pinned HUK; the same HUK gives the same
identity across SPE restarts and state directories, another HUK another
one; and no private scalar ever appears in any output or file.

Skipped, with the reason, when the SPE image has no identity service."""
import base64
import os
import re
import shutil
import tempfile

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import HUK_HEX
from identity_e2e import (OTHER_HUK_HEX, Device, ca_sign, device, make_ca,  # noqa: F401
                          stop_devices, workdir)
from identity_oracle import KEYS, Identity

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def shown_identity(dev):
    """(uuid text, {key id: 65-byte point}) as `cai` shows them."""
    uuid = dev.ok("info", "uuid").strip()
    assert uuid.startswith("uuid: ")
    pubs = {}
    for _, kid, _ in KEYS:
        pubs[kid] = bytes.fromhex(dev.ok("keys", "public", hex(kid), "--hex").strip())
    return uuid[len("uuid: "):], pubs


def test_known_answer_uuid_and_public_keys(device):
    ident = device.ident
    uuid, pubs = shown_identity(device)
    assert UUID_RE.match(uuid), uuid
    assert uuid == ident.uuid_str
    for name, kid, _ in KEYS:
        assert pubs[kid] == ident.public(kid), name
    # `info` prints the UUID too.
    assert f"\nuuid: {ident.uuid_str}\n" in device.ok("info")


def test_known_answer_pem_and_cose_key(device):
    ident = device.ident
    for name, kid, label in KEYS:
        for key in (name, hex(kid), f"{kid:x}", name.upper()):
            pem = device.ok("keys", "public", key)
            assert pem.startswith("-----BEGIN PUBLIC KEY-----\n")
            pub = serialization.load_pem_public_key(pem.encode())
            assert isinstance(pub.curve, ec.SECP256R1)
            assert pub.public_bytes(serialization.Encoding.X962,
                                    serialization.PublicFormat.UncompressedPoint) == \
                ident.public(kid)
            # The DER SPKI: the fixed 26-byte P-256 prefix and the point.
            der = pub.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)
            body = "".join(pem.strip().splitlines()[1:-1])
            assert base64.b64decode(body, validate=True) == der
        ck = cbor2.loads(bytes.fromhex(device.ok("keys", "public", name, "--cose-key").strip()))
        point = ident.public(kid)
        assert ck == {1: 2, 2: ident.uuid, -1: 1, -2: point[1:33], -3: point[33:]}
        diag = device.ok("keys", "public", name, "--cose-key", "--diag").strip()
        assert diag.startswith("{1: 2, 2: h'" + ident.uuid.hex() + "', -1: 1, -2: h'")


def test_all_public_keys_at_once(device):
    text = device.ok("keys", "public")
    blocks = re.findall(r"^# (\w+) 0x(\w+) (\w+)\n(-----BEGIN PUBLIC KEY-----\n.*?"
                        r"-----END PUBLIC KEY-----\n)", text, re.S | re.M)
    assert [(b[0], int(b[1], 16), b[2]) for b in blocks] == KEYS
    for (_, kid, _), block in zip(KEYS, blocks):
        pub = serialization.load_pem_public_key(block[3].encode())
        assert pub.public_bytes(serialization.Encoding.X962,
                                serialization.PublicFormat.UncompressedPoint) == \
            device.ident.public(kid)
    hexes = device.ok("keys", "public", "--hex").splitlines()
    assert hexes[1::2] == [device.ident.public(kid).hex() for _, kid, _ in KEYS]


def test_same_huk_same_identity_across_restarts_and_directories(state_dir):
    first = Device(state_dir)
    before = shown_identity(first)
    first.stop()
    again = Device(state_dir)
    assert shown_identity(again) == before
    again.stop()
    other_dir = tempfile.mkdtemp(prefix="cai-e2e-", dir="/tmp")
    os.chmod(other_dir, 0o700)
    try:
        elsewhere = Device(other_dir)
        assert shown_identity(elsewhere) == before
        elsewhere.stop()
    finally:
        shutil.rmtree(other_dir, ignore_errors=True)


def test_huk_file_pins_the_same_identity(state_dir, workdir):
    huk_file = os.path.join(workdir, "huk.bin")
    fd = os.open(huk_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, bytes.fromhex(OTHER_HUK_HEX))
    os.close(fd)
    dev = Device(state_dir, huk_file=huk_file)   # the file wins over CAI_HUK_HEX
    try:
        uuid, pubs = shown_identity(dev)
        other = Identity(bytes.fromhex(OTHER_HUK_HEX))
        assert uuid == other.uuid_str
        assert pubs == {kid: other.public(kid) for _, kid, _ in KEYS}
    finally:
        dev.stop()


def test_different_huk_different_identity(state_dir):
    a = Device(state_dir)
    ida = shown_identity(a)
    a.stop()
    other_dir = tempfile.mkdtemp(prefix="cai-e2e-", dir="/tmp")
    os.chmod(other_dir, 0o700)
    try:
        b = Device(other_dir, huk_hex=OTHER_HUK_HEX)
        idb = shown_identity(b)
        b.stop()
    finally:
        shutil.rmtree(other_dir, ignore_errors=True)
    assert ida[0] != idb[0]
    assert all(ida[1][kid] != idb[1][kid] for _, kid, _ in KEYS)
    assert idb[0] == Identity(bytes.fromhex(OTHER_HUK_HEX)).uuid_str


def test_certificate_survives_a_restart(state_dir, workdir):
    dev = Device(state_dir)
    csr = os.path.join(workdir, "sign.csr")
    dev.ok("keys", "csr", "sign", "--out", csr)
    cert = ca_sign(make_ca(workdir), csr, os.path.join(workdir, "sign.pem"))
    dev.ok("keys", "cert", "sign", "install", cert)
    shown = dev.ok("keys", "cert", "sign", "--pem")
    dev.stop()
    again = Device(state_dir)
    try:
        assert again.ok("keys", "cert", "sign", "--pem") == shown
        assert "status=certified" in again.ok("keys", "status", "sign")
    finally:
        again.stop()


# ---------------- key secrecy ----------------

def _needles(ident):
    """Every form a private scalar could leak in: raw, hex (both cases),
    base64."""
    out = {}
    for name, kid, _ in KEYS:
        d = ident.scalar[kid]
        out[f"{name} raw"] = d
        out[f"{name} hex"] = d.hex().encode()
        out[f"{name} HEX"] = d.hex().upper().encode()
        out[f"{name} base64"] = base64.b64encode(d)
    return out


def _scan(blob, needles, where):
    for what, needle in needles.items():
        assert needle not in blob, f"the {what} private scalar appears in {where}"


def test_no_private_scalar_in_any_output_or_file(state_dir, workdir):
    record = []
    dev = Device(state_dir, record=record)
    ident = dev.ident
    # Everything a user can do with the keys, good and bad.
    ca = make_ca(workdir, record=record)
    for fmt in ([], ["--pem"], ["--hex"], ["--cose-key"], ["--cose-key", "--diag"]):
        dev.cai("keys", "public", *fmt)
        dev.cai("--json", "keys", "public", *fmt)
    for name, kid, _ in KEYS:
        csr = os.path.join(workdir, f"{name}.csr")
        dev.ok("keys", "csr", name, "--out", csr)
        dev.cai("keys", "csr", name, "--json", "--org", "Secrecy Test")
        dev.cai("keys", "csr", hex(kid), "--der")
        dev.cai("keys", "csr", name, "--der", "--out", os.path.join(workdir, f"{name}.der"))
        cert = ca_sign(ca, csr, os.path.join(workdir, f"{name}.pem"), record=record)
        dev.ok("keys", "cert", name, "install", cert)
        dev.cai("keys", "cert", name)
        dev.cai("keys", "cert", name, "--der")
        dev.cai("--json", "keys", "cert", name)
    dev.cai("keys", "status")
    dev.cai("--json", "keys", "status")
    dev.cai("info")
    dev.cai("--json", "info")
    dev.cai("info", "uuid")
    dev.cai("keys", "cert", "tls", "install", os.path.join(workdir, "sign.pem"))   # refused
    dev.cai("keys", "csr", "bogus")
    dev.cai("keys", "public", "tls", "--bogus")
    dev.cai("psa", "call", "0x40000100", "2", "--in", "01500000", "--out", "65")
    dev.cai("psa", "call", "0x40000100", "7", "--in", "00" * 32, "--out", "64")
    # The interactive shell reading a pipe, too.
    dev.cai(input="keys status\nkeys public\nkeys csr tls\ninfo\nkeys cert sign\n")
    dev.stop()

    needles = _needles(ident)
    assert len(record) > 40
    for args, out, err in record:
        _scan(out.encode(), needles, f"the output of {' '.join(args)}")
        _scan(err.encode(), needles, f"the error output of {' '.join(args)}")
    # Every file the SPE, cai and the CA left: state directory (HUK, protected
    # storage, log, history), the SPE's foreground log beside it, our files.
    scanned = 0
    runtime_dir = getattr(dev.spe, "runtime_dir", None)   # once it is not the state dir
    for top in filter(None, (state_dir, runtime_dir, str(state_dir) + "-fg.log", workdir)):
        paths = [top] if os.path.isfile(top) else \
            [os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs]
        for p in paths:
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as f:
                _scan(f.read(), needles, p)
            scanned += 1
    assert scanned >= 10
