#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Worst-case stack depth of functions, from gcc's -fcallgraph-info=su files.

usage: stack-depth.py [--indirect NAME=F1,F2,...] [--frames SU_DIR]
                      DIR_OR_CI_FILES... -- ROOT...

Reads every *.ci file (VCG call graphs with per-function frame sizes),
joins them into one graph and prints, for each ROOT, the deepest call chain
and its total bytes. Calls through a function pointer have no edge in the
graph: --indirect CALLER=F1,F2 adds edges from CALLER to each Fi (e.g. the
engine's setup table). Recursion (a cycle) is reported, not followed.
Functions without a frame size (outside the files given) count 0 bytes.

--frames SU_DIR takes the frame sizes from the -fstack-usage (*.su) files of
another compiler/target instead (e.g. clang --target=thumbv8m.main-none-eabi,
for which gcc is not at hand), matched by function name, over gcc's call
graph: an estimate (the other compiler inlines differently; a function it
inlined counts 0, its frame being part of its caller's).
"""
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
SIZE = re.compile(r"\\n(\d+) bytes \(([^)]*)\)")


def read(paths):
    frames, edges = {}, {}
    files = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, fs in os.walk(p):
                files += [os.path.join(d, f) for f in fs if f.endswith(".ci")]
        else:
            files.append(p)
    for f in files:
        text = open(f, encoding="utf-8", errors="replace").read()
        for title, label in NODE.findall(text):
            m = SIZE.search(label)
            if m:
                frames[title] = max(frames.get(title, 0), int(m.group(1)))
        for a, b in EDGE.findall(text):
            edges.setdefault(a, set()).add(b)
    return frames, edges


def su_frames(d):
    frames = {}
    for dd, _, fs in os.walk(d):
        for f in fs:
            if not f.endswith(".su"):
                continue
            for line in open(os.path.join(dd, f), encoding="utf-8", errors="replace"):
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and parts[1].isdigit():
                    name = parts[0].rsplit(":", 1)[-1]
                    frames[name] = max(frames.get(name, 0), int(parts[1]))
    return frames


def bare(title):
    return title.rsplit(":", 1)[-1].split(".")[0]


def deepest(fn, frames, edges, memo, stack):
    if fn in memo:
        return memo[fn]
    if fn in stack:
        return (0, [fn + " (recursion)"])
    stack.add(fn)
    best = (0, [])
    for callee in sorted(edges.get(fn, ())):
        d = deepest(callee, frames, edges, memo, stack)
        if d[0] > best[0]:
            best = d
    stack.discard(fn)
    res = (frames.get(fn, 0) + best[0], [fn] + best[1])
    memo[fn] = res
    return res


def main(argv):
    indirect = []
    su = None
    while argv and argv[0] in ("--indirect", "--frames"):
        if argv[0] == "--indirect":
            indirect.append(argv[1])
        else:
            su = argv[1]
        argv = argv[2:]
    if "--" not in argv:
        print(__doc__.strip())
        return 2
    i = argv.index("--")
    frames, edges = read(argv[:i])
    if su is not None:
        other = su_frames(su)
        frames = {t: other.get(bare(t), 0) for t in set(frames) | set(edges)}
    for spec in indirect:
        caller, callees = spec.split("=", 1)
        edges.setdefault(caller, set()).update(c for c in callees.split(",") if c)
    memo = {}
    for root in argv[i + 1:]:
        total, chain = deepest(root, frames, edges, memo, set())
        print("%-26s %6d bytes  %s" % (root, total,
              " > ".join("%s(%d)" % (f, frames.get(f, 0)) for f in chain)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
