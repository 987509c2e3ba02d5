# SPDX-License-Identifier: Apache-2.0
"""The inference service end to end (issue 9, item 7): every result format
checked by `cai-cloud verify` and by the independent oracle
(infer_oracle.py, written from docs/design.md §5 and RFC 9052/9053); the
sine model against sin() and against `cai-model run`; micro_speech and
person_detect through the SPE against the TFLM golden outputs; the model
registry against hashlib; single-byte tampering, replay and reordering;
sequence numbers across calls and restarts; nonce and bound input; the
signing key out of the NS side's reach; and bad input.

Expected values come from outside the code under test: the pinned HUK
through identity_oracle.py (UUID, sign key), hashlib, python math.sin, the
golden files of ../shared/models/golden, and the quantization constants
models/README.md states."""
import concurrent.futures
import hashlib
import json
import math
import os
import random
import shutil
import struct
import subprocess
import tempfile

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

import infer_oracle as oracle
from conftest import HUK_HEX, Spe, bin_path, run_cai
from identity_e2e import one_error_line
from identity_oracle import Identity
from infer_e2e import (CALL_RUN, IDENTITY_CALL_SIGN_TLS_DIGEST, IDENTITY_HANDLE, INFER_HANDLE,
                       INPUT_FLOAT32, INPUT_RAW, KEYSTORE_HANDLE, KEYSTORE_NS, KEYSTORE_SID,
                       PSA_ERROR_DOES_NOT_EXIST, PSA_ERROR_INVALID_ARGUMENT, RESULT_MAX,
                       SINE_MODEL, connect, f32, quantize_sine_input, request, run, shared_dir)

IDENT = Identity(bytes.fromhex(HUK_HEX))
UUID = IDENT.uuid
SIGN_KID = 0x5002
FORMATS = ["cbor", "sign1", "encrypt"]
MS_FILE = "micro_speech_quantized.tflite"
PD_FILE = "person_detect.tflite"

# The sine model's error (models/README.md): its int8 maximum of |y - sin x|
# is 0.034670 on the 10001-point grid x_i = 2*pi*i/10000, input quantized
# with rounding (what the SPE does). Any x in [0, 2*pi] quantizes to the
# same int8 as some grid point at most one grid step h = 2*pi/10000 away (a
# quantization step, 0.0246, is ~40 grid steps), and |sin' | <= 1, so the
# stated figure bounds every input up to h more. The README's acceptance
# limit is 0.05.
SINE_STATED_MAX = 0.034670
SINE_BOUND = SINE_STATED_MAX + 2 * math.pi / 10000
SINE_LIMIT = 0.05


def sha256_file(path):
    return hashlib.sha256(open(path, "rb").read()).digest()


def cloud(*args):
    return subprocess.run([bin_path("cai-cloud"), *args], capture_output=True, text=True,
                          timeout=60)


