#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run the documented command sessions and compare their output.

Only blocks marked with an HTML comment on the line before the fence are
run (a Markdown renderer shows nothing of the comment):

    <!-- doc-test -->
    ```console
    $ cai info uuid
    uuid: cc858ddf-19e0-4ece-9652-e2c377701a3a
    ```

In a block, a line starting with "$ " is a command (run with bash); the lines
after it, up to the next command, are its expected output (stdout and stderr
together). A command ending in "&" runs in the background: the harness waits
until it reports READY=1 on $NOTIFY_SOCKET (cai-spe does) or 20 s pass.
When the expected output holds prompt lines ("cai:~$ info"), the command
runs on a terminal (a pty) and each prompt line's text is typed when that
prompt appears, so an interactive session is checked as it looks.
An expected line "..." stands for any number of lines (build output).

Options in the comment, separated by spaces (shell quoting):

  session=NAME       blocks of one file with the same NAME share one session
                     (directories, environment, background processes); the
                     first block's options hold for all. Default: each block
                     is its own session.
  env:NAME=VALUE     set an environment variable (CAI_HUK_HEX=... pins the
                     HUK, and then UUIDs are compared as they are).
  dir:NAME=SHOWN     NAME (HOME, XDG_RUNTIME_DIR, ...) is a fresh directory,
                     shown as SHOWN in the document.
  dir:SHOWN          SHOWN, a path in the commands, is a fresh directory.
  cwd=src            run in the source tree (`make run`); default: a fresh
                     directory holding a `build` link to the build tree.
  normalize=REGEX    also replace what REGEX matches on both sides.
  spe                an SPE is running when the session starts (`cai spe
                     start`, its boot log not compared), as the text around
                     such a block assumes.
  setup=COMMANDS     run COMMANDS (bash, after spe) when the session starts,
                     output not compared, exit 0 required: the state the
                     text says the block starts from (a certified key).

Each session starts from a small environment (PATH with the build's bin
first, LANG=C.UTF-8, TERM=dumb, BUILD=<build tree> for make, HOME a fresh
directory; no XDG_* or CAI_* unless named). Before comparing, both sides are
normalised: RFC 3339 times, pids (after "pid", "pid:"), PEM bodies, hex of 32
digits or more and, unless the HUK is pinned, UUIDs. At the end of a session
its background processes and every process started with its directories
(an SPE that cai booted) are stopped.

usage: doc_blocks.py --build DIR [--src DIR] [--block N] [--list] FILE...
Exit 0 all marked blocks match, 1 a mismatch (a diff is printed), 2 usage.
"""
import argparse
import difflib
import os
import pty
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import termios
import time

MARK = re.compile(r"^\s*<!--\s*doc-test\b(.*?)-->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)(.*)$")
PROMPT = "cai:~$ "
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Block:
    def __init__(self, path, line, opts):
        self.path, self.line, self.opts = path, line, opts
        self.steps = []  # (command, [expected lines], line number)

    def where(self):
        return f"{self.path}:{self.line}"


def parse(path):
    """The marked blocks of a Markdown file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, i = [], 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if not m:
            i += 1
            continue
        opts = shlex.split(m.group(1).strip().lstrip(":"))
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        f = FENCE.match(lines[j]) if j < len(lines) else None
        if not f:
            raise SystemExit(f"{path}:{i + 1}: doc-test mark not followed by a code block")
        block = Block(path, j + 1, opts)
        indent, fence, k = f.group(1), f.group(2), j + 1
        while k < len(lines) and not lines[k].strip().startswith(fence):
            text = lines[k]
            # A block inside a list item is indented like its fence.
            text = text[len(indent):] if text.startswith(indent) else text.lstrip()
            if text.startswith("$ "):
                block.steps.append([text[2:], [], k + 1])
            elif block.steps:
                block.steps[-1][1].append(text)
            elif text.strip():
                raise SystemExit(f"{path}:{k + 1}: output before the first '$ ' command")
            k += 1
        if not block.steps:
            raise SystemExit(f"{block.where()}: a doc-test block without a '$ ' command")
        blocks.append(block)
        i = k + 1
    return blocks


