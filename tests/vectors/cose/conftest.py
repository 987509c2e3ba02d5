"""pytest plumbing for the COSE vector and oracle drivers: --tool/--backend
options, the shared-data check (exit 77 = CTest "Skipped") and a session-wide
connection to cai-cose-testtool."""
import os
import subprocess

import pytest


def pytest_addoption(parser):
    parser.addoption("--tool", required=True, help="path of cai-cose-testtool-<backend>")
    parser.addoption("--backend", default="?", help="crypto backend name (mbedtls/openssl)")
    parser.addoption("--needs-shared", action="store_true",
                     help="exit 77 (skipped) when CAI_SHARED_DIR/vectors/cose is absent")


def pytest_sessionstart(session):
    if session.config.getoption("--needs-shared") and shared_dir() is None:
        print("cose: CAI_SHARED_DIR/vectors/cose is absent: skipping (exit 77)")
        pytest.exit("CAI_SHARED_DIR/vectors/cose absent", returncode=77)


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


@pytest.fixture(scope="session")
def tool(request):
    t = Tool(request.config.getoption("--tool"))
    yield t
    t.close()


@pytest.fixture(scope="session")
def backend(request):
    return request.config.getoption("--backend")


def shared_dir():
    d = os.environ.get("CAI_SHARED_DIR", "")
    return d if d and os.path.isdir(os.path.join(d, "vectors", "cose")) else None
