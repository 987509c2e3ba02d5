# SPDX-License-Identifier: Apache-2.0
"""The an521 firmware in QEMU: boot, identity and inference equal to the host
backend's for the same HUK, results that cai-cloud verifies, and the
TrustZone boundary (the secure gateway's pointer checks, faults)."""
import os
import re
import subprocess

from an521_driver import BIN, An521, hexdump_bytes

PROGRAMMER_ERROR = "status: PSA_ERROR_PROGRAMMER_ERROR (-129)"


def test_boot_to_prompt(device):
    log = device.boot_log
    assert "[Sec Thread] Secure image initializing!" in log
    assert "[INF] HUK read from the provisioned flash region at 0x101fe000" in log
    for key in ("CLIENT_TLS", "C_SIGN", "C_ENCRYPT"):
        assert f"[IDENTITY] Successfully derived the key from HUK for {key}" in log
    assert re.search(r"\[IDENTITY\] Generated UUID: [0-9a-f-]{36}", log)
    assert "[SPE] starting the non-secure image at 0x00200000" in log
    assert "non-secure shell (an521)" in log
    assert device.exit() == 0


def test_dummy_provisioning_warns(firmware):
    d = An521(firmware)
    try:
        assert "[INF] Beginning cai provisioning" in d.boot_log
        assert "dummy provisioning is NOT for production! This device is NOT SECURE" in d.boot_log
        assert d.exit() == 0
    finally:
        d.close()


def test_identity_equals_host(device, host):
    assert device.cmd("info uuid") == host("info", "uuid")
    assert device.cmd("keys public") == host("keys", "public")
    assert device.exit() == 0


def _portable(text):
    """Output without the line of each backend's own command (an521: tz,
    host: spe)."""
    lines = [line for line in text.split("\n") if not re.match(r"  (tz|spe) ", line)]
    # `infer model`'s engine memory: the engine's state holds pointers, 4
    # bytes here and 8 on the 64-bit host.
    return [re.sub(r" \d+ B ", " N B ", line) for line in lines]


def test_commands_and_errors_match_host(device, host):
    for line in ("help", "keys -h", "infer model", "infer get sine 1 3", "keys status"):
        assert _portable(device.cmd(line)) == _portable(host(*line.split())), line
    out = device.cmd("infer get sine sign1")
    assert out.startswith("usage: ") or out.startswith("error: "), out
    # a usage error (2) was the worst status of the session
    assert device.exit() == 2


