# SPDX-License-Identifier: Apache-2.0
"""The system service files (platform/host/systemd): systemd accepts the
unit without a warning, sysusers makes the user and group it names, and the
unit's own ExecStart command line starts cai-spe under its user and serves a
member of the clients' group (the unit's names and paths swapped for test
ones). Skips, saying why, without systemd-analyze / systemd-sysusers or root."""
import os
import re
import shlex
import shutil
import subprocess
import tempfile

import pytest

from conftest import CLIENT_GROUP, SPE_USER, as_user, bin_path, ensure_test_users, wait_for

SRC = os.environ.get("CAI_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
UNIT = os.path.join(SRC, "platform", "host", "systemd", "cai-spe.service")
SYSUSERS = os.path.join(SRC, "platform", "host", "systemd", "cai.sysusers")


def tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def exec_start():
    m = re.search(r"^ExecStart=(.*)$", open(UNIT).read(), re.M)
    assert m, "the unit has no ExecStart"
    return shlex.split(m.group(1))


def test_unit_verifies_without_warnings(tmp_path):
    analyze = tool("systemd-analyze")
    unit = tmp_path / "cai-spe.service"
    unit.write_text(open(UNIT).read().replace("/usr/bin/cai-spe", bin_path("cai-spe")))
    r = subprocess.run([analyze, "verify", "--man=no", str(unit)], capture_output=True,
                       text=True)
    assert r.returncode == 0 and (r.stdout + r.stderr).strip() == "", r.stdout + r.stderr


def test_sysusers_makes_the_user_and_group(tmp_path):
    sysusers = tool("systemd-sysusers")
    (tmp_path / "etc").mkdir()
    r = subprocess.run([sysusers, "--root", str(tmp_path), SYSUSERS], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    passwd = open(tmp_path / "etc" / "passwd").read()
    group = open(tmp_path / "etc" / "group").read()
    assert re.search(r"^cai:x:\d+:\d+:.*:/var/lib/cai:", passwd, re.M), passwd
    assert re.search(r"^cai-clients:x:\d+:cai$", group, re.M), group
    args = exec_start()
    assert args[args.index("--user") + 1] == "cai"
    assert args[args.index("--group") + 1] == "cai-clients"


def test_exec_start_serves_a_client():
    spe_pw, gr, ns_pw, _, _ = ensure_test_users()
    base = tempfile.mkdtemp(prefix="cai-e2e-unit-", dir="/tmp")
    os.chown(base, spe_pw.pw_uid, spe_pw.pw_gid)
    os.chmod(base, 0o755)
    state, run = os.path.join(base, "state"), os.path.join(base, "run")
    swap = {"/usr/bin/cai-spe": bin_path("cai-spe"), "cai": SPE_USER,
            "cai-clients": CLIENT_GROUP, "/var/lib/cai": state, "/run/cai": run}
    args = [swap.get(a, a) for a in exec_start()]
    env = {k: v for k, v in os.environ.items() if k != "CAI_HUK_HEX"}
    log = open(base + ".log", "wb")
    spe = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        assert wait_for(lambda: os.path.exists(os.path.join(run, "spe.sock"))), \
            open(base + ".log").read()
        home = os.path.join(base, "ns")
        os.mkdir(home, 0o700)
        os.chown(home, ns_pw.pw_uid, ns_pw.pw_gid)
        r = subprocess.run([bin_path("cai"), "--state-dir", home, "--spe-socket",
                            os.path.join(run, "spe.sock"), "info", "uuid"],
                           capture_output=True, text=True, timeout=60,
                           env=dict(env, HOME=home, CAI_SPE_UID=SPE_USER),
                           preexec_fn=as_user(ns_pw))
        assert r.returncode == 0 and r.stdout.startswith("uuid: "), r.stdout + r.stderr
    finally:
        spe.terminate()
        rc = spe.wait(timeout=30)
        log.close()
        text = open(base + ".log").read()
        os.unlink(base + ".log")
        shutil.rmtree(base, ignore_errors=True)
    assert rc == 0, text
    assert "same-uid development mode" not in text
