# SPDX-License-Identifier: Apache-2.0
"""The two SPE images: cai-spe (the default, product image) serves no test
service; cai-spe-test (the same code plus the [TEST] partitions) does. And
`cai` boots the default image, found next to itself."""
import json
import os

import pytest

from conftest import DEFAULT_IMAGE, TEST_IMAGE, Spe, run_cai
from frames import (PSA_ERROR_CONNECTION_REFUSED, PSA_ERROR_PROGRAMMER_ERROR, REAL_SERVICES,
                    STATELESS_HANDLE, TEST_SERVICES, Conn)

# What `info` lists on the default image: the real services the NS side may call.
NS_VISIBLE = sorted(name for (name, _, _, _, ns) in REAL_SERVICES.values() if ns)


@pytest.fixture
def default_spe(state_dir):
    s = Spe(state_dir, image=DEFAULT_IMAGE)
    yield s
    assert s.stop() == 0, s.log()


def test_default_image_refuses_test_services(default_spe):
    c = Conn(default_spe.sock)
    for sid_name, (_, sid, version, index, _) in TEST_SERVICES.items():
        assert c.version(sid) == 0, f"{sid_name} is visible in the default image"
        if index == 0:
            assert c.connect(sid, version) == PSA_ERROR_CONNECTION_REFUSED, sid_name
    # No stateless service sits behind the test's static handle, and no byte
    # comes back.
    assert c.call(STATELESS_HANDLE, 0, [b"ab"], [2]) == (PSA_ERROR_PROGRAMMER_ERROR, [b""])
    log = default_spe.log()
    assert "[TEST]" not in log
    ready = [line for line in log.splitlines() if line.startswith("[SPM] ready: ")]
    assert ready and ready[0].endswith(f" {len(REAL_SERVICES)} services"), log


def test_test_image_serves_test_services(spe):
    assert spe.image == TEST_IMAGE
    c = Conn(spe.sock)
    for sid_name, (_, sid, version, _, non_secure) in TEST_SERVICES.items():
        assert c.version(sid) == (version if non_secure else 0), sid_name
    assert "[TEST] partition CAI_TEST up" in spe.log()


def test_shell_sees_no_test_service_in_default_image(default_spe):
    r = run_cai(default_spe.state_dir, "--json", "info")
    assert r.returncode == 0, r.stderr
    assert sorted(s["name"] for s in json.loads(r.stdout)["services"]) == NS_VISIBLE
    r = run_cai(default_spe.state_dir, "psa", "connect", "0xf000", "1")
    assert r.returncode == 1 and "PSA_ERROR_CONNECTION_REFUSED" in r.stdout


def test_cai_boots_the_default_image(state_dir):
    r = run_cai(state_dir, "--json", "info")
    try:
        assert r.returncode == 0, r.stderr
        # with --json, stderr carries only JSON errors: the boot log is in spe.log
        assert r.stderr == ""
        with open(os.path.join(state_dir, "spe.log")) as f:
            log = f.read()
        assert "Booting cai-spe " in log and "[TEST]" not in log
        info = json.loads(r.stdout)
        assert sorted(s["name"] for s in info["services"]) == NS_VISIBLE, \
            "the default image serves the real services and no test service"
        with open(f"/proc/{info['spe_pid']}/comm") as f:
            assert f.read() == DEFAULT_IMAGE + "\n"
        r = run_cai(state_dir, "psa", "version", "0xf000")
        assert r.returncode == 1 and "not visible" in r.stderr
    finally:
        stop = run_cai(state_dir, "spe", "stop")
    assert stop.returncode == 0, stop.stderr
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))


def test_secure_only_services_refuse_the_ns_side(default_spe):
    """CAI_KEYSTORE (signing with 0x5002, ECDH with 0x5003) and CAI_ITS sign,
    derive or store for secure partitions only: the manifest refuses every
    non-secure caller before a service sees a byte (docs/design.md §3)."""
    c = Conn(default_spe.sock)
    secure_only = {k: v for k, v in REAL_SERVICES.items() if not v[4]}
    assert {"CAI_KEYSTORE", "CAI_ITS"} <= set(secure_only)
    for sid_name, (_, sid, version, index, _) in secure_only.items():
        assert c.version(sid) == 0, f"{sid_name} is visible to the NS side"
        handle = 0x40000000 | (version << 8) | (index - 1)
        # the keystore's SIGN_HASH with key 0x5002 and a digest: refused
        status, out = c.call(handle, 1, [b"\x02\x50\x00\x00", b"\x00" * 32], [64])
        assert (status, out) == (PSA_ERROR_CONNECTION_REFUSED, [b""]), sid_name