def unmarked(path):
    """Line numbers of the fenced blocks in path that show a command ("$ "
    line) with output but carry no doc-test mark: every such block must be
    run (docs.checker fails on one)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found, i, marked = [], 0, False
    while i < len(lines):
        f = FENCE.match(lines[i])
        if not f:
            if lines[i].strip():
                marked = bool(MARK.match(lines[i]))
            i += 1
            continue
        start, k, has_cmd, has_out = i + 1, i + 1, False, False
        while k < len(lines) and not lines[k].strip().startswith(f.group(2)):
            t = lines[k].strip()
            if t.startswith("$ "):
                has_cmd = True
            elif has_cmd and t:
                has_out = True
            k += 1
        if has_cmd and has_out and not marked:
            found.append(start)
        marked, i = False, k + 1
    return found


class Session:
    def __init__(self, opts, src, build):
        self.src, self.build = src, build
        self.root = tempfile.mkdtemp(prefix="cai-doc-")
        os.chmod(self.root, 0o700)
        self.env = {"PATH": os.path.join(build, "bin") + ":/usr/local/bin:/usr/bin:/bin",
                    "LANG": "C.UTF-8", "TERM": "dumb", "BUILD": build,
                    "HOME": self.fresh("home")}
        self.cwd = self.fresh("work")
        os.symlink(build, os.path.join(self.cwd, "build"))
        self.shown = []  # (real path, path as the document shows it)
        self.normalize = []
        self.background = []
        for o in opts:
            if o.startswith("env:") and "=" in o:
                k, v = o[4:].split("=", 1)
                self.env[k] = v
            elif o.startswith("dir:"):
                spec = o[4:]
                if "=" in spec:
                    name, shown = spec.split("=", 1)
                    real = self.fresh(name.lower())
                    self.env[name] = real
                else:
                    shown, real = spec, self.fresh("d" + str(len(self.shown)))
                self.shown.append((real, shown))
            elif o == "cwd=src":
                self.cwd = src
            elif o.startswith("normalize="):
                self.normalize.append(re.compile(o[len("normalize="):]))
            elif o.startswith("session=") or o.startswith("setup=") or o == "spe":
                pass
            else:
                raise SystemExit(f"unknown doc-test option '{o}'")
        self.shown.sort(key=lambda p: -len(p[0]))
        self.pinned = "CAI_HUK_HEX" in self.env
        if "spe" in opts:
            r = subprocess.run(["cai", "spe", "start"], cwd=self.cwd, env=self.env,
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise SystemExit("doc-test option spe: cai spe start failed: " + r.stderr)
        for o in opts:
            if o.startswith("setup="):
                r = subprocess.run(["bash", "-c", self.command(o[len("setup="):])],
                                   cwd=self.cwd, env=self.env, capture_output=True, text=True,
                                   timeout=300)
                if r.returncode != 0:
                    raise SystemExit(f"doc-test setup failed ({o}): {r.stdout}{r.stderr}")

    def fresh(self, name):
        d = os.path.join(self.root, name)
        os.makedirs(d, mode=0o700, exist_ok=True)
        return d

    def command(self, cmd):
        """The command with each shown directory replaced by its real one."""
        for real, shown in sorted(self.shown, key=lambda p: -len(p[1])):
            cmd = cmd.replace(shown, real)
        return cmd

    def show(self, text):
        for real, shown in self.shown:
            text = text.replace(real, shown)
        return text.replace(self.root, "<tmp>")

    def run(self, cmd, expected):
        cmd = self.command(cmd)
        if cmd.rstrip().endswith("&"):
            return self.run_background(cmd.rstrip()[:-1])
        if any(line.startswith(PROMPT) for line in expected):
            inputs = [line[len(PROMPT):] for line in expected if line.startswith(PROMPT)]
            return self.run_pty(cmd, inputs)
        r = subprocess.run(["bash", "-c", cmd], cwd=self.cwd, env=self.env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=600)
        return r.stdout.decode(errors="replace")

    def run_background(self, cmd):
        ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        path = os.path.join(self.root, f"notify{len(self.background)}.sock")
        ns.bind(path)
        ns.settimeout(20)
        log = open(os.path.join(self.root, f"bg{len(self.background)}.log"), "wb")
        p = subprocess.Popen(["bash", "-c", "exec " + cmd], cwd=self.cwd,
                             env=dict(self.env, NOTIFY_SOCKET=path), stdin=subprocess.DEVNULL,
                             stdout=log, stderr=subprocess.STDOUT)
        self.background.append(p)
        try:
            while b"READY=1" not in ns.recv(4096):
                pass
        except OSError:
            pass
        ns.close()
        return ""

    def run_pty(self, cmd, inputs):
        master, slave = pty.openpty()
        p = subprocess.Popen(["bash", "-c", cmd], cwd=self.cwd, env=self.env, stdin=slave,
                             stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        out = b""

        def read(until=None, timeout=600):
            nonlocal out
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                r, _, _ = select.select([master], [], [], 0.1)
                if r:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        return
                    if not data:
                        return
                    out += data
                    if until and out.endswith(until):
                        return
                elif p.poll() is not None:
                    return

        def editing():
            # The line editor reads keys itself (no canonical mode, no echo
            # by the terminal): typing before that would be echoed twice.
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                lflag = termios.tcgetattr(master)[3]
                if not lflag & (termios.ICANON | termios.ECHO):
                    return
                time.sleep(0.01)

        for text in inputs:
            read(PROMPT.encode())
            editing()
            os.write(master, (text + "\n").encode())
        read(timeout=60)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
        os.close(master)
        return CSI.sub("", out.decode(errors="replace"))

    def close(self):
        for p in self.background:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.background:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        # Whatever was started with our directories (an SPE that cai booted).
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                cmdline = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
            except OSError:
                continue
            if self.root in cmdline:
                try:
                    os.kill(int(pid), signal.SIGTERM)
                except OSError:
                    pass
        time.sleep(0.2)
        shutil.rmtree(self.root, ignore_errors=True)


TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
PID = re.compile(r"(?<![A-Za-z])(pid:?\s*)\d+")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
HEX = re.compile(r"\b[0-9a-f]{32,}\b")


def normalise(lines, session):
    out, in_pem = [], False
    for line in lines:
        if line.startswith("-----BEGIN "):
            in_pem = True
        elif line.startswith("-----END "):
            in_pem = False
        elif in_pem:
            out.append("<base64>")
            continue
        line = TIME.sub("<time>", line)
        line = PID.sub(r"\1<pid>", line)
        if not session.pinned:
            line = UUID.sub("<uuid>", line)
        line = HEX.sub("<hex>", line)
        for rx in session.normalize:
            line = rx.sub("<normalized>", line)
        out.append(line.rstrip())
    return out


def matches(expected, actual):
    """expected may hold "..." lines, each standing for any number of lines."""
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(expected):
            r = j == len(actual)
        elif expected[i] == "...":
            r = m(i + 1, j) or (j < len(actual) and m(i, j + 1))
        else:
            r = j < len(actual) and expected[i] == actual[j] and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return m(0, 0)


def check_block(block, session):
    """0 when every command's output matches, else 1 (a diff printed)."""
    status = 0
    for cmd, expected, line in block.steps:
        actual = session.show(session.run(cmd, expected)).split("\n")
        while actual and actual[-1] == "":
            actual.pop()
        while expected and expected[-1] == "":
            expected = expected[:-1]
        exp, act = normalise(expected, session), normalise(actual, session)
        if not matches(exp, act):
            status = 1
            print(f"FAIL {block.path}:{line}: $ {cmd}")
            for d in difflib.unified_diff(exp, act, "documented", "actual", lineterm=""):
                print("    " + d)
    return status


