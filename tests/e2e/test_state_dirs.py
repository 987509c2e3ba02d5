# SPDX-License-Identifier: Apache-2.0
"""Where the host keeps things (docs/host.md "Directories"): persistent state
($XDG_STATE_HOME/cai, else $HOME/.local/state/cai) apart from runtime files
($XDG_RUNTIME_DIR/cai, else beside the state), the overrides, absolute paths
whatever the working directory, and never the working directory itself."""
import json
import os
import subprocess

from conftest import HUK_HEX, TEST_IMAGE, Spe, bin_path, wait_for


def clean_env(**extra):
    """The session's isolated environment without a pinned HUK or any cai
    override, plus extra (a value None removes the variable)."""
    env = dict(os.environ)
    for var in ("CAI_HUK_HEX", "CAI_STATE_DIR", "CAI_SPE_SOCKET"):
        env.pop(var, None)
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def cai(cwd, env, *args):
    return subprocess.run([bin_path("cai"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def status(cwd, env, *opts):
    r = cai(cwd, env, *opts, "--json", "spe", "status")
    return r, (json.loads(r.stdout) if r.stdout.strip() else {})


def test_two_working_directories_reach_the_same_spe_and_state(tmp_path):
    state_home, run_home = tmp_path / "state", tmp_path / "run"
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    env = clean_env(XDG_STATE_HOME=str(state_home), XDG_RUNTIME_DIR=str(run_home))
    try:
        r = cai(a, env, "spe", "start")
        assert r.returncode == 0, r.stderr
        _, from_a = status(a, env)
        r, from_b = status(b, env)
        assert r.returncode == 0, r.stderr
        assert from_a["pid"] == from_b["pid"]
        assert from_a["socket"] == from_b["socket"] == str(run_home / "cai" / "spe.sock")
        assert from_b["state_dir"] == str(state_home / "cai")
        assert from_b["runtime_dir"] == str(run_home / "cai")
        huk = state_home / "cai" / "huk.bin"
        first = huk.read_bytes()
        assert cai(b, env, "spe", "stop").returncode == 0
        # A new boot from the other directory reads the same HUK: the same device.
        r = cai(b, env, "spe", "start")
        assert r.returncode == 0, r.stderr
        assert huk.read_bytes() == first
        log = (run_home / "cai" / "spe.log").read_text()
        assert log.count("Beginning cai provisioning") == 1
        assert f"HUK read from {huk}" in log
    finally:
        cai(a, env, "spe", "stop")
    # Nothing in either working directory (no ./var any more).
    assert os.listdir(a) == [] and os.listdir(b) == []
    # The state is not in the runtime directory and vice versa.
    assert sorted(os.listdir(state_home / "cai")) == ["huk.bin", "its"]
    assert "huk.bin" not in os.listdir(run_home / "cai")


def test_defaults_without_xdg_runtime_dir(tmp_path):
    """No XDG_RUNTIME_DIR: runtime files beside the state; no XDG_STATE_HOME:
    $HOME/.local/state/cai (never a tmpfs default, never the cwd)."""
    home = tmp_path / "home"
    env = clean_env(HOME=str(home), XDG_STATE_HOME=None, XDG_RUNTIME_DIR=None,
                    CAI_HUK_HEX=HUK_HEX)
    sd = home / ".local" / "state" / "cai"
    p = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground"], cwd=tmp_path, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # The pidfile comes last (after the socket listens): wait for it.
        assert wait_for(lambda: (sd / "cai-spe.pid").exists() or p.poll() is not None)
        assert (sd / "spe.sock").exists()
        for d in (home / ".local", home / ".local" / "state", sd):
            assert (os.stat(d).st_mode & 0o777) == 0o700
    finally:
        p.terminate()
        out, _ = p.communicate(timeout=30)
    assert p.returncode == 0, out
    assert f"state directory {sd}, runtime directory {sd}" in out
    assert sorted(os.listdir(tmp_path)) == ["home"]


def test_no_home_no_state_dir_is_a_clear_error(tmp_path):
    env = clean_env(HOME=None, XDG_STATE_HOME="relative/ignored", XDG_RUNTIME_DIR=None)
    r = subprocess.run([bin_path(TEST_IMAGE), "--foreground"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert "no state directory: HOME and XDG_STATE_HOME are unset or relative" in r.stderr
    r = cai(tmp_path, env, "info")
    assert r.returncode == 2 and "no state directory" in r.stderr
    assert os.listdir(tmp_path) == []


def test_cai_state_dir_env_and_separate_runtime_dir(tmp_path):
    sd, rd = tmp_path / "s", tmp_path / "r"
    env = clean_env(CAI_STATE_DIR=str(sd))
    p = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground", "--runtime-dir", str(rd)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: (rd / "cai-spe.pid").exists() or p.poll() is not None)
        assert (rd / "spe.sock").exists() and (sd / "huk.bin").exists()
        assert not (sd / "spe.sock").exists() and not (rd / "huk.bin").exists()
        r, st = status(tmp_path, env, "--runtime-dir", str(rd))
        assert r.returncode == 0, r.stderr
        assert st["pid"] == p.pid and st["state_dir"] == str(sd)
    finally:
        p.terminate()
        p.communicate(timeout=30)
    assert p.returncode == 0


def test_relative_arguments_are_made_absolute(tmp_path):
    env = clean_env(CAI_HUK_HEX=HUK_HEX)
    (tmp_path / "k.bin").write_bytes(bytes.fromhex(HUK_HEX))
    os.chmod(tmp_path / "k.bin", 0o600)
    p = subprocess.Popen([bin_path(TEST_IMAGE), "--foreground", "--state-dir", "./rel//sd/",
                          "--huk-file", "k.bin"], cwd=tmp_path, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sd = tmp_path / "rel" / "sd"
    try:
        assert wait_for(lambda: (sd / "spe.sock").exists() or p.poll() is not None)
        # The socket file appears at bind(), a moment before listen(): poll
        # until the SPE answers (a loaded machine can stretch that moment).
        got = []
        assert wait_for(lambda: got.append(status(tmp_path, env, "--state-dir", "rel/sd")) or
                        got[-1][0].returncode == 0 or p.poll() is not None)
        r, st = got[-1]
        assert r.returncode == 0, r.stderr
        assert st["state_dir"] == str(sd) and st["socket"] == str(sd / "spe.sock")
    finally:
        p.terminate()
        out, _ = p.communicate(timeout=30)
    assert f"state directory {sd}, runtime directory {sd}" in out
    assert f"HUK pinned from {tmp_path / 'k.bin'}" in out
    assert f"serving PSA calls on {sd / 'spe.sock'}" in out


def test_cai_spe_socket_is_honoured(state_dir, tmp_path):
    sock = str(tmp_path / "elsewhere.sock")
    spe = Spe(state_dir, sock=sock)
    try:
        env = clean_env(CAI_SPE_SOCKET=sock)
        r, st = status(tmp_path, env, "--state-dir", state_dir)
        assert r.returncode == 0, r.stderr
        assert st["socket"] == sock and st["pid"] == spe.proc.pid
        # The SPE honours it too: a second one on the same socket refuses.
        r = subprocess.run([bin_path(TEST_IMAGE), "--foreground", "--state-dir",
                            str(tmp_path / "other")], env=dict(env, CAI_HUK_HEX=HUK_HEX),
                           capture_output=True, text=True, timeout=30)
        assert r.returncode == 1 and f"another cai-spe is already serving {sock}" in r.stderr
    finally:
        assert spe.stop() == 0
