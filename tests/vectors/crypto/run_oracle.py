#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Cross-backend and third-party (python3-cryptography) checks of the crypto
interface, plus the docs/design.md §4 HUK derivation expressed with cai_hkdf_sha256.

usage: run_oracle.py <crypto_tool_mbedtls> <crypto_tool_openssl>

Every value produced by one backend is checked by the other backend and by
Python's cryptography (OpenSSL-based, but a separate build and API), and
vice versa. mbedTLS signatures are also compared byte for byte with
python3-ecdsa's RFC 6979 signer when that package is present.
Exit 0 = all checks passed, 1 = a mismatch, 77 = an oracle is missing.
"""
import os
import subprocess
import sys

SKIP = 77
try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature, encode_dss_signature)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap
    from cryptography.hazmat.primitives import hmac as crypto_hmac
    from cryptography.exceptions import InvalidSignature
except ImportError as e:
    print("SKIPPED: python3-cryptography is not installed (%s); run with /usr/bin/python3" % e)
    sys.exit(SKIP)
try:
    import ecdsa as pyecdsa  # python3-ecdsa: an RFC 6979 reference
except ImportError:
    pyecdsa = None

rand = os.urandom
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def hx(b):
    return b.hex() if b else "-"


class Tool:
    def __init__(self, path):
        self.p = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True, bufsize=1)
        self.name = self.ask("name")[0]

    def ask(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        r = self.p.stdout.readline().split()
        if not r:
            sys.exit("tool died on: " + line)
        return r[1:] if r[0] == "ok" else None

    def close(self):
        self.p.stdin.close()
        rc = self.p.wait()
        check(rc == 0, "%s exited with %d" % (self.name, rc))


def py_pub(d):
    k = ec.derive_private_key(int.from_bytes(d, "big"), ec.SECP256R1())
    return k, k.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)


def py_verify(pub, msg, sig):
    k = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), pub)
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    try:
        k.verify(der, msg, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def ecdsa_checks(tools, rounds=12):
    for i in range(rounds):
        msg = rand(i * 7)
        # key from the Python side
        d = rand(32)
        pk, pub = py_pub(d) if int.from_bytes(d, "big") else py_pub(b"\x01" * 32)
        d = pk.private_numbers().private_value.to_bytes(32, "big")
        r, s = decode_dss_signature(pk.sign(msg, ec.ECDSA(hashes.SHA256())))
        py_sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        for t in tools:
            check(t.ask("pub " + hx(d)) == [pub.hex()], "%s: public key != python" % t.name)
            check(t.ask("verify %s %s %s" % (pub.hex(), hx(msg), py_sig.hex())) == [],
                  "%s: rejects a python signature" % t.name)
            sig = bytes.fromhex(t.ask("sign %s %s" % (d.hex(), hx(msg)))[0])
            check(py_verify(pub, msg, sig), "%s: python rejects its signature" % t.name)
            check(int.from_bytes(sig[32:], "big") <= P256_N // 2,
                  "%s: signature is not low-S" % t.name)
            # python's own signature and its other encoding (r, n - s) both
            # verify: the plain ECDSA verify accepts either.
            alt = py_sig[:32] + (P256_N - int.from_bytes(py_sig[32:], "big")).to_bytes(32, "big")
            check(t.ask("verify %s %s %s" % (pub.hex(), hx(msg), alt.hex())) == [],
                  "%s: rejects (r, n - s) of a python signature" % t.name)
            for u in tools:
                check(u.ask("verify %s %s %s" % (pub.hex(), hx(msg), sig.hex())) == [],
                      "%s rejects a %s signature" % (u.name, t.name))
            bad = bytearray(msg + b"!")
            check(t.ask("verify %s %s %s" % (pub.hex(), hx(bytes(bad)), py_sig.hex())) is None,
                  "%s: accepts a signature over another message" % t.name)
            # DER conversion against Python's encoder
            der = encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                       int.from_bytes(sig[32:], "big"))
            check(t.ask("der " + sig.hex()) == [der.hex()], "%s: DER != python's" % t.name)
            check(t.ask("raw " + der.hex()) == [sig.hex()], "%s: raw != python's" % t.name)
        # keys generated by each backend work everywhere
        for t in tools:
            d, pub = (bytes.fromhex(x) for x in t.ask("gen"))
            check(py_pub(d)[1] == pub, "%s: generated key pair inconsistent" % t.name)


def determinism_checks(mbed, ossl):
    d = rand(31) + b"\x01"
    msg = b"cai determinism"
    s1 = mbed.ask("sign %s %s" % (d.hex(), msg.hex()))
    s2 = mbed.ask("sign %s %s" % (d.hex(), msg.hex()))
    check(s1 == s2, "mbedtls signatures are not deterministic")
    o1 = ossl.ask("sign %s %s" % (d.hex(), msg.hex()))
    o2 = ossl.ask("sign %s %s" % (d.hex(), msg.hex()))
    check(o1 != o2, "openssl signatures repeat (expected random k in OpenSSL 3.0)")
    if pyecdsa is None:
        print("  note: python3-ecdsa absent, RFC 6979 byte comparison skipped")
        return
    import hashlib
    from ecdsa.util import sigencode_string
    for i in range(8):
        d = rand(31) + b"\x01"
        msg = rand(3 + i)
        sk = pyecdsa.SigningKey.from_string(d, curve=pyecdsa.NIST256p, hashfunc=hashlib.sha256)
        want = sk.sign_deterministic(msg, sigencode=sigencode_string)
        # cai signs low-S (crypto.h): python3-ecdsa's RFC 6979 (r, s) becomes
        # (r, n - s) when s > n/2, computed here, outside the code under test.
        n = pyecdsa.NIST256p.order
        s_ = int.from_bytes(want[32:], "big")
        if s_ > n // 2:
            want = want[:32] + (n - s_).to_bytes(32, "big")
        check(mbed.ask("sign %s %s" % (d.hex(), msg.hex())) == [want.hex()],
              "mbedtls signature != python3-ecdsa RFC 6979 signature")


def ecdh_checks(tools, rounds=10):
    for _ in range(rounds):
        a = ec.generate_private_key(ec.SECP256R1())
        a_pub = a.public_key().public_bytes(serialization.Encoding.X962,
                                            serialization.PublicFormat.UncompressedPoint)
        for t in tools:
            d, pub = (bytes.fromhex(x) for x in t.ask("gen"))
            peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), pub)
            want = a.exchange(ec.ECDH(), peer)
            check(t.ask("ecdh %s %s" % (d.hex(), a_pub.hex())) == [want.hex()],
                  "%s: ECDH != python" % t.name)
            for u in tools:
                ad = a.private_numbers().private_value.to_bytes(32, "big")
                check(u.ask("ecdh %s %s" % (ad.hex(), pub.hex())) == [want.hex()],
                      "%s: ECDH with a %s key != python" % (u.name, t.name))


def gcm_checks(tools, rounds=10):
    for i in range(rounds):
        key = rand((16, 24, 32)[i % 3])
        # python's GCM takes IVs of 8..128 bytes; the Wycheproof runs cover 1..7
        iv = rand(12 if i % 2 == 0 else min(8 + 13 * i, 128))
        aad = rand(i * 3)
        msg = rand(i * 17)
        ct16 = AESGCM(key).encrypt(iv, msg, aad)
        for t in tools:
            r = t.ask("gcmenc %s %s %s %s 16" % (key.hex(), iv.hex(), hx(aad), hx(msg)))
            got = (bytes.fromhex(r[0]) if r[0] != "-" else b"") + bytes.fromhex(r[1])
            check(got == ct16, "%s: GCM != python" % t.name)
            # Tags are 16 bytes only (crypto.h): a truncated tag, even python's
            # own correct prefix, is refused both ways.
            tl = 4 + i % 12
            check(t.ask("gcmenc %s %s %s %s %d" % (key.hex(), iv.hex(), hx(aad), hx(msg), tl))
                  is None, "%s: accepts a %d-byte GCM tag" % (t.name, tl))
            check(t.ask("gcmdec %s %s %s %s %s" % (key.hex(), iv.hex(), hx(aad), hx(ct16[:len(msg)]),
                                                   ct16[len(msg):len(msg) + tl].hex())) is None,
                  "%s: opens with a %d-byte GCM tag" % (t.name, tl))
            for u in tools:
                back = u.ask("gcmdec %s %s %s %s %s" % (key.hex(), iv.hex(), hx(aad), r[0], r[1]))
                check(back == [hx(msg)], "%s cannot open %s's GCM" % (u.name, t.name))


def kw_checks(tools, rounds=9):
    for i in range(rounds):
        kek = rand((16, 24, 32)[i % 3])
        key = rand(16 + 8 * i)
        want = aes_key_wrap(kek, key)
        for t in tools:
            check(t.ask("wrap %s %s" % (kek.hex(), key.hex())) == [want.hex()],
                  "%s: key wrap != python" % t.name)
            check(t.ask("unwrap %s %s" % (kek.hex(), want.hex())) == [key.hex()],
                  "%s: key unwrap of python's output" % t.name)
        check(aes_key_unwrap(kek, want) == key, "python round trip")


def kdf_mac_checks(tools, rounds=10):
    for i in range(rounds):
        ikm, salt, info = rand(i * 5), rand(i * 3), rand(i * 11)
        n = 1 + i * 37
        want = HKDF(hashes.SHA256(), n, salt or None, info).derive(ikm)
        key, msg = rand(i * 13), rand(i * 29)
        h = crypto_hmac.HMAC(key, hashes.SHA256())
        h.update(msg)
        mac = h.finalize()
        for t in tools:
            check(t.ask("hkdf %s %s %s %d" % (hx(ikm), hx(salt), hx(info), n)) == [want.hex()],
                  "%s: HKDF != python" % t.name)
            check(t.ask("hmac %s %s" % (hx(key), hx(msg))) == [mac.hex()],
                  "%s: HMAC != python" % t.name)


def huk_checks(tools):
    """docs/design.md §4: PK = HKDF(salt=empty, IKM=HUK, info=pid int32 LE, L=32);
    okm = HKDF(salt=empty, IKM=PK, info=label, L=32); P-256 private = okm."""
    huks = [bytes(32), bytes(range(32)), b"\xff" * 32, rand(32)]
    pids = [(0, 0), (1, 1), (0x100, 0x100), (-1, 0xFFFFFFFF)]
    labels = [b"HUK_CLIENT_TLS_EC_PRIV_KEY", b"HUK_COSE_EC_PRIV_KEY",
              b"HUK_COSE_ENCRYPT_EC_PRIV_KEY", b"UUID"]
    for huk in huks:
        for pid, pid_u32 in pids:
            for label in labels:
                pk = HKDF(hashes.SHA256(), 32, None,
                          pid.to_bytes(4, "little", signed=True)).derive(huk)
                okm = HKDF(hashes.SHA256(), 32, None, label).derive(pk)
                for t in tools:
                    got = t.ask("huk %s %d %s" % (huk.hex(), pid_u32, label.hex()))
                    check(got == [okm.hex()], "%s: HUK derivation != python (pid %d, %s)" % (
                        t.name, pid, label))
                scalar = int.from_bytes(okm, "big")
                if 0 < scalar < 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551:
                    _, pub = py_pub(okm)
                    for t in tools:
                        check(t.ask("pub " + okm.hex()) == [pub.hex()],
                              "%s: derived public key != python" % t.name)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    mbed, ossl = Tool(sys.argv[1]), Tool(sys.argv[2])
    tools = [mbed, ossl]
    for name, fn in [("ECDSA sign/verify/DER across backends and python", lambda: ecdsa_checks(tools)),
                     ("determinism (RFC 6979 on mbedTLS, random k on OpenSSL)",
                      lambda: determinism_checks(mbed, ossl)),
                     ("ECDH agreement", lambda: ecdh_checks(tools)),
                     ("AES-GCM interop", lambda: gcm_checks(tools)),
                     ("AES-KW interop", lambda: kw_checks(tools)),
                     ("HKDF/HMAC vs python", lambda: kdf_mac_checks(tools)),
                     ("HUK derivation (docs/design.md §4) vs python HKDF", lambda: huk_checks(tools))]:
        before, nf = checks, len(failures)
        fn()
        print("%-58s %4d checks, %d failed" % (name, checks - before, len(failures) - nf))
    for t in tools:
        t.close()
    print("backends: %s, %s; python3-cryptography; python3-ecdsa %s" % (
        mbed.name, ossl.name, "present" if pyecdsa else "absent"))
    for f in failures[:30]:
        print("FAIL " + f)
    print("oracle checks: run %d / passed %d / failed %d" % (checks, checks - len(failures),
                                                             len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
