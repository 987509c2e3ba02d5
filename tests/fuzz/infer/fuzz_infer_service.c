/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inference service as the NS side reaches it: untrusted call types,
 * requests, inputs, nonces and vector sizes, through the real SPM and
 * manifest of the default image on the host port (pinned HUK, the built-in
 * sine model, a temporary state directory for the sequence reservation and
 * the cloud key). Input:
 *   0  call type selector    1  vector shape selector
 *   2  model name selector   3  format   4  flags   5  input type   6  reserved
 *   7  input length (x4 for some selectors), then the input bytes
 *   then a nonce length and its bytes, then an out size selector.
 * Invariants: no crash, no sanitizer report, no status the contract
 * (include/cai/inference.h) does not list, no out length over its vector,
 * a successful run's answer starts as its format does (a claims map; a
 * tagged COSE_Sign1) and carries its nonce, and the keystore's signing
 * call is never open to an NS caller.
 */
#define _GNU_SOURCE /* mkdtemp, memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/inference.h"
#include "cai/services.h"
#include "cai/spm.h"
#include "fuzz_host_boot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Successful runs per format (cbor, sign1, encrypt) and refusals, for the
 * replay driver's check that its inputs reach every path. */
unsigned long fuzz_infer_service_runs[3], fuzz_infer_service_refused;

static bool boot(void)
{
    return cai_fuzz_host_boot("fuzz-infer");
}

/* The statuses of include/cai/inference.h, and PSA_ERROR_NOT_PERMITTED,
 * which a write-once cloud key answers to a second CLOUD_KEY_SET. */
static bool listed(psa_status_t st)
{
    return st == PSA_SUCCESS || st == PSA_ERROR_INVALID_ARGUMENT ||
           st == PSA_ERROR_DOES_NOT_EXIST || st == PSA_ERROR_BUFFER_TOO_SMALL ||
           st == PSA_ERROR_INSUFFICIENT_STORAGE || st == PSA_ERROR_STORAGE_FAILURE ||
           st == PSA_ERROR_NOT_SUPPORTED || st == PSA_ERROR_PROGRAMMER_ERROR ||
           st == PSA_ERROR_NOT_PERMITTED;
}

/* A cursor over the fuzz input: bytes past the end read as zero. */
typedef struct cur {
    const uint8_t *p;
    size_t n, at;
} cur_t;

static uint8_t byte(cur_t *c)
{
    return c->at < c->n ? c->p[c->at++] : 0;
}

static const uint8_t *take(cur_t *c, size_t *len)
{
    if (*len > c->n - c->at) {
        *len = c->n - c->at;
    }
    const uint8_t *p = c->p + c->at;
    c->at += *len;
    return p;
}

/* A P-256 point (the generator), so CLOUD_KEY_SET can succeed and the
 * encrypt format be reached. */
