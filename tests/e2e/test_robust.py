# SPDX-License-Identifier: Apache-2.0
"""The SPE under hostile or broken clients: garbage frames, clients that die
mid-call, too many clients, and many honest clients at once. After each
abuse the SPE must still serve an old connection and a new one."""
import os
import random
import signal
import socket
import struct
import subprocess
import time

import pytest

from conftest import bin_path, connect_from_child, wait_for
from frames import (CALL_CONN_STATS, CALL_ECHO, ECHO_SID, ECHO_VERSION, MAGIC, OP_CALL,
                    OP_CLOSE, OP_CONNECT, OP_VERSION, PSA_ERROR_CONNECTION_BUSY, PSA_SUCCESS, REQ_HDR, Conn, request)


def conn_of(sock):
    """A frames.Conn over a socket connected elsewhere (connect_from_child)."""
    c = Conn.__new__(Conn)
    c.s, c.seq = sock, 0
    return c


def assert_serving(spe, old=None):
    """A fresh client (and an old one, if given) still get correct echoes."""
    for c in ([old] if old else []) + [Conn(spe.sock)]:
        h = c.connect(ECHO_SID, ECHO_VERSION)
        assert h > 0
        assert c.call(h, CALL_ECHO, [b"still here"], [10]) == (PSA_SUCCESS, [b"still here"])
        assert c.close_handle(h) == PSA_SUCCESS


GOOD_CALL = request(OP_CALL, 1, 0, [b"abcd"], [4])

