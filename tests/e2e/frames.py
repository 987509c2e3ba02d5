# SPDX-License-Identifier: Apache-2.0
"""An independent Python implementation of the cai host frame format
(docs/host.md), used to talk to cai-spe directly and to send it garbage."""
import os
import re
import socket
import struct

MAGIC = 0x31494143
VERSION = 1
OP_FRAMEWORK_VERSION, OP_VERSION, OP_CONNECT, OP_CALL, OP_CLOSE = 1, 2, 3, 4, 5
REPLY_BIT = 0x80
REQ_HDR = struct.Struct("<IBBBBIii4I4I")   # 52 bytes
REP_HDR = struct.Struct("<IBBBBIiI4I")     # 36 bytes
MAX_CALL_BYTES = 65536

PSA_SUCCESS = 0
PSA_ERROR_PROGRAMMER_ERROR = -129
PSA_ERROR_CONNECTION_REFUSED = -130
PSA_ERROR_CONNECTION_BUSY = -131
PSA_ERROR_BUFFER_TOO_SMALL = -138



def service_table(rel_path, macro, min_rows):
    """A service table (an X-macro of rows, cai/services.h or the test
    partition's cai/test_services.h), read from the C header so that no SID
    is written down twice: {ID: (name, sid, version, stateless_index,
    non_secure)}."""
    src = os.environ.get("CAI_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
    path = os.path.join(src, *rel_path)
    text = open(path).read().replace("\\\n", " ")
    table = re.search(r"#define " + macro + r"\(X\)(.*)", text).group(1)
    rows = re.findall(r'X\((\w+),\s*"([^"]+)",\s*(0x[0-9A-Fa-f]+)u,\s*(\d+)u,\s*\w+,\s*(\d+)u,'
                      r"\s*(true|false)", table)
    assert len(rows) >= min_rows, f"cannot read {macro} from {path}"
    return {r[0]: (r[1], int(r[2], 16), int(r[3]), int(r[4]), r[5] == "true") for r in rows}


def test_services():
    return service_table(("spe", "partitions", "test", "include", "cai", "test_services.h"),
                         "CAI_TEST_SERVICES", 4)


# The real services, which both images serve.
REAL_SERVICES = service_table(("include", "cai", "services.h"), "CAI_SERVICES", 1)
TEST_SERVICES = test_services()
ECHO_SID, ECHO_VERSION = TEST_SERVICES["CAI_TEST_ECHO"][1:3]
RELAXED_SID, RELAXED_VERSION = TEST_SERVICES["CAI_TEST_RELAXED"][1:3]
SECURE_ONLY_SID = TEST_SERVICES["CAI_TEST_SECURE_ONLY"][1]
_, STATELESS_SID, _sl_version, _sl_index, _ = TEST_SERVICES["CAI_TEST_STATELESS"]
STATELESS_HANDLE = 0x40000000 | (_sl_version << 8) | (_sl_index - 1)
CALL_ECHO, CALL_INFO, CALL_CONN_STATS = 0, 1, 7

assert REQ_HDR.size == 52 and REP_HDR.size == 36


def request(op, arg0=0, arg1=0, ins=(), outs=(), seq=1, magic=MAGIC, version=VERSION,
            n_in=None, n_out=None, in_lens=None, out_lens=None, payload=None):
    """Build a request frame; every field can be overridden to make bad ones."""
    in_lens = list(in_lens if in_lens is not None else [len(b) for b in ins])
    out_lens = list(out_lens if out_lens is not None else outs)
    n_in = len(ins) if n_in is None else n_in
    n_out = len(outs) if n_out is None else n_out
    hdr = REQ_HDR.pack(magic, version, op, n_in, n_out, seq, arg0, arg1,
                       *(in_lens + [0] * (4 - len(in_lens))),
                       *(out_lens + [0] * (4 - len(out_lens))))
    return hdr + (b"".join(ins) if payload is None else payload)


class Conn:
    """One NS client connection speaking raw frames."""

    def __init__(self, path, timeout=20):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.s.connect(path)  # blocking: waits while the listen backlog is full
        self.s.settimeout(timeout)
        self.seq = 0

    def close(self):
        self.s.close()

    def send_raw(self, frame):
        self.s.send(frame)

    def recv_raw(self):
        """The next message, or b'' when the SPE closed the connection."""
        try:
            return self.s.recv(MAX_CALL_BYTES + 1024)
        except ConnectionResetError:
            return b""

    def transact(self, op, arg0=0, arg1=0, ins=(), outs=()):
        self.seq += 1
        self.send_raw(request(op, arg0, arg1, ins, outs, seq=self.seq))
        rep = self.recv_raw()
        assert len(rep) >= REP_HDR.size, f"short or no reply: {rep!r}"
        magic, ver, rop, n_out, res, seq, status, value, *lens = REP_HDR.unpack_from(rep)
        assert (magic, ver, rop, res, seq) == (MAGIC, VERSION, op | REPLY_BIT, 0, self.seq)
        assert n_out == len(outs)
        assert sum(lens) == len(rep) - REP_HDR.size
        data, off = [], REP_HDR.size
        for i in range(n_out):
            assert lens[i] <= outs[i]
            data.append(rep[off:off + lens[i]])
            off += lens[i]
        return status, value, data

    def version(self, sid):
        return self.transact(OP_VERSION, sid)[1]

    def connect(self, sid, version):
        return self.transact(OP_CONNECT, sid, version)[0]

    def call(self, handle, type_, ins=(), outs=()):
        status, _, data = self.transact(OP_CALL, handle, type_, ins, outs)
        return status, data

    def close_handle(self, handle):
        return self.transact(OP_CLOSE, handle)[0]

    def is_dropped(self):
        """True once the SPE has closed this connection."""
        return self.recv_raw() == b""