class Dev:
    """One SPE (the test image, pinned HUK) with the shared models when they
    are there, its sign key and certificate from a CA made by `cai-cloud
    ca`, and a cloud key pair installed with `keys cloud install`."""

    def __init__(self, state_dir, work):
        self.state_dir, self.work = state_dir, work
        self.models = {}
        extra = []
        for name, fname in (("ms", MS_FILE), ("pd", PD_FILE)):
            path = os.path.join(shared_dir(), "models", fname)
            if os.path.exists(path):
                extra += ["--model", f"{name}={path}"]
                self.models[name] = path
        self.spe = Spe(state_dir, extra_args=extra)
        self.sign_pem = self.ok("keys", "public", "sign").encode()
        self.sign_pem_path = self.write("sign.pem", self.sign_pem)
        self.cloud_key = ec.generate_private_key(ec.SECP256R1())
        self.cloud_priv_path = self.write("cloud.key", self.cloud_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        pub_path = self.write("cloud.pub", self.cloud_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        self.ok("keys", "cloud", "install", pub_path)
        ca = os.path.join(work, "ca")
        r = cloud("ca", "init", ca)
        assert r.returncode == 0, r.stderr
        self.ca_pem = os.path.join(ca, "ca.pem")
        csr = os.path.join(work, "sign.csr")
        self.ok("keys", "csr", "sign", "--out", csr)
        self.cert = os.path.join(work, "sign-cert.pem")
        r = cloud("ca", "sign", csr, "--ca", ca, "--out", self.cert)
        assert r.returncode == 0, r.stderr
        self.n = 0

    def write(self, name, data):
        path = os.path.join(self.work, name)
        open(path, "wb").write(data)
        return path

    def cai(self, *args, **kw):
        return run_cai(self.state_dir, *args, **kw)

    def ok(self, *args):
        r = self.cai(*args)
        assert r.returncode == 0, f"cai {' '.join(args)}: {r.stderr}"
        assert "runtime error" not in r.stderr and "AddressSanitizer" not in r.stderr
        return r.stdout

    def run_json(self, *args):
        return json.loads(self.ok("--json", "infer", *args))

    def result(self, model, *args, fmt="sign1"):
        """One `infer run` result, through --out (and the same in --json)."""
        self.n += 1
        path = os.path.join(self.work, f"r{self.n}.bin")
        j = self.run_json("run", model, *args, "--format", fmt, "--out", path)
        blob = open(path, "rb").read()
        assert bytes.fromhex(j["result"]) == blob
        return blob, j

    def oracle(self, blob, fmt, **expect):
        return oracle.check_result(blob, fmt, self.sign_pem, UUID, self.cloud_key, **expect)

    def verify(self, blob, *args, how="key"):
        path = self.write(f"v{self.n}.bin", blob)
        self.n += 1
        dev = ["--key", self.sign_pem_path] if how == "key" else \
            ["--cert", self.cert, "--ca", self.ca_pem]
        return cloud("verify", path, *dev, "--decrypt-key", self.cloud_priv_path, *args)

    def stop(self):
        rc = self.spe.stop()
        log = self.spe.log()
        assert rc == 0, log
        assert "ERROR: AddressSanitizer" not in log and "runtime error" not in log, log


@pytest.fixture(scope="module")
def dev():
    state = tempfile.mkdtemp(prefix="cai-e2e-inf-", dir="/tmp")
    work = tempfile.mkdtemp(prefix="cai-e2e-infw-", dir="/tmp")
    d = Dev(state, work)
    yield d
    d.stop()
    shutil.rmtree(state, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    if os.path.exists(state + "-fg.log"):
        os.unlink(state + "-fg.log")


def need_model(d, name):
    if name not in d.models:
        fname = MS_FILE if name == "ms" else PD_FILE
        pytest.skip(f"{os.path.join(shared_dir(), 'models', fname)} is missing")


# ---------------- the device's identity, from the pinned HUK ----------------

def test_the_device_is_the_one_the_huk_makes(dev):
    assert oracle.point_bytes(oracle.load_public(dev.sign_pem)) == IDENT.public(SIGN_KID)
    assert dev.ok("info", "uuid").strip() == "uuid: " + IDENT.uuid_str
    j = json.loads(dev.ok("--json", "keys", "cloud"))
    assert bytes.fromhex(j["kid"]) == oracle.cose_key_kid(dev.cloud_key.public_key())


# ---------------- every format, both verifiers ----------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_verified_by_both(dev, fmt):
    blob, j = dev.result("sine", "1.5", fmt=fmt)
    digest = sha256_file(SINE_MODEL)
    c = dev.oracle(blob, fmt, nonce=None, bound=False, model="sine", digest=digest)
    assert c[oracle.ENGINE] and c[oracle.SEQ] >= 1
    if fmt == "encrypt":
        assert "seq" not in j and "output" not in j   # the NS side cannot read it
    else:
        assert j["seq"] == c[oracle.SEQ]
        assert [f32(v) for v in j["output"]] == c[oracle.OUTPUT]
    if fmt == "cbor":
        # A bare map is not signed: the cloud has nothing to trust it by.
        r = dev.verify(blob)
        assert r.returncode == 1 and "invalid" in r.stderr
        return
    for how in ("key", "cert"):
        r = dev.verify(blob, "--json", how=how)
        assert r.returncode == 0, (how, r.stderr)
        v = json.loads(r.stdout)
        assert v["result"] == "valid" and v["format"] == fmt
        assert v["uuid"] == IDENT.uuid_str and v["model"] == "sine"
        assert bytes.fromhex(v["model_digest"]) == digest
        assert v["seq"] == c[oracle.SEQ] and v["engine"] == c[oracle.ENGINE]
        assert [f32(x) for x in v["output"]] == c[oracle.OUTPUT]
    # The allow-list: the right digest passes, another does not.
    assert dev.verify(blob, "--model-digest", digest.hex()).returncode == 0
    r = dev.verify(blob, "--model-digest", "00" * 32)
    assert r.returncode == 1 and "allow-list" in r.stderr
    # Another device's key is refused by both.
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    assert not oracle.verifies(blob, fmt, other, UUID, dev.cloud_key)
    path = dev.write("other.pem", other.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    path2 = dev.write(f"x{dev.n}.bin", blob)
    r = cloud("verify", path2, "--key", path, "--decrypt-key", dev.cloud_priv_path)
    assert r.returncode == 1
    if fmt == "encrypt":
        # Without the cloud key, or with another, it does not open.
        r = cloud("verify", path2, "--key", dev.sign_pem_path)
        assert r.returncode == 1 and "--decrypt-key" in r.stderr
        wrong = ec.generate_private_key(ec.SECP256R1())
        assert not oracle.verifies(blob, fmt, dev.sign_pem, UUID, wrong)


def test_encrypt_results_use_fresh_keys_and_ivs(dev):
    seen_iv, seen_eph, seen_cek = set(), set(), set()
    for i in range(8):
        blob, _ = dev.result("sine", "2", fmt="encrypt")
        details = {}
        oracle.check_result(blob, "encrypt", dev.sign_pem, UUID, dev.cloud_key, details=details)
        seen_iv.add(details["iv"])
        seen_eph.add(details["ephemeral"])
        seen_cek.add(details["cek"])
    assert len(seen_iv) == len(seen_eph) == len(seen_cek) == 8


# ---------------- the oracle itself ----------------

def _sign1(priv, payload, kid=UUID, prot=None, unprot=None, high_s=False, tag=18):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    prot = oracle.det_encode({1: -7}) if prot is None else prot
    tbs = oracle.det_encode(["Signature1", prot, b"", payload])
    r, s_ = decode_dss_signature(priv.sign(tbs, ec.ECDSA(hashes.SHA256())))
    if (s_ > oracle.P256_N // 2) != high_s:
        s_ = oracle.P256_N - s_
    sig = r.to_bytes(32, "big") + s_.to_bytes(32, "big")
    return oracle.det_encode(cbor2.CBORTag(tag, [prot, {4: kid} if unprot is None else unprot,
                                                 payload, sig]))


def test_the_oracle_refuses_what_the_design_forbids(dev):
    """The oracle accepts results made by other independent code (a python
    key, tests/oracle/cose/cose_ref.py's COSE_Encrypt) when they follow §5,
    and refuses each departure from it."""
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "oracle", "cose"))
    import cose_ref
    blob, _ = dev.result("sine", "1", "--nonce", "01", fmt="cbor")
    claims = cbor2.loads(blob)
    key = ec.generate_private_key(ec.SECP256R1())
    pub = key.public_key()
    ok = _sign1(key, blob)
    assert oracle.check_result(ok, "sign1", pub, UUID, nonce=b"\x01")[oracle.SEQ] == \
        claims[oracle.SEQ]

    def refused(msg, fmt="sign1", **kw):
        with pytest.raises(oracle.OracleError):
            oracle.check_result(msg, fmt, pub, UUID, dev.cloud_key, **kw)

    refused(_sign1(key, blob, high_s=True))
    refused(_sign1(key, blob, kid=bytes(16)))
    refused(_sign1(key, blob, unprot={4: UUID, 5: b"x"}))
    refused(_sign1(key, blob, prot=oracle.det_encode({1: -7, 3: 0})))
    refused(_sign1(key, blob, prot=oracle.det_encode({1: -35})))
    refused(_sign1(key, blob, tag=98))
    refused(ok[1:])                                     # untagged
    refused(ok + b"\x00")                               # trailing byte
    refused(ok, nonce=b"\x02")
    refused(ok, nonce=None)
    refused(ok, bound=True)
    # claims: each change re-signed, so only the claims check can refuse it
    for change in ({99: 1}, {oracle.SEQ: -1}, {oracle.SEQ: 1.0}, {oracle.DIGEST: bytes(31)},
                   {oracle.UEID: b"\x02" + UUID}, {oracle.OUTPUT: []},
                   {oracle.OUTPUT: [0.1]},              # not a float32 value
                   {oracle.MODEL: b"sine"}, {oracle.ENGINE: 7}):
        c = {**claims, **change}
        refused(_sign1(key, oracle.det_encode(c)), nonce=b"\x01")
    for drop in (oracle.OUTPUT, oracle.SEQ, oracle.MODEL, oracle.DIGEST, oracle.ENGINE,
                 oracle.UEID):
        c = {k: v for k, v in claims.items() if k != drop}
        refused(_sign1(key, oracle.det_encode(c)), nonce=b"\x01")
    # not deterministic: a float widened to double, a long integer head, keys
    # out of order
    wide = cbor2.dumps(claims).replace(b"\xfa" + struct.pack(">f", claims[oracle.OUTPUT][0]),
                                       b"\xfb" + struct.pack(">d", claims[oracle.OUTPUT][0]))
    assert wide != blob and cbor2.loads(wide) == claims
    refused(_sign1(key, wide), nonce=b"\x01")
    refused(_sign1(key, b"\xb9\x00" + bytes([blob[0] & 0x1f]) + blob[1:]), nonce=b"\x01")
    items = list(claims.items())
    unsorted = bytes([0xa0 | len(items)]) + b"".join(
        oracle.det_encode(k) + oracle.det_encode(v) for k, v in reversed(items))
    refused(_sign1(key, unsorted), nonce=b"\x01")

    # encrypt, made by cose_ref to the cloud key with the right kid: accepted
    kid = oracle.cose_key_kid(dev.cloud_key.public_key())
    enc = cose_ref.encrypt(dev.cloud_key.public_key(), blob, kid=kid)
    c = oracle.check_result(_sign1(key, enc), "encrypt", pub, UUID, dev.cloud_key, nonce=b"\x01")
    assert c == claims
    refused(_sign1(key, cose_ref.encrypt(dev.cloud_key.public_key(), blob, kid=bytes(32))),
            "encrypt", nonce=b"\x01")
    refused(_sign1(key, cose_ref.encrypt(dev.cloud_key.public_key(), blob, kid=kid,
                                         content_alg=cose_ref.A128GCM)), "encrypt", nonce=b"\x01")
    refused(_sign1(key, cose_ref.encrypt(dev.cloud_key.public_key(), blob, kid=kid,
                                         ralg=cose_ref.ECDH_ES_A128KW)), "encrypt",
            nonce=b"\x01")
    refused(_sign1(key, cose_ref.encrypt(dev.cloud_key.public_key(), blob, kid=kid,
                                         party_u=(b"u", None, None))), "encrypt", nonce=b"\x01")
    other = ec.generate_private_key(ec.SECP256R1())
    refused(_sign1(key, cose_ref.encrypt(other.public_key(), blob, kid=kid)), "encrypt",
            nonce=b"\x01")
    refused(_sign1(key, enc), "sign1", nonce=b"\x01")  # encrypt is not sign1


# ---------------- sine: 0..359 degrees ----------------

def cai_model_run(x):
    """`cai-model run models/sine.tflite` on the float32 x: the int8 output
    and its value dequantized as the golden README does it, (double)scale *
    (q - zp) cast to float32, with the scale and zero point it prints.
    (Not its printed decimal value: 9 digits of a double that lies exactly
    half way between two floats would round to the wrong one.)"""
    r = subprocess.run([bin_path("cai-model"), "run", SINE_MODEL, "--input", "%.9g" % x],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    # "output 0: ... scale S zero_point Z", a column header, "[0] RAW VALUE"
    lines = r.stdout.strip().splitlines()
    head = next(l for l in lines if l.startswith("output 0:"))
    line = lines[-1]
    h = head.split()
    scale = f32(float(h[h.index("scale") + 1]))
    zp = int(h[h.index("zero_point") + 1])
    w = line.split()
    assert w[0] == "[0]", r.stdout
    q = int(w[1])
    return q, f32(scale * (q - zp))


def test_sine_over_0_to_359_degrees(dev):
    j = dev.run_json("get", "sine", "cbor", "0", "359", "--bind-input")
    results = j["results"]
    assert len(results) == 360
    seqs, worst = [], (0.0, None)
    xs = []
    for deg, res in enumerate(results):
        assert res["input"] == [deg]
        c = oracle.check_result(bytes.fromhex(res["result"]), "cbor", None, UUID, bound=True,
                                model="sine", digest=sha256_file(SINE_MODEL))
        seqs.append(c[oracle.SEQ])
        # The shell converts degrees in double and sends float32 radians.
        x = f32(deg * math.pi / 180.0)
        xs.append(x)
        _, bound_in = quantize_sine_input(x)
        assert c[oracle.INPUT] == [bound_in], deg
        [y] = c[oracle.OUTPUT]
        err = abs(y - math.sin(deg * math.pi / 180.0))
        worst = max(worst, (err, deg))
        assert err <= SINE_BOUND, (deg, y, err)
    assert worst[0] <= SINE_LIMIT
    print(f"sine 0..359 deg: max |y - sin x| = {worst[0]:.6f} at {worst[1]} deg "
          f"(stated {SINE_STATED_MAX}, bound {SINE_BOUND:.6f})")
    assert all(a < b for a, b in zip(seqs, seqs[1:]))
    # The same engine outside the SPE, bit for bit (one process per input).
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        ref = list(pool.map(cai_model_run, xs))
    for deg, (res, (q, y)) in enumerate(zip(results, ref)):
        c = cbor2.loads(bytes.fromhex(res["result"]))
        assert c[oracle.OUTPUT] == [y], (deg, c[oracle.OUTPUT], y, q)


def test_sine_line_compares_with_mathlib(dev):
    out = dev.ok("infer", "get", "sine", "cbor", "30", "90", "60")
    lines = [ln for ln in out.splitlines() if ln.startswith("Model:")]
    assert len(lines) == 2
    for deg, line in zip((30, 90), lines):
        w = line.split()
        # Model: Sine of 30 deg is: Y  C Mathlib: Sine of 30 deg is: S  Deviation: D
        assert w[:4] == ["Model:", "Sine", "of", str(deg)] and w[9:13] == ["Sine", "of", str(deg),
                                                                           "deg"]
        y, s, dev_ = float(w[6]), float(w[14]), float(w[16])
        assert abs(s - math.sin(math.radians(deg))) < 1e-6
        assert abs(dev_ - abs(y - s)) < 2e-6 and dev_ <= SINE_BOUND


# ---------------- the shared models and their golden outputs ----------------

def golden(name):
    path = os.path.join(shared_dir(), "models", "golden", name)
    if not os.path.exists(path):
        pytest.skip(f"{path} is missing (the shared golden outputs are not here)")
    return json.load(open(path)), os.path.dirname(path)


def golden_cases(name, key):
    path = os.path.join(shared_dir(), "models", "golden", name)
    if not os.path.exists(path):
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} is missing"))]
    # (the single 30 ms feature frames are preprocessor checks, not model inputs)
    return [pytest.param(c, id=c[key]) for c in json.load(open(path))["cases"]
            if "output_int8" in c]


@pytest.mark.parametrize("case", golden_cases("micro_speech_golden.json", "features_file"))
def test_micro_speech_equals_golden(dev, case):
    need_model(dev, "ms")
    g, gdir = golden("micro_speech_golden.json")
    check_golden(dev, "ms", g, os.path.join(gdir, case["features_file"]), case)


@pytest.mark.parametrize("case", golden_cases("person_detect_golden.json", "input_file"))
def test_person_detect_equals_golden(dev, case):
    need_model(dev, "pd")
    g, gdir = golden("person_detect_golden.json")
    check_golden(dev, "pd", g, os.path.join(gdir, case["input_file"]), case)


def check_golden(dev, name, g, input_path, case):
    data = open(input_path, "rb").read()
    want_sha = case.get("features_sha256") or case.get("input_sha256")
    assert hashlib.sha256(data).hexdigest() == want_sha
    labels = dev.write(f"{name}.labels", "\n".join(g["labels"]).encode() + b"\n")
    digest = sha256_file(dev.models[name])
    assert digest.hex() == g["model_sha256"]
    blob, j = dev.result(name, "--input", input_path, "--labels", labels, fmt="sign1")
    c = dev.oracle(blob, "sign1", model=name, digest=digest, bound=False)
    want = [f32(v) for v in case["output_dequant"]]
    assert c[oracle.OUTPUT] == want
    # and as int8, with the output quantization the golden file gives
    q = [round(v / g["output_scale"]) + g["output_zero_point"] for v in c[oracle.OUTPUT]]
    assert q == case["output_int8"]
    assert j["top"] == case["argmax_label"]
    r = dev.verify(blob, "--json", "--model-digest", g["model_sha256"])
    assert r.returncode == 0, r.stderr
    assert [f32(x) for x in json.loads(r.stdout)["output"]] == want


def test_infer_model_lists_models_with_their_sha256(dev):
    j = dev.run_json("model")
    by_name = {m["name"]: m for m in j["models"]}
    want = {"sine": SINE_MODEL, **dev.models}
    assert set(by_name) == set(want)
    assert j["models"][0]["name"] == "sine" and by_name["sine"]["builtin"] is True
    text = dev.ok("infer", "model")
    for name, path in want.items():
        m = by_name[name]
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        assert m["sha256"] == digest, name
        assert m["model_bytes"] == os.path.getsize(path)
        assert m["builtin"] is (name == "sine")
        line = [ln for ln in text.splitlines() if ln.split()[0] == name]
        assert len(line) == 1 and line[0].split()[-1] == digest
        assert f"{m['state_bytes'] + m['arena_bytes']} B" in line[0]
    assert by_name["sine"]["input"] == "int8[1,1]" and by_name["sine"]["output"] == "int8[1,1]"
    if "pd" in by_name:
        assert by_name["pd"]["input"] == "int8[1,96,96,1]"
        assert by_name["pd"]["output"] == "int8[1,2]"
    if "ms" in by_name:
        assert by_name["ms"]["input"] == "int8[1,1960]" and by_name["ms"]["output"] == "int8[1,4]"


# ---------------- tampering, replay, order ----------------

@pytest.mark.parametrize("fmt", ["sign1", "encrypt"])
def test_every_single_byte_flip_is_detected_by_both(dev, fmt):
    blob, _ = dev.result("sine", "0.75", "--nonce", "c0ffee", fmt=fmt)
    assert dev.oracle(blob, fmt, nonce=b"\xc0\xff\xee")
    assert dev.verify(blob).returncode == 0

    def flipped(i):
        b = bytearray(blob)
        b[i] ^= 0xFF if i % 2 else 0x01
        return bytes(b)

    for i in range(len(blob)):
        assert not oracle.verifies(flipped(i), fmt, dev.sign_pem, UUID, dev.cloud_key), i
    paths = [dev.write(f"flip-{fmt}-{i}.bin", flipped(i)) for i in range(len(blob))]

    def cloud_verdict(path):
        return cloud("verify", path, "--key", dev.sign_pem_path, "--decrypt-key",
                     dev.cloud_priv_path).returncode

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        verdicts = list(pool.map(cloud_verdict, paths))
    accepted = [i for i, rc in enumerate(verdicts) if rc != 1]
    assert accepted == [], f"cai-cloud verify did not reject flips at {accepted}"
    for p in paths:
        os.unlink(p)


def results_of(dev, fmt, n):
    j = dev.run_json("get", "sine", fmt, "10", str(10 + n - 1))
    return [bytes.fromhex(r["result"]) for r in j["results"]]


@pytest.mark.parametrize("fmt", ["sign1", "encrypt"])
def test_replayed_and_reordered_results_are_rejected(dev, fmt):
    r1, r2, r3 = results_of(dev, fmt, 3)
    seqs = [dev.oracle(r, fmt)[oracle.SEQ] for r in (r1, r2, r3)]
    assert seqs[0] < seqs[1] < seqs[2]
    state = os.path.join(dev.work, f"seen-{fmt}.state")
    assert dev.verify(r1, "--state", state).returncode == 0
    r = dev.verify(r1, "--state", state)   # replay
    assert r.returncode == 1 and "replay" in r.stderr, r.stderr
    assert dev.verify(r3, "--state", state).returncode == 0
    r = dev.verify(r2, "--state", state)   # older than one seen
    assert r.returncode == 1 and "out of order" in r.stderr, r.stderr
    r = dev.verify(r3, "--state", state)
    assert r.returncode == 1
    # A newer one still passes; the state names this device.
    (r4,) = results_of(dev, fmt, 1)
    assert dev.verify(r4, "--state", state).returncode == 0
    assert IDENT.uuid_str in open(state).read()


def test_sequence_numbers_increase_across_calls_and_restarts(state_dir):
    seqs = []
    spe = Spe(state_dir)
    try:
        for _ in range(3):
            for _ in range(2):
                r = run_cai(state_dir, "--json", "infer", "get", "sine", "cbor", "0", "4")
                assert r.returncode == 0, r.stderr
                seqs += [oracle.check_claims(bytes.fromhex(x["result"]), UUID)[oracle.SEQ]
                         for x in json.loads(r.stdout)["results"]]
            assert spe.stop() == 0, spe.log()   # a clean stop, then boot again
            spe = Spe(state_dir)
    finally:
        assert spe.stop() == 0, spe.log()
    assert len(seqs) == 30 and seqs[0] >= 1
    assert all(a < b for a, b in zip(seqs, seqs[1:])), seqs


# ---------------- nonce and bound input ----------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_nonce_and_bound_input_are_in_the_claims(dev, fmt):
    nonce = bytes(range(200, 256)) + bytes(8)   # 64 bytes, the most
    blob, j = dev.result("sine", "2.5", "--nonce", nonce.hex(), "--bind-input", fmt=fmt)
    c = dev.oracle(blob, fmt, nonce=nonce, bound=True)
    assert c[oracle.INPUT] == [quantize_sine_input(2.5)[1]]
    if fmt == "cbor":
        return
    r = dev.verify(blob, "--json", "--nonce", nonce.hex())
    assert r.returncode == 0, r.stderr
    v = json.loads(r.stdout)
    assert v["nonce"] == nonce.hex() and [f32(x) for x in v["input"]] == c[oracle.INPUT]
    r = dev.verify(blob, "--nonce", "00" + nonce.hex()[2:])
    assert r.returncode == 1 and "nonce" in r.stderr
    plain, _ = dev.result("sine", "2.5", fmt=fmt)
    r = dev.verify(plain, "--nonce", nonce.hex())
    assert r.returncode == 1 and "no nonce" in r.stderr


def test_bound_input_of_raw_int8_input(dev):
    """A raw int8 input is bound dequantized: (q - zp) * scale with the
    tensor's one scale and zero point (the golden README's convention), so
    the bound values are one affine map of the input bytes, and the bytes
    come back from them."""
    need_model(dev, "pd")
    path = os.path.join(shared_dir(), "models", "golden", "person_detect_input_person_raw.i8")
    if not os.path.exists(path):
        pytest.skip(f"{path} is missing")
    blob, _ = dev.result("pd", "--input", path, "--bind-input", fmt="cbor")
    c = dev.oracle(blob, "cbor", bound=True)
    raw = struct.unpack(f"{os.path.getsize(path)}b", open(path, "rb").read())
    vals = c[oracle.INPUT]
    assert len(vals) == len(raw) == 9216
    # One affine map q -> (q - zp) * s for all of them: take s, zp from two
    # distinct values and check every other value against it.
    pairs = sorted(set(zip(raw, vals)))
    assert len({q for q, _ in pairs}) == len(pairs)   # one value per byte value
    (q0, v0), (q1, v1) = pairs[0], pairs[-1]
    s = (v1 - v0) / (q1 - q0)
    zp = round(q0 - v0 / s)
    assert all(abs(v - (q - zp) * s) <= 1e-6 * max(1.0, abs(v)) for q, v in zip(raw, vals))
    assert all(round(v / s) + zp == q for q, v in zip(raw, vals))


# ---------------- the signing key is out of the NS side's reach ----------------

def test_ns_cannot_reach_the_signing_operation(dev):
    assert KEYSTORE_NS is False
    r = dev.cai("psa", "connect", hex(KEYSTORE_SID), "1")
    assert r.returncode == 1 and "CONNECTION_REFUSED" in r.stderr
    digest = hashlib.sha256(b"anything").hexdigest()
    r = dev.cai("psa", "call", hex(KEYSTORE_HANDLE), "1", "--in", "02500000", "--in", digest,
                "--out", "64")
    assert r.returncode == 1 and "CONNECTION_REFUSED" in r.stderr
    r = dev.cai("psa", "version", hex(KEYSTORE_SID))
    assert r.returncode == 1 and "PSA_VERSION_NONE" in r.stderr
    # raw frames too: no signature comes back, whatever the call type
    conn = connect(dev.spe.sock)
    try:
        for t in range(0, 4):
            status, data = conn.call(KEYSTORE_HANDLE, t,
                                     [struct.pack("<I", SIGN_KID), bytes.fromhex(digest)], [64])
            assert status < 0 and data == [b""], (t, status)
    finally:
        conn.close()


def test_the_one_ns_signing_call_cannot_forge_a_result(dev):
    """The identity service signs caller-chosen digests, but only with the
    TLS key 0x5001 (CAI_IDENTITY_CALL_SIGN_TLS_DIGEST): a forged result
    signed that way verifies under the TLS key and is refused under the
    sign key by both verifiers."""
    claims = {-80000: [0.5], -80006: 10 ** 9, -80007: "sine",
              -80008: sha256_file(SINE_MODEL), -80009: "cai-tflite/0.1.0",
              256: b"\x01" + UUID}
    payload = oracle.det_encode(claims)
    prot = oracle.det_encode({1: -7})
    digest = hashlib.sha256(oracle.det_encode(["Signature1", prot, b"", payload])).digest()
    conn = connect(dev.spe.sock)
    try:
        status, data = conn.call(IDENTITY_HANDLE, IDENTITY_CALL_SIGN_TLS_DIGEST, [digest], [64])
        # a key id offered beside the digest changes nothing
        status2, data2 = conn.call(IDENTITY_HANDLE, IDENTITY_CALL_SIGN_TLS_DIGEST,
                                   [digest, struct.pack("<I", SIGN_KID)], [64])
    finally:
        conn.close()
    assert status == 0 and len(data[0]) == 64
    for st, sig in ((status, data[0]), (status2, data2[0])):
        if st != 0:
            assert sig == b""
            continue
        r_, s_ = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
        if s_ > oracle.P256_N // 2:
            s_ = oracle.P256_N - s_
        sig = r_.to_bytes(32, "big") + s_.to_bytes(32, "big")
        forged = oracle.det_encode(cbor2.CBORTag(18, [prot, {4: UUID}, payload, sig]))
        assert oracle.verifies(forged, "sign1", IDENT.public(0x5001), UUID)
        assert not oracle.verifies(forged, "sign1", dev.sign_pem, UUID)
        r = dev.verify(forged)
        assert r.returncode == 1 and "signature" in r.stderr, r.stderr


def test_the_service_signs_only_claims_it_built(dev):
    """Whatever an NS caller sends (a nonce that is itself a claims map or a
    COSE message, random requests), a result is always the CDDL map the SPE
    built, signed as such."""
    fake = oracle.det_encode({-80006: 0, 256: b"\x01" + UUID})
    conn = connect(dev.spe.sock)
    rng = random.Random(9)
    try:
        for nonce in (fake, b"\xd2\x84" + bytes(30), b"\xa0", b"\xff" * 64):
            for fmt in FORMATS:
                status, blob = run(conn, "sine", [1.0], fmt=fmt, nonce=nonce)
                assert status == 0
                c = dev.oracle(blob, fmt, nonce=nonce, bound=False)
                assert c[oracle.NONCE] == nonce
        ok = 0
        for _ in range(300):
            fmt = rng.choice([0, 1, 2, 3, 255])
            flags = rng.choice([0, 1, 2, 0x81])
            itype = rng.choice([INPUT_FLOAT32, INPUT_RAW, 2])
            model = rng.choice([b"sine", b"sine\0x", b"", b"SINE", b"s" * 32])
            n = rng.choice([0, 1, 2, 4, 5, 8])
            data = bytes(rng.getrandbits(8) for _ in range(n))
            if rng.random() < 0.5 and n == 4:
                data = struct.pack("<f", rng.uniform(-1, 7))
            nonce = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 64, 65])))
            req = request(model, fmt, flags, itype, rng.choice([0, 0, 0, 1]))
            status, data_out = conn.call(INFER_HANDLE, CALL_RUN, [req, data, nonce], [RESULT_MAX])
            if status != 0:
                assert status in (PSA_ERROR_INVALID_ARGUMENT, PSA_ERROR_DOES_NOT_EXIST), status
                assert data_out == [b""]
                continue
            ok += 1
            name = {0: "cbor", 1: "sign1", 2: "encrypt"}[fmt]
            dev.oracle(data_out[0], name, nonce=nonce or None, bound=bool(flags & 1),
                       model="sine")
        assert ok > 0
    finally:
        conn.close()


