# SPDX-License-Identifier: Apache-2.0
"""`cai` as a one-shot CLI and as a shell reading a pipe."""
import json
import os
import subprocess

import pytest

from conftest import HUK_HEX, bin_path, run_cai

COMMAND_PATHS = ["help", "info", "psa", "psa version", "psa connect", "psa call", "psa close",
                 "spe", "spe status", "spe start", "spe stop", "exit"]


@pytest.mark.parametrize("path", COMMAND_PATHS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_flag_everywhere(state_dir, path, flag):
    r = run_cai(state_dir, *path.split(), flag)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(path + " - ")
    assert "usage:" in r.stdout or "subcommands:" in r.stdout
    assert r.stderr == "", "help must not boot the secure side"


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_help_command_matches_flag(state_dir, path):
    assert run_cai(state_dir, "help", *path.split()).stdout == \
        run_cai(state_dir, *path.split(), "-h").stdout


def test_program_help_and_version(state_dir):
    for prog in ("cai", "cai-spe", "cai-spe-test"):
        for flag in ("-h", "--help"):
            r = subprocess.run([bin_path(prog), flag], capture_output=True, text=True)
            assert r.returncode == 0 and r.stdout.startswith("usage: " + prog)
        r = subprocess.run([bin_path(prog), "--version"], capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout.startswith(prog + " ")


def test_help_lists_commands(state_dir):
    r = run_cai(state_dir, "help")
    assert r.returncode == 0
    for name in ("help", "info", "psa", "spe", "exit"):
        assert f"\n  {name} " in r.stdout


@pytest.mark.parametrize("args,code,message", [
    (["bogus"], 2, "unknown command 'bogus'"),
    (["psa", "frobnicate"], 2, "'psa' has no subcommand 'frobnicate'"),
    (["psa", "version"], 2, "expected one SID"),
    (["psa", "version", "12x"], 2, "is not a 32-bit number"),
    (["psa", "version", "0x1ffffffff"], 2, "is not a 32-bit number"),
    (["psa", "connect", "1"], 2, "expected SID and VERSION"),
    (["psa", "call", "1"], 2, "expected HANDLE and TYPE"),
    (["psa", "call", "1", "0", "--in"], 2, "--in needs a value"),
    (["psa", "call", "1", "0", "--in", "abc"], 2, "not an even-length hex string"),
    (["psa", "call", "1", "0", "--in", "zz"], 2, "not an even-length hex string"),
    (["psa", "call", "1", "0", "--out", "-1"], 2, "is not a size"),
    (["psa", "call", "1", "0", "--out", "70000"], 2, "is not a size"),
    (["psa", "call", "1", "0", "--bogus", "1"], 2, "unexpected argument '--bogus'"),
    (["psa", "close"], 2, "expected one HANDLE"),
    (["info", "extra"], 2, "info takes no arguments"),
    (["exit", "now"], 2, "exit takes no arguments"),
    (["--bogus-option"], 2, "unknown option '--bogus-option'"),
    (["--out"], 2, "--out needs a value"),
])
def test_usage_errors(state_dir, args, code, message):
    r = run_cai(state_dir, *args)
    assert r.returncode == code
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert message in lines[0]
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_failures_exit_1(spe):
    sd = spe.state_dir
    r = run_cai(sd, "psa", "connect", "0x12345", "1")
    assert r.returncode == 1
    assert "PSA_ERROR_CONNECTION_REFUSED" in r.stdout
    assert r.stderr.strip().startswith("error: connect to 0x00012345 version 1 failed")
    r = run_cai(sd, "psa", "version", "0xf002")
    assert r.returncode == 1 and "not visible" in r.stderr
    r = run_cai(sd, "psa", "call", "12345", "0", "--in", "00", "--out", "1")
    assert r.returncode == 1 and "PSA_ERROR_PROGRAMMER_ERROR" in r.stdout
    r = run_cai(sd, "psa", "close", "12345")
    assert r.returncode == 1 and "PSA_ERROR_PROGRAMMER_ERROR" in r.stderr


def test_one_shot_ok(spe):
    r = run_cai(spe.state_dir, "psa", "version", "0xf000")
    assert r.returncode == 0 and r.stdout == "version: 1\n"
    r = run_cai(spe.state_dir, "psa", "connect", "0xf001", "2")
    assert r.returncode == 0 and r.stdout.startswith("handle: ")
    # The stateless echo needs no connection, so one shot is enough.
    r = run_cai(spe.state_dir, "psa", "call", str(0x4000011F), "0", "--in", "cafe", "--out", "2")
    assert r.returncode == 0, r.stderr
    assert "PSA_SUCCESS" in r.stdout and "cafe (2 bytes)" in r.stdout


def test_json_output(spe):
    r = run_cai(spe.state_dir, "--json", "info")
    assert r.returncode == 0
    info = json.loads(r.stdout)
    assert info["framework_version"] == "1.1"
    assert info["spe_socket"] == spe.sock and info["spe_pid"] == spe.proc.pid
    names = {s["name"]: s for s in info["services"]}
    assert names["test.echo"] == {"name": "test.echo", "sid": "0x0000f000", "version": 1}
    assert "test.secure_only" not in names, "secure-only services are invisible to NS"
    r = run_cai(spe.state_dir, "psa", "call", "0x4000011f", "0", "--in", "0102", "--out", "4",
                "--out", "0", "--json")
    assert json.loads(r.stdout) == {"status": "PSA_SUCCESS", "status_code": 0,
                                    "out": ["0102", ""]}
    r = run_cai(spe.state_dir, "--json", "psa", "connect", "0xf000", "9")
    assert r.returncode == 1
    assert json.loads(r.stdout) == {"status": "PSA_ERROR_CONNECTION_REFUSED",
                                    "status_code": -130}


def test_out_file(spe, tmp_path):
    out = tmp_path / "info.json"
    r = run_cai(spe.state_dir, "--json", "--out", str(out), "info")
    assert r.returncode == 0 and r.stdout == ""
    assert json.loads(out.read_text())["framework_version"] == "1.1"
    r = run_cai(spe.state_dir, "--out", "/nonexistent/dir/x", "info")
    assert r.returncode == 1 and r.stderr.startswith("error: cannot write /nonexistent/dir/x")


def test_shell_from_pipe(spe):
    r = run_cai(spe.state_dir, input="help\n")
    assert r.returncode == 0
    assert "cai:~$" not in r.stdout and "cai:~$" not in r.stderr
    assert r.stdout.startswith("commands:\n")


def test_shell_session_keeps_handles(spe):
    """One shell process is one connection: a handle from `psa connect`
    stays usable by the following lines. Talk to it line by line (results
    are flushed after each command) to learn the handle."""
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX)
    p = subprocess.Popen([bin_path("cai"), "--state-dir", spe.state_dir], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    p.stdin.write("# a comment line\n\npsa connect 0xf000 1\n")
    p.stdin.flush()
    line = p.stdout.readline()
    assert line.startswith("handle: ")
    handle = line.split()[1]
    p.stdin.write(f"psa call {handle} 0 --in 68656c6c6f --in '' --out 16 --out 4\n"
                  f"psa close {handle}\npsa close {handle}\nexit\nhelp\n")
    out, err = p.communicate(timeout=60)
    assert out.startswith("status: PSA_SUCCESS (0)\nout:\n  - 68656c6c6f (5 bytes)\n"
                          "  -  (0 bytes)\nstatus: PSA_SUCCESS (0)\n"
                          "status: PSA_ERROR_PROGRAMMER_ERROR (-129)\n"), out
    assert "commands:" not in out, "nothing runs after exit"
    assert p.returncode == 1, "the failed second close makes the script fail"
    assert err.count("error: ") == 1 and "close failed" in err


def test_shell_pipe_bad_lines(spe):
    lines = ["psa call 'unterminated", "x" * 5000, " ".join(["w"] * 100), "bogus",
             "psa version 0xf000"]
    r = run_cai(spe.state_dir, input="\n".join(lines) + "\n")
    assert r.returncode == 2
    errs = r.stderr.strip().splitlines()
    assert len(errs) == 4 and all(e.startswith("error: ") for e in errs)
    assert "unterminated ' quote" in errs[0]
    assert "line too long" in errs[1]
    assert "too many words" in errs[2]
    assert r.stdout.strip().endswith("version: 1")


def test_binary_garbage_on_stdin(spe):
    r = subprocess.run([bin_path("cai"), "--state-dir", spe.state_dir],
                       input=bytes(range(256)) * 20 + b"\n\x00\xff\n", capture_output=True,
                       timeout=60)
    assert r.returncode == 2
    assert b"AddressSanitizer" not in r.stderr


def test_spe_status_and_stop(spe):
    r = run_cai(spe.state_dir, "spe", "status")
    assert r.returncode == 0
    assert f"pid: {spe.proc.pid}" in r.stdout and "spe: running" in r.stdout
    r = run_cai(spe.state_dir, "spe", "stop")
    assert r.returncode == 0 and "spe: stopped" in r.stdout
    assert spe.proc.wait(timeout=20) == 0
    r = run_cai(spe.state_dir, "spe", "status")
    assert r.returncode == 1 and "spe: not running" in r.stdout
    r = run_cai(spe.state_dir, "spe", "stop")
    assert r.returncode == 1 and r.stderr.startswith("error: no SPE answers on ")


def test_boots_secure_side_when_absent(state_dir):
    r = run_cai(state_dir, "info")
    try:
        assert r.returncode == 0, r.stderr
        assert r.stderr.startswith("booting secure side...\n")
        assert "[SPE] serving PSA calls on" in r.stderr
        assert "framework_version: 1.1" in r.stdout
        pid = open(os.path.join(state_dir, "cai-spe.pid")).read().strip()
        # The second command finds it running: no second boot.
        r2 = run_cai(state_dir, "spe", "status")
        assert r2.returncode == 0 and f"pid: {pid}" in r2.stdout and r2.stderr == ""
        log = open(os.path.join(state_dir, "spe.log")).read()
        assert "Secure image initializing" in log
    finally:
        stop = run_cai(state_dir, "spe", "stop")
    assert stop.returncode == 0, stop.stderr
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))
    assert not os.path.exists(os.path.join(state_dir, "cai-spe.pid"))


