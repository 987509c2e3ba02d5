/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CBOR encoder into a caller buffer (RFC 8949 §3, preferred serialization
 * §4.1). Each put writes a whole head or nothing: when an item does not fit,
 * the error becomes CAI_CBOR_ERR_BUFFER_TOO_SMALL and later puts only add to
 * `len`, so cai_cbor_enc_finish() can report the size needed for a retry.
 */
#include <string.h>

#include "cai/cbor.h"
#include "cbor_internal.h"

void cai_cbor_enc_init(cai_cbor_enc_t *e, uint8_t *buf, size_t cap)
{
    e->buf = buf;
    e->cap = buf ? cap : 0;
    e->len = 0;
    e->err = CAI_CBOR_OK;
}

/* Appends n bytes from p (valid whenever n > 0), or only counts them once
 * the buffer is known to be too small. */
static void emit(cai_cbor_enc_t *e, const void *p, size_t n)
{
    if (e->err != CAI_CBOR_OK && e->err != CAI_CBOR_ERR_BUFFER_TOO_SMALL) {
        return;
    }
    if (n > SIZE_MAX - e->len) { /* the size needed no longer fits a size_t */
        e->err = CAI_CBOR_ERR_LIMIT;
        return;
    }
    if (e->err == CAI_CBOR_OK && n <= e->cap - e->len) {
        if (n > 0) {
            memcpy(e->buf + e->len, p, n);
        }
    } else {
        e->err = CAI_CBOR_ERR_BUFFER_TOO_SMALL;
    }
    e->len += n;
}

/* Head with the shortest argument encoding (RFC 8949 §4.2.1 rule 1). */
void cai_cbor_put_head(cai_cbor_enc_t *e, unsigned major, uint64_t arg)
{
    uint8_t h[9];
    size_t n;
    uint8_t mt = (uint8_t)(major << 5);
    if (arg < 24) {
        h[0] = (uint8_t)(mt | arg);
        n = 1;
    } else if (arg <= UINT8_MAX) {
        h[0] = (uint8_t)(mt | 24u);
        n = 2;
    } else if (arg <= UINT16_MAX) {
        h[0] = (uint8_t)(mt | 25u);
        n = 3;
    } else if (arg <= UINT32_MAX) {
        h[0] = (uint8_t)(mt | 26u);
        n = 5;
    } else {
        h[0] = (uint8_t)(mt | 27u);
        n = 9;
    }
    for (size_t i = 1; i < n; i++) { /* big-endian argument */
        h[i] = (uint8_t)(arg >> (8 * (n - 1 - i)));
    }
    emit(e, h, n);
}

void cai_cbor_put_uint(cai_cbor_enc_t *e, uint64_t v)
{
    cai_cbor_put_head(e, CBOR_MT_UINT, v);
}

void cai_cbor_put_int(cai_cbor_enc_t *e, int64_t v)
{
    if (v >= 0) {
        cai_cbor_put_head(e, CBOR_MT_UINT, (uint64_t)v);
    } else {
        /* -1 - v without signed overflow, also for INT64_MIN */
        cai_cbor_put_head(e, CBOR_MT_NINT, ~(uint64_t)v);
    }
}

void cai_cbor_put_nint_raw(cai_cbor_enc_t *e, uint64_t n)
{
    cai_cbor_put_head(e, CBOR_MT_NINT, n);
}

void cai_cbor_put_bstr_header(cai_cbor_enc_t *e, size_t len)
{
    cai_cbor_put_head(e, CBOR_MT_BSTR, (uint64_t)len);
}

void cai_cbor_put_bstr(cai_cbor_enc_t *e, const void *p, size_t len)
{
    if (!p && len > 0) {
        e->err = CAI_CBOR_ERR_ARG;
        return;
    }
    cai_cbor_put_head(e, CBOR_MT_BSTR, (uint64_t)len);
    emit(e, p, len);
}

void cai_cbor_put_tstr(cai_cbor_enc_t *e, const char *p, size_t len)
{
    /* An invalid text string would make the whole output not valid CBOR. */
    if ((!p && len > 0) || (p && !cai_cbor_utf8_valid((const uint8_t *)p, len))) {
        e->err = CAI_CBOR_ERR_ARG;
        return;
    }
    cai_cbor_put_head(e, CBOR_MT_TSTR, (uint64_t)len);
    emit(e, p, len);
}

void cai_cbor_put_tstr_z(cai_cbor_enc_t *e, const char *s)
{
    if (!s) {
        e->err = CAI_CBOR_ERR_ARG;
        return;
    }
    cai_cbor_put_tstr(e, s, strlen(s));
}

