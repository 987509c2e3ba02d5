# SPDX-License-Identifier: Apache-2.0
"""pytest plumbing for the COSE oracle tests: the cai-cose-testtool client
(shared with tests/vectors/cose) and the optional cai-cloud path."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "vectors", "cose"))
from cose_tool import Tool  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--tool", required=True, help="path of cai-cose-testtool-<backend>")
    parser.addoption("--backend", default="?", help="crypto backend name")
    parser.addoption("--cli", default="", help="path of cai-cloud (CLI tests skip without it)")


@pytest.fixture(scope="session")
def tool(request):
    t = Tool(request.config.getoption("--tool"))
    yield t
    t.close()
