# SPDX-License-Identifier: Apache-2.0
"""Attacks on the state and runtime files (issue 13 item 2), each reproduced
and shown refused: the directories are opened once without following a
symlink and checked by descriptor; every file inside is opened through that
descriptor without following a symlink, without blocking on a FIFO, and is
refused when hard-linked, of another type, owner or mode. A path swapped
after the check leads nowhere: the SPE only uses what it opened first."""
import os
import signal
import subprocess

import pytest

from conftest import HUK_HEX, TEST_IMAGE, bin_path, wait_for


def run_spe(*args, huk_hex="", timeout=60):
    env = dict(os.environ, CAI_HUK_HEX=huk_hex)
    return subprocess.run([bin_path(TEST_IMAGE), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def boot_fails(state_dir, message, *args):
    """Boot in the foreground; it must refuse with message (and, since every
    open is non-blocking, return at all: a FIFO cannot hang it)."""
    r = run_spe("--foreground", "--state-dir", str(state_dir), *args)
    assert r.returncode == 1, r.stderr
    assert message in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))
    return r.stderr


def victim_file(tmp_path):
    v = tmp_path / "victim"
    v.write_bytes(b"victim's data\n")
    os.chmod(v, 0o600)
    return v


def test_symlinked_runtime_dir_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "rlink").symlink_to(real)
    boot_fails(tmp_path / "sd", "runtime directory " + str(tmp_path / "rlink") +
               " is a symbolic link; refusing it", "--runtime-dir", str(tmp_path / "rlink"))
    assert os.listdir(real) == []


def test_hard_linked_huk_refused(state_dir, tmp_path):
    huk = os.path.join(state_dir, "huk.bin")
    with open(huk, "wb") as f:
        f.write(bytes(32))
    os.chmod(huk, 0o600)
    os.link(huk, tmp_path / "copy")
    boot_fails(state_dir, f"HUK file {huk} has more than one hard link; refusing it")
    assert open(huk, "rb").read() == bytes(32), "never replaced"


def test_fifo_huk_refused_without_blocking(state_dir):
    huk = os.path.join(state_dir, "huk.bin")
    os.mkfifo(huk, 0o600)
    boot_fails(state_dir, f"HUK file {huk} is a FIFO; refusing it")


def test_directory_huk_refused(state_dir):
    huk = os.path.join(state_dir, "huk.bin")
    os.mkdir(huk, 0o700)
    boot_fails(state_dir, f"HUK file {huk} is a directory; refusing it")


def test_symlinked_huk_to_a_victim_refused(state_dir, tmp_path):
    v = victim_file(tmp_path)
    huk = os.path.join(state_dir, "huk.bin")
    os.symlink(v, huk)
    boot_fails(state_dir, f"HUK file {huk} is a symbolic link; refusing it")
    assert v.read_bytes() == b"victim's data\n"
    # A dangling symlink is not "no HUK": nothing is created through it.
    os.unlink(huk)
    os.symlink(tmp_path / "would-be-created", huk)
    boot_fails(state_dir, f"HUK file {huk} is a symbolic link; refusing it")
    assert not (tmp_path / "would-be-created").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the HUK another owner")
def test_foreign_huk_refused(state_dir):
    huk = os.path.join(state_dir, "huk.bin")
    with open(huk, "wb") as f:
        f.write(bytes(32))
    os.chmod(huk, 0o600)
    os.chown(huk, 65534, 65534)
    boot_fails(state_dir, f"HUK file {huk} is not owned by us; refusing it")


def test_leftover_huk_temporary_is_not_a_huk(state_dir):
    """A crash during dummy provisioning leaves huk.bin.tmp, never a short
    huk.bin; the next boot removes it and provisions from scratch."""
    with open(os.path.join(state_dir, "huk.bin.tmp"), "wb") as f:
        f.write(b"short")
    r = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground", "--state-dir", state_dir],
                         env=dict(os.environ, CAI_HUK_HEX=""), stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    assert wait_for(lambda: os.path.exists(os.path.join(state_dir, "spe.sock")) or
                    r.poll() is not None)
    r.terminate()
    out, _ = r.communicate(timeout=30)
    assert r.returncode == 0, out
    assert "Beginning cai provisioning" in out
    assert sorted(os.listdir(state_dir)) == ["huk.bin", "its"]
    assert os.path.getsize(os.path.join(state_dir, "huk.bin")) == 32


