# SPDX-License-Identifier: Apache-2.0
"""spe.log lines (platform/host/spe/spe_log.c): each starts with its UTC time
in RFC 3339 (milliseconds, Z) and its level, the file is 0600, and
--log-level drops the lines above it, on the console as in the file; the
console (stderr: the boot log, or the journal) gets the line as logged."""
import datetime
import os
import re
import subprocess

import pytest

from conftest import HUK_HEX, TEST_IMAGE, bin_path, wait_for

LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (error|warn|info|debug) (.*)$")


def boot_daemon(state_dir, *args):
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX)
    r = subprocess.run([bin_path(TEST_IMAGE), "--state-dir", state_dir, *args], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r


def stop(state_dir):
    subprocess.run([bin_path("cai"), "--state-dir", state_dir, "spe", "stop"],
                   capture_output=True, timeout=60)
    wait_for(lambda: not os.path.exists(os.path.join(state_dir, "spe.sock")), 20)


def log_lines(state_dir):
    with open(os.path.join(state_dir, "spe.log")) as f:
        return f.read().splitlines()


def test_lines_carry_utc_time_and_level(state_dir):
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    r = boot_daemon(state_dir)
    stop(state_dir)
    after = datetime.datetime.now(datetime.timezone.utc)
    lines = log_lines(state_dir)
    assert lines, "empty log"
    seen = set()
    for line in lines:
        m = LINE.match(line)
        assert m, f"not '<RFC 3339 UTC> <level> <message>': {line!r}"
        t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=datetime.timezone.utc)
        assert before <= t <= after, line
        level, msg = m.group(2), m.group(3)
        want = {"[ERR]": "error", "[WRN]": "warn", "[DBG]": "debug"}.get(msg[:5], "info")
        assert level == want, line
        seen.add(level)
    assert {"info", "warn"} <= seen
    assert any(line.endswith("[SPE] shut down cleanly") for line in lines)
    # The boot console shows the same lines as logged, without the stamp.
    stripped = [LINE.match(line).group(3) for line in lines]
    boot = r.stderr.splitlines()
    assert boot and boot == stripped[:len(boot)], (boot, stripped)
    assert oct(os.stat(os.path.join(state_dir, "spe.log")).st_mode & 0o777) == "0o600"


def test_log_level_warn_keeps_warnings_only(state_dir):
    r = boot_daemon(state_dir, "--log-level", "warn")
    stop(state_dir)
    levels = [LINE.match(line).group(2) for line in log_lines(state_dir)]
    assert levels and set(levels) <= {"error", "warn"}, levels
    assert all(line.startswith(("[WRN]", "[ERR]")) for line in r.stderr.splitlines()), r.stderr


def test_log_level_error_logs_nothing_on_a_clean_boot(state_dir):
    r = boot_daemon(state_dir, "--log-level", "error")
    stop(state_dir)
    assert r.stderr == ""
    assert log_lines(state_dir) == []


@pytest.mark.parametrize("bad", ["verbose", "", "WARN", "3"])
def test_bad_log_level_is_a_usage_error(state_dir, bad):
    r = subprocess.run([bin_path(TEST_IMAGE), "--foreground", "--state-dir", state_dir,
                        "--log-level", bad], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "--log-level" in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))


def test_journal_gets_syslog_priorities(state_dir):
    """Under systemd (JOURNAL_STREAM names stderr's device:inode) each
    stderr line carries the priority prefix journald reads: <3> error,
    <4> warn, <6> info; a JOURNAL_STREAM naming another file changes
    nothing."""
    r, w = os.pipe()
    st = os.fstat(w)
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX)
    for stream, prefixed in ((f"{st.st_dev}:{st.st_ino}", True), ("1:2", False)):
        proc = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground", "--state-dir", state_dir],
                                env=dict(env, JOURNAL_STREAM=stream), stdout=subprocess.DEVNULL,
                                stderr=w)
        f = os.fdopen(os.dup(r), "r")
        lines = []
        while not lines or "serving PSA calls" not in lines[-1]:
            lines.append(f.readline())
            assert lines[-1], "cai-spe stopped before serving"
        proc.terminate()
        assert proc.wait(timeout=30) == 0
        lines.append(f.readline())  # the shutdown line
        f.close()
        for line in lines:
            if not prefixed:
                assert not line.startswith("<"), line
                continue
            m = re.match(r"^<([0-7])>(.*)$", line)
            assert m, line
            want = {"[ERR]": "3", "[WRN]": "4", "[DBG]": "7"}.get(m.group(2)[:5], "6")
            assert m.group(1) == want, line
        assert any(line.startswith("<4>[WRN]") for line in lines) == prefixed
    os.close(r)
    os.close(w)
