/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Re-encoding one well-formed item in preferred serialization (RFC 8949
 * §4.1): definite lengths, shortest heads, shortest exact floats. Used to
 * normalise received CBOR and by the tests as "our decoder + our encoder".
 *
 * No allocation: an indefinite container's element count and an indefinite
 * string's total length are found by a look-ahead pass on a copy of the
 * decoder; chunks are then copied straight from the input. Each byte is
 * scanned at most once per enclosing indefinite item, so the cost is bounded
 * by (depth limit + 1) * input size.
 */
#include "cai/cbor.h"
#include "cbor_internal.h"

/* Children of the indefinite container just opened (maps: items, not pairs). */
static cai_cbor_err_t count_children(const cai_cbor_dec_t *d, uint64_t *n)
{
    cai_cbor_dec_t c = *d;
    cai_cbor_item_t it;
    *n = 0;
    for (;;) {
        cai_cbor_err_t r = cai_cbor_peek(&c, &it);
        if (r != CAI_CBOR_OK) {
            return r;
        }
        if (it.type == CAI_CBOR_BREAK) {
            return CAI_CBOR_OK;
        }
        r = cai_cbor_skip(&c);
        if (r != CAI_CBOR_OK) {
            return r;
        }
        (*n)++;
    }
}

/* Total length of the chunks of the indefinite string just opened. */
static cai_cbor_err_t chunks_length(const cai_cbor_dec_t *d, uint64_t *total)
{
    cai_cbor_dec_t c = *d;
    cai_cbor_item_t it;
    *total = 0;
    for (;;) {
        cai_cbor_err_t r = cai_cbor_next(&c, &it);
        if (r != CAI_CBOR_OK) {
            return r;
        }
        if (it.type == CAI_CBOR_BREAK) {
            return CAI_CBOR_OK;
        }
        *total += it.v.str.len; /* sum of in-buffer lengths: cannot overflow */
    }
}

/* NaN payloads are kept (in the shortest width that holds them): this is a
 * faithful re-encoding, unlike cai_cbor_put_float which canonicalises NaN. */
static void put_float_preferred(cai_cbor_enc_t *e, double v)
{
    uint64_t bits;
    unsigned size = cai_cbor_shortest_float(cai_cbor_double_to_bits(v), &bits);
    cai_cbor_put_float_bits(e, size, bits);
}

cai_cbor_err_t cai_cbor_put_preferred(cai_cbor_enc_t *e, const uint8_t *buf, size_t len)
{
    cai_cbor_limits_t lim = { CAI_CBOR_MAX_DEPTH, 0, 0 };
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    cai_cbor_err_t r;
    uint64_t n;

    cai_cbor_dec_init(&d, buf, len, &lim);
    while ((r = cai_cbor_next(&d, &it)) == CAI_CBOR_OK) {
        switch (it.type) {
        case CAI_CBOR_UINT:
            cai_cbor_put_uint(e, it.v.u);
            break;
        case CAI_CBOR_NINT:
            cai_cbor_put_nint_raw(e, it.v.u);
            break;
        case CAI_CBOR_BSTR:
        case CAI_CBOR_TSTR: {
            unsigned major = it.type == CAI_CBOR_BSTR ? CBOR_MT_BSTR : CBOR_MT_TSTR;
            if (it.indefinite) { /* chunks follow; each is copied as it comes */
                r = chunks_length(&d, &n);
                if (r != CAI_CBOR_OK) {
                    return r;
                }
                cai_cbor_put_head(e, major, n);
            } else if (d.depth > 0 && (d.kind[d.depth - 1] & 0x80u) &&
                       (d.kind[d.depth - 1] & 0x07u) == major) {
                cai_cbor_put_raw(e, it.v.str.ptr, it.v.str.len); /* a chunk */
            } else {
                cai_cbor_put_head(e, major, it.v.str.len);
                cai_cbor_put_raw(e, it.v.str.ptr, it.v.str.len);
            }
            break;
        }
        case CAI_CBOR_ARRAY:
        case CAI_CBOR_MAP:
            n = it.v.count;
            if (it.indefinite) {
                r = count_children(&d, &n);
                if (r != CAI_CBOR_OK) {
                    return r;
                }
                if (it.type == CAI_CBOR_MAP) {
                    n /= 2; /* even: checked by the decoder at the break */
                }
            }
            cai_cbor_put_head(e, it.type == CAI_CBOR_ARRAY ? CBOR_MT_ARRAY : CBOR_MT_MAP, n);
            break;
        case CAI_CBOR_TAG:
            cai_cbor_put_tag(e, it.v.u);
            break;
        case CAI_CBOR_SIMPLE:
            cai_cbor_put_head(e, CBOR_MT_SIMPLE, it.v.simple);
            break;
        case CAI_CBOR_FLOAT:
            put_float_preferred(e, it.v.f);
            break;
        case CAI_CBOR_BREAK:
            break;
        }
    }
    return r == CAI_CBOR_ERR_END ? cai_cbor_dec_finish(&d) : r;
}
