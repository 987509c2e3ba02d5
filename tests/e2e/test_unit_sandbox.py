# SPDX-License-Identifier: Apache-2.0
"""What the system unit's sandbox allows is what cai-spe needs: cai-spe,
run under strace through a boot with a new HUK, an NS session (info, public
key, CSR, a certificate installed: a storage write) and a clean stop, makes
only system calls of the unit's SystemCallFilter= (@system-service, expanded
by systemd-analyze itself), opens only AF_UNIX sockets
(RestrictAddressFamilies=AF_UNIX) and maps no memory both writable and
executable (MemoryDenyWriteExecute=yes). Skips, saying why, without strace or
systemd-analyze, and for a sanitizer build (the unit runs a release one)."""
import os
import re
import signal
import subprocess

import pytest

from conftest import bin_path, wait_for

SRC = os.environ.get("CAI_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
UNIT = os.path.join(SRC, "platform", "host", "systemd", "cai-spe.service")


def need(name):
    for d in os.environ.get("PATH", "/usr/bin:/bin").split(":"):
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    pytest.skip(f"{name} is not installed")


def unit_values(key):
    return [line.split("=", 1)[1] for line in open(UNIT).read().splitlines()
            if line.startswith(key + "=")]


def allowed_syscalls(analyze, groups):
    """The system calls of the named groups, as systemd itself lists them."""
    out = subprocess.run([analyze, "syscall-filter"], capture_output=True, text=True,
                         check=True).stdout
    table, current = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            current = table.setdefault(line.strip(), [])
        elif current is not None and line.strip() and not line.strip().startswith("#"):
            current.append(line.strip())
    done, todo = set(), list(groups) + ["@default"]
    while todo:
        g = todo.pop()
        if g in done:
            continue
        done.add(g)
        if g.startswith("@"):
            todo.extend(table.get(g, []))
    return {s for s in done if not s.startswith("@")}


def test_cai_spe_stays_inside_the_units_sandbox(tmp_path):
    strace = need("strace")
    analyze = need("systemd-analyze")
    spe_bin = bin_path("cai-spe")
    if b"libasan" in open(spe_bin, "rb").read() or b"__ubsan" in open(spe_bin, "rb").read():
        pytest.skip("a sanitizer build: the unit runs a release cai-spe")
    filters = unit_values("SystemCallFilter")
    assert filters == ["@system-service"], filters  # what this test expands
    assert unit_values("RestrictAddressFamilies") == ["AF_UNIX"]
    assert unit_values("MemoryDenyWriteExecute") == ["yes"]
    allowed = allowed_syscalls(analyze, filters)

    state = tmp_path / "st"
    state.mkdir(mode=0o700)
    trace = tmp_path / "trace"
    env = {k: v for k, v in os.environ.items() if k != "CAI_HUK_HEX"}
    spe = subprocess.Popen([strace, "-f", "-qq", "-o", str(trace), spe_bin, "--foreground",
                            "--state-dir", str(state)], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    sock = str(state / "spe.sock")
    try:
        assert wait_for(lambda: os.path.exists(sock), 60), spe.stderr.read1().decode()

        def cai(*args):
            r = subprocess.run([bin_path("cai"), "--state-dir", str(state), *args], env=env,
                               capture_output=True, text=True, timeout=60, cwd=str(tmp_path))
            assert r.returncode == 0, r.stderr
            return r

        cai("info")
        cai("keys", "public", "sign")
        cai("keys", "csr", "tls", "--out", "tls.csr")
        for args in (["ca", "init", "ca"], ["ca", "sign", "tls.csr", "--ca", "ca", "--out",
                                             "tls.pem"]):
            r = subprocess.run([bin_path("cai-cloud"), *args], capture_output=True, text=True,
                               timeout=60, cwd=str(tmp_path))
            assert r.returncode == 0, r.stderr
        cai("keys", "cert", "tls", "install", "tls.pem")
    finally:
        # To cai-spe itself (its pidfile), as systemd would: strace passes
        # its exit status on.
        try:
            os.kill(int(open(state / "cai-spe.pid").read()), signal.SIGTERM)
        except (OSError, ValueError):
            spe.kill()
        rc = spe.wait(timeout=60)
    assert rc == 0, spe.stderr.read().decode()

    used, wx, families = set(), [], set()
    call = re.compile(r"^\d+\s+(?:<\.\.\. )?([a-z0-9_]+)(?:\(| resumed>)")
    for line in open(trace):
        m = call.match(line)
        if not m:
            continue
        name = m.group(1)
        used.add(name)
        if name in ("mmap", "mprotect", "pkey_mprotect") and "PROT_WRITE" in line and \
                "PROT_EXEC" in line:
            wx.append(line.strip())
        if name in ("socket", "socketpair") and "(" in line:
            families.add(line.split("(", 1)[1].split(",", 1)[0])
    assert {"epoll_wait", "recvmsg", "sendmsg", "renameat", "fsync"} & used, sorted(used)
    assert not used - allowed, f"outside @system-service: {sorted(used - allowed)}"
    assert not wx, wx
    assert families <= {"AF_UNIX"}, families
