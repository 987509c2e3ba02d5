# SPDX-License-Identifier: Apache-2.0
"""Readiness for systemd's Type=notify (platform/host/spe/spe_notify.c):
with NOTIFY_SOCKET naming a datagram socket (a path, or @name in the
abstract namespace), cai-spe sends READY=1 with its MAINPID once its socket
accepts calls, and STOPPING=1 when asked to stop; without it, nothing. The
service manager here is a fake: a socket this test listens on."""
import os
import signal
import socket
import subprocess

import pytest

from conftest import HUK_HEX, TEST_IMAGE, bin_path
from frames import ECHO_SID, Conn


def fields(datagram):
    return dict(line.split("=", 1) for line in datagram.decode().split("\n") if line)


@pytest.mark.parametrize("abstract", [False, True], ids=["path", "abstract"])
@pytest.mark.parametrize("foreground", [True, False], ids=["foreground", "daemon"])
def test_ready_then_stopping(state_dir, abstract, foreground):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if abstract:
        name = f"@cai-e2e-notify-{os.getpid()}-{os.path.basename(state_dir)}"
        listener.bind("\0" + name[1:])
    else:
        name = os.path.join(state_dir, "notify.sock")
        listener.bind(name)
    listener.settimeout(30)
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX, NOTIFY_SOCKET=name)
    args = [bin_path(TEST_IMAGE), "--state-dir", state_dir] + (["--foreground"] if foreground
                                                               else [])
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sock = os.path.join(state_dir, "spe.sock")
    try:
        ready = fields(listener.recv(4096))
        assert ready["READY"] == "1"
        pid = int(ready["MAINPID"])
        if foreground:
            assert pid == proc.pid
        else:
            assert proc.wait(timeout=30) == 0  # the parent exits once ready
            assert pid != proc.pid
        assert ready["STATUS"] == f"serving PSA calls on {sock}"
        # Ready means ready: the socket already answers.
        assert Conn(sock).version(ECHO_SID) == 1
        os.kill(pid, signal.SIGTERM)
        assert fields(listener.recv(4096)) == {"STOPPING": "1"}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        listener.close()
    if foreground:
        assert proc.returncode == 0, proc.stderr.read().decode()


def test_no_notify_socket_no_datagram(spe):
    # The fixture's SPE runs without NOTIFY_SOCKET and serves as usual; a
    # NOTIFY_SOCKET nobody listens on costs one warning, not the boot.
    assert "NOTIFY_SOCKET" not in os.environ
    assert Conn(spe.sock).version(ECHO_SID) == 1


def test_unreachable_notify_socket_is_a_warning(state_dir):
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX,
               NOTIFY_SOCKET=os.path.join(state_dir, "nobody-listens"))
    proc = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground", "--state-dir", state_dir],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sock = os.path.join(state_dir, "spe.sock")
    try:
        line = b""
        while b"serving PSA calls" not in line:
            line = proc.stderr.readline()
            assert line, "cai-spe stopped before serving"
        warn = proc.stderr.readline()
        assert b"[WRN] cannot notify the service manager" in warn
        assert Conn(sock).version(ECHO_SID) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
