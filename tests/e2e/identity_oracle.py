# SPDX-License-Identifier: Apache-2.0
"""The device identity of docs/design.md §4, computed independently with
python `cryptography` from a HUK: what the SPE must derive, for the
known-answer and key-secrecy tests (test_identity*.py, test_keys*.py).
Nothing here reads the C sources."""
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

IDENTITY_SID = 0x00000100
IDENTITY_PARTITION_ID = 0x0100   # CAI_IDENTITY_PARTITION_ID
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

# (name, key id, label), in key id order (lib/include/cai/key.h).
KEYS = [
    ("tls", 0x5001, "HUK_CLIENT_TLS_EC_PRIV_KEY"),
    ("sign", 0x5002, "HUK_COSE_EC_PRIV_KEY"),
    ("encrypt", 0x5003, "HUK_COSE_ENCRYPT_EC_PRIV_KEY"),
]


def hkdf(ikm, info, length=32):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(ikm)


class Identity:
    """UUID and the three P-256 keys derived from one HUK."""

    def __init__(self, huk):
        assert len(huk) == 32
        self.huk = huk
        # PK = HKDF(salt empty, IKM = HUK, info = partition id int32 LE)
        self.pk = hkdf(huk, struct.pack("<i", IDENTITY_PARTITION_ID))
        u = bytearray(self.okm("UUID")[:16])
        u[6] = (u[6] & 0x0F) | 0x40   # version 4
        u[8] = (u[8] & 0x3F) | 0x80   # variant 10
        self.uuid = bytes(u)
        self.private = {}   # key id -> EllipticCurvePrivateKey
        self.scalar = {}    # key id -> 32 bytes, big-endian
        for _, kid, label in KEYS:
            okm = self.okm(label)
            d = int.from_bytes(okm, "big")
            assert 0 < d < P256_N, "this HUK gives no key for " + label
            self.scalar[kid] = okm
            self.private[kid] = ec.derive_private_key(d, ec.SECP256R1())

    def okm(self, label):
        return hkdf(self.pk, label.encode())

    @property
    def uuid_str(self):
        h = self.uuid.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def public(self, kid):
        """The 65-byte SEC1 uncompressed point."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
        return self.private[kid].public_key().public_bytes(Encoding.X962,
                                                           PublicFormat.UncompressedPoint)

    def label(self, kid):
        return next(label for _, k, label in KEYS if k == kid)