# ---------------- bad input: one error line ----------------

def big_file(dev):
    return dev.write("big.i8", bytes(RESULT_MAX + 1))


BAD = [
    # (args, exit status, words of the one error line)
    (["infer", "run", "nosuch", "1"], 1, "no model 'nosuch'"),
    (["infer", "get", "nosuch", "1"], 1, "no model 'nosuch'"),
    (["infer", "run", "sine", "1", "2"], 2, "sine takes 1 input values, 2 given"),
    (["infer", "run", "sine"], 2, "sine takes 1 input values, 0 given"),
    (["infer", "run", "sine", "nan"], 2, "'nan' is not a finite number"),
    (["infer", "run", "sine", "inf"], 2, "'inf' is not a finite number"),
    (["infer", "run", "sine", "1e999"], 2, "'1e999' is not a finite number"),
    (["infer", "run", "sine", "-inf"], 2, "'-inf' is not an option"),
    (["infer", "run", "sine", "100"], 1, "the secure side refused the input"),
    (["infer", "run", "sine", "-0.5"], 1, "the secure side refused the input"),
    (["infer", "get", "sine", "400"], 2, "sine takes degrees from 0 to 360"),
    (["infer", "get", "sine", "-1"], 2, "sine takes degrees from 0 to 360"),
    (["infer", "get", "sine", "350", "370"], 2, "sine takes degrees from 0 to 360"),
    (["infer", "get", "sine", "nan"], 2, "is neither a format"),
    (["infer", "get", "sine", "bogus", "1"], 2, "'bogus' is neither a format"),
    (["infer", "get", "sine", "1", "--format", "bogus"], 2, "a format is cbor, sign1 or encrypt"),
    (["infer", "run", "sine", "1", "--format", "json"], 2, "a format is cbor, sign1 or encrypt"),
    (["infer", "get", "sine", "1", "--frob"], 2, "'--frob' is not an option of infer get"),
    (["infer", "run", "sine", "1", "--format"], 2, "--format needs a value"),
    (["infer", "run", "sine", "1", "--nonce", "xyz"], 2, "--nonce: 1..64 bytes in hex"),
    (["infer", "run", "sine", "1", "--nonce", "00" * 65], 2, "--nonce: 1..64 bytes in hex"),
    (["infer", "get", "sine", "sign1", "cbor", "1"], 2, "is not a number"),
    (["infer", "get", "sine", "2", "1"], 2, "stop (1) is below start (2)"),
    (["infer", "run", "sine", "1", "--diag", "--json"], 2, "two output forms"),
    (["--json", "infer", "get", "sine", "1", "--diag"], 2, "two output forms"),
]


