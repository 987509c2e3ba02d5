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


# ---- Peers of other uids and processes (test_uid.py, test_quota.py) ----
#
# Users and groups the separate-uid tests create (as root, once per machine;
# left in place, like any system account). cai-e2e-spe runs the SPE;
# cai-e2e-ns and cai-e2e-ns2 are NS users in the clients' group (as a
# supplementary group); cai-e2e-out is in no group of ours.
SPE_USER = "cai-e2e-spe"
CLIENT_GROUP = "cai-e2e-clients"
NS_USER, NS_USER2, OUT_USER = "cai-e2e-ns", "cai-e2e-ns2", "cai-e2e-out"


def need_root():
    if os.geteuid() != 0:
        pytest.skip("needs root: creates users and runs processes under them (CI runs as root)")
    for tool in ("useradd", "groupadd"):
        if shutil.which(tool) is None:
            pytest.skip(f"needs {tool} to create test users")


def _ensure(kind, name, *args):
    import grp
    import pwd
    look = grp.getgrnam if kind == "group" else pwd.getpwnam
    for _ in range(20):  # other test runs may be creating them at the same time
        try:
            return look(name)
        except KeyError:
            pass
        subprocess.run([f"{kind}add", *args, name], capture_output=True)
        time.sleep(0.1)
    return look(name)


def ensure_test_users():
    """(spe_pw, clients_gr, ns_pw, ns2_pw, out_pw): created if missing."""
    need_root()
    gr = _ensure("group", CLIENT_GROUP, "--system")
    spe_pw = _ensure("user", SPE_USER, "--system", "--no-create-home", "--user-group",
                     "--shell", "/usr/sbin/nologin")
    users = [_ensure("user", u, "--system", "--no-create-home", "--user-group", "--shell",
                     "/usr/sbin/nologin", *(["--groups", CLIENT_GROUP] if u != OUT_USER else []))
             for u in (NS_USER, NS_USER2, OUT_USER)]
    return (spe_pw, gr, *users)


def as_user(pw, groups=None):
    """preexec_fn: become pw (its primary group plus `groups`, default its
    supplementary groups from the group database)."""
    import grp
    if groups is None:
        groups = [g.gr_gid for g in grp.getgrall() if pw.pw_name in g.gr_mem]

    def _pre():
        os.setgroups(groups)
        os.setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid)
        os.setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid)
    return _pre


def connect_from_child(path, preexec=None):
    """A SOCK_SEQPACKET connection to path made by a forked child (after
    preexec, e.g. as_user(...)), so SO_PEERCRED names that child's pid and
    credentials; the descriptor is passed back and the child exits. Returns
    the socket, or the OSError the child's connect raised."""
    parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            parent.close()
            if preexec:
                preexec()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                s.connect(path)
                socket.send_fds(child, [b"ok"], [s.fileno()])
            except OSError as e:
                child.send(f"err {e.errno}".encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    child.close()
    try:
        msg, fds, _, _ = socket.recv_fds(parent, 64, 1)
    finally:
        parent.close()
        os.waitpid(pid, 0)
    if msg.startswith(b"err "):
        e = int(msg.split()[1])
        return OSError(e, os.strerror(e))
    assert fds, msg
    s = socket.socket(fileno=fds[0])
    s.settimeout(20)
    return s
