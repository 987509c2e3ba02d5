# SPDX-License-Identifier: Apache-2.0
"""The sealed protected-storage entry, read as its documented layout
(spe/partitions/storage/its_seal.h) by python3-cryptography: header fields at
their offsets, AES-256-GCM with AAD = header || owner int32 LE || uid uint64 LE."""
import os
import struct
import subprocess
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

tool = sys.argv[1]
fails = 0
cases = [(0x0100, 0x100005001, 0, b""), (0x0100, 1, 1, b"x"), (0x0101, 2**64 - 1, 0, os.urandom(4096)),
         (-5, 42, 1, os.urandom(333))]
for owner, uid, flags, data in cases:
    key, iv = os.urandom(32), os.urandom(12)
    out = subprocess.run([tool, key.hex(), str(owner), str(uid), str(flags), iv.hex(), data.hex()],
                         capture_output=True, text=True, check=True).stdout.strip()
    blob = bytes.fromhex(out)
    header = blob[:28]
    magic, version, pad, f, n, iv_in = struct.unpack("<4sB3sII12s", header)
    ok = (magic == b"CAIS" and version == 1 and pad == b"\0\0\0" and f == flags and n == len(data)
          and iv_in == iv and len(blob) == 28 + n + 16)
    aad = header + struct.pack("<iQ", owner, uid)
    try:
        plain = AESGCM(key).decrypt(iv, blob[28:], aad)
    except Exception as e:  # noqa: BLE001 - any failure is a mismatch
        plain = None
    ok = ok and plain == data
    print(("ok:   " if ok else "FAIL: ") + f"owner {owner} uid {uid:#x} flags {flags} {len(data)} bytes")
    fails += 0 if ok else 1
print(f"{len(cases) - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
