# SPDX-License-Identifier: Apache-2.0
"""PSA client API semantics end to end: raw frames (frames.py) and the C
client library (cai-e2e-client) against a real cai-spe."""
import subprocess

import pytest

from conftest import bin_path
from frames import (CALL_CONN_STATS, CALL_ECHO, CALL_INFO, ECHO_SID, ECHO_VERSION,
                    OP_CALL, OP_FRAMEWORK_VERSION, PSA_ERROR_BUFFER_TOO_SMALL,
                    PSA_ERROR_CONNECTION_REFUSED, PSA_ERROR_PROGRAMMER_ERROR, PSA_SUCCESS,
                    RELAXED_SID, SECURE_ONLY_SID, STATELESS_HANDLE, STATELESS_SID, Conn,
                    request)


def test_framework_version(spe):
    c = Conn(spe.sock)
    assert c.transact(OP_FRAMEWORK_VERSION)[1] == 0x0101


def test_connect_call_close(spe):
    c = Conn(spe.sock)
    assert c.version(ECHO_SID) == ECHO_VERSION
    h = c.connect(ECHO_SID, ECHO_VERSION)
    assert h > 0
    # Several vector layouts; echo copies in_vec[i] to out_vec[i].
    for ins, outs in [
        ([b"hello"], [16]),
        ([b"a" * 100, b"\x00\x01\x02"], [100, 3]),
        ([b""], [5]),
        ([b"one"], [8, 8, 8]),
        ([], [4, 4]),
        ([b"", b"ab"], [0, 2]),  # empty vectors share an address with the next one
        ([b"xyz", b""], [3, 0]),
        ([bytes(range(256)) * 64], [16384]),
    ]:
        status, data = c.call(h, CALL_ECHO, ins, outs)
        assert status == PSA_SUCCESS
        for i, size in enumerate(outs):
            want = ins[i] if i < len(ins) else b""
            assert data[i] == want[:size]
    # Only the written bytes come back, and a short output is reported.
    status, data = c.call(h, CALL_ECHO, [b"abcdef"], [4])
    assert status == PSA_ERROR_BUFFER_TOO_SMALL and data == [b"abcd"]
    assert c.close_handle(h) == PSA_SUCCESS
    # The handle is gone after close.
    assert c.call(h, CALL_ECHO, [b"x"], [1])[0] == PSA_ERROR_PROGRAMMER_ERROR


def test_info_sees_transport_sizes(spe):
    """The service sees exactly the vector sizes the client sent."""
    c = Conn(spe.sock)
    h = c.connect(ECHO_SID, ECHO_VERSION)
    status, data = c.call(h, CALL_INFO, [b"12345", b"12"], [36])
    assert status == PSA_SUCCESS and len(data[0]) == 36
    import struct
    client_id, *sizes = struct.unpack("<i8I", data[0])
    assert client_id < 0, "NS clients have negative ids"
    assert sizes[:4] == [5, 2, 0, 0] and sizes[4:] == [36, 0, 0, 0]


def test_unknown_sid(spe):
    c = Conn(spe.sock)
    assert c.version(0x12345) == 0
    assert c.connect(0x12345, 1) == PSA_ERROR_CONNECTION_REFUSED


def test_version_policy_strict(spe):
    c = Conn(spe.sock)
    assert c.connect(ECHO_SID, 0) == PSA_ERROR_CONNECTION_REFUSED
    assert c.connect(ECHO_SID, 2) == PSA_ERROR_CONNECTION_REFUSED
    assert c.connect(ECHO_SID, 1) > 0


def test_version_policy_relaxed(spe):
    c = Conn(spe.sock)
    assert c.version(RELAXED_SID) == 2
    for v in (0, 1, 2):
        assert c.connect(RELAXED_SID, v) > 0
    assert c.connect(RELAXED_SID, 3) == PSA_ERROR_CONNECTION_REFUSED


def test_secure_only_refused_from_ns(spe):
    c = Conn(spe.sock)
    assert c.version(SECURE_ONLY_SID) == 0
    assert c.connect(SECURE_ONLY_SID, 1) == PSA_ERROR_CONNECTION_REFUSED


def test_stateless_service(spe):
    c = Conn(spe.sock)
    assert c.version(STATELESS_SID) == 1
    status, data = c.call(STATELESS_HANDLE, CALL_ECHO, [b"stateless"], [9])
    assert status == PSA_SUCCESS and data == [b"stateless"]


