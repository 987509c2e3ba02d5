# SPDX-License-Identifier: Apache-2.0
"""Reads CBOR diagnostic notation (the subset cai_cbor_diag prints) back into
Python values, so tests can compare what our decoder saw with an independent
value: the JSON `decoded` field of the RFC 8949 Appendix A vectors, or
cbor2.loads of the same bytes.

Mapping: integers -> int, floats -> float, "..." -> str, h'..' -> bytes,
[..] -> list, {..} -> dict (or a list of pairs with pairs=True),
true/false/null -> True/False/None, undefined -> Undefined, simple(n) -> Simple(n),
n(x) -> Tag(n, x), except tags 2/3 on a byte string -> the bignum as int (RFC 8949 §3.4.3).
Indefinite markers (_ ) are accepted; chunked strings are joined.
"""

import math


class Undefined:
    def __eq__(self, other):
        return isinstance(other, Undefined)

    def __hash__(self):
        return 23

    def __repr__(self):
        return "undefined"


class Simple:
    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Simple) and other.value == self.value

    def __hash__(self):
        return hash(("simple", self.value))

    def __repr__(self):
        return "simple(%d)" % self.value


class Tag:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value

    def __eq__(self, other):
        return isinstance(other, Tag) and (other.tag, other.value) == (self.tag, self.value)

    def __hash__(self):
        return hash(("tag", self.tag, repr(self.value)))

    def __repr__(self):
        return "%d(%r)" % (self.tag, self.value)


class FrozenDict(dict):
    """A dict usable as a map key (CBOR allows maps as keys)."""

    def __hash__(self):
        return hash(tuple(sorted((repr(k), repr(v)) for k, v in self.items())))


class _Parser:
    def __init__(self, text):
        self.s, self.i = text, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \n\t":
            self.i += 1

    def peek(self, tok):
        self.ws()
        return self.s.startswith(tok, self.i)

    def take(self, tok):
        if not self.peek(tok):
            raise ValueError("expected %r at %d in %r" % (tok, self.i, self.s))
        self.i += len(tok)

    def value(self):
        self.ws()
        s, i = self.s, self.i
        c = s[i]
        if c == "[":
            self.i += 1
            self.indef()
            items = self.seq("]")
            return items
        if c == "{":
            self.i += 1
            self.indef()
            out = FrozenDict()
            pairs = []
            while not self.peek("}"):
                k = self.value()
                self.take(":")
                v = self.value()
                if isinstance(k, list):
                    k = tuple(k)
                pairs.append((k, v))
                if not self.peek(","):
                    break
                self.take(",")
            self.take("}")
            for k, v in pairs:
                out[k] = v
            return out
        if c == "(":  # (_ chunk, chunk)
            self.i += 1
            self.take("_")
            chunks = self.seq(")")
            return chunks[0][:0].join(chunks)
        if c == '"':
            return self.text()
        if s.startswith("''_", i):
            self.i += 3
            return b""
        if s.startswith('""_', i):
            self.i += 3
            return ""
        if s.startswith("h'", i):
            j = s.index("'", i + 2)
            self.i = j + 1
            return bytes.fromhex(s[i + 2 : j])
        for word, val in (("true", True), ("false", False), ("null", None),
                          ("undefined", Undefined()), ("NaN", math.nan),
                          ("Infinity", math.inf), ("-Infinity", -math.inf)):
            if s.startswith(word, i):
                self.i += len(word)
                return val
        if s.startswith("simple(", i):
            j = s.index(")", i)
            self.i = j + 1
            return Simple(int(s[i + 7 : j]))
        j = i
        while j < len(s) and (s[j].isdigit() or s[j] in "+-.e"):
            j += 1
        num = s[i:j]
        self.i = j
        if self.i < len(s) and s[self.i] == "(":  # tag
            self.i += 1
            inner = self.value()
            self.take(")")
            tag = int(num)
            if tag in (2, 3) and isinstance(inner, bytes):
                n = int.from_bytes(inner, "big")
                return n if tag == 2 else -1 - n
            return Tag(tag, inner)
        if any(ch in num for ch in ".e"):
            return float(num)
        return int(num)

    def indef(self):
        if self.peek("_"):
            self.take("_")

    def seq(self, close):
        items = []
        while not self.peek(close):
            items.append(self.value())
            if not self.peek(","):
                break
            self.take(",")
        self.take(close)
        return items

    def text(self):
        s = self.s
        self.i += 1
        out = []
        while s[self.i] != '"':
            c = s[self.i]
            if c == "\\":
                e = s[self.i + 1]
                if e == "u":
                    out.append(chr(int(s[self.i + 2 : self.i + 6], 16)))
                    self.i += 6
                    continue
                out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e))
                self.i += 2
                continue
            out.append(c)
            self.i += 1
        self.i += 1
        return "".join(out)


def parse(text):
    p = _Parser(text)
    v = p.value()
    p.ws()
    if p.i != len(text):
        raise ValueError("trailing text in %r" % text)
    return v


def same(a, b):
    """Equality that tells 1 from 1.0 and True from 1, and -0.0 from 0.0,
    and treats NaN as equal to NaN."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, float) and isinstance(b, float)):
            return False
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return False
        return all(any(same(ka, kb) and same(va, vb) for kb, vb in b.items())
                   for ka, va in a.items())
    if isinstance(a, Tag) and isinstance(b, Tag):
        return a.tag == b.tag and same(a.value, b.value)
    return type(a) is type(b) and a == b
