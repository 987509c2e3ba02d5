# SPDX-License-Identifier: Apache-2.0
"""Protected storage seen from outside the SPE (docs/design.md §4.1), through
what it keeps for the identity partition: device certificates.

- an installed certificate survives a restart;
- an entry with a flipped byte, a truncated entry and an entry copied from
  another uid are each reported, never used, and the good entry works again
  once restored;
- killing cai-spe with SIGKILL at random moments while certificates are being
  replaced, 200 times, never leaves anything but the old or the new one.
"""
import glob
import os
import random
import signal
import struct
import subprocess
import threading
import time

import pytest

from conftest import Spe, bin_path, run_cai
from frames import REAL_SERVICES, Conn

_, _, IDENTITY_VERSION, IDENTITY_INDEX, _ = REAL_SERVICES["CAI_IDENTITY"]
IDENTITY_HANDLE = 0x40000000 | (IDENTITY_VERSION << 8) | (IDENTITY_INDEX - 1)
CALL_CERT_SET = 5  # include/cai/identity.h


def cloud(*args):
    return subprocess.run([bin_path("cai-cloud"), *args], capture_output=True, text=True)


@pytest.fixture
def ca(tmp_path):
    d = tmp_path / "ca"
    r = cloud("ca", "init", str(d))
    assert r.returncode == 0, r.stderr
    return d


def issue(spe, ca, tmp_path, key, name):
    """A certificate for one of the device's keys, issued by the test CA."""
    csr = tmp_path / f"{name}.csr"
    r = run_cai(spe.state_dir, "keys", "csr", key, "--out", str(csr))
    assert r.returncode == 0, r.stdout + r.stderr
    pem = tmp_path / f"{name}.pem"
    r = cloud("ca", "sign", str(csr), "--ca", str(ca), "--out", str(pem))
    assert r.returncode == 0, r.stderr
    return pem


def install(spe, key, pem):
    r = run_cai(spe.state_dir, "keys", "cert", key, "install", str(pem))
    assert r.returncode == 0, r.stdout + r.stderr


def shown(spe, key):
    """(exit code, output) of `keys cert KEY`."""
    r = run_cai(spe.state_dir, "keys", "cert", key)
    return r.returncode, r.stdout + r.stderr


def pem_body(path):
    return "".join(open(path).read().split())


def same_cert(output, pem):
    return pem_body(pem) in "".join(output.split())


def entry_file(state_dir, key_id):
    """The storage object of the identity partition's certificate of key_id."""
    files = glob.glob(os.path.join(state_dir, "**", "its", "00000100-00000001%08x*" % key_id),
                      recursive=True)
    assert len(files) == 1, (files, os.listdir(state_dir))
    return files[0]


def identity_present(spe):
    r = run_cai(spe.state_dir, "psa", "version", "0x100")
    if r.returncode != 0 or "keys" not in run_cai(spe.state_dir, "help").stdout:
        pytest.skip("the identity service or the keys commands are not in this build")


def test_certificate_survives_restart(state_dir, ca, tmp_path):
    spe = Spe(state_dir)
    try:
        identity_present(spe)
        pem = issue(spe, ca, tmp_path, "tls", "a")
        install(spe, "tls", pem)
    finally:
        assert spe.stop() == 0, spe.log()
    spe = Spe(state_dir)
    try:
        rc, out = shown(spe, "tls")
        assert rc == 0 and same_cert(out, pem), out
    finally:
        assert spe.stop() == 0, spe.log()


def test_damaged_entries_are_reported(state_dir, ca, tmp_path):
    spe = Spe(state_dir)
    try:
        identity_present(spe)
        tls_pem = issue(spe, ca, tmp_path, "tls", "tls")
        sign_pem = issue(spe, ca, tmp_path, "sign", "sign")
        install(spe, "tls", tls_pem)
        install(spe, "sign", sign_pem)
        tls_file, sign_file = entry_file(state_dir, 0x5001), entry_file(state_dir, 0x5002)
        good = open(tls_file, "rb").read()

        def damaged(content):
            with open(tls_file, "wb") as f:
                f.write(content)
            rc, out = shown(spe, "tls")
            assert rc == 1 and "error:" in out and not same_cert(out, tls_pem), out
            return out

        flipped = bytearray(good)
        flipped[len(good) // 2] ^= 0x01
        damaged(bytes(flipped))
        damaged(good[:-7])
        damaged(good[:10])
        damaged(b"")
        damaged(open(sign_file, "rb").read())  # another uid's entry, moved over
        # Restored, the entry is good again; the other key's was never touched.
        with open(tls_file, "wb") as f:
            f.write(good)
        rc, out = shown(spe, "tls")
        assert rc == 0 and same_cert(out, tls_pem), out
        rc, out = shown(spe, "sign")
        assert rc == 0 and same_cert(out, sign_pem), out
    finally:
        assert spe.stop() == 0, spe.log()


def test_sigkill_during_writes_never_leaves_garbage(state_dir, ca, tmp_path):
    spe = Spe(state_dir)
    try:
        identity_present(spe)
        a = issue(spe, ca, tmp_path, "tls", "a")
        b = issue(spe, ca, tmp_path, "tls", "b")  # same key, another serial
        install(spe, "tls", a)
    finally:
        assert spe.stop() == 0, spe.log()
    der = {name: subprocess.run(["openssl", "x509", "-in", str(p), "-outform", "DER"],
                                capture_output=True, check=True).stdout
           for name, p in (("a", a), ("b", b))}
    rng = random.Random(1234)
    seen = {"a": 0, "b": 0}
    for i in range(200):
        spe = Spe(state_dir)
        # A stream of replacements straight over the socket (no `cai`, which
        # would boot a new SPE once this one is gone), killed at a random
        # moment.
        stop = threading.Event()

        def writer():
            try:
                c = Conn(spe.sock)
                while not stop.is_set():
                    for name in ("a", "b"):
                        c.call(IDENTITY_HANDLE, CALL_CERT_SET,
                               [struct.pack("<I", 0x5001), der[name]], [])
            except Exception:  # noqa: BLE001 - the SPE is gone, whatever the symptom
                pass

        t = threading.Thread(target=writer)
        t.start()
        time.sleep(rng.uniform(0.0, 0.05))
        spe.proc.send_signal(signal.SIGKILL)
        spe.proc.wait(timeout=30)
        spe._log.close()
        stop.set()
        t.join(timeout=30)
        for stale in glob.glob(os.path.join(state_dir, "**", "spe.sock"), recursive=True):
            os.unlink(stale)
        spe = Spe(state_dir)
        try:
            rc, out = shown(spe, "tls")
            assert rc == 0, f"round {i}: {out}"
            if same_cert(out, a):
                seen["a"] += 1
            else:
                assert same_cert(out, b), f"round {i}: neither the old nor the new certificate"
                seen["b"] += 1
        finally:
            assert spe.stop() == 0, spe.log()
    # Both values were seen: the kills did land during the stream.
    assert seen["a"] > 0 and seen["b"] > 0, seen
