# SPDX-License-Identifier: Apache-2.0
"""One command-line convention across the four tools (issue 12, item 4), as a
table: each of cai, cai-spe, cai-cloud and cai-model is run with arguments
that succeed, fail and are a usage error, and must exit 0, 1 and 2; with
--json, every line it prints on stdout and on stderr must be one JSON object
(NDJSON), and no payload bytes share stdout with JSON. `--version` and `-V`
print "<tool> <version>" with the version of project(VERSION ...) in the
top-level CMakeLists.txt (what help2man reads)."""
import json
import os
import re
import subprocess

import pytest

BIN = os.environ["CAI_BIN_DIR"]
SRC = os.environ["CAI_SOURCE_DIR"]
SINE = os.path.join(SRC, "models", "sine.tflite")
TOOLS = ("cai", "cai-spe", "cai-cloud", "cai-model")


def project_version():
    text = open(os.path.join(SRC, "CMakeLists.txt")).read()
    return re.search(r"project\(cai VERSION ([0-9.]+)", text).group(1)


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    """Files the rows use: a P-256 key pair, another public key, a message."""
    d = tmp_path_factory.mktemp("cli")
    run = lambda *a: subprocess.run(a, check=True, capture_output=True)  # noqa: E731
    for name in ("k", "other"):
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
            str(d / f"{name}.pem"))
        run("openssl", "pkey", "-in", str(d / f"{name}.pem"), "-pubout", "-out",
            str(d / f"{name}.pub"))
    (d / "payload").write_bytes(b"payload bytes")
    (d / "garbage").write_bytes(b"\xff\xfe not cbor")
    run(os.path.join(BIN, "cai-cloud"), "cose", "sign", "--key", str(d / "k.pem"), "--in",
        str(d / "payload"), "--out", str(d / "msg"))
    state = d / "state"
    state.mkdir(mode=0o700)
    f = {p.name: str(p) for p in d.iterdir()}
    f["dir"] = str(d)
    return f


# (tool, arguments, exit status, --json given). @name@ is a file of the
# fixture, @dir@ its folder, @sine@ the project's sine model.
ROWS = [
    # cai: no SPE is started by these (spe status only probes)
    ("cai", ["--state-dir", "@state@", "help"], 0, False),
    ("cai", ["--state-dir", "@state@", "--json", "help"], 0, True),
    ("cai", ["--state-dir", "@state@", "--json", "psa"], 0, True),
    ("cai", ["--state-dir", "@state@", "--json", "spe", "status"], 1, True),
    ("cai", ["--state-dir", "@state@", "spe", "status"], 1, False),
    ("cai", ["--state-dir", "@state@", "--json", "bogus"], 2, True),
    ("cai", ["--state-dir", "@state@", "--json", "psa", "version"], 2, True),
    ("cai", ["--json", "--bogus-option"], 2, True),
    ("cai", ["--json", "--state-dir", "/proc/no-such-dir", "help"], 1, True),
    # cai-spe: a daemon (its output is its log), no --json
    ("cai-spe", ["--help"], 0, False),
    ("cai-spe", ["--foreground", "--state-dir", "/proc/no-such-dir"], 1, False),
    ("cai-spe", ["--bogus"], 2, False),
    ("cai-spe", ["stray-argument"], 2, False),
    # cai-cloud
    ("cai-cloud", ["--help"], 0, False),
    ("cai-cloud", ["cose", "sign", "--key", "@k.pem@", "--in", "@payload@", "--out",
                   "@dir@/out1", "--json"], 0, True),
    ("cai-cloud", ["cose", "verify", "--key", "@k.pub@", "--in", "@msg@", "--json"], 0, True),
    ("cai-cloud", ["cose", "print", "--in", "@msg@", "--json"], 0, True),
    ("cai-cloud", ["cose", "verify", "--key", "@other.pub@", "--in", "@msg@", "--json"], 1,
     True),
    ("cai-cloud", ["cose", "print", "--in", "@garbage@", "--json"], 1, True),
    ("cai-cloud", ["cose", "sign", "--key", "@dir@/missing.pem", "--in", "@payload@", "--out",
                   "@dir@/out2", "--json"], 1, True),
    ("cai-cloud", ["verify", "@msg@", "--key", "@other.pub@", "--json"], 1, True),
    ("cai-cloud", ["--json"], 2, True),
    ("cai-cloud", ["bogus", "--json"], 2, True),
    ("cai-cloud", ["cose", "verify", "--in", "@msg@", "--json"], 2, True),
    ("cai-cloud", ["cose", "sign", "--key", "@k.pem@", "--bogus", "--json"], 2, True),
    # payload bytes and JSON never share stdout: refused as a usage error
    ("cai-cloud", ["cose", "sign", "--key", "@k.pem@", "--in", "@payload@", "--out", "-",
                   "--json"], 2, True),
    ("cai-cloud", ["cose", "verify", "--key", "@k.pub@", "--in", "@msg@", "--out", "-",
                   "--json"], 2, True),
    ("cai-cloud", ["cose", "encrypt", "--key", "@k.pub@", "--in", "@payload@", "--json"], 2,
     True),
    ("cai-cloud", ["cose", "decrypt", "--key", "@k.pem@", "--in", "@msg@", "--json"], 2, True),
    ("cai-cloud", ["ca", "sign", "@payload@", "--ca", "@dir@", "--out", "-", "--json"], 2,
     True),
    # cai-model
    ("cai-model", ["--help"], 0, False),
    ("cai-model", ["info", "@sine@", "--json"], 0, True),
    ("cai-model", ["run", "@sine@", "--input", "1.57", "--json"], 0, True),
    ("cai-model", ["bench", "@sine@", "--iters", "3", "--json"], 0, True),
    ("cai-model", ["run", "@sine@", "--input", "10", "--json"], 1, True),
    ("cai-model", ["run", "@sine@", "--input", "nan", "--json"], 1, True),
    ("cai-model", ["info", "@dir@/missing.tflite", "--json"], 1, True),
    ("cai-model", ["--json"], 2, True),
    ("cai-model", ["frobnicate", "--json"], 2, True),
    ("cai-model", ["run", "@sine@", "--json"], 2, True),
    ("cai-model", ["bench", "@sine@", "--iters", "0", "--json"], 2, True),
    ("cai-model", ["run", "@sine@", "--input", "1", "--output", "@dir@/o", "--json"], 2, True),
]


