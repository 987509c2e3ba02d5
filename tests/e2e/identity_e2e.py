# SPDX-License-Identifier: Apache-2.0
"""Helpers of the identity end-to-end tests (test_identity.py, test_keys.py):
an SPE with the identity service and a pinned HUK, `cai` runs that are all
recorded (the key-secrecy test scans every byte they printed), openssl and
cai-cloud ca."""
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import HUK_HEX, Spe, bin_path, run_cai
from identity_oracle import IDENTITY_SID, Identity

OTHER_HUK_HEX = "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff"
_running = []   # every Device of the current test, stopped at its end if a test failed early


class Device:
    """One SPE (the test image) with a pinned HUK, and every `cai` command
    run against it, kept for the secrecy scan."""

    def __init__(self, state_dir, huk_hex=HUK_HEX, huk_file=None, record=None):
        self.state_dir = state_dir
        extra = ["--huk-file", huk_file] if huk_file else []
        self.spe = Spe(state_dir, extra_args=extra, env_extra={"CAI_HUK_HEX": huk_hex})
        _running.append(self)
        self.huk = open(huk_file, "rb").read() if huk_file else bytes.fromhex(huk_hex)
        self.ident = Identity(self.huk)
        self.record = record if record is not None else []
        r = self.cai("psa", "version", hex(IDENTITY_SID))
        if r.returncode != 0:
            self.stop()
            pytest.skip("this SPE image has no identity service (psa version 0x100 answers "
                        "PSA_VERSION_NONE): the identity partition is not built in")

    def cai(self, *args, input=None):
        r = run_cai(self.state_dir, *args, input=input,
                    env_extra={"CAI_HUK_HEX": self.huk.hex()})
        self.record.append((args, r.stdout, r.stderr))
        return r

    def ok(self, *args):
        r = self.cai(*args)
        assert r.returncode == 0, f"cai {' '.join(args)}: {r.stderr}"
        assert "runtime error" not in r.stderr and "AddressSanitizer" not in r.stderr
        return r.stdout

    def stop(self):
        rc = self.spe.stop()
        log = self.spe.log()
        self.record.append((("<spe log>",), log, ""))
        assert rc == 0, "the SPE did not shut down cleanly:\n" + log
        assert "ERROR: AddressSanitizer" not in log and "runtime error" not in log, log
        return log


@pytest.fixture(autouse=True)
def stop_devices(state_dir):
    """No SPE outlives its test, even one that failed half way (the stop
    then checks its clean exit, as the conftest's spe fixture does)."""
    yield
    while _running:
        d = _running.pop()
        if d.spe.proc.poll() is None:
            d.stop()


@pytest.fixture
def device(state_dir):
    return Device(state_dir)


@pytest.fixture
def workdir():
    """A directory for CSRs, certificates and the CA, outside the state
    directory."""
    d = tempfile.mkdtemp(prefix="cai-e2e-id-", dir="/tmp")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def one_error_line(r):
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr and "runtime error" not in r.stderr
    return lines[0]


def openssl_req_verifies(path, der=False):
    """True iff `openssl req -verify` says the self-signature verifies.
    Debian's openssl exits 0 even on a bad signature: read its words."""
    r = subprocess.run(["openssl", "req", "-in", path, "-inform", "DER" if der else "PEM",
                        "-verify", "-noout"], capture_output=True, text=True)
    text = r.stdout + r.stderr
    return r.returncode == 0 and "verify OK" in text and "fail" not in text.lower()


def cai_cloud(*args, record=None):
    r = subprocess.run([bin_path("cai-cloud"), *args], capture_output=True, text=True,
                       timeout=60)
    if record is not None:
        record.append((("cai-cloud",) + args, r.stdout, r.stderr))
    return r


def make_ca(workdir, record=None):
    ca = os.path.join(workdir, "ca")
    r = cai_cloud("ca", "init", ca, record=record)
    assert r.returncode == 0, r.stderr
    return ca


def ca_sign(ca, csr_path, out_path, record=None, days=None):
    args = ["ca", "sign", csr_path, "--ca", ca, "--out", out_path]
    if days:
        args += ["--days", str(days)]
    r = cai_cloud(*args, record=record)
    assert r.returncode == 0, r.stderr
    return out_path