static const uint8_t k_generator[CAI_INFER_CLOUD_PUB_LEN] = {
    0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5,
    0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4,
    0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96, 0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a,
    0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33,
    0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static uint8_t g_out[2][CAI_INFER_RESULT_MAX];

/* The first bytes of a successful run's answer, per format. */
static void check_result(uint8_t format, const uint8_t *res, size_t len, const uint8_t *nonce,
                         size_t nonce_len)
{
    if (len < 2) {
        abort();
    }
    if (format == CAI_INFER_FORMAT_CBOR) {
        /* a map of 6 to 8 claims; the nonce (claim 10) first when there is one */
        if (res[0] < 0xa6 || res[0] > 0xa8) {
            abort();
        }
        if (nonce_len > 0 && (res[1] != 0x0a || memmem(res, len, nonce, nonce_len) == NULL)) {
            abort();
        }
        return;
    }
    /* tag 18, array of 4, protected {1: -7} */
    static const uint8_t sign1[] = { 0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26 };
    if (len < sizeof(sign1) || memcmp(res, sign1, sizeof(sign1)) != 0) {
        abort();
    }
    if (format == CAI_INFER_FORMAT_SIGN1 && nonce_len > 0 &&
        memmem(res, len, nonce, nonce_len) == NULL) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!boot() || size < 2) {
        return 0;
    }
    cur_t c = { data, size, 0 };
    uint8_t sel = byte(&c), shape = byte(&c);
    uint8_t name_sel = byte(&c), format = byte(&c), flags = byte(&c), itype = byte(&c),
            reserved = byte(&c);

    /* The NS side never signs through the keystore, whatever it sends. */
    if (sel % 8 == 7) {
        psa_invec in[2] = { { data, size / 2 }, { data + size / 2, size - size / 2 } };
        psa_outvec out[1] = { { g_out[0], 64 } };
        psa_handle_t ks = CAI_STATELESS_HANDLE(CAI_KEYSTORE_INDEX, CAI_KEYSTORE_VERSION);
        psa_status_t st = cai_spm_call(-1, ks, (int32_t)(format % 4), in, 2, out, 1);
        if (st == PSA_SUCCESS || out[0].len != 0) {
            abort();
        }
        return 0;
    }
    int32_t type = (int32_t)(sel % 7); /* 1..4 are the calls; 0, 5, 6 are not */

    uint8_t req[CAI_INFER_REQUEST_LEN] = { 0 };
    static const char *const k_names[] = { "sine", "sine\0", "nosuch", "SINE" };
    if (name_sel % 5 < 4) {
        const char *nm = k_names[name_sel % 5];
        memcpy(req, nm, strlen(nm));
    } else {
        size_t len = 32;
        memcpy(req, take(&c, &len), len);
    }
    req[32] = format % 2 == 0 ? (uint8_t)(format / 2 % 4) : format;
    req[33] = flags % 2 == 0 ? (uint8_t)(flags / 2 % 2) : flags;
    req[34] = itype % 2 == 0 ? (uint8_t)(itype / 2 % 2) : itype;
    req[35] = reserved % 8 == 0 ? reserved : 0;

    size_t in_len = byte(&c);
    if (shape & 0x10) {
        in_len *= 4;
    }
    const uint8_t *in_bytes = take(&c, &in_len);
    size_t nonce_len = byte(&c) % 80;
    const uint8_t *nonce = take(&c, &nonce_len);
    uint8_t out_sel = byte(&c);
    size_t out_size = out_sel % 4 == 0   ? (size_t)out_sel
                      : out_sel % 4 == 1 ? sizeof(g_out[0])
                      : out_sel % 4 == 2 ? CAI_INFER_MODEL_INFO_LEN
                                         : (size_t)out_sel * 4u;
    if (out_size > sizeof(g_out[0])) {
        out_size = sizeof(g_out[0]);
    }

    psa_invec in[PSA_MAX_IOVEC];
    psa_outvec out[2];
    size_t n_in, n_out = shape & 0x20 ? 2 : 1;
    switch (type) {
    case CAI_INFER_CALL_MODEL_INFO: {
        static uint8_t idx[4];
        idx[0] = name_sel % 3 == 0 ? name_sel : (uint8_t)(name_sel % 3 - 1);
        idx[3] = name_sel % 7 == 6 ? 0x80 : 0;
        in[0] = (psa_invec){ idx, shape & 0x40 ? 3u : 4u };
        n_in = 1;
        break;
    }
    case CAI_INFER_CALL_CLOUD_KEY_SET:
        in[0] = shape & 0x40 ? (psa_invec){ in_bytes, in_len }
                             : (psa_invec){ k_generator, sizeof(k_generator) };
        n_in = 1;
        break;
    default:
        in[0] = (psa_invec){ req, shape & 0x40 ? (size_t)(shape % 40) : sizeof(req) };
        in[1] = (psa_invec){ in_bytes, in_len };
        in[2] = (psa_invec){ nonce, nonce_len };
        n_in = 3;
        break;
    }
    if (shape & 0x80) {
        n_in = shape % (PSA_MAX_IOVEC + 1);
        for (size_t i = 3; i < n_in; i++) {
            in[i] = (psa_invec){ NULL, 0 };
        }
    }
    out[0] = (psa_outvec){ g_out[0], out_size };
    out[1] = (psa_outvec){ g_out[1], shape & 0x08 ? 32u : 2u * CAI_INFER_TENSOR_INFO_LEN };
    size_t sizes[2] = { out[0].len, out[1].len };

    psa_handle_t h = CAI_STATELESS_HANDLE(CAI_INFERENCE_INDEX, CAI_INFERENCE_VERSION);
    psa_status_t st = cai_spm_call(-1, h, type, in, n_in, out, n_out);
    if (!listed(st)) {
        fprintf(stderr, "fuzz_infer_service: status %d is not in the contract\n", (int)st);
        abort();
    }
    for (size_t i = 0; i < n_out; i++) {
        if (out[i].len > sizes[i]) {
            abort();
        }
    }
    if (st == PSA_SUCCESS && type == CAI_INFER_CALL_RUN && n_in >= 3) {
        check_result(req[32], g_out[0], out[0].len, nonce, nonce_len);
        fuzz_infer_service_runs[req[32] % 3]++;
    } else if (st != PSA_SUCCESS) {
        fuzz_infer_service_refused++;
    }
    return 0;
}
