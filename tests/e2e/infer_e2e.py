# SPDX-License-Identifier: Apache-2.0
"""Helpers of the inference end-to-end tests (test_infer*.py): a raw client
of the inference service over the host frames (frames.py), written from
include/cai/inference.h's wire contract, and the shared models' paths."""
import os
import struct

import pytest

from frames import REAL_SERVICES, Conn

_, INFER_SID, INFER_VERSION, _INFER_INDEX, _ = REAL_SERVICES["CAI_INFERENCE"]
INFER_HANDLE = 0x40000000 | (INFER_VERSION << 8) | (_INFER_INDEX - 1)
_, KEYSTORE_SID, KEYSTORE_VERSION, _KS_INDEX, KEYSTORE_NS = REAL_SERVICES["CAI_KEYSTORE"]
_, _, _ID_VERSION, _ID_INDEX, _ = REAL_SERVICES["CAI_IDENTITY"]
IDENTITY_HANDLE = 0x40000000 | (_ID_VERSION << 8) | (_ID_INDEX - 1)
IDENTITY_CALL_SIGN_TLS_DIGEST = 7   # include/cai/identity.h
KEYSTORE_HANDLE = 0x40000000 | (KEYSTORE_VERSION << 8) | (_KS_INDEX - 1)

CALL_MODEL_INFO, CALL_RUN, CALL_CLOUD_KEY_GET, CALL_CLOUD_KEY_SET = 1, 2, 3, 4
FORMATS = {"cbor": 0, "sign1": 1, "encrypt": 2}
INPUT_FLOAT32, INPUT_RAW = 0, 1
FLAG_BIND_INPUT = 1
RESULT_MAX = 49152

PSA_ERROR_INVALID_ARGUMENT = -135
PSA_ERROR_DOES_NOT_EXIST = -140
PSA_ERROR_NOT_SUPPORTED = -134

SOURCE_DIR = os.environ.get("CAI_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..",
                                                              "..")
SINE_MODEL = os.path.join(SOURCE_DIR, "models", "sine.tflite")
# The sine model's input quantization as models/README.md states it.
SINE_IN_SCALE = struct.unpack("<f", struct.pack("<f", 0.0246399436))[0]
SINE_IN_ZP = -128


def shared_dir():
    return os.environ.get("CAI_SHARED_DIR") or "/work/shared"


def shared_path(*parts):
    """A path under ../shared, or a visible skip naming what is missing."""
    path = os.path.join(shared_dir(), *parts)
    if not os.path.exists(path):
        pytest.skip(f"{path} is missing (the shared models are not here)")
    return path


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def request(model, fmt="cbor", flags=0, input_type=INPUT_FLOAT32, reserved=0):
    name = model.encode() if isinstance(model, str) else model
    fmt = FORMATS.get(fmt, fmt)
    return name.ljust(32, b"\0")[:32] + bytes([fmt, flags, input_type, reserved])


def run(conn, model, values=None, raw=None, fmt="cbor", flags=0, nonce=b"", out=RESULT_MAX,
        req=None):
    """One CAI_INFER_CALL_RUN; returns (status, result bytes)."""
    if raw is not None:
        data, itype = raw, INPUT_RAW
    else:
        data, itype = b"".join(struct.pack("<f", v) for v in values), INPUT_FLOAT32
    if req is None:
        req = request(model, fmt, flags, itype)
    status, outs = conn.call(INFER_HANDLE, CALL_RUN, [req, data, nonce], [out])
    return status, outs[0]


def connect(sock):
    return Conn(sock)


def quantize_sine_input(x):
    """TFLM's QUANTIZE as models/README.md and the golden README state it:
    round half away from zero of x / scale (float32 division), plus the
    zero point; the dequantized value (q - zp) * scale in float32."""
    r = f32(f32(x) / SINE_IN_SCALE)
    q = int(r + 0.5) if r >= 0 else -int(-r + 0.5)
    q += SINE_IN_ZP
    return q, f32((q - SINE_IN_ZP) * SINE_IN_SCALE)
