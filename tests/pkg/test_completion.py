# SPDX-License-Identifier: Apache-2.0
"""The installed bash completion offers what each program's help lists:
run in bash with COMP_WORDS set, as bash's programmable completion does."""
import os
import subprocess

import pytest

from pkgenv import clean_env, prefix, tool  # noqa: F401


def complete(prefix, tmp, *words):
    """COMPREPLY for the command line words (the last is the word at the
    cursor), with the installed script loaded for words[0]."""
    bash = tool("bash")
    script = os.path.join(prefix, "share", "bash-completion", "completions", words[0])
    env = clean_env(str(tmp), PATH=os.path.join(prefix, "bin") + ":" + os.environ["PATH"])
    prog = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
            'complete -p "$1" >/dev/null || exit 3; _cai_complete; '
            'printf "%s\\n" "${COMPREPLY[@]}"')
    r = subprocess.run([bash, "-c", prog, "-", script, *words], capture_output=True, text=True,
                       env=env, cwd=str(tmp), timeout=60)
    assert r.returncode == 0, r.stderr
    return [w for w in r.stdout.split("\n") if w]


@pytest.mark.parametrize("words,expected", [
    (("cai", ""), {"help", "info", "keys", "psa", "spe", "exit"}),
    (("cai", "keys", ""), {"status", "public", "csr", "cert"}),
    (("cai", "--state-dir", "/tmp", "psa", ""), {"version", "connect", "call", "close"}),
    (("cai", "spe", "st"), {"status", "start", "stop"}),
    (("cai", "help", "k"), {"keys"}),
    (("cai", "--s"), {"--state-dir", "--spe-socket", "--spe-uid"}),
    (("cai", "keys", "public", "--"), {"--pem", "--hex", "--cose-key", "--json"}),
    (("cai-cloud", ""), {"ca", "cose", "verify"}),
    (("cai-cloud", "ca", ""), {"init", "sign", "list"}),
    (("cai-cloud", "cose", ""), {"sign", "verify", "encrypt", "decrypt", "print"}),
    (("cai-model", ""), {"info", "run", "bench", "train-sine"}),
    (("cai-model", "run", "--"), {"--input", "--output"}),
    (("cai-spe", "--log-"), {"--log-max", "--log-level"}),
])
def test_offers(prefix, tmp_path, words, expected):
    got = set(complete(prefix, tmp_path, *words))
    assert expected <= got, f"{words}: {sorted(got)}"
    prefix_word = words[-1]
    assert all(w.startswith(prefix_word) for w in got), got


def test_option_argument_completes_paths(prefix, tmp_path):
    (tmp_path / "ca-dir").mkdir()
    (tmp_path / "ca-file").write_text("x")
    got = complete(prefix, tmp_path, "cai", "--state-dir", "ca")
    assert got == ["ca-dir"], got  # a DIR argument: directories only
    got = set(complete(prefix, tmp_path, "cai-cloud", "ca", "sign", "x.csr", "--out", "ca"))
    assert got == {"ca-dir", "ca-file"}, got


def test_every_subcommand_of_the_help_is_offered(prefix, tmp_path):
    """Not a list kept here: what `cai help` prints is what Tab offers."""
    env = clean_env(str(tmp_path))
    text = subprocess.run([os.path.join(prefix, "bin", "cai"), "help"], capture_output=True,
                          text=True, env=env, timeout=30).stdout
    listed = {line.split()[0] for line in text.splitlines()
              if line.startswith("  ") and len(line.split()) > 1}
    assert listed and listed <= set(complete(prefix, tmp_path, "cai", ""))
