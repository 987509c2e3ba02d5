# SPDX-License-Identifier: Apache-2.0
"""A shell left idle longer than the SPE's idle timeout goes on working: the
SPE drops the idle connection (test_quota.py), and the client library, which
held no handle on it, carries its next request over a new one. A client that
held a handle is told the connection is gone instead (its handle went with
it)."""
import subprocess
import time

from conftest import Spe, bin_path


def test_idle_shell_reconnects(state_dir):
    spe = Spe(state_dir, extra_args=["--idle-timeout", "1"])
    try:
        p = subprocess.Popen([bin_path("cai"), "--state-dir", state_dir], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdin.write("info version\n")
        p.stdin.flush()
        time.sleep(3)  # well past the 1 s idle timeout: the SPE drops the connection
        p.stdin.write("info version\n")
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert out.count("framework_version: 1.1") == 2, (out, err)
        assert "dropped" in spe.log() or "idle" in spe.log(), spe.log()
    finally:
        assert spe.stop() == 0, spe.log()


def test_idle_drop_with_a_handle_is_reported(state_dir):
    spe = Spe(state_dir, extra_args=["--idle-timeout", "1"])
    try:
        # A connection holding a handle is never dropped as idle (its handle
        # keeps it alive), so the handle still works after the timeout.
        p = subprocess.Popen([bin_path("cai"), "--state-dir", state_dir], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdin.write("psa connect 0xf000 1\n")
        p.stdin.flush()
        time.sleep(3)
        p.stdin.write("psa call 256 0 --in 6869 --out 2\n")
        out, err = p.communicate(timeout=60)
        assert "handle: 256" in out and "6869" in out, (out, err)
    finally:
        assert spe.stop() == 0, spe.log()
