# SPDX-License-Identifier: Apache-2.0
"""pytest plumbing for the COSE vector and oracle drivers: --tool/--backend
options, the shared-data check (exit 77 = CTest "Skipped") and a session-wide
connection to cai-cose-testtool."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from cose_tool import Tool  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--tool", required=True, help="path of cai-cose-testtool-<backend>")
    parser.addoption("--backend", default="?", help="crypto backend name (mbedtls/openssl)")
    parser.addoption("--needs-shared", action="store_true",
                     help="exit 77 (skipped) when CAI_SHARED_DIR/vectors/cose is absent")


def pytest_sessionstart(session):
    if session.config.getoption("--needs-shared") and shared_dir() is None:
        print("cose: CAI_SHARED_DIR/vectors/cose is absent: skipping (exit 77)")
        pytest.exit("CAI_SHARED_DIR/vectors/cose absent", returncode=77)


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