@pytest.mark.parametrize("args,rc,words", BAD, ids=[" ".join(a)[:60] for a, _, _ in BAD])
def test_bad_input_gets_one_error_line(dev, args, rc, words):
    r = dev.cai(*args)
    assert r.returncode == rc, (r.returncode, r.stderr)
    if "--json" in args:
        # With --json every error is one JSON object on stderr (the CLI
        # convention, docs/host.md).
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, r.stderr
        assert words in json.loads(lines[0])["error"]
    else:
        assert words in one_error_line(r)
    assert r.stdout == ""


def test_bad_input_files(dev):
    need_model(dev, "ms")
    r = dev.cai("infer", "run", "ms", "--input", big_file(dev))
    assert r.returncode == 1 and "is larger than" in one_error_line(r)
    short = dev.write("short.i8", bytes(100))
    r = dev.cai("infer", "run", "ms", "--input", short)
    assert r.returncode == 1 and "the secure side refused the input" in one_error_line(r)
    r = dev.cai("infer", "run", "ms", "--input", os.path.join(dev.work, "missing.i8"))
    assert r.returncode == 1 and "cannot read" in one_error_line(r)
    r = dev.cai("infer", "run", "sine", "1", "--input", short)
    assert r.returncode == 2 and "not both" in one_error_line(r)