def test_spe_socket_option(state_dir, tmp_path):
    sock = os.path.join(state_dir, "other.sock")
    r = run_cai(state_dir, "--spe-socket", sock, "spe", "start")
    try:
        assert r.returncode == 0, r.stderr
        assert "booting secure side" in r.stderr
        assert os.path.exists(sock)
        r = run_cai(state_dir, "--spe-socket", sock, "--json", "info")
        assert json.loads(r.stdout)["spe_socket"] == sock
    finally:
        assert run_cai(state_dir, "--spe-socket", sock, "spe", "stop").returncode == 0


def test_bad_state_dir_refused(tmp_path):
    d = tmp_path / "open"
    d.mkdir(mode=0o755)
    os.chmod(d, 0o755)
    r = run_cai(str(d), "info")
    assert r.returncode == 1
    assert r.stderr.strip() == f"error: state directory {d} has mode 0755; it must be 0700 " \
                               f"(chmod 700 {d})"


def test_interactive_on_a_terminal(spe):
    """On a tty: the prompt, libedit line editing, history in the state dir."""
    import pty
    import select
    master, slave = pty.openpty()
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX, TERM="dumb")
    p = subprocess.Popen([bin_path("cai"), "--state-dir", spe.state_dir], stdin=slave,
                         stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out = b""

    def read_until(token, timeout=30):
        nonlocal out
        import time
        deadline = time.monotonic() + timeout
        while token not in out and time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 0.2)
            if r:
                try:
                    out += os.read(master, 4096)
                except OSError:
                    break
        return token in out

    try:
        assert read_until(b"cai:~$ "), out
        os.write(master, b"psa version 0xf000\r")
        assert read_until(b"version: 1"), out
        assert read_until(b"cai:~$ ")
        # Ctrl-C: not our controlling terminal, so the line discipline eats it
        # (test_shell_conventions.py has Ctrl-C on a controlling terminal)
        os.write(master, b"\x03")
        # Tab completes from the command tree (subcommands after a command).
        os.write(master, b"spe sto")
        assert read_until(b"spe sto")
        os.write(master, b"\t")
        assert read_until(b"spe stop "), out
        os.write(master, b"\x15")  # Ctrl-U: drop the line
        os.write(master, b"exit\r")
        assert p.wait(timeout=30) == 0
    finally:
        if p.poll() is None:
            p.kill()
        os.close(master)
    # libedit's history file format escapes blanks as \040.
    hist = open(os.path.join(spe.state_dir, "history")).read().replace("\\040", " ")
    assert "psa version 0xf000\n" in hist


