# SPDX-License-Identifier: Apache-2.0
"""Helpers of the package tests: the build tree, one install of it into a
temporary prefix per test session, and a tool that must be there (or the
test skips, saying so)."""
import os
import shutil
import subprocess
import tempfile

import pytest

SRC = os.environ.get("CAI_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
HUK_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
PROGRAMS = ("cai", "cai-spe", "cai-cloud", "cai-model")


def build_dir():
    d = os.environ.get("CAI_BUILD_DIR")
    if not d:
        pytest.skip("CAI_BUILD_DIR is not set: run through ctest")
    return d


def tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def install(prefix, destdir=None):
    """cmake --install of the build tree into prefix (under destdir)."""
    env = dict(os.environ)
    env.pop("DESTDIR", None)
    if destdir:
        env["DESTDIR"] = destdir
    r = subprocess.run(["cmake", "--install", build_dir(), "--prefix", prefix],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


@pytest.fixture(scope="session")
def prefix():
    """The build tree installed once into a temporary prefix."""
    d = tempfile.mkdtemp(prefix="cai-pkg-")
    p = os.path.join(d, "usr")
    install(p)
    yield p
    shutil.rmtree(d, ignore_errors=True)


def clean_env(tmp, **extra):
    """An environment that reaches no real state: HOME and the XDG
    directories inside tmp, no CAI_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAI_")}
    env.update(HOME=os.path.join(tmp, "home"), XDG_STATE_HOME=os.path.join(tmp, "state"),
               XDG_RUNTIME_DIR=os.path.join(tmp, "run"))
    env.update(extra)
    return env
