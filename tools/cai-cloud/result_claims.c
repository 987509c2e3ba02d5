/* SPDX-License-Identifier: Apache-2.0 */
/* The claims of an inference result, read strictly (result_claims.h). */
#include "result_claims.h"

#include <stdio.h>
#include <string.h>

#include "cai/cbor.h"

#define K_OUTPUT -80000
#define K_SEQ    -80006
#define K_MODEL  -80007
#define K_DIGEST -80008
#define K_ENGINE -80009
#define K_INPUT  -80010
#define K_UEID   256
#define K_NONCE  10

static bool fail(char *why, size_t cap, const char *msg)
{
    snprintf(why, cap, "%s", msg);
    return false;
}

/* [+ float32]: definite, 1..RESULT_MAX_FLOATS elements, each a float whose
 * value is a float32. Deterministic CBOR writes each in its shortest form,
 * so half precision appears for values it holds exactly (RFC 8949 §4.2.1);
 * a double-width float is a value no float32 holds and is refused. */
static bool floats(cai_cbor_dec_t *d, float *out, size_t *n, const char *name, char *why,
                   size_t cap)
{
    uint64_t count = 0;
    if (cai_cbor_get_array(d, &count) != CAI_CBOR_OK || count == 0 || count > RESULT_MAX_FLOATS) {
        snprintf(why, cap, "claim %s is not an array of 1..%u floats", name, RESULT_MAX_FLOATS);
        return false;
    }
    for (uint64_t i = 0; i < count; i++) {
        cai_cbor_item_t it;
        if (cai_cbor_next(d, &it) != CAI_CBOR_OK || it.type != CAI_CBOR_FLOAT ||
            it.float_size > 4) {
            snprintf(why, cap, "claim %s element %llu is not a float32", name,
                     (unsigned long long)i);
            return false;
        }
        out[i] = (float)it.v.f;
    }
    *n = (size_t)count;
    return true;
}

static bool tstr(cai_cbor_dec_t *d, const char **p, size_t *n)
{
    return cai_cbor_get_tstr(d, p, n) == CAI_CBOR_OK && *n > 0;
}

bool result_claims_parse(const uint8_t *payload, size_t len, result_claims_t *c, char *why,
                         size_t cap)
{
    memset(c, 0, sizeof(*c));
    if (cai_cbor_check_deterministic(payload, len) != CAI_CBOR_OK) {
        return fail(why, cap, "the payload is not one deterministic CBOR item");
    }
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, payload, len, NULL);
    uint64_t pairs = 0;
    if (cai_cbor_get_map(&d, &pairs) != CAI_CBOR_OK) {
        return fail(why, cap, "the payload is not a map");
    }
    unsigned seen = 0; /* one bit per known claim */
    for (uint64_t i = 0; i < pairs; i++) {
        int64_t key = 0;
        if (cai_cbor_get_int(&d, &key) != CAI_CBOR_OK) {
            return fail(why, cap, "a claim key is not an integer");
        }
        const uint8_t *b = NULL;
        size_t n = 0;
        unsigned bit;
        bool ok;
        switch (key) {
        case K_OUTPUT:
            bit = 1u << 0;
            ok = floats(&d, c->output, &c->n_output, "-80000 (output)", why, cap);
            if (!ok) {
                return false;
            }
            break;
        case K_SEQ:
            bit = 1u << 1;
            ok = cai_cbor_get_uint(&d, &c->seq) == CAI_CBOR_OK;
            if (!ok) {
                return fail(why, cap, "claim -80006 (sequence number) is not an unsigned integer");
            }
            break;
        case K_MODEL:
            bit = 1u << 2;
            if (!tstr(&d, &c->model, &c->model_len)) {
                return fail(why, cap, "claim -80007 (model name) is not a non-empty text string");
            }
            break;
        case K_DIGEST:
            bit = 1u << 3;
            if (cai_cbor_get_bstr(&d, &b, &n) != CAI_CBOR_OK || n != 32) {
                return fail(why, cap, "claim -80008 (model digest) is not a 32-byte string");
            }
            c->model_digest = b;
            break;
        case K_ENGINE:
            bit = 1u << 4;
            if (!tstr(&d, &c->engine, &c->engine_len)) {
                return fail(why, cap, "claim -80009 (engine) is not a non-empty text string");
            }
            break;
        case K_INPUT:
            bit = 1u << 5;
            if (!floats(&d, c->input, &c->n_input, "-80010 (input)", why, cap)) {
                return false;
            }
            c->has_input = true;
            break;
        case K_UEID:
            bit = 1u << 6;
            if (cai_cbor_get_bstr(&d, &b, &n) != CAI_CBOR_OK || n != 17 || b[0] != 0x01) {
                return fail(why, cap, "claim 256 (ueid) is not 0x01 followed by a 16-byte UUID");
            }
            memcpy(c->uuid, b + 1, 16);
            break;
        case K_NONCE:
            bit = 1u << 7;
            if (cai_cbor_get_bstr(&d, &c->nonce, &c->nonce_len) != CAI_CBOR_OK) {
                return fail(why, cap, "claim 10 (nonce) is not a byte string");
            }
            c->has_nonce = true;
            break;
        default:
            snprintf(why, cap, "unknown claim %lld", (long long)key);
            return false;
        }
        if (seen & bit) {
            return fail(why, cap, "a claim appears twice");
        }
        seen |= bit;
    }
    const unsigned required = 0x5fu; /* output, seq, model, digest, engine, ueid */
    if ((seen & required) != required) {
        return fail(why, cap,
                    "a required claim is missing (-80000, -80006, -80007, -80008, -80009, 256)");
    }
    if (cai_cbor_dec_finish(&d) != CAI_CBOR_OK) {
        return fail(why, cap, "bytes after the claims map");
    }
    return true;
}