def test_the_spe_refuses_bad_requests_itself(dev):
    """What the shell stops first (NaN, infinity, counts) the SPE refuses on
    its own too, over raw frames."""
    conn = connect(dev.spe.sock)
    try:
        for bits in (0x7FC00000, 0x7F800000, 0xFF800000, 0x7F800001):
            raw = struct.pack("<I", bits)
            status, out = conn.call(INFER_HANDLE, CALL_RUN, [request("sine"), raw, b""],
                                    [RESULT_MAX])
            assert status == PSA_ERROR_INVALID_ARGUMENT and out == [b""], hex(bits)
        for values in ([100.0], [-1.0], [7.0], [1.0, 2.0], []):
            assert run(conn, "sine", values)[0] == PSA_ERROR_INVALID_ARGUMENT, values
        assert run(conn, "nosuch", [1.0])[0] == PSA_ERROR_DOES_NOT_EXIST
        assert run(conn, "sine", [1.0], nonce=bytes(65))[0] == PSA_ERROR_INVALID_ARGUMENT
        for req in (request("sine", 3), request("sine", 0, 2), request("sine", 0, 0, 2),
                    request("sine", 0, 0, 0, 1), b"sine" + b"\0" * 27 + b"x" + bytes(4),
                    request("sine")[:35], request("") ):
            assert run(conn, "sine", [1.0], req=req)[0] == PSA_ERROR_INVALID_ARGUMENT, req
        # the service still answers
        assert run(conn, "sine", [1.0])[0] == 0
    finally:
        conn.close()


