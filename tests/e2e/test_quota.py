# SPDX-License-Identifier: Apache-2.0
"""Per-peer quotas and time limits (docs/host.md "Limits"): the review's
attacks from one process or one uid leave a well-behaved client served.

- 64 idle connections from one process: the ninth is refused (8 per
  process); another process is served at once; an idle connection is
  dropped after --idle-timeout, one holding a handle is not;
- 7 sockets x 16 handles from one process: the process stops at 32
  handles, everybody else still gets handles;
- one uid with connections from many processes stops at 32 connections and
  48 handles, another uid is served;
- a flood of identity signatures (CSR, TLS digest signing) from one uid is
  answered PSA_ERROR_CONNECTION_BUSY past its bucket while another uid signs.
No test asserts on wall time beyond generous timeouts."""
import os

import pytest

from conftest import Spe, as_user, connect_from_child, wait_for
from frames import (CALL_ECHO, ECHO_SID, ECHO_VERSION, OP_CALL, PSA_ERROR_CONNECTION_BUSY, PSA_SUCCESS,
                    Conn)

IDENTITY_HANDLE = 0x40000100          # CAI_STATELESS_HANDLE(CAI_IDENTITY_INDEX=1, version 1)
CALL_SIGN_TLS_DIGEST = 7              # include/cai/identity.h
CALL_PUBLIC = 2


def conn_of(sock):
    c = Conn.__new__(Conn)
    c.s, c.seq = sock, 0
    return c


def served(spe):
    """A fresh client of this process gets an echo."""
    c = Conn(spe.sock)
    try:
        h = c.connect(ECHO_SID, ECHO_VERSION)
        assert h > 0, h
        assert c.call(h, CALL_ECHO, [b"ok"], [2])[0] == PSA_SUCCESS
        assert c.close_handle(h) == PSA_SUCCESS
    finally:
        c.close()


@pytest.fixture
def spe_quota(state_dir):
    s = Spe(state_dir, extra_args=["--idle-timeout", "2", "--rate-burst", "5",
                                   "--rate-per-second", "1"])
    yield s
    assert s.stop() == 0, s.log()
    assert "runtime error" not in s.log() and "ERROR: AddressSanitizer" not in s.log()


def open_many_in_child(sock, n):
    """n connections made by one forked process: a list of sockets, then
    the OSError/None for the rest."""
    import socket as pysock
    parent, child = pysock.socketpair(pysock.AF_UNIX, pysock.SOCK_DGRAM)
    pid = os.fork()
    if pid == 0:
        try:
            socks = []  # kept referenced: a collected socket is closed
            for _ in range(n):
                socks.append(pysock.socket(pysock.AF_UNIX, pysock.SOCK_SEQPACKET))
                socks[-1].connect(sock)
            pysock.send_fds(child, [b"ok"], [x.fileno() for x in socks])
        except BaseException:
            child.send(b"failed")
        finally:
            os._exit(0)
    child.close()
    msg, fds, _, _ = pysock.recv_fds(parent, 64, n)
    assert msg == b"ok", msg
    parent.close()
    os.waitpid(pid, 0)
    socks = [pysock.socket(fileno=f) for f in fds]
    for s in socks:
        s.settimeout(20)
    return [conn_of(s) for s in socks]


def test_64_idle_connections_from_one_process(spe_quota):
    spe = spe_quota
    conns = open_many_in_child(spe.sock, 64)
    assert len(conns) == 64
    # The SPE answers the first 8, refuses the rest at once.
    answered = 0
    for c in conns:
        try:
            answered += c.version(ECHO_SID) == ECHO_VERSION
        except (AssertionError, OSError):
            pass
    assert answered == 8, answered
    assert "the process already has 8 connections (limit)" in spe.log()
    served(spe)  # another process, at once


