# SPDX-License-Identifier: Apache-2.0
"""cai-spe under its own user (docs/host.md "Separate user"): an NS process
of another uid in the clients' group is served, but cannot read the HUK or
any state file, nor the SPE's memory; a uid outside the group cannot reach
the socket; a uid the allow-list does not name is refused with a log line;
and without --user the same-uid development mode says so at boot.

The separate-uid tests need root (they create users and run processes as
them); they skip, saying why, otherwise. The SPE keeps its real huk.bin
here (CAI_HUK_HEX is emptied): that file is what must stay out of reach."""
import ctypes
import errno
import os
import shutil
import stat
import subprocess
import tempfile

import pytest

from conftest import (CLIENT_GROUP, SPE_USER, Spe, as_user, bin_path, connect_from_child,
                      ensure_test_users)
from frames import ECHO_SID, ECHO_VERSION, Conn


def conn_of(sock):
    c = Conn.__new__(Conn)
    c.s, c.seq = sock, 0
    return c


class Separate:
    """A base directory owned by the SPE user (so the SPE creates its own
    state and runtime directories in it, as itself), an SPE started as root
    with --user, and a private state directory for each NS user's cai."""

    def __init__(self, extra_args=()):
        self.spe_pw, self.gr, self.ns, self.ns2, self.out = ensure_test_users()
        self.base = tempfile.mkdtemp(prefix="cai-e2e-uid-", dir="/tmp")
        os.chown(self.base, self.spe_pw.pw_uid, self.spe_pw.pw_gid)
        os.chmod(self.base, 0o755)
        self.state = os.path.join(self.base, "state")
        self.run = os.path.join(self.base, "run")
        self.sock = os.path.join(self.run, "spe.sock")
        self.spe = Spe(self.state, sock=self.sock, env_extra={"CAI_HUK_HEX": ""},
                       extra_args=["--user", SPE_USER, "--group", CLIENT_GROUP,
                                   "--runtime-dir", self.run, *extra_args])

    def cai(self, pw, *args):
        home = os.path.join(self.base, "ns-" + pw.pw_name)
        if not os.path.isdir(home):
            os.mkdir(home, 0o700)
            os.chown(home, pw.pw_uid, pw.pw_gid)
        env = {k: v for k, v in os.environ.items() if k != "CAI_HUK_HEX"}
        env["HOME"] = home
        # The client trusts only the SPE's uid, named here as an NS user of a
        # separate-uid SPE names it (docs/host.md).
        env["CAI_SPE_UID"] = SPE_USER
        return subprocess.run([bin_path("cai"), "--state-dir", home, "--spe-socket", self.sock,
                               *args], capture_output=True, text=True, timeout=60, env=env,
                              preexec_fn=as_user(pw))

    def stop(self):
        rc = self.spe.stop()
        log = self.spe.log()
        shutil.rmtree(self.base, ignore_errors=True)
        assert rc == 0, log
        assert "ERROR: AddressSanitizer" not in log and "runtime error" not in log, log
        return log


@pytest.fixture
def sep():
    s = Separate()
    yield s
    s.stop()


def try_as(pw, code):
    """Run python code as pw; its stdout."""
    r = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                       timeout=60, preexec_fn=as_user(pw))
    assert r.returncode == 0, r.stderr
    return r.stdout


OPEN_ALL = """
import os, sys
for p in sys.argv[1:]:
    try:
        if os.path.isdir(p) and not os.path.islink(p):
            os.listdir(p)
        else:
            os.close(os.open(p, os.O_RDONLY | os.O_NONBLOCK))
        print(p, "OPENED")
    except OSError as e:
        print(p, e.errno)
"""


def test_separate_user_layout(sep):
    """Who owns what, and the boot log says which mode this is."""
    st = os.stat(sep.state)
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (sep.spe_pw.pw_uid, 0o700)
    huk = os.stat(os.path.join(sep.state, "huk.bin"))
    assert (huk.st_uid, stat.S_IMODE(huk.st_mode), huk.st_size) == (sep.spe_pw.pw_uid, 0o600, 32)
    rt = os.stat(sep.run)
    assert (rt.st_uid, rt.st_gid, stat.S_IMODE(rt.st_mode)) == (sep.spe_pw.pw_uid, sep.gr.gr_gid,
                                                                 0o750)
    so = os.stat(sep.sock)
    assert stat.S_ISSOCK(so.st_mode)
    assert (so.st_uid, so.st_gid, stat.S_IMODE(so.st_mode)) == (sep.spe_pw.pw_uid, sep.gr.gr_gid,
                                                                 0o660)
    with open(f"/proc/{sep.spe.proc.pid}/status") as f:
        uids = [line.split()[1:] for line in f if line.startswith(("Uid:", "Gid:", "Groups:"))]
    assert uids[0] == [str(sep.spe_pw.pw_uid)] * 4, uids  # real, effective, saved, fs
    assert uids[1] == [str(sep.spe_pw.pw_gid)] * 4, uids
    assert uids[2] == [str(sep.gr.gr_gid)], uids          # root's groups are gone
    log = sep.spe.log()
    assert "[SPE] separate user: uid %d" % sep.spe_pw.pw_uid in log
    assert "same-uid development mode" not in log