def main(argv=None):
    ap = argparse.ArgumentParser(description="run the doc-test blocks of Markdown files")
    ap.add_argument("--build", help="the build tree (its bin/ comes first)")
    ap.add_argument("--src", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", ".."))
    ap.add_argument("--block", type=int, help="run only the N-th marked block (from 0)")
    ap.add_argument("--list", action="store_true", help="list the marked blocks")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    blocks = [b for f in a.files for b in parse(f)]
    if a.list:
        for n, b in enumerate(blocks):
            print(f"{n} {b.where()} {len(b.steps)} commands {' '.join(b.opts)}")
        return 0
    if not a.build or not os.path.isdir(os.path.join(a.build, "bin")):
        print(f"doc_blocks: {a.build}/bin does not exist: build first", file=sys.stderr)
        return 2
    if a.block is not None:
        blocks = [blocks[a.block]]
    status, sessions, passed, failed = 0, {}, 0, 0
    try:
        for b in blocks:
            name = next((o[8:] for o in b.opts if o.startswith("session=")), None)
            key = (b.path, name) if name else (b.path, "line", b.line)
            if key not in sessions:
                sessions[key] = Session(b.opts, os.path.abspath(a.src), os.path.abspath(a.build))
            rc = check_block(b, sessions[key])
            passed, failed = passed + (rc == 0), failed + (rc != 0)
            print(f"{'ok  ' if rc == 0 else 'FAIL'} {b.where()} ({len(b.steps)} commands)")
            status |= rc
            if not name:
                sessions.pop(key).close()
    finally:
        for s in sessions.values():
            s.close()
    print(f"doc blocks: {passed} passed, {failed} failed")
    return status


if __name__ == "__main__":
    sys.exit(main())