void cai_cbor_put_array(cai_cbor_enc_t *e, uint64_t count)
{
    cai_cbor_put_head(e, CBOR_MT_ARRAY, count);
}

void cai_cbor_put_map(cai_cbor_enc_t *e, uint64_t pairs)
{
    cai_cbor_put_head(e, CBOR_MT_MAP, pairs);
}

void cai_cbor_put_tag(cai_cbor_enc_t *e, uint64_t tag)
{
    cai_cbor_put_head(e, CBOR_MT_TAG, tag);
}

void cai_cbor_put_simple(cai_cbor_enc_t *e, uint8_t v)
{
    /* 24..31 have no valid encoding (RFC 8949 §3.3): 24..31 as a one-byte
     * head would be float/reserved markers, and f8 18..f8 1f is not
     * well-formed. */
    if (v >= 24 && v < 32) {
        e->err = CAI_CBOR_ERR_ARG;
        return;
    }
    cai_cbor_put_head(e, CBOR_MT_SIMPLE, v);
}

void cai_cbor_put_bool(cai_cbor_enc_t *e, bool v)
{
    cai_cbor_put_head(e, CBOR_MT_SIMPLE, v ? 21u : 20u);
}

void cai_cbor_put_null(cai_cbor_enc_t *e)
{
    cai_cbor_put_head(e, CBOR_MT_SIMPLE, 22u);
}

void cai_cbor_put_undefined(cai_cbor_enc_t *e)
{
    cai_cbor_put_head(e, CBOR_MT_SIMPLE, 23u);
}

/* Float of `size` bytes (2, 4, 8) with the given bit pattern. */
void cai_cbor_put_float_bits(cai_cbor_enc_t *e, unsigned size, uint64_t bits)
{
    uint8_t h[9];
    h[0] = (uint8_t)(0xe0u | (size == 2 ? 25u : size == 4 ? 26u : 27u));
    for (unsigned i = 0; i < size; i++) {
        h[1 + i] = (uint8_t)(bits >> (8 * (size - 1 - i)));
    }
    emit(e, h, 1 + size);
}

void cai_cbor_put_float16_bits(cai_cbor_enc_t *e, uint16_t half)
{
    cai_cbor_put_float_bits(e, 2, half);
}

void cai_cbor_put_float32(cai_cbor_enc_t *e, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    cai_cbor_put_float_bits(e, 4, bits);
}

void cai_cbor_put_float64(cai_cbor_enc_t *e, double v)
{
    cai_cbor_put_float_bits(e, 8, cai_cbor_double_to_bits(v));
}

void cai_cbor_put_float(cai_cbor_enc_t *e, double v)
{
    uint64_t d = cai_cbor_double_to_bits(v);
    /* All NaNs become the canonical quiet NaN f97e00 (RFC 8949 §4.2.2 lets
     * deterministic encoders pick one NaN; we never leak payloads). */
    if ((d & UINT64_C(0x7ff0000000000000)) == UINT64_C(0x7ff0000000000000) &&
        (d & UINT64_C(0x000fffffffffffff)) != 0) {
        cai_cbor_put_float_bits(e, 2, 0x7e00u);
        return;
    }
    uint64_t bits;
    unsigned size = cai_cbor_shortest_float(d, &bits);
    cai_cbor_put_float_bits(e, size, bits);
}

uint8_t *cai_cbor_reserve(cai_cbor_enc_t *e, size_t len)
{
    /* The same accounting as emit(), handing out the room instead of
     * copying into it. */
    if (e->err != CAI_CBOR_OK && e->err != CAI_CBOR_ERR_BUFFER_TOO_SMALL) {
        return NULL;
    }
    if (len > SIZE_MAX - e->len) {
        e->err = CAI_CBOR_ERR_LIMIT;
        return NULL;
    }
    uint8_t *p = NULL;
    if (e->err == CAI_CBOR_OK && len <= e->cap - e->len) {
        p = e->buf + e->len;
    } else {
        e->err = CAI_CBOR_ERR_BUFFER_TOO_SMALL;
    }
    e->len += len;
    return p;
}

void cai_cbor_put_raw(cai_cbor_enc_t *e, const void *p, size_t len)
{
    if (!p && len > 0) {
        e->err = CAI_CBOR_ERR_ARG;
        return;
    }
    emit(e, p, len);
}

cai_cbor_err_t cai_cbor_enc_finish(const cai_cbor_enc_t *e, size_t *len)
{
    if (len) {
        *len = e->len;
    }
    return e->err;
}
