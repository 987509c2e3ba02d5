# SPDX-License-Identifier: Apache-2.0
"""The SPE as a process (the test image cai-spe-test, the same code as
cai-spe with another manifest): state directory rules, HUK provisioning,
signals, daemon mode and its command line."""
import os
import shutil
import signal
import socket
import subprocess

import pytest

from conftest import HUK_HEX, TEST_IMAGE, Spe, bin_path, wait_for
from frames import ECHO_SID, Conn


def run_spe(state_dir, *args, huk_hex="", timeout=60):
    env = dict(os.environ, CAI_HUK_HEX=huk_hex)
    return subprocess.run([bin_path(TEST_IMAGE), "--state-dir", state_dir, *args],
                          capture_output=True, text=True, timeout=timeout, env=env)


def start_stop(state_dir, *args, huk_hex=""):
    s = Spe(state_dir, args, env_extra={"CAI_HUK_HEX": huk_hex})
    assert s.stop() == 0
    return s.log()


def test_creates_state_dir_0700(tmp_path):
    d = tmp_path / "new"
    log = start_stop(str(d))
    assert (os.stat(d).st_mode & 0o777) == 0o700
    assert "[SPE] shut down cleanly" in log


@pytest.mark.parametrize("mode", [0o755, 0o750, 0o701, 0o777])
def test_refuses_open_state_dir(tmp_path, mode):
    d = tmp_path / "sd"
    d.mkdir()
    os.chmod(d, mode)
    r = run_spe(str(d), "--foreground")
    assert r.returncode == 1
    assert f"has mode {mode:04o}; it must be 0700" in r.stderr
    assert not (d / "spe.sock").exists()


def test_refuses_foreign_owner(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the directory away")
    d = tmp_path / "sd"
    d.mkdir(mode=0o700)
    os.chown(d, 65534, -1)
    r = run_spe(str(d), "--foreground")
    assert r.returncode == 1 and "is owned by uid 65534, not by us" in r.stderr


def test_refuses_symlinked_state_dir(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    r = run_spe(str(link), "--foreground")
    assert r.returncode == 1 and "is a symbolic link; refusing it" in r.stderr


def test_dummy_provisioning_creates_huk(state_dir):
    log = start_stop(state_dir)
    huk = os.path.join(state_dir, "huk.bin")
    st = os.stat(huk)
    assert (st.st_mode & 0o777) == 0o600 and st.st_size == 32
    assert "dummy provisioning" in log and "NOT for production" in log
    first = open(huk, "rb").read()
    assert first != bytes(32)
    # The second boot reads the same key and does not provision again.
    log2 = start_stop(state_dir)
    assert open(huk, "rb").read() == first
    assert "HUK read from" in log2 and "Beginning cai provisioning" not in log2


@pytest.mark.parametrize("content,mode,message", [
    (bytes(31), 0o600, "must be exactly 32 bytes (it has 31)"),
    (bytes(33), 0o600, "must be exactly 32 bytes (it has 33)"),
    (bytes(32), 0o644, "has mode 0644; it must be 0600"),
    (bytes(32), 0o400, "has mode 0400; it must be 0600"),
])
def test_bad_huk_file(state_dir, content, mode, message):
    huk = os.path.join(state_dir, "huk.bin")
    with open(huk, "wb") as f:
        f.write(content)
    os.chmod(huk, mode)
    r = run_spe(state_dir, "--foreground")
    assert r.returncode == 1 and message in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))


def test_huk_symlink_refused(state_dir, tmp_path):
    target = tmp_path / "k"
    target.write_bytes(bytes(32))
    os.chmod(target, 0o600)
    os.symlink(target, os.path.join(state_dir, "huk.bin"))
    r = run_spe(state_dir, "--foreground")
    assert r.returncode == 1 and "huk.bin is a symbolic link; refusing it" in r.stderr


def test_huk_file_option(state_dir, tmp_path):
    k = tmp_path / "pinned.bin"
    k.write_bytes(bytes.fromhex(HUK_HEX))
    os.chmod(k, 0o600)
    log = start_stop(state_dir, "--huk-file", str(k))
    assert f"HUK pinned from {k}" in log
    assert not os.path.exists(os.path.join(state_dir, "huk.bin")), "a pinned HUK is not stored"
    os.chmod(k, 0o644)
    r = run_spe(state_dir, "--foreground", "--huk-file", str(k))
    assert r.returncode == 1 and "must be 0600" in r.stderr


@pytest.mark.parametrize("value,message", [
    ("00" * 31, "exactly 64 hex digits (got 62)"),
    ("00" * 33, "exactly 64 hex digits (got 66)"),
    ("0g" + "00" * 31, "non-hex character at position 1"),
])
def test_bad_huk_hex(state_dir, value, message):
    r = run_spe(state_dir, "--foreground", huk_hex=value)
    assert r.returncode == 1 and message in r.stderr


def test_huk_hex_pins(state_dir):
    log = start_stop(state_dir, huk_hex=HUK_HEX)
    assert "HUK pinned by CAI_HUK_HEX" in log


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_shutdown_with_clients(state_dir, sig):
    s = Spe(state_dir)
    conns = [Conn(s.sock) for _ in range(3)]
    assert all(c.version(ECHO_SID) == 1 for c in conns)
    s.proc.send_signal(sig)
    assert s.proc.wait(timeout=30) == 0
    assert not os.path.exists(s.sock)
    assert not os.path.exists(os.path.join(state_dir, "cai-spe.pid"))
    assert all(c.is_dropped() for c in conns)
    s.stop()


