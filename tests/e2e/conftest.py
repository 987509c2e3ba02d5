# SPDX-License-Identifier: Apache-2.0
"""Fixtures for the host end-to-end tests.

Each test gets its own short state directory under /tmp (Unix socket paths
are limited to 108 bytes), its own SPE in the foreground and a pinned HUK,
and the SPE is stopped with SIGTERM afterwards: the test then also checks
that it exited 0 and removed its socket.

The SPE is the test image, cai-spe-test (the default image plus the [TEST]
partitions), unless a test asks for another: the default image cai-spe
serves no test service (test_images.py). `cai` itself always boots the
default image, the one found next to it.

The tests never see the real state of whoever runs them: HOME,
XDG_STATE_HOME and XDG_RUNTIME_DIR point into one temporary directory for
the whole session (removed at exit), and CAI_STATE_DIR / CAI_SPE_SOCKET are
cleared, so even a cai started without --state-dir stays in there.
"""
import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

BIN_DIR = os.environ.get("CAI_BIN_DIR")
HUK_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
# Before any process is started: the environment every test inherits.
ENV_ROOT = tempfile.mkdtemp(prefix="cai-e2e-env-", dir="/tmp")
atexit.register(shutil.rmtree, ENV_ROOT, True)
os.environ["HOME"] = os.path.join(ENV_ROOT, "home")
os.environ["XDG_STATE_HOME"] = os.path.join(ENV_ROOT, "state")
os.environ["XDG_RUNTIME_DIR"] = os.path.join(ENV_ROOT, "run")
for _var in ("CAI_STATE_DIR", "CAI_SPE_SOCKET"):
    os.environ.pop(_var, None)

TEST_IMAGE = "cai-spe-test"   # serves the [TEST] services
DEFAULT_IMAGE = "cai-spe"     # the product image: no test service


def bin_path(name):
    if not BIN_DIR:
        pytest.skip("CAI_BIN_DIR is not set: run through ctest (cai_add_test sets it)")
    path = os.path.join(BIN_DIR, name)
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} is not built")
    return path


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def state_dir():
    d = tempfile.mkdtemp(prefix="cai-e2e-", dir="/tmp")
    os.chmod(d, 0o700)
    yield d
    shutil.rmtree(d, ignore_errors=True)
    if os.path.exists(d + "-fg.log"):
        os.unlink(d + "-fg.log")


class Spe:
    """An SPE image (cai-spe-test by default) running in the foreground for
    one test."""

    def __init__(self, state_dir, extra_args=(), env_extra=None, preexec_fn=None, sock=None,
                 image=TEST_IMAGE):
        self.state_dir = state_dir
        self.image = image
        self.sock = sock or os.path.join(state_dir, "spe.sock")
        if sock:
            extra_args = ["--socket", sock, *extra_args]
        # Beside the state directory: it may not exist before cai-spe makes it.
        self.log_path = str(state_dir) + "-fg.log"
        env = dict(os.environ)
        env.setdefault("CAI_HUK_HEX", HUK_HEX)
        if env_extra:
            env.update(env_extra)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [bin_path(image), "--foreground", "--state-dir", state_dir, *extra_args],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, preexec_fn=preexec_fn)
        ok = wait_for(lambda: self._answers() or self.proc.poll() is not None)
        if not ok or self.proc.poll() is not None:
            raise RuntimeError(f"{image} did not start:\n" + self.log())

    def _answers(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            s.connect(self.sock)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def log(self):
        with open(self.log_path, "r", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        self._log.close()
        return rc


@pytest.fixture
def spe(state_dir):
    s = Spe(state_dir)
    yield s
    rc = s.stop()
    assert rc == 0, f"{s.image} did not shut down cleanly:\n" + s.log()
    assert not os.path.exists(s.sock), "socket left behind"
    assert "ERROR: AddressSanitizer" not in s.log()
    assert "runtime error" not in s.log(), s.log()


def run_cai(state_dir, *args, input=None, timeout=60, env_extra=None):
    env = dict(os.environ)
    env.setdefault("CAI_HUK_HEX", HUK_HEX)
    if env_extra:
        env.update(env_extra)
    return subprocess.run([bin_path("cai"), "--state-dir", state_dir, *args],
                          input=input, capture_output=True, text=True, timeout=timeout,
                          env=env)
