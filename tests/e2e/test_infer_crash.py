# SPDX-License-Identifier: Apache-2.0
"""`kill -9` of cai-spe at random moments during a stream of inferences
never yields a repeated or decreasing sequence number (issue 9, items 4
and 7; docs/design.md §5: "strictly increasing per device, never reused,
survives restarts and crashes").

Two client threads speak the host frames directly (frames.py, infer_e2e.py)
and run sine in the cbor format as fast as the SPE answers, reconnecting
whenever it is gone; one of them asks for sign1 now and then, checked by
the oracle. The main thread boots the SPE, lets it serve for a random time
(sometimes none: killed while booting) and kills it with SIGKILL, 200 times
(CAI_CRASH_KILLS). Every result is checked with the
oracle's CDDL check and kept with the time its request was sent and its
answer came back. Then:
  - each client's numbers strictly increase;
  - no number appears twice, across everything;
  - a result answered before another was asked for carries a lower number;
and the gaps (numbers never seen: what the crashes cost) are reported."""
import os
import random
import signal
import subprocess
import threading
import time

import infer_oracle as oracle
from conftest import HUK_HEX, bin_path, wait_for
from identity_oracle import Identity
from infer_e2e import connect, run

UUID = Identity(bytes.fromhex(HUK_HEX)).uuid
KILLS = int(os.environ.get("CAI_CRASH_KILLS", "200"))
SERVE_MAX = 0.12        # seconds an SPE serves at most before its kill
BOOT_KILL_SHARE = 0.1   # the share of kills made while the SPE boots


class Client(threading.Thread):
    def __init__(self, sock, stop, rng, sign_pub=None):
        super().__init__(daemon=True)
        self.sock, self.stop, self.rng, self.sign_pub = sock, stop, rng, sign_pub
        self.got = []        # (t_sent, t_answered, seq)
        self.failed = 0      # calls the kill cut short
        self.errors = []     # anything else: the test fails on it

    def one(self, conn):
        fmt = "sign1" if self.sign_pub is not None and self.rng.random() < 0.2 else "cbor"
        t0 = time.monotonic()
        status, blob = run(conn, "sine", [self.rng.uniform(0.0, 6.28)], fmt=fmt)
        t1 = time.monotonic()
        if status != 0:
            self.errors.append(f"status {status}")
            return
        c = oracle.check_result(blob, fmt, self.sign_pub, UUID)
        self.got.append((t0, t1, c[oracle.SEQ]))

    def run(self):
        conn = None
        while not self.stop.is_set():
            try:
                if conn is None:
                    conn = connect(self.sock)
                self.one(conn)
            except (OSError, AssertionError):
                # the SPE died under the call (or is not up yet)
                self.failed += 1
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.001)
            except Exception as e:  # an oracle verdict, or anything unexpected
                self.errors.append(repr(e))
        if conn is not None:
            conn.close()


def answers(sock):
    import socket
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(sock)
        return True
    except OSError:
        return False
    finally:
        s.close()


def test_kill_9_never_repeats_a_sequence_number(state_dir):
    rng = random.Random(int(os.environ.get("CAI_CRASH_SEED", "0")) or None)
    sock = os.path.join(state_dir, "spe.sock")
    log_path = state_dir + "-fg.log"
    log = open(log_path, "ab")
    env = {**os.environ, "CAI_HUK_HEX": HUK_HEX}
    image = bin_path("cai-spe-test")

    def boot():
        return subprocess.Popen([image, "--foreground", "--state-dir", state_dir],
                                stdout=log, stderr=subprocess.STDOUT, env=env)

    # A first clean boot: the sign key for the oracle.
    p = boot()
    assert wait_for(lambda: answers(sock) or p.poll() is not None), "no SPE"
    r = subprocess.run([bin_path("cai"), "--state-dir", state_dir, "keys", "public", "sign"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    sign_pub = r.stdout.encode()
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=30) == 0

    stop = threading.Event()
    clients = [Client(sock, stop, random.Random(rng.random()), sign_pub),
               Client(sock, stop, random.Random(rng.random()))]
    for c in clients:
        c.start()
    start = time.monotonic()
    boots_failed = 0
    boot_kills = 0
    try:
        for i in range(KILLS):
            p = boot()
            if rng.random() < BOOT_KILL_SHARE:
                time.sleep(rng.uniform(0, 0.02))   # while it boots (or just after)
                boot_kills += 1
            else:
                if not wait_for(lambda: answers(sock) or p.poll() is not None, timeout=30) \
                        or p.poll() is not None:
                    boots_failed += 1
                    break
                time.sleep(rng.uniform(0, SERVE_MAX))
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
        # One last boot must still serve, and continue above everything.
        p = boot()
        assert wait_for(lambda: answers(sock) or p.poll() is not None) and p.poll() is None, \
            open(log_path, errors="replace").read()[-3000:]
        time.sleep(0.2)
    finally:
        stop.set()
        for c in clients:
            c.join(timeout=30)
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            rc = p.wait(timeout=30)
        else:
            rc = p.returncode
        log.close()
    elapsed = time.monotonic() - start
    text = open(log_path, errors="replace").read()
    assert boots_failed == 0, text[-3000:]
    assert rc == 0, text[-3000:]
    assert "AddressSanitizer" not in text and "runtime error" not in text, text[-3000:]
    for c in clients:
        assert c.errors == [], c.errors[:5]

    everything = []
    for c in clients:
        seqs = [s for _, _, s in c.got]
        bad = [(a, b) for a, b in zip(seqs, seqs[1:]) if b <= a]
        assert bad == [], f"a client saw its sequence numbers go back: {bad[:5]}"
        everything += c.got
    all_seqs = sorted(s for _, _, s in everything)
    repeats = [a for a, b in zip(all_seqs, all_seqs[1:]) if a == b]
    assert repeats == [], f"sequence numbers repeated: {repeats[:10]}"
    # Answered before asked: lower. (Sorted by the time answered, a running
    # maximum of what had come back is below every later request's number.)
    by_answer = sorted(everything, key=lambda g: g[1])
    by_sent = sorted(everything, key=lambda g: g[0])
    j, top = 0, -1
    for t_sent, _, seq in by_sent:
        while j < len(by_answer) and by_answer[j][1] < t_sent:
            top = max(top, by_answer[j][2])
            j += 1
        assert seq > top, f"result {seq} asked for after {top} had come back"
    assert len(everything) > KILLS, "too few results to say anything"
    gaps = [b - a for a, b in zip(all_seqs, all_seqs[1:]) if b - a > 1]
    print(f"\ncrash test: {KILLS} kills ({boot_kills} while booting) in {elapsed:.1f} s, "
          f"{len(everything)} results (seq {all_seqs[0]}..{all_seqs[-1]}), "
          f"{sum(c.failed for c in clients)} calls cut short; "
          f"{len(gaps)} gaps, {sum(g - 1 for g in gaps)} numbers skipped, "
          f"largest gap {max(gaps, default=1)}")