def test_spe_stop_falls_back_to_pidfile(spe):
    """With its socket gone, the SPE is still found through the pidfile."""
    os.unlink(spe.sock)
    r = run_cai(spe.state_dir, "spe", "stop")
    assert r.returncode == 0, r.stderr
    assert f"pid: {spe.proc.pid}" in r.stdout
    assert spe.proc.wait(timeout=20) == 0


def test_spe_stop_never_signals_a_stranger(state_dir):
    """A stale pidfile naming some other process is not trusted."""
    victim = subprocess.Popen(["sleep", "30"])
    try:
        with open(os.path.join(state_dir, "cai-spe.pid"), "w") as f:
            f.write(f"{victim.pid}\n")
        r = run_cai(state_dir, "spe", "stop")
        assert r.returncode == 1 and r.stderr.startswith("error: no SPE answers on ")
        assert victim.poll() is None
    finally:
        victim.kill()
        victim.wait()


def test_refused_call_prints_no_stale_bytes(spe):
    """A call the client library refuses (5 in-vectors) must not print the
    previous call's bytes, which are still in the shell's output buffer."""
    h = str(0x4000011F)  # the stateless echo: no connection needed
    script = (f"psa call {h} 0 --in cafe --out 2\n"
              f"psa call {h} 0 --in 01 --in 02 --in 03 --in 04 --in 05 --out 2\n"
              f"psa call 12345 0 --in beef --out 2\n")
    r = run_cai(spe.state_dir, input=script)
    assert r.returncode == 1
    results = r.stdout.split("status: ")[1:]
    assert len(results) == 3, r.stdout
    assert results[0] == "PSA_SUCCESS (0)\nout:\n  - cafe (2 bytes)\n"
    for refused in results[1:]:
        assert refused == "PSA_ERROR_PROGRAMMER_ERROR (-129)\nout:\n  -  (0 bytes)\n", r.stdout