def test_ns_user_in_group_is_served(sep):
    """Another uid, in the clients' group only as a supplementary group, calls
    services through the real client library and cai."""
    assert sep.ns.pw_gid != sep.gr.gr_gid
    r = sep.cai(sep.ns, "info")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "uuid" in r.stdout.lower()
    r = sep.cai(sep.ns, "keys", "public", "tls", "--hex")
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(bytes.fromhex(r.stdout.strip())) == 65


def test_ns_user_cannot_read_the_huk_or_any_state_file(sep):
    assert sep.cai(sep.ns, "keys", "cert", "--help").returncode == 0  # the user exists and runs
    paths = []
    for top in (sep.state, sep.run):
        for root, dirs, files in os.walk(top):
            paths += [root] + [os.path.join(root, n) for n in files if n != "spe.sock"]
    assert os.path.join(sep.state, "huk.bin") in paths
    assert os.path.join(sep.run, "cai-spe.pid") in paths
    out = subprocess.run(["/usr/bin/python3", "-c", OPEN_ALL, *paths], capture_output=True,
                         text=True, timeout=60, preexec_fn=as_user(sep.ns)).stdout
    results = dict(line.rsplit(" ", 1) for line in out.splitlines())
    assert set(results) == set(paths), out
    # The runtime directory itself may be listed (it holds the socket);
    # every file in either directory, and the state directory, may not.
    for p, res in results.items():
        if p == sep.run:
            assert res == "OPENED"
        else:
            assert res == str(errno.EACCES), (p, res)


def test_ns_user_cannot_read_or_trace_the_spe(sep):
    pid = sep.spe.proc.pid
    code = f"""
import ctypes, os
for name in ("mem", "environ", "maps"):
    try:
        os.close(os.open("/proc/{pid}/" + name, os.O_RDONLY))
        print(name, "OPENED")
    except OSError as e:
        print(name, e.errno)
libc = ctypes.CDLL(None, use_errno=True)
rc = libc.ptrace(16, {pid}, None, None)  # PTRACE_ATTACH
print("ptrace", rc, ctypes.get_errno())
"""
    out = try_as(sep.ns, code).split("\n")
    assert out[0] == f"mem {errno.EACCES}", out
    assert out[1] == f"environ {errno.EACCES}", out
    assert out[2] == f"maps {errno.EACCES}", out
    assert out[3] == f"ptrace -1 {errno.EPERM}", out
    assert sep.spe.proc.poll() is None


def test_uid_outside_the_group_cannot_reach_the_socket(sep):
    r = connect_from_child(sep.sock, as_user(sep.out))
    assert isinstance(r, OSError) and r.errno == errno.EACCES, r
    r = sep.cai(sep.out, "info")
    assert r.returncode != 0


def test_uid_not_on_the_allow_list_is_refused():
    """--allow-uid names one user: another member of the group reaches the
    socket but is refused, with a line naming its uid."""
    s = Separate(extra_args=["--allow-uid", "cai-e2e-ns"])
    try:
        good = connect_from_child(s.sock, as_user(s.ns))
        assert conn_of(good).version(ECHO_SID) == ECHO_VERSION
        bad = connect_from_child(s.sock, as_user(s.ns2))
        assert not isinstance(bad, OSError), bad
        assert conn_of(bad).is_dropped()
        assert conn_of(good).version(ECHO_SID) == ECHO_VERSION
        r = s.cai(s.ns2, "info")
        assert r.returncode != 0
    finally:
        log = s.stop()
    assert f"uid {s.ns2.pw_uid} (gid {s.ns2.pw_gid}) is not allowed" in log, log
    assert f"uid {s.ns.pw_uid} (gid" not in log, log
    assert f"admitted: uid {s.ns.pw_uid}" in log


def test_separate_user_needs_its_own_runtime_directory(state_dir):
    ensure_test_users()
    os.chown(state_dir, 0, 0)
    r = subprocess.run([bin_path("cai-spe-test"), "--foreground", "--user", SPE_USER, "--group",
                        CLIENT_GROUP, "--state-dir", state_dir], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1
    assert "the runtime directory must not be the state directory" in r.stderr


def test_user_needs_group(state_dir):
    r = subprocess.run([bin_path("cai-spe-test"), "--foreground", "--user", "nobody",
                        "--state-dir", state_dir], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "--user needs --group GROUP" in r.stderr


def test_same_uid_mode_warns(spe):
    assert ("[WRN] same-uid development mode: the non-secure side can read the HUK "
            "(development only") in spe.log()
