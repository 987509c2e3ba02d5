# SPDX-License-Identifier: Apache-2.0
"""The smaller defects of issue 13 (item 5), one regression test each:
stop signals during boot, no blocking probe of a stuck old SPE, inherited
descriptors, stale bytes in `psa call`, control bytes on the terminal, the
4095-character line, the IPC buffers wiped after each call."""
import fcntl
import os
import re
import signal
import socket
import subprocess
import time

import pytest

from conftest import HUK_HEX, TEST_IMAGE, bin_path, run_cai, wait_for
from frames import CALL_ECHO, ECHO_SID, ECHO_VERSION


def spe_cmd(state_dir, *extra):
    return [bin_path(TEST_IMAGE), "--foreground", "--state-dir", state_dir, *extra]


def spe_env():
    env = dict(os.environ)
    env["CAI_HUK_HEX"] = HUK_HEX
    return env


def test_sigterm_ends_a_boot_stuck_on_its_log(state_dir):
    """The boot log goes to a pipe nobody reads (full): boot blocks on its
    first line. SIGTERM must end it even when the parent left SIGTERM
    blocked (it used to stay blocked, so only SIGKILL worked)."""
    r, w = os.pipe()
    fcntl.fcntl(w, fcntl.F_SETFL, os.O_NONBLOCK)
    try:
        while True:
            os.write(w, b"x" * 4096)
    except BlockingIOError:
        pass
    fcntl.fcntl(w, fcntl.F_SETFL, 0)

    def pre():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})

    p = subprocess.Popen(spe_cmd(state_dir), stdout=w, stderr=w, env=spe_env(), preexec_fn=pre)
    os.close(w)
    try:
        time.sleep(0.5)
        assert p.poll() is None, "expected the boot to block on the full pipe"
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        pytest.fail("SIGTERM did not end a cai-spe stuck during boot")
    finally:
        os.close(r)
    assert p.returncode == -signal.SIGTERM


def test_boot_does_not_block_on_a_stuck_old_spe(spe, state_dir):
    """An old SPE that is stopped with a full backlog: a new cai-spe on the
    same socket says so and exits (its probe used to block in connect)."""
    os.kill(spe.proc.pid, signal.SIGSTOP)
    socks = []
    try:
        for _ in range(1000):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            s.setblocking(False)
            try:
                s.connect(spe.sock)
            except BlockingIOError:
                s.close()
                break
            socks.append(s)
        p = subprocess.Popen(spe_cmd(state_dir), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=spe_env())
        try:
            out, _ = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            pytest.fail("the second cai-spe blocked probing the stuck one")
    finally:
        os.kill(spe.proc.pid, signal.SIGCONT)
        for s in socks:
            s.close()
    assert p.returncode == 1
    assert b"another cai-spe is already serving" in out


def test_inherited_descriptors_are_closed(state_dir):
    fd = os.open(os.path.join(state_dir, "secret-of-the-parent"), os.O_RDWR | os.O_CREAT, 0o600)
    r, w = os.pipe()
    try:
        p = subprocess.Popen(spe_cmd(state_dir), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=spe_env(), pass_fds=(fd, r, w))
        sock = os.path.join(state_dir, "spe.sock")

        def answers():
            c = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                c.connect(sock)
                return True
            except OSError:
                return False
            finally:
                c.close()

        assert wait_for(answers), "cai-spe did not start"
        # The connection answers() made may still be open, or closing: a
        # descriptor that is gone by the time it is read is not inherited.
        targets = {}
        for n in os.listdir(f"/proc/{p.pid}/fd"):
            try:
                targets[int(n)] = os.readlink(f"/proc/{p.pid}/fd/{n}")
            except FileNotFoundError:
                pass
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=10) == 0
    finally:
        os.close(fd)
        os.close(r)
        os.close(w)
    assert not any("secret-of-the-parent" in t for t in targets.values()), targets
    assert not any(t.startswith("pipe:") for t in targets.values()), targets