def test_bad_handle(spe):
    c = Conn(spe.sock)
    for h in (0, -1, 1, 12345, 0x7FFFFFFF):
        assert c.call(h, CALL_ECHO, [b"x"], [1])[0] == PSA_ERROR_PROGRAMMER_ERROR
    assert c.close_handle(12345) == PSA_ERROR_PROGRAMMER_ERROR
    # The connection survives a programmer error and still works.
    h = c.connect(ECHO_SID, ECHO_VERSION)
    assert c.call(h, CALL_ECHO, [b"ok"], [2]) == (PSA_SUCCESS, [b"ok"])


def test_another_connections_handle(spe):
    a, b = Conn(spe.sock), Conn(spe.sock)
    h = a.connect(ECHO_SID, ECHO_VERSION)
    assert h > 0
    assert b.call(h, CALL_ECHO, [b"steal"], [5])[0] == PSA_ERROR_PROGRAMMER_ERROR
    assert b.close_handle(h) == PSA_ERROR_PROGRAMMER_ERROR
    assert a.call(h, CALL_ECHO, [b"mine"], [4]) == (PSA_SUCCESS, [b"mine"])
    assert a.close_handle(h) == PSA_SUCCESS


def test_more_than_four_vectors(spe):
    c = Conn(spe.sock)
    h = c.connect(ECHO_SID, ECHO_VERSION)
    for n_in, n_out in [(3, 2), (4, 1), (1, 4), (4, 4)]:
        ins = [b"v"] * n_in
        status, data = c.call(h, CALL_ECHO, ins, [1] * n_out)
        assert status == PSA_ERROR_PROGRAMMER_ERROR
        assert data == [b""] * n_out, "no bytes come back from a refused call"
    assert c.call(h, CALL_ECHO, [b"a", b"b"], [1, 1]) == (PSA_SUCCESS, [b"a", b"b"])


def test_oversized_vectors_answered(spe):
    c = Conn(spe.sock)
    h = c.connect(ECHO_SID, ECHO_VERSION)
    # Declared outputs above the per-call cap: a programmer error, answered.
    assert c.call(h, CALL_ECHO, [b"x"], [65536])[0] == PSA_ERROR_PROGRAMMER_ERROR
    assert c.call(h, CALL_ECHO, [b"x" * 40000], [40000])[0] == PSA_ERROR_PROGRAMMER_ERROR
    assert c.call(h, CALL_ECHO, [], [0xFFFFFFFF, 0xFFFFFFFF])[0] == PSA_ERROR_PROGRAMMER_ERROR
    # Exactly at the cap is fine.
    status, data = c.call(h, CALL_ECHO, [b"y" * 32768], [32768])
    assert status == PSA_SUCCESS and data == [b"y" * 32768]


def test_client_library_checks(spe):
    r = subprocess.run([bin_path("cai-e2e-client"), "api", spe.sock], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok api" in r.stdout


def test_disconnect_closes_handles(spe):
    """A client's handles are closed (DISCONNECT delivered) when it goes away."""
    probe = Conn(spe.sock)
    ph = probe.connect(ECHO_SID, ECHO_VERSION)
    _, before = probe.call(ph, CALL_CONN_STATS, [], [8])
    c = Conn(spe.sock)
    for _ in range(3):
        assert c.connect(ECHO_SID, ECHO_VERSION) > 0
    c.close()
    import struct
    import time
    for _ in range(200):
        _, after = probe.call(ph, CALL_CONN_STATS, [], [8])
        b_conn, b_disc = struct.unpack("<II", before[0])
        a_conn, a_disc = struct.unpack("<II", after[0])
        if a_disc - b_disc == 3:
            break
        time.sleep(0.01)
    assert a_conn - b_conn == 3 and a_disc - b_disc == 3


def test_call_frame_type_is_signed(spe):
    """A negative call type is a programmer error (FF-M types are >= 0)."""
    c = Conn(spe.sock)
    h = c.connect(ECHO_SID, ECHO_VERSION)
    c.send_raw(request(OP_CALL, h, -5, [b"x"], [1], seq=77))
    rep = c.recv_raw()
    import struct
    status = struct.unpack_from("<i", rep, 12)[0]
    assert status == PSA_ERROR_PROGRAMMER_ERROR


@pytest.mark.parametrize("n", [1, 2])
def test_many_connections_each_own_client_id(spe, n):
    conns = [Conn(spe.sock) for _ in range(4)]
    ids = set()
    import struct
    for c in conns:
        h = c.connect(ECHO_SID, ECHO_VERSION)
        for _ in range(n):
            status, data = c.call(h, CALL_INFO, [], [36])
            assert status == PSA_SUCCESS
            ids.add(struct.unpack_from("<i", data[0])[0])
    assert len(ids) == 4 and all(i < 0 for i in ids)