def test_encrypt_without_a_cloud_key(spe, state_dir):
    for cmd in (["run", "sine", "1"], ["get", "sine", "1"]):
        r = run_cai(state_dir, "infer", *cmd, "--format", "encrypt")
        assert r.returncode == 1
        assert "sine: no cloud key installed: encrypt results need one" in one_error_line(r)
    r = run_cai(state_dir, "keys", "cloud")
    assert r.returncode == 1 and "no cloud key installed" in one_error_line(r)


def test_the_cloud_key_is_write_once(spe, state_dir, tmp_path):
    """The first cloud key stays: another is refused (the NS side must not be
    able to seal later results to a key of its own), and results are still
    sealed to the first. The point form (hex:04...) is taken too, and the kid
    is SHA-256 of the COSE_Key {1: 2, -1: 1, -2: x, -3: y} (design §5),
    computed here."""
    first, second = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    point = first.public_key().public_bytes(serialization.Encoding.X962,
                                            serialization.PublicFormat.UncompressedPoint)
    kid = hashlib.sha256(cbor2.dumps({1: 2, -1: 1, -2: point[1:33], -3: point[33:]},
                                     canonical=True)).hexdigest()
    r = run_cai(state_dir, "keys", "cloud", "install", "hex:" + point.hex())
    assert r.returncode == 0 and r.stdout.startswith(f"# cloud key, kid {kid}\n"), r.stdout
    other = tmp_path / "other.pub"
    other.write_bytes(second.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    r = run_cai(state_dir, "keys", "cloud", "install", str(other))
    assert r.returncode == 1
    assert "a cloud key is installed already" in one_error_line(r)
    j = json.loads(run_cai(state_dir, "--json", "keys", "cloud").stdout)
    assert j["public"] == point.hex() and j["kid"] == kid
    sign_pem = tmp_path / "sign.pem"
    sign_pem.write_text(run_cai(state_dir, "keys", "public", "sign").stdout)
    res = tmp_path / "r.cose"
    assert run_cai(state_dir, "infer", "get", "sine", "encrypt", "30", "--out",
                   str(res)).returncode == 0
    for key, rc in ((first, 0), (second, 1)):
        path = tmp_path / "k.pem"
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        v = cloud("verify", str(res), "--key", str(sign_pem), "--decrypt-key", str(path))
        assert v.returncode == rc, v.stdout + v.stderr


def spe_boot_fails(state_dir, *args):
    p = subprocess.run([bin_path("cai-spe-test"), "--foreground", "--state-dir", state_dir,
                        *args], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "CAI_HUK_HEX": HUK_HEX})
    assert p.returncode != 0, p.stdout + p.stderr
    assert not os.path.exists(os.path.join(state_dir, "spe.sock"))
    return (p.stdout + p.stderr).splitlines()


