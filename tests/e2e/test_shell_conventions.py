# SPDX-License-Identifier: Apache-2.0
"""The shell's behaviour as Zephyr's shell and bash have it (issue 12, item 7):
Ctrl-C drops the line, `clear` and `history`, a bare group lists its
subcommands, completion of `help CMD` and of fixed argument words, static
handles in `info`, a hint for a handle that died with an SPE restart; and
`--json` errors as JSON objects."""
import json
import os
import pty
import re
import select
import subprocess
import time

from conftest import HUK_HEX, Spe, bin_path, run_cai


class Tty:
    """cai on a pseudo-terminal that is its controlling terminal (pty.fork:
    a new session), so Ctrl-C reaches it as SIGINT, as at a real terminal."""

    def __init__(self, state_dir):
        env = dict(os.environ, CAI_HUK_HEX=HUK_HEX, TERM="dumb")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(bin_path("cai"), [bin_path("cai"), "--state-dir", state_dir], env)
        self.out = b""

    def until(self, token, timeout=30):
        deadline = time.monotonic() + timeout
        while token not in self.out and time.monotonic() < deadline:
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                try:
                    self.out += os.read(self.fd, 4096)
                except OSError:
                    break
        return token in self.out

    def send(self, b):
        os.write(self.fd, b)

    def close(self):
        self.send(b"\x15exit\r")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            self.until(b"\0", 0.2)
        os.kill(self.pid, 9)
        os.close(self.fd)
        return None


def test_ctrl_c_drops_the_line(spe):
    t = Tty(spe.state_dir)
    try:
        assert t.until(b"cai:~$ "), t.out
        t.send(b"psa version 0xf000")
        assert t.until(b"psa version 0xf000")
        t.send(b"\x03")  # SIGINT from the terminal
        assert t.until(b"^C\r\ncai:~$ "), t.out
        t.out = b""
        t.send(b"\r")  # Enter on the fresh prompt: the dropped line does not come back
        assert t.until(b"cai:~$ "), t.out
        seen, t.out = t.out, b""
        t.send(b"history\r")
        assert t.until(b"cai:~$ "), t.out
        t.out = seen + t.out
        assert b"version: 1" not in t.out and b"psa version" not in t.out, t.out
        assert re.search(rb"\n +1  history\r\n", t.out), t.out
        t.send(b"\x03")  # at an empty prompt too
        assert t.until(b"^C\r\ncai:~$ "), t.out
    finally:
        assert t.close() == 0, t.out


def test_completion_of_help_and_fixed_words(spe):
    t = Tty(spe.state_dir)
    try:
        assert t.until(b"cai:~$ "), t.out
        t.send(b"help ps\t")  # help completes command names, not arguments
        assert t.until(b"psa "), t.out
        t.send(b"ca\t")  # ... and their subcommands
        assert t.until(b"call "), t.out
        t.send(b"\x15keys public t\t")  # key names are a fixed set
        assert t.until(b"tls "), t.out
        t.send(b"\x15keys cert tls i\t")
        assert t.until(b"install "), t.out
    finally:
        assert t.close() == 0, t.out


def test_bare_group_lists_subcommands(spe):
    # As Zephyr's shell: a command that only groups subcommands shows them.
    r = run_cai(spe.state_dir, "psa")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("psa - ")
    for sub in ("version", "connect", "call", "close"):
        assert re.search(rf"^  {sub} ", r.stdout, re.M), r.stdout
    r = run_cai(spe.state_dir, "--json", "keys")
    assert r.returncode == 0
    j = json.loads(r.stdout)
    assert j["command"] == "keys"
    assert [s["name"] for s in j["subcommands"]] == ["status", "public", "csr", "cert", "cloud"]
    r = run_cai(spe.state_dir, "spe")  # the backend's groups too
    assert r.returncode == 0 and "  stop " in r.stdout


def test_clear_and_history_commands(spe):
    r = run_cai(spe.state_dir, "clear")
    # ECMA-48: CUP (cursor home) and ED 2 (erase the whole display)
    assert r.returncode == 0 and r.stdout == "\x1b[H\x1b[2J"
    assert run_cai(spe.state_dir, "clear", "x").returncode == 2
    # No interactive session: no history, and that is not an error.
    r = run_cai(spe.state_dir, "history")
    assert r.returncode == 0 and r.stdout == ""
    assert json.loads(run_cai(spe.state_dir, "--json", "history").stdout) == {"history": []}
    for bad in (["history", "0"], ["history", "x"], ["history", "1", "2"]):
        assert run_cai(spe.state_dir, *bad).returncode == 2


def test_info_shows_static_handles(spe):
    r = run_cai(spe.state_dir, "--json", "info")
    assert r.returncode == 0, r.stderr
    svc = {s["name"]: s for s in json.loads(r.stdout)["services"]}
    # FF-M 1.1 stateless handle: bit 30, version in bits 15:8, index - 1 in
    # bits 4:0 (docs/spm.md): test.stateless is index 32 version 1, identity
    # index 1 version 1; connection-based services have none.
    assert svc["test.stateless"]["handle"] == "0x4000011f"
    assert svc["identity"]["handle"] == "0x40000100"
    assert "handle" not in svc["test.echo"]
    r = run_cai(spe.state_dir, "info")
    assert "  - name=test.stateless sid=0x0000f003 version=1 handle=0x4000011f\n" in r.stdout


def test_dead_handle_after_spe_restart_gets_a_hint(state_dir):
    s = Spe(state_dir)
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX)
    p = subprocess.Popen([bin_path("cai"), "--state-dir", state_dir], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        p.stdin.write("psa connect 0xf000 1\n")
        p.stdin.flush()
        handle = re.match(r"handle: (\d+)$", p.stdout.readline()).group(1)
        assert s.stop() == 0
        s = Spe(state_dir)
        p.stdin.write(f"psa call {handle} 0\npsa call {handle} 0\npsa close {handle}\n")
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
        s.stop()
    lines = err.splitlines()
    assert len(lines) == 3, err
    # the first call finds the old connection gone ...
    assert "PSA_ERROR_COMMUNICATION_FAILURE" in lines[0] and "connection to the secure side was "\
        "lost" in lines[0], err
    # ... the next ones run on a new connection, where the handle is unknown
    for line in lines[1:]:
        assert "PSA_ERROR_PROGRAMMER_ERROR" in line and "before the secure side restarted" in line
        assert "'psa connect' again" in line
    assert p.returncode == 1


def test_json_errors_are_json(spe):
    for args, code in ((["bogus"], 2), (["psa", "version"], 2), (["--bogus-option"], 2),
                       (["keys", "public", "nokey"], 2)):
        r = run_cai(spe.state_dir, "--json", *args)
        assert r.returncode == code, (args, r.stderr)
        lines = r.stderr.splitlines()
        assert len(lines) == 1, r.stderr
        assert isinstance(json.loads(lines[0])["error"], str)
        assert r.stdout == ""
    # a result and an error, each one object on its own stream
    r = run_cai(spe.state_dir, "--json", "psa", "version", "0x12345")
    assert r.returncode == 1
    assert json.loads(r.stdout) == {"version": 0}
    assert "error" in json.loads(r.stderr)
    j = json.loads(run_cai(spe.state_dir, "--json", "help").stdout)
    assert {"name": "history", "summary": "the lines typed at the interactive shell"} in \
        j["commands"]
    j = json.loads(run_cai(spe.state_dir, "--json", "psa", "call", "-h").stdout)
    assert j["command"] == "psa call" and j["usage"].startswith("psa call HANDLE TYPE")
