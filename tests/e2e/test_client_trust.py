# SPDX-License-Identifier: Apache-2.0
"""Clients that check whom they talk to and give up (issue 13, item 4).

- A socket served by a process of another uid is refused (SO_PEERCRED)
  with one clear line, and `cai` boots nothing in its place; CAI_SPE_UID /
  --spe-uid name the SPE's user when it is not ours.
- A stopped SPE (SIGSTOP) makes `cai info` give up after CAI_SPE_TIMEOUT_MS
  with a message, both when it accepted the connection and when its
  backlog is full.
- `cai spe stop` signals only a cai-spe image of the SPE's uid that the
  pidfile names, and returns promptly when probes fill the backlog.
"""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

from conftest import Spe, run_cai, wait_for

# A server that accepts connections and never answers (a stranger or an
# impostor of our own uid): argv[1] is the socket path.
FAKE_SERVER = r"""
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1])
s.listen(8)
open(sys.argv[1] + ".ready", "w").close()
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)
"""


def nobody():
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody'")


class FakeServer:
    def __init__(self, path, as_user=None):
        self.path = path
        pre = None
        if as_user is not None:
            def pre():
                os.setgid(as_user.pw_gid)
                os.setgroups([])
                os.setuid(as_user.pw_uid)
        self.proc = subprocess.Popen([sys.executable, "-c", FAKE_SERVER, path],
                                     preexec_fn=pre)
        assert wait_for(lambda: os.path.exists(path + ".ready") or self.proc.poll() is not None)
        assert self.proc.poll() is None, "fake server did not start"

    def alive(self):
        return self.proc.poll() is None

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture
def stranger():
    """A fake SPE run by `nobody` in a directory of its own."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a server as another uid")
    user = nobody()
    d = tempfile.mkdtemp(prefix="cai-e2e-stranger-", dir="/tmp")
    os.chown(d, user.pw_uid, user.pw_gid)
    os.chmod(d, 0o755)
    f = FakeServer(os.path.join(d, "spe.sock"), as_user=user)
    yield f
    f.close()
    shutil.rmtree(d, ignore_errors=True)


def test_server_of_another_uid_is_refused(state_dir, stranger):
    r = run_cai(state_dir, "--spe-socket", stranger.path, "info", timeout=30)
    assert r.returncode == 1, r
    uid = nobody().pw_uid
    lines = [ln for ln in r.stderr.splitlines() if "refusing the server of" in ln]
    assert len(lines) == 1, r.stderr
    assert f"runs as uid {uid}" in lines[0] and f"not as the SPE's uid {os.geteuid()}" in lines[0]
    assert lines[0].startswith("error: ")
    assert "booting secure side" not in r.stderr, "a refused server must not trigger a boot"


def test_psa_connect_to_a_stranger_is_a_communication_failure(state_dir, stranger):
    r = run_cai(state_dir, "--spe-socket", stranger.path, "--json", "psa", "connect",
                "0x40000100", "1", timeout=30)
    assert r.returncode == 1
    assert "PSA_ERROR_COMMUNICATION_FAILURE" in r.stdout
    assert "refusing the server of" in r.stderr


def test_spe_uid_names_the_expected_user(state_dir, stranger):
    """With CAI_SPE_UID (or --spe-uid) naming its user, the server is taken
    as the SPE (this one never answers, so the call then times out)."""
    for how in (dict(env_extra={"CAI_SPE_UID": "nobody", "CAI_SPE_TIMEOUT_MS": "300"}),
                dict(args=("--spe-uid", str(nobody().pw_uid)),
                     env_extra={"CAI_SPE_TIMEOUT_MS": "300"})):
        r = run_cai(state_dir, *how.get("args", ()), "--spe-socket", stranger.path, "info",
                    env_extra=how["env_extra"], timeout=30)
        assert r.returncode == 1
        assert "refusing" not in r.stderr, r.stderr
        assert "did not answer within 300 ms" in r.stderr, r.stderr


def test_spe_stop_never_signals_a_stranger(state_dir, stranger):
    r = run_cai(state_dir, "--spe-socket", stranger.path, "spe", "stop", timeout=30)
    assert r.returncode == 1
    assert "refusing the server of" in r.stderr
    time.sleep(0.2)
    assert stranger.alive()


def test_spe_stop_never_signals_an_impostor_of_our_uid(state_dir):
    """Same uid, but not a cai-spe image: SO_PEERCRED's pid is checked
    against /proc/PID/comm before any signal."""
    path = os.path.join(state_dir, "spe.sock")
    fake = FakeServer(path)
    try:
        r = run_cai(state_dir, "spe", "stop", timeout=30)
        assert r.returncode == 1, r
        assert "is not a cai-spe" in r.stderr, r.stderr
        time.sleep(0.2)
        assert fake.alive(), "cai spe stop killed a process that is not an SPE"
    finally:
        fake.close()


def test_stopped_spe_times_out(spe, state_dir):
    os.kill(spe.proc.pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        r = run_cai(state_dir, "info", env_extra={"CAI_SPE_TIMEOUT_MS": "500"}, timeout=30)
        took = time.monotonic() - t0
    finally:
        os.kill(spe.proc.pid, signal.SIGCONT)
    assert r.returncode == 1
    assert "did not answer within 500 ms" in r.stderr, r.stderr
    assert "booting secure side" not in r.stderr
    assert took < 10, took


def test_default_timeout_is_announced(state_dir):
    r = run_cai(state_dir, "--help")
    assert "CAI_SPE_TIMEOUT_MS (default 10000)" in r.stdout


def fill_backlog(path):
    """Connect until the listener's backlog is full; returns the sockets."""
    socks = []
    for _ in range(1000):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.setblocking(False)
        try:
            s.connect(path)
        except BlockingIOError:
            s.close()
            return socks
        socks.append(s)
    raise AssertionError("the backlog never filled")


def test_full_backlog_times_out(spe, state_dir):
    os.kill(spe.proc.pid, signal.SIGSTOP)
    socks = []
    try:
        socks = fill_backlog(spe.sock)
        assert len(socks) >= 64
        t0 = time.monotonic()
        r = run_cai(state_dir, "info", env_extra={"CAI_SPE_TIMEOUT_MS": "500"}, timeout=30)
        took = time.monotonic() - t0
    finally:
        os.kill(spe.proc.pid, signal.SIGCONT)
        for s in socks:
            s.close()
    assert r.returncode == 1
    assert "accepts no connection within 500 ms" in r.stderr, r.stderr
    assert "booting secure side" not in r.stderr
    assert took < 10, took


def test_spe_stop_with_a_full_backlog_returns_promptly(spe, state_dir):
    """64 and more probes fill the backlog of a stopped SPE: `spe stop`
    still stops it (through the verified pidfile pid, SIGTERM + SIGCONT)."""
    os.kill(spe.proc.pid, signal.SIGSTOP)
    socks = fill_backlog(spe.sock)
    try:
        assert len(socks) >= 64
        t0 = time.monotonic()
        r = run_cai(state_dir, "spe", "stop", timeout=30)
        took = time.monotonic() - t0
    finally:
        for s in socks:
            s.close()
    assert r.returncode == 0, r.stderr
    assert "spe: stopped" in r.stdout
    assert took < 5, took
    assert spe.proc.wait(timeout=10) == 0
