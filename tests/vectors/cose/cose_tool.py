# SPDX-License-Identifier: Apache-2.0
"""Client of cai-cose-testtool (tests/vectors/cose/cose_testtool.c), shared by
the COSE vector and oracle drivers."""
import subprocess


class Tool:
    """One long-lived cai-cose-testtool process; one request line, one reply line."""

    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def call(self, op, **kw):
        parts = [op]
        for k, v in kw.items():
            if v is None:
                continue
            if isinstance(v, (bytes, bytearray)):
                v = v.hex()
            parts.append(f"{k}={v}")
        self.proc.stdin.write(" ".join(parts) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"tool died on {op} (rc {self.proc.poll()})")
        words = line.split(" ")
        if words[0] == "err":
            return {"ok": False, "code": int(words[1]), "name": words[2]}
        out = {"ok": True}
        for w in words[1:]:
            k, _, v = w.partition("=")
            out[k] = v
        return out

    def close(self):
        self.proc.stdin.close()
        rc = self.proc.wait(timeout=30)
        assert rc == 0, f"cai-cose-testtool exited with {rc} (sanitizer report on stderr?)"