def test_idle_connection_dropped_after_timeout(spe_quota):
    spe = spe_quota
    idle = Conn(spe.sock)
    holder = Conn(spe.sock)
    h = holder.connect(ECHO_SID, ECHO_VERSION)
    assert h > 0
    assert idle.version(ECHO_SID) == ECHO_VERSION
    assert idle.is_dropped(), "the idle connection is closed by the SPE"
    assert wait_for(lambda: "dropped: idle" in spe.log(), 30)
    # A connection holding a handle is a session, not idle.
    assert holder.call(h, CALL_ECHO, [b"x"], [1])[0] == PSA_SUCCESS
    served(spe)


def test_seven_sockets_of_handles_from_one_process(spe):
    """The review's handle exhaustion: 7 sockets x 16 handles = the whole NS
    pool of 112. One process now stops at 32; others get handles."""
    conns = open_many_in_child(spe.sock, 7)
    hs = [c.connect(ECHO_SID, ECHO_VERSION) for c in conns for _ in range(16)]
    assert sum(h > 0 for h in hs) == 32, hs
    assert all(h == PSA_ERROR_CONNECTION_BUSY for h in hs[32:]), hs
    assert "handle quota reached" in spe.log()
    victims = [conn_of(connect_from_child(spe.sock)) for _ in range(3)]
    vh = [v.connect(ECHO_SID, ECHO_VERSION) for v in victims for _ in range(16)]
    assert all(h > 0 for h in vh), vh
    served(spe)


@pytest.fixture
def sep_quota():
    from test_uid import Separate
    s = Separate(extra_args=["--rate-burst", "5", "--rate-per-second", "1"])
    yield s
    s.stop()


def test_one_uid_many_processes_leaves_room_for_another_uid(sep_quota):
    spe = sep_quota.spe
    ns, ns2 = sep_quota.ns, sep_quota.ns2
    attackers = [conn_of(connect_from_child(spe.sock, as_user(ns))) for _ in range(40)]
    ok = [c for c in attackers if not isinstance(c.s, OSError)]
    answered = []
    for c in ok:
        try:
            if c.version(ECHO_SID) == ECHO_VERSION:
                answered.append(c)
        except (AssertionError, OSError):
            pass
    assert len(answered) == 32, len(answered)
    assert "the uid already has 32 connections (limit)" in spe.log()
    hs = [c.connect(ECHO_SID, ECHO_VERSION) for c in answered[:4] for _ in range(16)]
    assert sum(h > 0 for h in hs) == 48, hs
    other = conn_of(connect_from_child(spe.sock, as_user(ns2)))
    h = other.connect(ECHO_SID, ECHO_VERSION)
    assert h > 0
    assert other.call(h, CALL_ECHO, [b"mine"], [4]) == (PSA_SUCCESS, [b"mine"])


def sign(c):
    st, _ = c.call(IDENTITY_HANDLE, CALL_SIGN_TLS_DIGEST, [bytes(32)], [64])
    return st


def test_signing_flood_is_throttled_per_uid(sep_quota):
    spe = sep_quota.spe
    ns, ns2 = sep_quota.ns, sep_quota.ns2
    flood = conn_of(connect_from_child(spe.sock, as_user(ns)))
    results = [sign(flood) for _ in range(40)]
    assert results.count(PSA_SUCCESS) >= 5, results
    assert results.count(PSA_ERROR_CONNECTION_BUSY) >= 20, results
    assert set(results) <= {PSA_SUCCESS, PSA_ERROR_CONNECTION_BUSY}, results
    assert "expensive calls throttled" in spe.log()
    # Cheap calls of the same uid are not throttled.
    assert flood.call(IDENTITY_HANDLE, CALL_PUBLIC, [b"\x01\x50\x00\x00"], [65])[0] != \
        PSA_ERROR_CONNECTION_BUSY
    other = conn_of(connect_from_child(spe.sock, as_user(ns2)))
    assert sign(other) == PSA_SUCCESS
    # The bucket refills: the flooding uid signs again later.
    assert wait_for(lambda: sign(flood) == PSA_SUCCESS, 30)
