# SPDX-License-Identifier: Apache-2.0
"""Drives build/bin/cai-cbor-tool in batch mode: one process, one line per
request ("COMMAND HEX" -> "ok OUTPUT" / "err NAME")."""

import os
import subprocess


class CborTool:
    def __init__(self):
        bindir = os.environ.get("CAI_BIN_DIR", "")
        self.path = os.path.join(bindir, "cai-cbor-tool")
        if not os.access(self.path, os.X_OK):
            raise RuntimeError("cai-cbor-tool not found at %s (set CAI_BIN_DIR)" % self.path)
        self.proc = subprocess.Popen([self.path, "batch"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def run(self, cmd, data):
        """Returns (True, output) or (False, error-name)."""
        hexdata = data.hex() if isinstance(data, (bytes, bytearray)) else data
        self.proc.stdin.write("%s %s\n" % (cmd, hexdata))
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("cai-cbor-tool died on %s %s" % (cmd, hexdata[:80]))
        status, _, out = line.rstrip("\n").partition(" ")
        return status == "ok", out

    def close(self):
        self.proc.stdin.close()
        rc = self.proc.wait()
        if rc != 0:
            raise RuntimeError("cai-cbor-tool exited with %d" % rc)
