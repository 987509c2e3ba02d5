# SPDX-License-Identifier: Apache-2.0
"""cai-cloud's keys (issue 12, item 5): P-256 keys in PEM and DER, SEC 1 and
PKCS#8, plain and encrypted; --passin in the openssl forms (pass:, env:,
file:, fd:, stdin); no pass phrase prompt when stdin is not a terminal, and
at most one when it is; --kid hex:01 is the byte 0x01, --kid 01 the text.
Keys are made with the openssl CLI."""
import json
import os
import pty
import select
import subprocess
import time

import pytest

TOOL = os.path.join(os.environ["CAI_BIN_DIR"], "cai-cloud")
PASS = "s3cret phrase"


def sh(*args):
    subprocess.run(args, check=True, capture_output=True)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    k = {n: str(d / n) for n in ("sec1.pem", "sec1.der", "p8.pem", "p8.der", "enc.pem",
                                 "enc.der", "trad_enc.pem", "pub.pem", "pub.der")}
    sh("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", k["sec1.pem"])
    sh("openssl", "ec", "-in", k["sec1.pem"], "-outform", "DER", "-out", k["sec1.der"])
    sh("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", k["sec1.pem"], "-out", k["p8.pem"])
    sh("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", k["sec1.pem"], "-outform", "DER",
       "-out", k["p8.der"])
    sh("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:" + PASS,
       "-in", k["sec1.pem"], "-out", k["enc.pem"])
    sh("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:" + PASS,
       "-in", k["sec1.pem"], "-outform", "DER", "-out", k["enc.der"])
    sh("openssl", "ec", "-aes256", "-passout", "pass:" + PASS, "-in", k["sec1.pem"],
       "-out", k["trad_enc.pem"])
    sh("openssl", "pkey", "-in", k["sec1.pem"], "-pubout", "-out", k["pub.pem"])
    sh("openssl", "pkey", "-in", k["sec1.pem"], "-pubout", "-outform", "DER", "-out",
       k["pub.der"])
    payload = d / "payload"
    payload.write_bytes(b"the payload")
    k["payload"] = str(payload)
    k["dir"] = d
    return k


def cloud(*args, input=b"", **kw):
    return subprocess.run([TOOL, *args], input=input, capture_output=True, timeout=60, **kw)


def sign(keys, keyfile, *extra, **kw):
    out = str(keys["dir"] / "msg.cose")
    r = cloud("cose", "sign", "--key", keyfile, "--in", keys["payload"], "--out", out, *extra,
              **kw)
    return r, out


@pytest.mark.parametrize("form", ["sec1.pem", "sec1.der", "p8.pem", "p8.der"])
def test_plain_private_keys_pem_and_der(keys, form):
    r, msg = sign(keys, keys[form])
    assert r.returncode == 0, r.stderr
    for pub in ("pub.pem", "pub.der", form):  # a private key's public half verifies too
        v = cloud("cose", "verify", "--key", keys[pub], "--in", msg, "--out", "-")
        assert v.returncode == 0 and v.stdout == b"the payload", (pub, v.stderr)


@pytest.mark.parametrize("form", ["enc.pem", "enc.der", "trad_enc.pem"])
def test_passin_forms(keys, form, tmp_path):
    key = keys[form]
    assert sign(keys, key, "--passin", "pass:" + PASS)[0].returncode == 0
    env = dict(os.environ, CAI_TEST_PASS=PASS)
    assert sign(keys, key, "--passin", "env:CAI_TEST_PASS", env=env)[0].returncode == 0
    pf = tmp_path / "pass.txt"
    pf.write_text(PASS + "\n")  # the first line, without its newline
    assert sign(keys, key, "--passin", "file:" + str(pf))[0].returncode == 0
    rd, wr = os.pipe()
    os.write(wr, (PASS + "\n").encode())
    os.close(wr)
    try:
        r, _ = sign(keys, key, "--passin", f"fd:{rd}", pass_fds=(rd,))
    finally:
        os.close(rd)
    assert r.returncode == 0, r.stderr
    r, _ = sign(keys, key, "--passin", "stdin", input=(PASS + "\n").encode())
    assert r.returncode == 0, r.stderr
    r, _ = sign(keys, key, "--passin", "pass:wrong")
    assert r.returncode == 1 and b"wrong pass phrase" in r.stderr
    r, _ = sign(keys, key, "--passin", "env:CAI_TEST_UNSET_VARIABLE")
    assert r.returncode == 1 and b"not set" in r.stderr


def test_bad_passin_form_is_a_usage_error(keys):
    r, _ = sign(keys, keys["enc.pem"], "--passin", "s3cret")
    assert r.returncode == 2 and b"pass:TEXT" in r.stderr


def test_no_prompt_without_a_terminal(keys):
    # stdin is not a terminal (and the process has no controlling one either)
    r, _ = sign(keys, keys["enc.pem"], start_new_session=True)
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "--passin" in err and len(err.splitlines()) == 1, err


def on_a_terminal(args, stdin_devnull, answers):
    """Runs cai-cloud with a pty as its controlling terminal (stdin too unless
    stdin_devnull); writes each answer after a prompt. Returns (status, all
    the terminal saw, the number of prompts)."""
    pid, fd = pty.fork()
    if pid == 0:
        if stdin_devnull:
            n = os.open(os.devnull, os.O_RDONLY)
            os.dup2(n, 0)
        os.execv(TOOL, [TOOL, *args])
    seen, prompts = b"", 0
    answers = list(answers)
    deadline = time.monotonic() + 30
    status = None
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                pass
        if seen.count(b"Enter pass phrase") > prompts:
            prompts = seen.count(b"Enter pass phrase")
            if answers:
                os.write(fd, answers.pop(0).encode() + b"\r")
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(st)
            break
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    return status, seen, prompts


def test_terminal_prompt_only_when_stdin_is_one_and_only_once(keys):
    out = str(keys["dir"] / "tty.cose")
    args = ["cose", "sign", "--key", keys["enc.pem"], "--in", keys["payload"], "--out", out]
    # a controlling terminal, but stdin is /dev/null: no prompt at all
    status, seen, prompts = on_a_terminal(args, True, [])
    assert status == 1 and prompts == 0, seen
    # stdin is the terminal: one prompt; a wrong answer fails, never a second prompt
    status, seen, prompts = on_a_terminal(args, False, ["wrong", "wrong"])
    assert status == 1 and prompts == 1, seen
    status, seen, prompts = on_a_terminal(args, False, [PASS])
    assert status == 0 and prompts == 1, seen
    # verify wants a public key: an encrypted private key is still asked for once
    args = ["cose", "verify", "--key", keys["enc.pem"], "--in", out]
    status, seen, prompts = on_a_terminal(args, False, ["wrong", "wrong"])
    assert status == 1 and prompts == 1, seen


def test_kid_forms(keys):
    for kid, want in (("hex:01", "01"), ("01", "3031"), ("hex:0a0b", "0a0b")):
        r, msg = sign(keys, keys["sec1.pem"], "--kid", kid)
        assert r.returncode == 0
        j = json.loads(cloud("cose", "print", "--in", msg, "--json").stdout)
        assert j["unprotected"] == {"4": want}, kid