def echo_session(state_dir, *calls):
    """One piped `cai --json` session: connect to the echo service, then run
    each call (a format string with {h} for the handle); the JSON lines."""
    env = dict(os.environ)
    env["CAI_HUK_HEX"] = HUK_HEX
    p = subprocess.Popen([bin_path("cai"), "--state-dir", state_dir, "--json"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    p.stdin.write(f"psa connect {ECHO_SID:#x} {ECHO_VERSION}\n")
    p.stdin.flush()
    first = p.stdout.readline()
    h = int(re.search(r'"handle":(\d+)', first).group(1))
    out, _ = p.communicate("".join(c.format(h=h) + "\n" for c in calls), timeout=30)
    return [first.strip()] + out.splitlines()


def test_psa_call_never_shows_stale_bytes(spe, state_dir):
    """A call the SPM refuses (3 in + 2 out: more than FF-M's 4) after one
    that wrote output shows no output bytes, not the previous ones."""
    lines = echo_session(state_dir, f"psa call {{h}} {CALL_ECHO} --in 6f6b --out 2",
                         f"psa call {{h}} {CALL_ECHO} --in 01 --in 02 --in 03 --out 2 --out 2")
    assert len(lines) == 3, lines
    assert '"out":["6f6b"]' in lines[1], lines[1]
    assert '"PSA_ERROR_PROGRAMMER_ERROR"' in lines[2] and '"out":["",""]' in lines[2], lines[2]


ESC_WORD = "\x1b]0;pwned\x07\x1b[31mred\x7f"


def test_control_bytes_from_input_are_escaped(state_dir):
    r = run_cai(state_dir, input=ESC_WORD + "\n")
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr and "\x7f" not in r.stderr
    assert "unknown command '\\x1b]0;pwned\\x07\\x1b[31mred\\x7f'" in r.stderr, r.stderr
    r = run_cai(state_dir, ESC_WORD)
    assert "\x1b" not in r.stderr and "\\x1b]0;pwned" in r.stderr


def test_control_bytes_in_text_output_are_escaped(state_dir):
    sock = os.path.join(state_dir, "a\x1b[2Jb.sock")
    r = run_cai(state_dir, "--spe-socket", sock, "spe", "status")
    assert r.returncode == 1
    assert "\x1b" not in r.stdout
    assert "socket: " + sock.replace("\x1b", "\\x1b") in r.stdout, r.stdout
    j = run_cai(state_dir, "--spe-socket", sock, "--json", "spe", "status")
    assert "\\u001b[2Jb.sock" in j.stdout, "JSON keeps its own escaping"


def test_line_of_4095_characters_in_script_mode(state_dir):
    line = "help".ljust(4095)
    r = run_cai(state_dir, input=line + "\n")
    assert r.returncode == 0, r.stderr
    assert "commands:" in r.stdout
    r = run_cai(state_dir, input=line + "\n" + "help".ljust(4096) + "\n")
    assert r.returncode == 2
    assert "line too long (max 4095 characters)" in r.stderr
    assert r.stdout.count("commands:") == 1


def test_ipc_buffers_are_wiped_after_each_call(spe, state_dir):
    """Root reads the SPE's memory (non-dumpable stops everyone else): after
    an echo call, its in- and out-bytes are in none of the SPE's static data
    (the request and out-vector buffers live there). The stack is left out:
    a service's own locals are the service's business, not the transport's."""
    if os.geteuid() != 0:
        pytest.skip("needs root to read a non-dumpable process's memory")
    marker = os.urandom(8).hex() + "c0ffee"
    payload = bytes.fromhex(marker) * 64  # 704 bytes, in and echoed out
    # The SPE wipes a call's buffers right after sending its reply, so the
    # reply alone does not prove the wipe happened yet (a loaded machine may
    # deschedule the SPE in between); the answer to a second call does: the
    # SPE serves one frame at a time.
    lines = echo_session(state_dir,
                         f"psa call {{h}} {CALL_ECHO} --in {payload.hex()} --out {len(payload)}",
                         "psa version 0x100")
    assert payload.hex() in lines[1], lines
    assert '"version"' in lines[2], lines
    pid = spe.proc.pid
    needle = bytes.fromhex(marker) * 4
    found = []
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+)", line)
            lo, hi, perms = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            # Skip the stack, and mappings too large to be the image's data
            # (under ASan its shadow memory is terabytes of reserved pages).
            if "r" not in perms or "w" not in perms or "[stack]" in line or hi - lo > 1 << 28:
                continue
            tail = b""
            for at in range(lo, hi, 1 << 20):  # in 1 MiB pieces, overlapping by the needle
                try:
                    mem.seek(at)
                    data = tail + mem.read(min(1 << 20, hi - at))
                except OSError:
                    break
                if needle in data:
                    found.append(line.strip())
                    break
                tail = data[-len(needle):]
    assert not found, f"the call's bytes are still in the SPE's memory: {found}"