def objects(stream):
    """The JSON objects of a stream: one object (cai-model info pretty-prints
    its one object over several lines), or one per line (NDJSON)."""
    text = stream.decode()
    if not text.strip():
        return []
    try:
        whole = json.loads(text)
        assert isinstance(whole, dict), text
        return [whole]
    except json.JSONDecodeError:
        pass
    objs = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(o, dict) for o in objs), text
    return objs


def fill(args, w):
    subst = dict(w, sine=SINE)
    return [re.sub(r"@([a-z0-9.]+)@", lambda m: subst[m.group(1)], a) for a in args]


@pytest.mark.parametrize("tool,args,status,json_mode", ROWS,
                         ids=[f"{r[0]}:{' '.join(r[1])}"[:80] for r in ROWS])
def test_exit_status_and_json(w, tool, args, status, json_mode):
    env = dict(os.environ, CAI_SPE_TIMEOUT_MS="2000")
    r = subprocess.run([os.path.join(BIN, tool), *fill(args, w)], capture_output=True,
                       timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert r.returncode == status, (r.stdout, r.stderr)
    if status != 0:
        assert r.stderr.strip() or r.stdout.strip(), "a failure says why"
    if status == 2 and not json_mode:
        assert r.stderr.strip() and not r.stdout.strip()
    if json_mode:
        errs = objects(r.stderr)
        outs = objects(r.stdout)
        if status != 0:
            # the error, or the rejected verdict, is JSON too
            assert any("error" in e for e in errs) or any("result" in o or "spe" in o
                                                          for o in outs), (r.stdout, r.stderr)


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(tool, flag):
    r = subprocess.run([os.path.join(BIN, tool), flag], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == f"{tool} {project_version()}\n"


@pytest.mark.parametrize("tool", TOOLS)
def test_help_names_version_flags(tool):
    r = subprocess.run([os.path.join(BIN, tool), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--version" in r.stdout and "-V" in r.stdout


def test_cloud_stdin_stdout_defaults(w):
    cloud = os.path.join(BIN, "cai-cloud")
    payload = b"piped payload"
    msg = subprocess.run([cloud, "cose", "sign", "--key", w["k.pem"]], input=payload,
                         capture_output=True, check=True).stdout
    assert msg[:1] == b"\xd2"  # tag 18
    v = subprocess.run([cloud, "cose", "verify", "--key", w["k.pub"], "--out", "-"], input=msg,
                       capture_output=True)
    assert v.returncode == 0 and v.stdout == payload and b"signature OK" in v.stderr
    ct = subprocess.run([cloud, "cose", "encrypt", "--key", w["k.pub"]], input=payload,
                        capture_output=True, check=True).stdout
    pt = subprocess.run([cloud, "cose", "decrypt", "--key", w["k.pem"]], input=ct,
                        capture_output=True, check=True).stdout
    assert pt == payload
    # --json with a file for the bytes: the JSON alone on stdout
    out = os.path.join(w["dir"], "signed.cose")
    r = subprocess.run([cloud, "cose", "sign", "--key", w["k.pem"], "--out", out, "--json"],
                       input=payload, capture_output=True)
    assert r.returncode == 0 and json.loads(r.stdout)["result"] == "signed"
    assert open(out, "rb").read()[:1] == b"\xd2"
