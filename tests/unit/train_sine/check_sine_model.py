#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Independent check of a sine .tflite file (models/sine.tflite).

Written from the flatbuffer rules and the TFLM int8 arithmetic described in
the project's notes (docs/engine.md "The .tflite format", docs/kernels.md section 1), with nothing but the
struct module: it shares no code with the C trainer/writer or the engine.

It checks the structure (identifier, version, operator codes, three
FULLY_CONNECTED ops with RELU/RELU/NONE, tensor shapes and types, buffer
sizes and alignment, quantization parameters), recomputes the int8
inference in integer Python over a dense grid and checks
max |y - sin x| <= the limit. With --outputs FILE it also compares the
outputs the cai engine produced (one "q_in q_out" pair per line) with its
own; the file must cover all 256 int8 inputs, or at least --min-pairs of
them.

usage: check_sine_model.py MODEL [--max-error 0.05] [--outputs FILE [--min-pairs N]]
Exit 0 when every check passes, 1 otherwise.
"""
import math
import struct
import sys

TWO_PI = 2.0 * math.pi
GRID = 10001


class Bad(Exception):
    pass


class Reader:
    """Bounds-checked flatbuffer reader (little-endian)."""

    def __init__(self, buf):
        self.b = buf

    def _get(self, fmt, pos):
        size = struct.calcsize(fmt)
        if pos < 0 or pos + size > len(self.b):
            raise Bad("read of %d bytes at %d outside the file" % (size, pos))
        return struct.unpack_from("<" + fmt, self.b, pos)[0]

    def u8(self, p): return self._get("B", p)
    def i8(self, p): return self._get("b", p)
    def u16(self, p): return self._get("H", p)
    def i32(self, p): return self._get("i", p)
    def u32(self, p): return self._get("I", p)
    def i64(self, p): return self._get("q", p)
    def f32(self, p): return self._get("f", p)

    def table(self, pos):
        return Table(self, pos)

    def deref(self, slot):
        return slot + self.u32(slot)


class Table:
    def __init__(self, r, pos):
        self.r, self.pos = r, pos
        if pos % 4:
            raise Bad("table at %d is not 4-byte aligned" % pos)
        self.vt = pos - r.i32(pos)
        self.vt_bytes = r.u16(self.vt)
        self.inline = r.u16(self.vt + 2)
        if self.vt_bytes < 4 or self.vt_bytes % 2:
            raise Bad("bad vtable at %d" % self.vt)

    def off(self, fid):
        if 4 + 2 * fid >= self.vt_bytes:
            return 0
        o = self.r.u16(self.vt + 4 + 2 * fid)
        if o and o >= self.inline:
            raise Bad("field %d outside its table" % fid)
        return o

    def scalar(self, fid, kind, default=0):
        o = self.off(fid)
        if not o:
            return default
        size = {"u8": 1, "i8": 1, "i32": 4, "u32": 4}[kind]
        if (self.pos + o) % size:
            raise Bad("misaligned scalar field %d" % fid)
        return getattr(self.r, kind)(self.pos + o)

    def ref(self, fid):
        o = self.off(fid)
        return self.r.deref(self.pos + o) if o else None

    def vector(self, fid, kind):
        p = self.ref(fid)
        if p is None:
            return None
        n = self.r.u32(p)
        size = {"i32": 4, "f32": 4, "i64": 8, "u8": 1}[kind]
        if p + 4 + n * size > len(self.r.b):
            raise Bad("vector of field %d runs past the end" % fid)
        return [getattr(self.r, kind)(p + 4 + size * i) for i in range(n)]

    def tables(self, fid):
        p = self.ref(fid)
        if p is None:
            return []
        n = self.r.u32(p)
        return [self.r.table(self.r.deref(p + 4 + 4 * i)) for i in range(n)]

    def string(self, fid):
        p = self.ref(fid)
        if p is None:
            return None
        n = self.r.u32(p)
        if p + 4 + n + 1 > len(self.r.b) or self.r.b[p + 4 + n] != 0:
            raise Bad("string of field %d is not NUL-terminated in the file" % fid)
        return self.r.b[p + 4:p + 4 + n].decode("utf-8")

    def data_pos(self, fid):
        """(file offset of the elements, count) of a [ubyte] vector."""
        p = self.ref(fid)
        if p is None:
            return None, 0
        n = self.r.u32(p)
        if p + 4 + n > len(self.r.b):
            raise Bad("buffer data runs past the end")
        return p + 4, n


def expect(cond, msg):
    if not cond:
        raise Bad(msg)


# ---- TFLM int8 arithmetic (docs/kernels.md section 1), in Python integers ----

def round_half_away(v):
    return int(math.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)


def cdiv(a, b):
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def quantize_multiplier(real):
    if real == 0.0:
        return 0, 0
    q, shift = math.frexp(real)
    qf = round_half_away(q * (1 << 31))
    if qf == 1 << 31:
        qf //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return qf, shift


def srdhm(a, b):
    if a == b == -(1 << 31):
        return (1 << 31) - 1
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    return cdiv(ab + nudge, 1 << 31)


def rdbpot(x, e):
    mask = (1 << e) - 1
    rem = x & mask
    thr = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> e) + (1 if rem > thr else 0)


def mbqm(x, m, shift):
    left = shift if shift > 0 else 0
    right = 0 if shift > 0 else -shift
    return rdbpot(srdhm(x * (1 << left), m), right)


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


# ---- the checks ----

def load(path):
    with open(path, "rb") as f:
        buf = f.read()
    r = Reader(buf)
    expect(len(buf) >= 8 and buf[4:8] == b"TFL3", "file identifier is not TFL3")
    model = r.table(r.u32(0))
    expect(model.scalar(0, "u32") == 3, "schema version is not 3")
    desc = model.string(3)
    expect(desc, "no description")

    codes = model.tables(1)
    expect(len(codes) == 1, "expected one operator code, got %d" % len(codes))
    dep, bc = codes[0].scalar(0, "i8"), codes[0].scalar(3, "i32")
    expect(dep == 9 and bc == 9, "operator code is not FULLY_CONNECTED (9, 9): (%d, %d)" % (dep, bc))

    subgraphs = model.tables(2)
    expect(len(subgraphs) == 1, "expected one subgraph")
    sg = subgraphs[0]

    buffers = []
    for b in model.tables(4):
        pos, n = b.data_pos(0)
        buffers.append((pos, n))
    expect(buffers and buffers[0][1] == 0, "buffer 0 is not the empty sentinel")

    tensors = []
    for t in sg.tables(0):
        q = t.ref(4)
        qt = r.table(q) if q is not None else None
        scales = qt.vector(2, "f32") if qt else None
        zps = qt.vector(3, "i64") if qt else None
        bi = t.scalar(2, "u32")
        expect(bi < len(buffers), "tensor buffer index out of range")
        tensors.append({
            "shape": t.vector(0, "i32"), "type": t.scalar(1, "i8"), "buffer": bi,
            "name": t.string(3) or "", "scales": scales, "zps": zps,
            "data": buffers[bi],
        })
    ins, outs = sg.vector(1, "i32"), sg.vector(2, "i32")
    expect(ins is not None and len(ins) == 1 and outs is not None and len(outs) == 1,
           "subgraph must have one input and one output")
    ops = []
    for o in sg.tables(3):
        expect(o.scalar(0, "u32") == 0, "operator does not use opcode 0")
        expect(o.scalar(3, "u8") == 8, "operator options are not FullyConnectedOptions")
        opt = o.ref(4)
        expect(opt is not None, "operator has no options table")
        ot = r.table(opt)
        ops.append({"inputs": o.vector(1, "i32"), "outputs": o.vector(2, "i32"),
                    "act": ot.scalar(0, "i8"), "wformat": ot.scalar(1, "i8")})
    return buf, desc, tensors, ins[0], outs[0], ops


def check_structure(buf, tensors, tin, tout, ops):
    expect(len(ops) == 3, "expected 3 operators, got %d" % len(ops))
    expect([o["act"] for o in ops] == [1, 1, 0], "activations are not RELU, RELU, NONE")
    expect(all(o["wformat"] == 0 for o in ops), "weights_format is not DEFAULT")
    sizes = [(1, 16), (16, 16), (16, 1)]
    cur = tin
    layers = []
    for (n_in, n_out), op in zip(sizes, ops):
        expect(len(op["inputs"]) == 3 and len(op["outputs"]) == 1, "FC needs 3 inputs, 1 output")
        x, w, b = op["inputs"]
        y = op["outputs"][0]
        expect(x == cur, "operators are not chained input -> output")
        for i in (x, w, b, y):
            expect(0 <= i < len(tensors), "tensor index %d out of range" % i)
        X, W, B, Y = (tensors[i] for i in (x, w, b, y))
        expect(W["shape"] == [n_out, n_in] and W["type"] == 9, "weights %s shape/type" % W["name"])
        expect(B["shape"] == [n_out] and B["type"] == 2, "bias %s shape/type" % B["name"])
        expect(Y["shape"] == [1, n_out] and Y["type"] == 9, "output %s shape/type" % Y["name"])
        expect(X["type"] == 9 and X["data"][1] == 0 and Y["data"][1] == 0,
               "activations must be int8 run-time tensors")
        for T, n in ((W, n_out * n_in), (B, 4 * n_out)):
            pos, size = T["data"]
            expect(size == n, "%s: buffer has %d bytes, shape needs %d" % (T["name"], size, n))
            expect(pos % 16 == 0, "%s: data at offset %d is not 16-byte aligned" % (T["name"], pos))
        for T in (X, W, B, Y):
            expect(T["scales"] and len(T["scales"]) == 1 and T["zps"] and len(T["zps"]) == 1,
                   "%s: expected per-tensor quantization" % T["name"])
            expect(T["scales"][0] > 0 and math.isfinite(T["scales"][0]), "%s: bad scale" % T["name"])
        expect(W["zps"][0] == 0 and B["zps"][0] == 0, "weight/bias zero points must be 0")
        wq = list(struct.unpack_from("<%db" % (n_out * n_in), buf, W["data"][0]))
        bq = list(struct.unpack_from("<%di" % n_out, buf, B["data"][0]))
        expect(max(abs(v) for v in wq) == 127 and min(wq) >= -127,
               "%s: not symmetric int8 with scale max|w|/127" % W["name"])
        bs_expect = f32(X["scales"][0] * W["scales"][0])
        expect(abs(B["scales"][0] - bs_expect) <= 1e-6 * bs_expect,
               "%s: bias scale is not input_scale * weight_scale" % B["name"])
        expect(-128 <= Y["zps"][0] <= 127, "%s: zero point out of int8" % Y["name"])
        layers.append((X, wq, W, bq, Y, n_in, n_out))
        cur = y
    expect(cur == tout, "last operator does not write the subgraph output")
    for T in (tensors[tin], layers[0][4], layers[1][4]):
        # Input range [0, 2pi] and ReLU outputs are >= 0: min 0 -> zp -128.
        expect(T["zps"][0] == -128, "%s: zero point %d, expected -128" % (T["name"], T["zps"][0]))
    return layers


def run_int8(layers, q_in):
    """One inference, TFLM reference FULLY_CONNECTED arithmetic (docs/kernels.md 1.1-1.4)."""
    act = [q_in]
    for li, (X, wq, W, bq, Y, n_in, n_out) in enumerate(layers):
        in_zp, out_zp = X["zps"][0], Y["zps"][0]
        m, shift = quantize_multiplier(X["scales"][0] * W["scales"][0] / Y["scales"][0])
        lo = max(-128, out_zp) if li < 2 else -128  # RELU: Q(0) = zp
        nxt = []
        for o in range(n_out):
            acc = sum(wq[o * n_in + d] * (act[d] - in_zp) for d in range(n_in)) + bq[o]
            acc = mbqm(acc, m, shift) + out_zp
            nxt.append(min(127, max(lo, acc)))
        act = nxt
    return act[0]


def main(argv):
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    path, limit, outputs, min_pairs = args[0], 0.05, None, 256
    i = 1
    while i < len(args):
        if args[i] == "--max-error" and i + 1 < len(args):
            limit = float(args[i + 1])
        elif args[i] == "--outputs" and i + 1 < len(args):
            outputs = args[i + 1]
        elif args[i] == "--min-pairs" and i + 1 < len(args):
            min_pairs = int(args[i + 1])
        else:
            print("unknown argument %r" % args[i])
            return 2
        i += 2
    try:
        buf, desc, tensors, tin, tout, ops = load(path)
        layers = check_structure(buf, tensors, tin, tout, ops)
    except (Bad, struct.error, UnicodeDecodeError) as e:
        print("FAIL: %s: %s" % (path, e))
        return 1
    print("structure OK: %d bytes, %d tensors, 3 x FULLY_CONNECTED (RELU, RELU, NONE), "
          "description %r" % (len(buf), len(tensors), desc))
    table = {q: run_int8(layers, q) for q in range(-128, 128)}
    sin_ = tensors[tin]["scales"][0], tensors[tin]["zps"][0]
    sout = tensors[tout]["scales"][0], tensors[tout]["zps"][0]
    worst, at = 0.0, 0.0
    for k in range(GRID):
        x = f32(TWO_PI * k / (GRID - 1))
        q = max(-128, min(127, round_half_away(f32(x / sin_[0])) + sin_[1]))
        y = sout[0] * (table[q] - sout[1])
        e = abs(y - math.sin(x))
        if e > worst:
            worst, at = e, x
    ok = worst <= limit
    print("int8 (independent Python arithmetic, %d-point grid): max |y - sin x| = %.6f at x = %.6f %s %.3f"
          % (GRID, worst, at, "<=" if ok else ">", limit))
    if outputs:
        seen = set()
        with open(outputs) as f:
            for line in f:
                parts = line.split()
                if len(parts) != 2:
                    continue
                q_in, q_out = int(parts[0]), int(parts[1])
                if q_in not in table or q_in in seen:
                    print("FAIL: bad or repeated input %d in %s" % (q_in, outputs))
                    ok = False
                    continue
                seen.add(q_in)
                if table[q_in] != q_out:
                    print("FAIL: engine gives %d for input %d, Python gives %d" % (q_out, q_in, table[q_in]))
                    ok = False
        if len(seen) < min_pairs:
            print("FAIL: %s covers %d inputs, expected at least %d" % (outputs, len(seen), min_pairs))
            ok = False
        elif ok:
            print("engine outputs agree with the Python arithmetic on %d of the 256 int8 inputs" % len(seen))
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
