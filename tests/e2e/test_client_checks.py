# SPDX-License-Identifier: Apache-2.0
"""The client library checks replies as strictly as the SPE checks
requests: a fake SPE (Python) answers `cai psa call` with malformed reply
frames, and every one must end as PSA_ERROR_COMMUNICATION_FAILURE, never as
data handed to the caller or a crash."""
import os
import socket
import struct
import threading

import pytest

from conftest import run_cai
from frames import MAGIC, OP_CALL, REP_HDR, REPLY_BIT, REQ_HDR, VERSION

STATELESS = "0x4000011f"


def reply(seq, n_out=2, lens=(2, 0), payload=b"ok", **kw):
    f = dict(magic=MAGIC, version=VERSION, op=OP_CALL | REPLY_BIT, n_out=n_out, res=0, seq=seq,
             status=0, value=0)
    f.update(kw)
    lens = list(lens) + [0] * (4 - len(lens))
    return REP_HDR.pack(f["magic"], f["version"], f["op"], f["n_out"], f["res"], f["seq"],
                        f["status"], f["value"], *lens) + payload


BAD_REPLIES = {
    "short": lambda seq: reply(seq)[:20],
    "empty": lambda seq: b"",
    "bad_magic": lambda seq: reply(seq, magic=0x12345678),
    "bad_version": lambda seq: reply(seq, version=9),
    "wrong_op": lambda seq: reply(seq, op=2 | REPLY_BIT),
    "no_reply_bit": lambda seq: reply(seq, op=OP_CALL),
    "wrong_seq": lambda seq: reply(seq + 1),
    "reserved_set": lambda seq: reply(seq, res=1),
    "n_out_mismatch": lambda seq: reply(seq, n_out=1, lens=(2,)),
    "len_over_capacity": lambda seq: reply(seq, lens=(9, 0), payload=b"x" * 9),
    "len_past_count": lambda seq: reply(seq, lens=(2, 0, 1), payload=b"okx"),
    "payload_short": lambda seq: reply(seq, payload=b"o"),
    "payload_long": lambda seq: reply(seq, payload=b"okk"),
    "oversized": lambda seq: reply(seq, payload=b"z" * 70000),
}


class FakeSpe:
    """Answers the first request on each connection with make_reply(seq)."""

    def __init__(self, path, make_reply):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.s.bind(path)
        self.s.listen(4)
        self.make_reply = make_reply
        self.t = threading.Thread(target=self.serve, daemon=True)
        self.t.start()

    def serve(self):
        try:
            conn, _ = self.s.accept()
        except OSError:
            return
        with conn:
            req = conn.recv(100000)
            seq = REQ_HDR.unpack_from(req)[5]
            rep = self.make_reply(seq)
            if rep:
                conn.send(rep)

    def close(self):
        self.s.close()


def call_through_fake(state_dir, make_reply):
    path = os.path.join(state_dir, "fake.sock")
    fake = FakeSpe(path, make_reply)
    try:
        return run_cai(state_dir, "--spe-socket", path, "--json", "psa", "call", STATELESS, "0",
                       "--in", "6f6b", "--out", "2", "--out", "2")
    finally:
        fake.close()
        os.unlink(path)


def test_fake_spe_good_reply_is_accepted(state_dir):
    """Positive control: the fake speaks the protocol right."""
    r = call_through_fake(state_dir, lambda seq: reply(seq))
    assert r.returncode == 0, r.stderr
    assert '"out":["6f6b",""]' in r.stdout


@pytest.mark.parametrize("name", sorted(BAD_REPLIES))
def test_bad_reply_is_a_communication_failure(state_dir, name):
    r = call_through_fake(state_dir, BAD_REPLIES[name])
    assert r.returncode == 1
    assert '"status":"PSA_ERROR_COMMUNICATION_FAILURE"' in r.stdout
    assert '"out":["",""]' in r.stdout, "no byte of a bad reply reaches the caller"
    assert "AddressSanitizer" not in r.stderr