def test_a_model_file_that_is_no_model_stops_the_boot(state_dir):
    junk = os.path.join(state_dir + "-junk.tflite")
    try:
        open(junk, "wb").write(b"TFL3" + os.urandom(2000))
        lines = spe_boot_fails(state_dir, "--model", f"junk={junk}")
        naming = [ln for ln in lines if "model junk" in ln]
        assert len(naming) == 1, lines
        assert "not serving" in "\n".join(lines)
        # A truncated model.
        truncated = open(SINE_MODEL, "rb").read()[:1000]
        open(junk, "wb").write(truncated)
        lines = spe_boot_fails(state_dir, "--model", f"junk={junk}")
        assert len([ln for ln in lines if "model junk" in ln]) == 1, lines
        # A real model with an operator the engine does not run (when the
        # shared models are here).
        ap = os.path.join(shared_dir(), "models", "audio_preprocessor_int8.tflite")
        if os.path.exists(ap):
            lines = spe_boot_fails(state_dir, "--model", f"ap={ap}")
            naming = [ln for ln in lines if "model ap" in ln]
            assert len(naming) == 1 and "unsupported" in naming[0], lines
    finally:
        os.unlink(junk)


BAD_SPECS = [
    ("noequals", "expected NAME=FILE"),
    ("x=", "expected NAME=FILE"),
    ("Bad=" + SINE_MODEL, "a model name is 1..31 characters"),
    ("a" * 32 + "=" + SINE_MODEL, "a model name is 1..31 characters"),
    ("x@0=" + SINE_MODEL, "the version is a number"),
    ("x@v2=" + SINE_MODEL, "the version is a number"),
    ("sine=" + SINE_MODEL, "a model of that name is registered"),
    ("x=/nonexistent/model.tflite", "No such file"),
    ("x=/tmp", "not a regular file"),
    ("x=/dev/null", "not a regular file"),
]


