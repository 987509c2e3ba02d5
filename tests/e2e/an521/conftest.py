# SPDX-License-Identifier: Apache-2.0
"""Fixtures of the an521 suite: the firmware built once per session, a
provisioning blob pinning the HUK, the host backend with the same HUK."""
import os
import subprocess

import pytest

from an521_driver import BIN, HUK, SRC, An521, build_firmware


@pytest.fixture(scope="session")
def firmware():
    """Both images, built in their own configuration (`make an521`)."""
    bindir = build_firmware(os.environ.get("CAI_AN521_BUILD", os.path.join(SRC, "build-an521")))
    if bindir is None:
        pytest.skip("no mbedTLS source in .deps/ (scripts/deps.sh target)")
    return bindir


@pytest.fixture(scope="session")
def huk_blob(tmp_path_factory):
    p = tmp_path_factory.mktemp("prov") / "huk.bin"
    p.write_bytes(b"CAIHUK01" + HUK)
    return str(p)


@pytest.fixture
def device(firmware, huk_blob):
    d = An521(firmware, huk_blob)
    yield d
    d.close()


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    """Run the host `cai` with the same HUK pinned (CAI_HUK_HEX) in a fresh
    state directory; the SPE it boots is stopped at the end."""
    cai = os.path.join(BIN, "cai")
    if not os.path.exists(cai):
        pytest.skip(f"no host build at {BIN}")
    state = tmp_path_factory.mktemp("host-state")
    os.chmod(state, 0o700)
    env = dict(os.environ, CAI_STATE_DIR=str(state), CAI_HUK_HEX=HUK.hex())

    def run(*args, check=True):
        r = subprocess.run([cai, *args], env=env, capture_output=True, text=True, timeout=60)
        if check:
            assert r.returncode == 0, r.stderr
        return r.stdout

    yield run
    subprocess.run([cai, "spe", "stop"], env=env, capture_output=True, timeout=60)
