# SPDX-License-Identifier: Apache-2.0
"""The daemon's log is capped: at --log-max bytes spe.log becomes spe.log.1
(the previous .1 is replaced) and a new spe.log starts, so a client that
keeps getting itself dropped cannot fill the disk."""
import os
import subprocess
import time

from conftest import HUK_HEX, bin_path, wait_for
from frames import Conn


def test_log_rotates_at_its_cap(state_dir):
    env = dict(os.environ, CAI_HUK_HEX=HUK_HEX)
    r = subprocess.run([bin_path("cai-spe-test"), "--state-dir", state_dir, "--log-max", "4096"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr  # daemonized once ready
    log = os.path.join(state_dir, "spe.log")
    sock = os.path.join(state_dir, "spe.sock")
    try:
        # Each garbage frame gets its client dropped, and logged (at most a
        # few lines a second, then counted): about 20 s of it exceeds 4 KiB
        # twice over.
        deadline = time.monotonic() + 60
        while not os.path.exists(log + ".1") and time.monotonic() < deadline:
            c = Conn(sock)
            c.send_raw(b"\x00" * 7)
            c.is_dropped()
            c.close()
            time.sleep(0.02)
        assert os.path.exists(log + ".1"), "the log never rotated"
        assert os.path.getsize(log + ".1") <= 4096 + 512
        assert os.path.getsize(log) <= 4096 + 512
        assert oct(os.stat(log).st_mode & 0o777) == "0o600"
        assert oct(os.stat(log + ".1").st_mode & 0o777) == "0o600"
    finally:
        subprocess.run([bin_path("cai"), "--state-dir", state_dir, "spe", "stop"],
                       capture_output=True, timeout=60)
        wait_for(lambda: not os.path.exists(sock), 20)
