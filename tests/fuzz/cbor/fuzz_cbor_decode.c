/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the CBOR decoder, cai_cbor_skip, the typed helpers, the
 * deterministic check and the preferred re-encoder, with cross-checks that
 * must hold for every input:
 *   - pulling every item, skipping the item, checking determinism and
 *     re-encoding all reach the same well-formedness verdict;
 *   - deterministic input re-encodes to exactly itself;
 *   - a re-encoding is well-formed and re-encodes to itself (idempotent);
 *   - the encoder never writes past a short buffer;
 *   - tighter limits only ever add CAI_CBOR_ERR_LIMIT.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cbor.h"
#include "fuzz_cbor_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Same limits as the check, the printer and the re-encoder use. */
static const cai_cbor_limits_t wide = { CAI_CBOR_MAX_DEPTH, 0, 0 };

static cai_cbor_err_t pull_all(const uint8_t *p, size_t n, const cai_cbor_limits_t *lim)
{
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    cai_cbor_err_t r;
    cai_cbor_dec_init(&d, p, n, lim);
    while ((r = cai_cbor_next(&d, &it)) == CAI_CBOR_OK) {
        FUZZ_REQUIRE(it.offset < n);
        if (it.type == CAI_CBOR_BSTR || it.type == CAI_CBOR_TSTR) {
            FUZZ_REQUIRE(it.indefinite || (it.v.str.ptr >= p && it.v.str.len <= n &&
                                           (size_t)(it.v.str.ptr - p) <= n - it.v.str.len));
        }
    }
    FUZZ_REQUIRE(r != CAI_CBOR_ERR_TYPE && r != CAI_CBOR_ERR_BUFFER_TOO_SMALL);
    return r == CAI_CBOR_ERR_END ? cai_cbor_dec_finish(&d) : r;
}

static cai_cbor_err_t skip_all(const uint8_t *p, size_t n)
{
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, p, n, &wide);
    cai_cbor_err_t r = cai_cbor_skip(&d);
    return r == CAI_CBOR_OK ? cai_cbor_dec_finish(&d) : r;
}

/* Walks the input with the typed helpers in a data-driven order; must end. */
static void typed_walk(const uint8_t *p, size_t n)
{
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    cai_cbor_dec_init(&d, p, n, &wide);
    for (size_t i = 0; i < n + 2; i++) {
        uint64_t u;
        int64_t s;
        const uint8_t *b;
        const char *t;
        size_t len;
        cai_cbor_err_t r;
        switch ((i + (n ? p[i % n] : 0)) % 8) {
        case 0:
            r = cai_cbor_get_uint(&d, &u);
            break;
        case 1:
            r = cai_cbor_get_int(&d, &s);
            break;
        case 2:
            r = cai_cbor_get_bstr(&d, &b, &len);
            break;
        case 3:
            r = cai_cbor_get_tstr(&d, &t, &len);
            break;
        case 4:
            r = cai_cbor_get_array(&d, &u);
            break;
        case 5:
            r = cai_cbor_get_map(&d, &u);
            break;
        case 6:
            r = cai_cbor_get_tag(&d, &u);
            break;
        default:
            r = cai_cbor_skip(&d);
            break;
        }
        if (r == CAI_CBOR_ERR_TYPE) {
            r = cai_cbor_next(&d, &it); /* make progress */
        }
        if (r != CAI_CBOR_OK) {
            return;
        }
    }
    /* every successful call consumed at least one byte */
    FUZZ_REQUIRE(0);
}

static uint8_t *reencode(const uint8_t *p, size_t n, size_t *out_len, cai_cbor_err_t *verdict)
{
    cai_cbor_enc_t e;
    size_t need = 0;
    cai_cbor_enc_init(&e, NULL, 0);
    *verdict = cai_cbor_put_preferred(&e, p, n);
    if (*verdict != CAI_CBOR_OK) {
        return NULL;
    }
    FUZZ_REQUIRE(cai_cbor_enc_finish(&e, &need) ==
                 (need ? CAI_CBOR_ERR_BUFFER_TOO_SMALL : CAI_CBOR_OK));
    uint8_t *out = malloc(need + 8);
    FUZZ_REQUIRE(out != NULL);
    /* a short buffer first: nothing past it may change */
    memset(out, 0xa5, need + 8);
    cai_cbor_enc_init(&e, out, need / 2);
    FUZZ_REQUIRE(cai_cbor_put_preferred(&e, p, n) == CAI_CBOR_OK);
    size_t len2 = 0;
    FUZZ_REQUIRE(cai_cbor_enc_finish(&e, &len2) == CAI_CBOR_ERR_BUFFER_TOO_SMALL || need == 0);
    FUZZ_REQUIRE(len2 == need);
    for (size_t i = need / 2; i < need + 8; i++) {
        FUZZ_REQUIRE(out[i] == 0xa5);
    }
    cai_cbor_enc_init(&e, out, need);
    FUZZ_REQUIRE(cai_cbor_put_preferred(&e, p, n) == CAI_CBOR_OK);
    FUZZ_REQUIRE(cai_cbor_enc_finish(&e, &len2) == CAI_CBOR_OK && len2 == need);
    *out_len = need;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cai_cbor_err_t pull = pull_all(data, size, &wide);
    FUZZ_REQUIRE(skip_all(data, size) == pull);

    cai_cbor_err_t det = cai_cbor_check_deterministic(data, size);
    if (pull != CAI_CBOR_OK) {
        FUZZ_REQUIRE(det == pull);
    } else {
        FUZZ_REQUIRE(det == CAI_CBOR_OK || det == CAI_CBOR_ERR_NOT_DETERMINISTIC);
    }

    /* tighter limits: the same verdict, or LIMIT */
    cai_cbor_limits_t tight = { 3, 40, 3 };
    cai_cbor_err_t t = pull_all(data, size, &tight);
    FUZZ_REQUIRE(t == pull || t == CAI_CBOR_ERR_LIMIT);

    typed_walk(data, size);

    size_t out_len = 0;
    cai_cbor_err_t verdict;
    uint8_t *out = reencode(data, size, &out_len, &verdict);
    FUZZ_REQUIRE(verdict == pull);
    if (out) {
        FUZZ_REQUIRE(pull_all(out, out_len, &wide) == CAI_CBOR_OK);
        if (det == CAI_CBOR_OK) {
            FUZZ_REQUIRE(out_len == size && memcmp(out, data, size) == 0);
        }
        size_t again_len = 0;
        uint8_t *again = reencode(out, out_len, &again_len, &verdict);
        FUZZ_REQUIRE(again && again_len == out_len && memcmp(again, out, out_len) == 0);
        free(again);
        free(out);
    }
    return 0;
}
