# SPDX-License-Identifier: Apache-2.0
"""Crash test of the host storage backend: SIGKILL a writer at random
moments, then read the object back through the backend.

usage: storage_crash.py DRIVER ROUNDS

Each round starts the driver writing values N, N+1, ... to one object (it
prints each number once its write has returned), kills it with SIGKILL after
a random delay, and reads the object back. It must be exactly the last value
reported or the one in flight after it (the old or the new value), never a
mix, never missing once it existed, and no temporary file may survive the
next boot (the read). Nothing here depends on timing: the delay only decides
where the kill lands.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def read_back(driver, d):
    r = subprocess.run([driver, d, "read"], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit(f"FAIL: read exited {r.returncode}: {r.stderr}")
    return r.stdout.strip()


def one_round(driver, d, first, rng):
    p = subprocess.Popen([driver, d, "write", str(first)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(rng.uniform(0, 0.03))
    p.send_signal(signal.SIGKILL)
    out, err = p.communicate(timeout=60)
    if p.returncode != -signal.SIGKILL:
        sys.exit(f"FAIL: the writer ended on its own ({p.returncode}): {err.decode()}")
    done = [int(x) for x in out.decode().split()]
    return done


def main():
    driver, rounds = sys.argv[1], int(sys.argv[2])
    seed = int(os.environ.get("CAI_CRASH_SEED", random.randrange(1 << 32)))
    rng = random.Random(seed)
    print(f"seed {seed} (CAI_CRASH_SEED reproduces the kill delays)")
    d = tempfile.mkdtemp(prefix="cai-crash-", dir="/tmp")
    try:
        os.chmod(d, 0o700)
        last = None            # value on disk before the round (None: no object yet)
        nxt = 0                # first value the next writer writes
        in_flight_hits = 0
        for i in range(rounds):
            done = one_round(driver, d, nxt, rng)
            if done and done != list(range(nxt, nxt + len(done))):
                sys.exit(f"FAIL: round {i}: the writer reported {done[:5]}...")
            old = done[-1] if done else last
            new = (done[-1] + 1) if done else nxt
            got = read_back(driver, d)
            leftovers = [n for n in os.listdir(os.path.join(d, "its")) if n.endswith(".tmp")]
            if leftovers:
                sys.exit(f"FAIL: round {i}: temporary files survived a boot: {leftovers}")
            if got == "missing":
                if old is not None:
                    sys.exit(f"FAIL: round {i}: the object vanished (it held {old})")
                continue
            if not got.startswith("ok "):
                sys.exit(f"FAIL: round {i}: {got} (old {old}, new {new})")
            n = int(got[3:])
            if n != old and n != new:
                sys.exit(f"FAIL: round {i}: read value {n}, expected {old} or {new}")
            in_flight_hits += n == new
            last = n
            nxt = n + 1
        print(f"ok: {rounds} kills; the object was always whole (old or new value); "
              f"{in_flight_hits} reads saw the write in flight when the kill came")
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