def test_shell_port_struct(spe):
    """A backend hands the shell one cai_shell_port_t: its info hook, its
    psa_close with status and its commands are used; no port works too."""
    r = subprocess.run([bin_path("cai-e2e-shell-port"), spe.sock], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok shell port" in r.stdout


def test_interactive_without_secure_side_warns_once(state_dir):
    """On a terminal, cai tries the secure side once before the first prompt
    (booting fails here: a huk.bin with the wrong mode) and warns once."""
    import pty
    import select
    import time
    huk = os.path.join(state_dir, "huk.bin")
    with open(huk, "wb") as f:
        f.write(bytes(32))
    os.chmod(huk, 0o644)
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="dumb")
    env.pop("CAI_HUK_HEX", None)
    p = subprocess.Popen([bin_path("cai"), "--state-dir", state_dir], stdin=slave, stdout=slave,
                         stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out = b""
    try:
        deadline = time.monotonic() + 30
        while b"cai:~$ " not in out and time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 0.2)
            if r:
                try:
                    out += os.read(master, 4096)
                except OSError:
                    break
        assert b"cai:~$ " in out, out
        os.write(master, b"exit\r")
        assert p.wait(timeout=30) == 0
    finally:
        if p.poll() is None:
            p.kill()
        os.close(master)
    text = out.decode(errors="replace")
    assert text.count("booting secure side...") == 1, text
    assert text.count("warning: ") == 1, text
    assert "warning: no secure side is running; commands that need it will fail" in text