@pytest.mark.parametrize("kind", ["symlink", "fifo", "hardlink"])
def test_bad_log_refused(state_dir, tmp_path, kind):
    """The daemon's log: never through a symlink, never a FIFO (which would
    block), never a hard link to some other file."""
    v = victim_file(tmp_path)
    log = os.path.join(state_dir, "spe.log")
    if kind == "symlink":
        os.symlink(v, log)
        why = "is a symbolic link"
    elif kind == "fifo":
        os.mkfifo(log, 0o600)
        why = "is a FIFO or socket, not a regular file"
    else:
        os.link(v, log)
        why = "has more than one hard link"
    r = run_spe("--state-dir", state_dir, huk_hex=HUK_HEX)
    assert r.returncode == 1
    assert f"cannot use the log: log file {log} {why}; refusing it" in r.stderr, r.stderr
    assert v.read_bytes() == b"victim's data\n"
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))


def test_symlinked_pidfile_is_replaced_not_followed(state_dir, tmp_path):
    v = victim_file(tmp_path)
    os.symlink(v, os.path.join(state_dir, "cai-spe.pid"))
    p = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground", "--state-dir", state_dir],
                         env=dict(os.environ, CAI_HUK_HEX=HUK_HEX), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        # The pidfile is written just after the socket listens: wait for it.
        pidfile = os.path.join(state_dir, "cai-spe.pid")
        assert wait_for(lambda: not os.path.islink(pidfile) and os.path.exists(pidfile))
        assert open(pidfile).read() == f"{p.pid}\n"
    finally:
        p.terminate()
        p.wait(timeout=30)
    assert v.read_bytes() == b"victim's data\n"


def test_state_dir_swapped_after_boot(tmp_path):
    """The rename race with a writable parent, made deterministic: once the
    daemon serves, its state directory is renamed away and a symlink to an
    attacker's directory put at the old path. Everything the SPE does after
    that (log lines, removing its socket and pidfile at shutdown) happens in
    the directory it opened first; the attacker's directory gets nothing."""
    parent = tmp_path / "writable-parent"
    parent.mkdir()
    sd, moved, evil = parent / "sd", parent / "moved", tmp_path / "evil"
    r = run_spe("--state-dir", str(sd), huk_hex=HUK_HEX)
    assert r.returncode == 0, r.stderr
    pid = int((sd / "cai-spe.pid").read_text())
    os.rename(sd, moved)
    evil.mkdir(mode=0o700)
    (evil / "cai-spe.pid").write_text("decoy\n")
    (evil / "spe.sock").write_text("decoy\n")
    os.symlink(evil, sd)
    os.kill(pid, signal.SIGTERM)
    assert wait_for(lambda: not os.path.exists(f"/proc/{pid}"))
    assert sorted(os.listdir(evil)) == ["cai-spe.pid", "spe.sock"]
    assert (evil / "cai-spe.pid").read_text() == "decoy\n"
    assert sorted(os.listdir(moved)) == ["its", "spe.log"]
    assert (moved / "spe.log").read_text().rstrip().endswith("[SPE] shut down cleanly")


def test_state_dir_replaced_between_boots_is_checked_again(tmp_path):
    """Swapping the path for a symlink before a boot is the case O_NOFOLLOW
    refuses (test_spe.py shows the plain symlink); a directory of the wrong
    mode put there is refused by the descriptor check."""
    sd = tmp_path / "sd"
    sd.mkdir(mode=0o755)
    os.chmod(sd, 0o755)
    boot_fails(sd, f"state directory {sd} has mode 0755; it must be 0700")


def test_history_by_descriptor_refuses_a_symlink(state_dir, tmp_path):
    """cai's history: a symlink at its name is refused (a warning, no
    history), and the file it points to is never written."""
    import pty
    import select
    import time
    v = victim_file(tmp_path)
    os.symlink(v, os.path.join(state_dir, "history"))
    master, slave = pty.openpty()
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX, TERM="dumb")
    opts = ["--state-dir", state_dir, "--spe-socket", str(tmp_path / "s.sock")]
    p = subprocess.Popen([bin_path("cai"), *opts], stdin=slave, stdout=slave, stderr=slave,
                         env=env, close_fds=True)
    os.close(slave)
    out = b""
    try:
        deadline = time.monotonic() + 30
        while b"cai:~$ " not in out and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                out += os.read(master, 4096)
        os.write(master, b"help\rexit\r")
        assert p.wait(timeout=30) == 0
    finally:
        if p.poll() is None:
            p.kill()
        os.close(master)
        # The shell booted an SPE for its session: stop it.
        subprocess.run([bin_path("cai"), *opts, "spe", "stop"], env=env, capture_output=True,
                       timeout=60)
    assert b"history file" in out and b"is a symbolic link; refusing it" in out, out
    assert v.read_bytes() == b"victim's data\n"