@pytest.mark.parametrize("spec,words", BAD_SPECS, ids=[s[:40] for s, _ in BAD_SPECS])
def test_a_bad_model_spec_is_one_line(state_dir, spec, words):
    lines = spe_boot_fails(state_dir, "--model", spec)
    assert len(lines) == 1 and words in lines[0] and "--model" in lines[0], lines


@pytest.mark.parametrize("cmd,words", [
    (["run", "sine", "1", "--out", "/nonexistent/dir/r.cose"], "cannot write"),
    (["get", "sine", "1", "--out", "/nonexistent/dir/r.cose"], "cannot write"),
    (["run", "sine", "1", "--labels", "/nonexistent/labels.txt"], "cannot read"),
])
def test_a_file_that_cannot_be_used_costs_no_result(dev, cmd, words):
    before = dev.run_json("run", "sine", "1", "--format", "cbor")["seq"]
    r = dev.cai("infer", *cmd)
    assert r.returncode == 1 and words in one_error_line(r)
    assert r.stdout == ""
    assert dev.run_json("run", "sine", "1", "--format", "cbor")["seq"] == before + 1


def test_a_model_boots_only_if_all_its_results_fit(state_dir):
    """inference.h: a result is at most CAI_INFER_RESULT_MAX (49152) bytes,
    the bound input included. One-op int8 RELU models of growing size, run
    with inputs whose every value needs a float32 (the longest claims): the
    SPE either refuses the model at boot, in one line naming it, or serves
    every format of it within that size."""
    work = state_dir + "-models"
    os.mkdir(work)
    booted, refused = [], []
    key = ec.generate_private_key(ec.SECP256R1())
    pub_path = os.path.join(work, "cloud.pub")
    open(pub_path, "wb").write(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    try:
        for n in (4000, 4850, 4860, 4870, 4885, 6000):
            model = os.path.join(work, f"relu{n}.tflite")
            r = subprocess.run([bin_path("cai-e2e-relu-model"), str(n), model],
                               capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            sd = os.path.join(work, f"s{n}")
            try:
                spe = Spe(sd, extra_args=["--model", f"big={model}"])
            except RuntimeError as e:
                naming = [ln for ln in str(e).splitlines() if "model big" in ln]
                assert len(naming) == 1 and "exceed 49152 bytes" in naming[0], str(e)
                refused.append(n)
                continue
            try:
                # 0.1 * q is exact in half precision only when 5 divides q
                data = bytes(q for q in range(1, 128) if q % 5)
                data = (data * (n // len(data) + 1))[:n]
                inp = os.path.join(work, f"in{n}.i8")
                open(inp, "wb").write(data)
                assert run_cai(sd, "keys", "cloud", "install", pub_path).returncode == 0
                sign_pem = run_cai(sd, "keys", "public", "sign").stdout
                for fmt in FORMATS:
                    out = os.path.join(work, f"r{n}-{fmt}.bin")
                    r = run_cai(sd, "infer", "run", "big", "--input", inp, "--bind-input",
                                "--format", fmt, "--out", out)
                    assert r.returncode == 0, (n, fmt, r.stderr)
                    blob = open(out, "rb").read()
                    assert len(blob) <= RESULT_MAX, (n, fmt, len(blob))
                    c = oracle.check_result(blob, fmt, sign_pem, UUID, key, bound=True)
                    assert len(c[oracle.OUTPUT]) == len(c[oracle.INPUT]) == n
                booted.append(n)
            finally:
                assert spe.stop() == 0, spe.log()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert booted and refused and max(booted) < min(refused), (booted, refused)


def test_get_out_is_the_results_back_to_back(dev):
    path = os.path.join(dev.work, "seq.cbor")
    j = dev.run_json("get", "sine", "sign1", "0", "20", "10", "--out", path)
    blobs = [bytes.fromhex(r["result"]) for r in j["results"]]
    assert len(blobs) == 3 and open(path, "rb").read() == b"".join(blobs)
    for b in blobs:
        dev.oracle(b, "sign1")
