# SPDX-License-Identifier: Apache-2.0
"""The doc checker (doc_blocks.py) fails when a documented output line is
changed: run on a mutated copy of the README's block, on an interactive
session, and on each kind of normalised token it must still tell apart; and
it runs only marked blocks."""
import os
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import doc_blocks  # noqa: E402

SRC = os.environ.get("CAI_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
HUK = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"


def build():
    b = os.environ.get("CAI_BUILD_DIR")
    if not b or not os.path.isdir(os.path.join(b, "bin")):
        pytest.skip("CAI_BUILD_DIR is not set or not built: run through ctest")
    return b


def check(path, *extra):
    return doc_blocks.main(["--build", build(), "--src", SRC, *extra, str(path)])


def readme_block(tmp_path, mutate=None):
    """The README's test-image block alone, in a file of its own, with one
    output line changed by mutate."""
    text = open(os.path.join(SRC, "README.md")).read()
    m = re.search(r"<!-- doc-test dir:/tmp/t -->\n```console\n.*?```\n", text, re.S)
    assert m, "the README's test-image block (doc-test dir:/tmp/t) is gone"
    block = m.group(0)
    if mutate:
        old, new = mutate
        assert old in block
        block = block.replace(old, new, 1)
    p = tmp_path / "doc.md"
    p.write_text("# copy\n\n" + block)
    return p


def test_the_readme_block_passes_as_written(tmp_path, capsys):
    assert check(readme_block(tmp_path)) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out


@pytest.mark.parametrize("mutate", [
    ("framework_version: 1.1", "framework_version: 1.2"),
    ("name=test.echo sid=0x0000f000 version=1", "name=test.echo sid=0x0000f000 version=2"),
    ("status: PSA_SUCCESS (0)", "status: PSA_SUCCESS (1)"),
    ("  - 6869 (2 bytes)", "  - 6968 (2 bytes)"),
    ("spe_socket: /tmp/t/spe.sock", "spe_socket: /tmp/u/spe.sock"),
], ids=["version", "service", "status", "bytes", "path"])
def test_a_changed_output_line_fails(tmp_path, capsys, mutate):
    assert check(readme_block(tmp_path, mutate)) == 1
    out = capsys.readouterr().out
    diff = [line.strip() for line in out.splitlines()]
    # The diff names the documented line and the real one.
    assert any(d.startswith("-") and mutate[1] in d for d in diff), out
    assert any(d.startswith("+") and mutate[0] in d for d in diff), out


def test_a_dropped_output_line_fails(tmp_path, capsys):
    assert check(readme_block(tmp_path, ("  - name=test.relaxed sid=0x0000f001 version=2\n",
                                         ""))) == 1


SESSION = """<!-- doc-test spe env:CAI_HUK_HEX={huk} -->
```console
$ cai
cai 0.1.0 non-secure shell; 'help' lists the commands, 'exit' or Ctrl-D leaves
cai:~$ info uuid
uuid: {uuid}
cai:~$ exit
```
"""


@pytest.mark.parametrize("uuid,rc", [("cc858ddf-19e0-4ece-9652-e2c377701a3a", 0),
                                     ("cc858ddf-19e0-4ece-9652-e2c377701a3b", 1)],
                         ids=["true", "mutated"])
def test_interactive_session(tmp_path, uuid, rc):
    # With the HUK pinned a UUID is compared as it is.
    p = tmp_path / "s.md"
    p.write_text(SESSION.format(huk=HUK, uuid=uuid))
    assert check(p) == rc


def test_unmarked_blocks_are_not_run(tmp_path, capsys):
    p = tmp_path / "u.md"
    p.write_text("```console\n$ false\nthis is not what false prints\n```\n")
    assert check(p) == 0
    assert "0 passed, 0 failed" in capsys.readouterr().out


def test_normalisation_keeps_what_it_must():
    s = type("S", (), {"pinned": False, "normalize": []})()
    norm = lambda lines: doc_blocks.normalise(lines, s)  # noqa: E731
    assert norm(["pid: 1", "(pid 99)", "at 2026-01-01T00:00:00.123Z"]) == \
        norm(["pid: 2", "(pid 7)", "at 2030-12-31T23:59:59.999Z"])
    assert norm(["uuid: 6d13265a-04ad-4a6c-bdcb-01e4b3502227"]) == \
        norm(["uuid: e4df9cb2-65e8-43db-a205-4dbcce4ff046"])
    # What is not a pid, a time, a UUID or long hex stays compared.
    assert norm(["version: 0.1.0"]) != norm(["version: 0.1.1"])
    assert norm(["sid=0x00000100"]) != norm(["sid=0x00000101"])
    assert norm(["- 6869 (2 bytes)"]) != norm(["- 6869 (3 bytes)"])
    s.pinned = True
    assert norm(["uuid: 6d13265a-04ad-4a6c-bdcb-01e4b3502227"]) != \
        norm(["uuid: e4df9cb2-65e8-43db-a205-4dbcce4ff046"])


def test_ellipsis_matches_any_lines():
    m = doc_blocks.matches
    assert m(["a", "...", "z"], ["a", "z"]) and m(["a", "...", "z"], ["a", "b", "c", "z"])
    assert not m(["a", "...", "z"], ["a", "b"]) and not m(["a", "z"], ["a", "b", "z"])


def test_every_block_showing_output_is_marked():
    """README.md and docs/*.md: a block that shows a command and its output
    is run (marked <!-- doc-test -->); a new one without the mark fails."""
    docs = [os.path.join(SRC, "README.md")] + sorted(
        os.path.join(SRC, "docs", f) for f in os.listdir(os.path.join(SRC, "docs"))
        if f.endswith(".md"))
    missing = [f"{d}:{n}" for d in docs for n in doc_blocks.unmarked(d)]
    assert not missing, "command blocks with output but no doc-test mark: " + ", ".join(missing)


def test_an_unmarked_output_block_is_found(tmp_path):
    p = tmp_path / "d.md"
    p.write_text("text\n\n```console\n$ cai info uuid\nuuid: x\n```\n\n"
                 "<!-- doc-test -->\n```console\n$ true\n```\n\n```sh\n$ make run\n```\n")
    assert doc_blocks.unmarked(str(p)) == [3]  # the fence of the first block
