# SPDX-License-Identifier: Apache-2.0
"""The installed man pages: `man -l` renders each one, and each page holds
every option its program's --help names and every subcommand it lists (the
page is generated from that help, packaging/man/help-all.sh, so this fails
the day they drift)."""
import os
import re
import subprocess

import pytest

from pkgenv import PROGRAMS, build_dir, prefix, tool  # noqa: F401


def render(page):
    man = tool("man")
    r = subprocess.run([man, "-l", page], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C", MANWIDTH="200", MANPAGER="cat",
                                PAGER="cat"), timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def help_of(path, *words):
    return subprocess.run([path, *words, "--help"], capture_output=True, text=True,
                          timeout=30).stdout


@pytest.mark.parametrize("prog", PROGRAMS)
def test_page_renders_and_matches_help(prefix, prog):
    page = os.path.join(prefix, "share", "man", "man1", prog + ".1")
    if not os.path.exists(page):
        tool("help2man")  # skips when it is missing: that is why there is no page
    assert os.path.isfile(page), page
    text = render(page)
    # Rendered text uses plain hyphens with LC_ALL=C; words may be hyphenated
    # across lines, so compare without line breaks.
    flat = re.sub(r"-\n\s*", "-", text)
    flat = re.sub(r"\s+", " ", flat)
    assert re.search(rf"NAME {re.escape(prog)} - \S", flat), flat[:300]
    exe = os.path.join(prefix, "bin", prog)
    top = help_of(exe)
    assert top, f"{prog} --help printed nothing"
    for opt in sorted(set(re.findall(r"--[a-z][a-z0-9-]*", top))):
        assert opt in flat, f"{prog}.1 lacks {opt}, which --help names"
    subs = subprocess.run(["bash", "-c", 'source "$1"; _cai_help_text "$2" | '
                           '_cai_subcommands "$3" "$3"', "-",
                           os.path.join(prefix, "share/bash-completion/completions", prog), exe,
                           prog], capture_output=True, text=True).stdout.split()
    for sub in subs:
        assert re.search(rf"\b{re.escape(sub)}\b", flat), f"{prog}.1 lacks {sub}"
        for opt in set(re.findall(r"--[a-z][a-z0-9-]*", help_of(exe, sub))):
            assert opt in flat, f"{prog}.1 lacks {prog} {sub} {opt}"
    if prog in ("cai", "cai-cloud", "cai-model"):
        assert subs, f"no subcommand of {prog} found"