GARBAGE = {
    "empty_header_only_magic": struct.pack("<I", MAGIC),
    "short_header": request(OP_VERSION, ECHO_SID)[:51],
    "one_byte": b"\x00",
    "bad_magic": request(OP_VERSION, ECHO_SID, magic=0xDEADBEEF),
    "bad_version": request(OP_VERSION, ECHO_SID, version=2),
    "op_zero": request(0),
    "op_unknown": request(99),
    "op_reply_bit": request(OP_VERSION | 0x80, ECHO_SID),
    "too_many_in": request(OP_CALL, 1, 0, n_in=5, in_lens=[1, 1, 1, 1], payload=b"1234"),
    "too_many_out": request(OP_CALL, 1, 0, n_out=200),
    "vectors_on_connect": request(OP_CONNECT, ECHO_SID, 1, [b"x"], []),
    "len_past_count": request(OP_CALL, 1, 0, n_in=1, in_lens=[1, 1], payload=b"xy"),
    "out_len_past_count": request(OP_CALL, 1, 0, n_out=1, out_lens=[1, 1]),
    "payload_short": request(OP_CALL, 1, 0, in_lens=[100], n_in=1, payload=b"x" * 10),
    "payload_long": request(OP_CALL, 1, 0, in_lens=[10], n_in=1, payload=b"x" * 100),
    "len_huge": request(OP_CALL, 1, 0, in_lens=[0xFFFFFFFF], n_in=1, payload=b"x"),
    "lens_wrap": request(OP_CALL, 1, 0, in_lens=[0x80000000, 0x80000000], n_in=2, payload=b""),
    "trailing_byte_on_close": request(OP_CLOSE, 1) + b"\x00",
    "oversized_frame": request(OP_CALL, 1, 0, [b"z" * 70000], [0]),
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_frame_drops_only_sender(spe, name):
    old = Conn(spe.sock)
    assert old.version(ECHO_SID) == ECHO_VERSION
    bad = Conn(spe.sock)
    bad.send_raw(GARBAGE[name])
    assert bad.is_dropped(), f"{name}: connection should be dropped"
    assert_serving(spe, old)


def test_random_garbage(spe):
    rng = random.Random(1234)
    old = Conn(spe.sock)
    for i in range(200):
        c = Conn(spe.sock)
        n = rng.choice([0, 1, 8, 51, 52, 53, 100, 1000])
        frame = bytes(rng.getrandbits(8) for _ in range(n))
        if i % 2 and n >= 8:
            frame = struct.pack("<IB", MAGIC, 1) + frame[5:]  # get past the first checks
        c.send_raw(frame)
        c.close()
    assert_serving(spe, old)


def test_mutated_valid_frames(spe):
    """Single-byte mutations of a valid call: answered or dropped, never harm."""
    rng = random.Random(99)
    keeper = Conn(spe.sock)
    h = keeper.connect(ECHO_SID, ECHO_VERSION)
    base = request(OP_CALL, h, CALL_ECHO, [b"hello", b"w"], [5, 1])
    for i in range(300):
        frame = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            frame[rng.randrange(len(frame))] = rng.getrandbits(8)
        c = Conn(spe.sock)
        c.send_raw(bytes(frame))
        c.recv_raw()  # a reply or the drop; either is fine
        c.close()
    assert keeper.call(h, CALL_ECHO, [b"ok"], [2]) == (PSA_SUCCESS, [b"ok"])
    assert_serving(spe)


def test_half_sent_frame_then_death(spe):
    """A header promising more payload than sent, then the client vanishes."""
    old = Conn(spe.sock)
    c = Conn(spe.sock)
    c.send_raw(REQ_HDR.pack(MAGIC, 1, OP_CALL, 1, 0, 1, 1, 0, 5000, 0, 0, 0, 0, 0, 0, 0)
               + b"x" * 100)
    c.close()
    assert_serving(spe, old)


def test_request_then_disconnect_before_reply(spe):
    old = Conn(spe.sock)
    for _ in range(50):
        c = Conn(spe.sock)
        c.send_raw(request(OP_CONNECT, ECHO_SID, ECHO_VERSION))
        c.s.shutdown(socket.SHUT_RDWR)
        c.close()
    assert_serving(spe, old)


def test_pipelined_requests_without_reading(spe):
    """A client that floods requests and never reads replies cannot stall
    the SPE: it is dropped once its replies cannot be delivered."""
    old = Conn(spe.sock)
    flood = Conn(spe.sock)
    flood.s.setblocking(False)
    frame = request(OP_VERSION, ECHO_SID)
    sent = 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and sent < 20000:
        try:
            flood.s.send(frame)
            sent += 1
        except BlockingIOError:
            time.sleep(0.001)
        except (BrokenPipeError, ConnectionResetError):
            break
    assert_serving(spe, old)
    assert "cannot deliver the reply" in spe.log()
    flood.close()


def conn_stats(c, h):
    status, data = c.call(h, CALL_CONN_STATS, [], [8])
    assert status == PSA_SUCCESS
    return struct.unpack("<II", data[0])


def test_clients_killed_mid_call(spe):
    """SIGKILL C clients while they are in the middle of calls (each holding
    4 handles). More handles die than the SPM has slots, so a leak would
    show as refused connections; DISCONNECT counts must add up too."""
    probe = Conn(spe.sock)
    ph = probe.connect(ECHO_SID, ECHO_VERSION)
    conn0, disc0 = conn_stats(probe, ph)
    kills = 40  # x4 handles > the 112 NS handle slots
    for i in range(kills):
        p = subprocess.Popen([bin_path("cai-e2e-client"), "hold", spe.sock, "4"],
                             stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "ready"
        time.sleep(random.Random(i).uniform(0, 0.02))
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        p.stdout.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        conn1, disc1 = conn_stats(probe, ph)
        if disc1 - disc0 == 4 * kills:
            break
        time.sleep(0.02)
    assert conn1 - conn0 == 4 * kills
    assert disc1 - disc0 == 4 * kills, "every handle of a dead client is closed"
    # Every NS handle slot is free again: all 112 (16 per client) can be
    # opened, the probe's being one of them, and not one more. Each of the 7
    # connections from its own process: one process may hold only
    # CAI_SPE_MAX_HANDLES_PER_PID (32) handles (test_quota.py).
    conns = [conn_of(connect_from_child(spe.sock)) for _ in range(7)]
    hs = [c.connect(ECHO_SID, ECHO_VERSION) for c in conns for _ in range(16)]
    assert all(h > 0 for h in hs[:111]), hs
    assert hs[111] == PSA_ERROR_CONNECTION_BUSY
    for c in conns:
        c.close()
    time.sleep(0.1)
    assert_serving(spe, probe)


def test_client_dies_while_spe_busy(spe):
    """Deterministic mid-call death: the SPE is stopped (SIGSTOP) while a C
    client sends its request and blocks for the reply; the client is killed;
    the SPE resumes, runs the request, cannot deliver the reply, drops the
    client and closes the handle the request had opened."""
    probe = Conn(spe.sock)
    ph = probe.connect(ECHO_SID, ECHO_VERSION)
    conn0, disc0 = conn_stats(probe, ph)
    spe.proc.send_signal(signal.SIGSTOP)
    try:
        p = subprocess.Popen([bin_path("cai-e2e-client"), "hold", spe.sock, "1"],
                             stdout=subprocess.PIPE, text=True)
        time.sleep(0.3)  # connected (backlog) and blocked in its first call
        assert p.poll() is None
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        p.stdout.close()
    finally:
        spe.proc.send_signal(signal.SIGCONT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        conn1, disc1 = conn_stats(probe, ph)
        if disc1 > disc0:
            break
        time.sleep(0.02)
    assert (conn1 - conn0, disc1 - disc0) == (1, 1)
    assert "cannot deliver the reply" in spe.log()
    assert_serving(spe, probe)


def test_client_limit(spe):
    """Clients beyond the static table are refused cleanly; the others and
    later clients are unaffected. Each connection from its own process (one
    process may have only 8, test_quota.py)."""
    conns = [conn_of(connect_from_child(spe.sock)) for _ in range(64)]
    for c in conns:
        assert c.version(ECHO_SID) == ECHO_VERSION
    extra = Conn(spe.sock)
    assert extra.is_dropped()
    assert "client slots busy" in spe.log()
    assert conns[0].version(ECHO_SID) == ECHO_VERSION
    conns[-1].close()
    time.sleep(0.1)
    assert Conn(spe.sock).version(ECHO_SID) == ECHO_VERSION


def test_concurrent_clients(spe):
    """32 processes x 1000 calls, unique payloads, every reply checked by the
    C client (nothing lost, nothing mixed up between clients)."""
    r = subprocess.run([bin_path("cai-e2e-client"), "stress", spe.sock, "32", "1000"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok 32 clients x 1000 calls" in r.stdout
    assert_serving(spe)


def test_drop_log_is_rate_limited(spe):
    """Reconnecting garbage senders cannot flood the SPE log."""
    for _ in range(150):
        c = Conn(spe.sock)
        c.send_raw(b"junk")
        assert c.is_dropped()
        c.close()
    time.sleep(1.1)
    c = Conn(spe.sock)
    c.send_raw(b"junk")  # the next second's first drop reports the suppressed ones
    assert c.is_dropped()
    assert wait_for(lambda: "messages suppressed" in spe.log())
    assert spe.log().count("dropped: frame shorter than its header") < 151
    assert_serving(spe)


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_out_of_file_descriptors(state_dir):
    """With a tiny descriptor limit, surplus connections are refused at once
    (no busy loop on a listener that stays readable) and service resumes
    when descriptors free up."""
    import resource
    from conftest import Spe
    s = Spe(state_dir, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (16, 16)))
    try:
        conns = []
        for _ in range(20):
            c = Conn(s.sock)
            try:
                c.version(ECHO_SID)
                conns.append(c)
            except (AssertionError, OSError):
                c.close()  # refused: the SPE had no descriptor for it
        assert 0 < len(conns) < 20
        assert "out of file descriptors" in s.log()
        t0 = cpu_ticks(s.proc.pid)
        time.sleep(0.5)
        assert cpu_ticks(s.proc.pid) - t0 <= 5, "the SPE spins"
        for c in conns:
            c.close()
        assert wait_for(lambda: _serves(s))
    finally:
        assert s.stop() == 0


def _serves(s):
    try:
        return Conn(s.sock).version(ECHO_SID) == ECHO_VERSION
    except (AssertionError, OSError):
        return False