def test_second_spe_on_same_socket_refused(spe):
    # One line, before any boot log (no "Booting", no key derivation), in
    # the foreground and daemonizing alike; the first SPE keeps serving.
    for args in (["--foreground"], []):
        r = run_spe(spe.state_dir, *args)
        assert r.returncode == 1, r.stderr
        assert r.stderr == (f"{TEST_IMAGE}: another cai-spe is already serving {spe.sock} "
                            f"(pid {spe.proc.pid}); not starting\n"), r.stderr
        assert r.stdout == ""
    assert Conn(spe.sock).version(ECHO_SID) == 1
    # The refusal came before the daemon's log was opened: there is none.
    assert not os.path.exists(os.path.join(spe.state_dir, "spe.log"))


def test_stale_socket_replaced(state_dir):
    path = os.path.join(state_dir, "spe.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.bind(path)
    s.close()  # a socket file nobody listens on, as after a crash
    log = start_stop(state_dir)
    assert "serving PSA calls" in log


def test_socket_path_not_a_socket(state_dir):
    with open(os.path.join(state_dir, "spe.sock"), "w") as f:
        f.write("precious")
    r = run_spe(state_dir, "--foreground")
    assert r.returncode == 1 and "exists and is not a socket" in r.stderr


def test_socket_path_too_long(state_dir):
    r = run_spe(state_dir, "--foreground", "--socket", "/tmp/" + "x" * 120)
    assert r.returncode == 1 and "socket path too long" in r.stderr


def test_socket_mode_is_private(spe):
    assert (os.stat(spe.sock).st_mode & 0o077) == 0


def test_daemon_mode(state_dir):
    r = run_spe(state_dir, huk_hex=HUK_HEX)
    assert r.returncode == 0, r.stderr
    assert "[SPE] serving PSA calls" in r.stderr, "boot log shown while booting"
    pid = int(open(os.path.join(state_dir, "cai-spe.pid")).read())
    try:
        assert Conn(os.path.join(state_dir, "spe.sock")).version(ECHO_SID) == 1
    finally:
        os.kill(pid, signal.SIGTERM)
    assert wait_for(lambda: not os.path.exists(os.path.join(state_dir, "spe.sock")))
    log = open(os.path.join(state_dir, "spe.log")).read()
    assert "Secure image initializing" in log and "[SPE] shut down cleanly" in log


@pytest.mark.parametrize("args,message", [
    (["--bogus"], "unknown or incomplete option '--bogus'"),
    (["--socket"], "unknown or incomplete option '--socket'"),
    (["extra"], "unexpected argument 'extra'"),
])
def test_spe_usage_errors(state_dir, args, message):
    r = run_spe(state_dir, *args)
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.splitlines()) == 1


def test_foreign_uid_refused_by_peer_credentials(state_dir):
    """Second lock behind the 0700 directory: even when another uid can reach
    the socket, SO_PEERCRED makes the SPE refuse it."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a client as another uid")
    import tempfile
    open_dir = tempfile.mkdtemp(prefix="cai-open-", dir="/tmp")
    try:
        os.chmod(open_dir, 0o755)
        sock = os.path.join(open_dir, "spe.sock")
        s = Spe(state_dir, sock=sock)
        try:
            os.chmod(sock, 0o777)  # deliberately reachable by everyone
            probe = ("import socket,sys\n"
                     "c=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET)\n"
                     f"c.connect({sock!r})\n"
                     "c.settimeout(10)\n"
                     "try:\n"
                     f"    c.send({bytes.fromhex('434149310102000001000000' + '00f00000' + '00' * 36)!r})\n"
                     "    r=c.recv(100)\n"
                     "except (BrokenPipeError, ConnectionResetError):\n    r=b''\n"
                     "sys.exit(0 if r == b'' else 1)\n")

            def as_nobody():
                os.setgid(65534)
                os.setuid(65534)

            r = subprocess.run(["/usr/bin/python3", "-c", probe], preexec_fn=as_nobody,
                               capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, "a foreign uid got an answer: " + r.stderr
            assert "uid 65534 (gid 65534) is not allowed" in s.log()
            assert Conn(sock).version(ECHO_SID) == 1, "our own uid is still served"
        finally:
            assert s.stop() == 0
    finally:
        shutil.rmtree(open_dir, ignore_errors=True)


def test_spe_is_not_dumpable(state_dir):
    """PR_SET_DUMPABLE 0: run the SPE as an ordinary uid; its /proc files then
    belong to root, so that uid itself cannot read the SPE's memory or
    environment (nor ptrace it)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run cai-spe as another uid")
    d = state_dir  # under /tmp, which nobody can traverse
    os.chown(d, 65534, 65534)

    def as_nobody():
        os.setgid(65534)
        os.setuid(65534)

    s = Spe(str(d), preexec_fn=as_nobody)
    try:
        pid = s.proc.pid
        assert os.stat(f"/proc/{pid}").st_uid == 65534, "runs as nobody"
        assert os.stat(f"/proc/{pid}/environ").st_uid == 0, "non-dumpable: /proc files are root's"
        r = subprocess.run(["/usr/bin/python3", "-c",
                            f"open('/proc/{pid}/mem','rb').read(1)"],
                           preexec_fn=as_nobody, capture_output=True, text=True, timeout=60)
        assert r.returncode != 0 and "PermissionError" in r.stderr
    finally:
        assert s.stop() == 0


def test_pinned_huk_hex_not_left_in_environment(spe):
    with open(f"/proc/{spe.proc.pid}/environ", "rb") as f:
        env = f.read()
    assert HUK_HEX.encode() not in env
    assert b"CAI_HUK_HEX=xxxx" in env