def _verify(tmp_path, name, cose, pem):
    (tmp_path / f"{name}.cose").write_bytes(cose)
    (tmp_path / f"{name}.pem").write_text(pem)
    r = subprocess.run([os.path.join(BIN, "cai-cloud"), "verify", str(tmp_path / f"{name}.cose"),
                        "--key", str(tmp_path / f"{name}.pem")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    fields = dict(line.split(": ", 1) for line in r.stdout.splitlines() if ": " in line)
    assert fields["result"] == "valid"
    return fields


def test_infer_sign1_verifies_and_equals_host(device, host, tmp_path):
    pem = device.cmd("keys public sign")
    assert pem == host("keys", "public", "sign")
    out = device.cmd("infer get sine sign1 1")
    cose = hexdump_bytes(out)
    assert cose[:1] == b"\xd2"
    assert device.exit() == 0
    dev = _verify(tmp_path, "an521", cose, pem)
    host_out = host("infer", "get", "sine", "sign1", "1")
    ref = _verify(tmp_path, "host", hexdump_bytes(host_out), pem)
    for k in ("uuid", "model", "model_digest", "engine", "output"):
        assert dev[k] == ref[k], k
    # the same text line (values printed from the same float32 bits)
    assert out.splitlines()[-1] == host_out.splitlines()[-1]


def test_infer_encrypt_opens_with_the_cloud_key(device, tmp_path):
    """The encrypt format on the firmware: a cloud key given as its point
    (the non-secure image has no files), a result sealed to it inside the
    SPE, opened and verified off the device by cai-cloud."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    (tmp_path / "cloud.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    out = device.cmd("keys cloud install hex:" + point.hex())
    # kid = SHA-256 of the deterministic COSE_Key {1: 2, -1: 1, -2: x, -3: y}
    # (docs/design.md §5), computed here from the point.
    import hashlib
    import cbor2
    kid = hashlib.sha256(cbor2.dumps({1: 2, -1: 1, -2: point[1:33], -3: point[33:]},
                                     canonical=True)).hexdigest()
    assert f"# cloud key, kid {kid}" in out, out  # (the SPE's log shares the UART)
    pem = device.cmd("keys public sign")
    out = device.cmd("infer get sine encrypt 30")
    assert "the result is encrypted to the cloud key" in out, out
    cose = hexdump_bytes(out)
    assert device.exit() == 0
    (tmp_path / "r.cose").write_bytes(cose)
    (tmp_path / "sign.pem").write_text(pem)
    r = subprocess.run([os.path.join(BIN, "cai-cloud"), "verify", str(tmp_path / "r.cose"),
                        "--key", str(tmp_path / "sign.pem"),
                        "--decrypt-key", str(tmp_path / "cloud.key")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    fields = dict(line.split(": ", 1) for line in r.stdout.splitlines() if ": " in line)
    assert fields["result"] == "valid" and fields["format"] == "encrypt", r.stdout
    assert fields["model"] == "sine" and fields["output"].startswith("0.51009"), r.stdout


def test_gateway_refuses_foreign_vectors(device):
    cases = [
        "tz call 0x38000000 16",        # secure RAM, as an input
        "tz call 0x38000000 16 out",    # secure RAM, as an output
        "tz call 0x10000000 64",        # secure code
        "tz call 0x283ffff8 16 out",    # straddles the end of NS RAM into secure space
        "tz call 0x001ffff0 32",        # straddles S code into NS code
        "tz call 0xfffffff0 32",        # wraps around the address space
        "tz call 0x28200000 0xffffffff",  # a length that wraps
        "tz args 0x38000000",           # the argument block itself in secure RAM
    ]
    for c in cases:
        assert device.cmd(c) == PROGRAMMER_ERROR + "\n", c
    # the control: the caller's own memory reaches the service (which
    # rejects the junk request itself)
    ok = device.cmd("tz call 0x28200000 16")
    assert ok.startswith("status: ") and "PROGRAMMER_ERROR" not in ok, ok
    assert device.exit() == 0


def test_ns_read_of_secure_ram_faults(device):
    out, rc = device.crash("tz read 0x38000000")
    assert "[FAULT] SecureFault from the non-secure state" in out
    assert "AUVIOL" in out
    assert "[FAULT] system halted" in out
    assert "value:" not in out
    assert rc == 3


def test_ns_call_to_non_entry_faults(device):
    out, rc = device.crash("tz jump 0x10000400")
    assert "[FAULT] SecureFault from the non-secure state" in out
    assert "INVEP" in out
    assert rc == 3


def test_product_image_has_no_test_services(device):
    for sid in ("0xf000", "0xf001", "0xf002"):
        out = device.cmd(f"psa version {sid}")
        assert out.startswith("version: 0\n") and "PSA_VERSION_NONE" in out, out
    assert device.exit() == 1  # each probe is a failed command


def test_csr_verifies_with_openssl(device, host, tmp_path):
    for key in ("tls", "sign"):
        pem = device.cmd(f"keys csr {key}")
        assert pem.startswith("-----BEGIN CERTIFICATE REQUEST-----"), pem
        p = tmp_path / f"{key}.csr"
        p.write_text(pem)
        r = subprocess.run(["openssl", "req", "-in", str(p), "-noout", "-verify", "-subject"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
        uuid = host("info", "uuid").split(": ", 1)[1].strip()
        assert f"CN = {uuid}" in r.stdout, r.stdout
    assert device.exit() == 0


def _veneers(path):
    out = subprocess.run(["arm-none-eabi-nm", path], capture_output=True, text=True,
                         check=True).stdout
    return {f[2]: f[0] for f in (line.split() for line in out.splitlines()) if len(f) == 3}


def test_veneer_addresses_are_the_released_ones(firmware):
    """The build's import library keeps every entry of the released one
    (platform/an521/spe/cai_s_veneers.o) at its address (--in-implib)."""
    from an521_driver import SRC
    released = _veneers(os.path.join(SRC, "platform", "an521", "spe", "cai_s_veneers.o"))
    built = _veneers(os.path.join(os.path.dirname(firmware), "platform", "an521", "spe",
                                  "cai_s_veneers.o"))
    assert set(released) >= {"cai_nsc_call", "cai_nsc_close", "cai_nsc_connect",
                              "cai_nsc_framework_version", "cai_nsc_version"}
    for name, addr in released.items():
        assert built.get(name) == addr, name


def test_secure_stack_high_water(device):
    """After the heaviest calls (sign1 result, CSR), the fault report gives
    the secure stack's high-water mark: below the stack's size."""
    device.cmd("infer get sine sign1 1 10 1")
    device.cmd("keys csr tls")
    out, rc = device.crash("tz read 0x38000000")
    m = re.search(r"secure stack high-water: (\d+) of (\d+) bytes", out)
    assert m, out
    used, size = int(m.group(1)), int(m.group(2))
    print(f"secure stack: {used} of {size} bytes")
    assert 0 < used < size
    assert rc == 3
