/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pull decoder for untrusted CBOR (RFC 8949 §3). No recursion: open arrays,
 * maps, tags and indefinite strings live on a fixed stack inside the decoder
 * (at most CAI_CBOR_MAX_DEPTH), so nesting depth costs no C stack. Every
 * length is checked against the bytes left before anything is read, with the
 * comparison done in 64 bits so a 32-bit size_t cannot wrap. Any error is
 * sticky: once the input is known to be bad, nothing more is returned.
 */
#include <string.h>

#include "cai/cbor.h"
#include "cbor_internal.h"

#define KIND_INDEF    0x80u
#define KIND_MAJOR(k) ((unsigned)((k)&0x07u))

void cai_cbor_dec_init(cai_cbor_dec_t *d, const uint8_t *buf, size_t len,
                       const cai_cbor_limits_t *limits)
{
    memset(d, 0, sizeof *d);
    d->buf = buf;
    d->len = buf ? len : 0;
    d->limits.max_depth = CAI_CBOR_DEFAULT_DEPTH;
    d->limits.max_items = CAI_CBOR_DEFAULT_ITEMS;
    d->limits.max_count = CAI_CBOR_DEFAULT_COUNT;
    if (limits) { /* a zero field keeps its default */
        if (limits->max_depth) {
            d->limits.max_depth = limits->max_depth;
        }
        if (limits->max_items) {
            d->limits.max_items = limits->max_items;
        }
        if (limits->max_count) {
            d->limits.max_count = limits->max_count;
        }
    }
    if (d->limits.max_depth > CAI_CBOR_MAX_DEPTH) {
        d->limits.max_depth = CAI_CBOR_MAX_DEPTH;
    }
    /* a map of max_count pairs holds 2 * max_count children: keep that exact */
    if (d->limits.max_count > UINT64_MAX / 2) {
        d->limits.max_count = UINT64_MAX / 2;
    }
}

static cai_cbor_err_t fail(cai_cbor_dec_t *d, cai_cbor_err_t err)
{
    d->err = err;
    return err;
}

static cai_cbor_err_t push(cai_cbor_dec_t *d, unsigned major, bool indefinite, uint64_t children)
{
    if (d->depth >= d->limits.max_depth) {
        return fail(d, CAI_CBOR_ERR_LIMIT);
    }
    d->kind[d->depth] = (uint8_t)(major | (indefinite ? KIND_INDEF : 0u));
    d->remaining[d->depth] = indefinite ? 0 : children;
    d->depth++;
    return CAI_CBOR_OK;
}

/* One child of the innermost frame is complete; close every definite frame
 * that this completes in turn, and mark the top-level item done. */
static cai_cbor_err_t complete_child(cai_cbor_dec_t *d)
{
    while (d->depth > 0) {
        uint32_t t = d->depth - 1;
        if (d->kind[t] & KIND_INDEF) {
            uint64_t max = d->limits.max_count;
            if (KIND_MAJOR(d->kind[t]) == CBOR_MT_MAP) {
                max *= 2; /* cannot overflow: clamped in init */
            }
            if (++d->remaining[t] > max) {
                return fail(d, CAI_CBOR_ERR_LIMIT);
            }
            return CAI_CBOR_OK;
        }
        if (--d->remaining[t] > 0) {
            return CAI_CBOR_OK;
        }
        d->depth--;
    }
    d->done = true;
    return CAI_CBOR_OK;
}

static bool in_indefinite_string(const cai_cbor_dec_t *d)
{
    if (d->depth == 0) {
        return false;
    }
    uint8_t k = d->kind[d->depth - 1];
    return (k & KIND_INDEF) && (KIND_MAJOR(k) == CBOR_MT_BSTR || KIND_MAJOR(k) == CBOR_MT_TSTR);
}

static cai_cbor_err_t read_break(cai_cbor_dec_t *d, cai_cbor_item_t *it)
{
    if (d->depth == 0 || !(d->kind[d->depth - 1] & KIND_INDEF)) {
        return fail(d, CAI_CBOR_ERR_MALFORMED); /* break outside (RFC 8949 §3.2.1) */
    }
    uint32_t t = d->depth - 1;
    if (KIND_MAJOR(d->kind[t]) == CBOR_MT_MAP && (d->remaining[t] & 1u)) {
        return fail(d, CAI_CBOR_ERR_MALFORMED); /* key without a value */
    }
    it->type = CAI_CBOR_BREAK;
    it->header_len = 1;
    it->shortest = true;
    d->pos++;
    d->depth--;
    return complete_child(d);
}

static void decode_float(cai_cbor_item_t *it, const uint8_t *p, unsigned size)
{
    uint64_t raw = 0;
    for (unsigned i = 0; i < size; i++) {
        raw = (raw << 8) | p[i];
    }
    uint64_t dbits = size == 2   ? cai_cbor_half_to_double_bits((uint16_t)raw)
                     : size == 4 ? cai_cbor_single_to_double_bits((uint32_t)raw)
                                 : raw;
    uint64_t unused;
    it->type = CAI_CBOR_FLOAT;
    it->float_size = (uint8_t)size;
    it->v.f = cai_cbor_bits_to_double(dbits);
    it->shortest = cai_cbor_shortest_float(dbits, &unused) == size;
}

cai_cbor_err_t cai_cbor_next(cai_cbor_dec_t *d, cai_cbor_item_t *it)
{
    if (d->err != CAI_CBOR_OK) {
        return d->err;
    }
    if (d->done) {
        return CAI_CBOR_ERR_END;
    }
    memset(it, 0, sizeof *it);
    size_t start = d->pos;
    it->offset = start;
    if (start >= d->len) {
        return fail(d, CAI_CBOR_ERR_TRUNCATED);
    }
    uint8_t ib = d->buf[start];
    unsigned major = ib >> 5;
    unsigned ai = ib & 0x1fu;

    if (ib == CBOR_BREAK_BYTE) {
        return read_break(d, it);
    }
    /* Inside an indefinite string only definite chunks of the same major
     * type may appear (RFC 8949 §3.2.3). */
    if (in_indefinite_string(d) &&
        (major != KIND_MAJOR(d->kind[d->depth - 1]) || ai == CBOR_AI_INDEFINITE)) {
        return fail(d, CAI_CBOR_ERR_MALFORMED);
    }
    if (++d->items_seen > d->limits.max_items) {
        return fail(d, CAI_CBOR_ERR_LIMIT);
    }

    /* The head: initial byte plus 0, 1, 2, 4 or 8 argument bytes. */
    uint64_t arg = ai;
    size_t hlen = 1;
    bool indefinite = false;
    if (ai >= 24 && ai <= 27) {
        size_t n = (size_t)1 << (ai - 24);
        if (d->len - start - 1 < n) {
            return fail(d, CAI_CBOR_ERR_TRUNCATED);
        }
        arg = 0;
        for (size_t i = 0; i < n; i++) {
            arg = (arg << 8) | d->buf[start + 1 + i];
        }
        hlen = 1 + n;
        /* shortest: the value would not have fit the next smaller form */
        it->shortest = n == 1 ? arg >= 24 : arg > (UINT64_MAX >> (64 - 4 * n));
    } else if (ai >= 28 && ai <= 30) {
        return fail(d, CAI_CBOR_ERR_MALFORMED); /* reserved (RFC 8949 §3) */
    } else if (ai == CBOR_AI_INDEFINITE) {
        if (major == CBOR_MT_UINT || major == CBOR_MT_NINT || major == CBOR_MT_TAG ||
            major == CBOR_MT_SIMPLE) {
            return fail(d, CAI_CBOR_ERR_MALFORMED); /* RFC 8949 §3.2.4 */
        }
        indefinite = true;
        arg = 0;
        it->shortest = true;
    } else {
        it->shortest = true;
    }
    it->header_len = hlen;
    d->pos = start + hlen;
    size_t left = d->len - d->pos;

    switch (major) {
    case CBOR_MT_UINT:
    case CBOR_MT_NINT:
        it->type = major == CBOR_MT_UINT ? CAI_CBOR_UINT : CAI_CBOR_NINT;
        it->v.u = arg;
        break;
    case CBOR_MT_BSTR:
    case CBOR_MT_TSTR:
        it->type = major == CBOR_MT_BSTR ? CAI_CBOR_BSTR : CAI_CBOR_TSTR;
        if (indefinite) {
            it->indefinite = true;
            return push(d, major, true, 0);
        }
        if (arg > (uint64_t)left) {
            return fail(d, CAI_CBOR_ERR_TRUNCATED);
        }
        it->v.str.ptr = d->buf + d->pos;
        it->v.str.len = (size_t)arg;
        if (major == CBOR_MT_TSTR && !cai_cbor_utf8_valid(it->v.str.ptr, it->v.str.len)) {
            return fail(d, CAI_CBOR_ERR_MALFORMED);
        }
        d->pos += (size_t)arg;
        break;
    case CBOR_MT_ARRAY:
    case CBOR_MT_MAP: {
        it->type = major == CBOR_MT_ARRAY ? CAI_CBOR_ARRAY : CAI_CBOR_MAP;
        it->indefinite = indefinite;
        it->v.count = arg;
        if (indefinite) {
            return push(d, major, true, 0);
        }
        if (arg > d->limits.max_count) {
            return fail(d, CAI_CBOR_ERR_LIMIT);
        }
        /* No early "count > bytes left" shortcut: nothing is allocated per
         * child, every child consumes input, and reading on classifies a
         * break inside a definite container as the syntax error it is
         * (RFC 8949 Appendix F) rather than as truncation. */
        uint64_t children = major == CBOR_MT_MAP ? arg * 2 : arg;
        if (children > 0) {
            return push(d, major, false, children);
        }
        break;
    }
    case CBOR_MT_TAG:
        it->type = CAI_CBOR_TAG;
        it->v.u = arg;
        return push(d, major, false, 1);
    default: /* major type 7 */
        if (ai < 24) {
            it->type = CAI_CBOR_SIMPLE;
            it->v.simple = (uint8_t)ai;
        } else if (ai == 24) {
            if (arg < 32) { /* f8 00..f8 1f: not well-formed (RFC 8949 §3.3) */
                return fail(d, CAI_CBOR_ERR_MALFORMED);
            }
            it->type = CAI_CBOR_SIMPLE;
            it->v.simple = (uint8_t)arg;
            it->shortest = true;
        } else {
            decode_float(it, d->buf + start + 1, (unsigned)(hlen - 1));
        }
        break;
    }
    return complete_child(d);
}

cai_cbor_err_t cai_cbor_peek(const cai_cbor_dec_t *d, cai_cbor_item_t *item)
{
    cai_cbor_dec_t copy = *d;
    return cai_cbor_next(&copy, item);
}

cai_cbor_err_t cai_cbor_skip(cai_cbor_dec_t *d)
{
    cai_cbor_item_t it;
    cai_cbor_err_t r = cai_cbor_peek(d, &it);
    if (r != CAI_CBOR_OK) {
        return cai_cbor_next(d, &it); /* makes the error sticky (or END) */
    }
    if (it.type == CAI_CBOR_BREAK) {
        return CAI_CBOR_ERR_TYPE; /* a break ends a container; it is no item */
    }
    uint32_t base = d->depth;
    do { /* the item is done when its frame (if any) has been closed */
        r = cai_cbor_next(d, &it);
        if (r != CAI_CBOR_OK) {
            return r;
        }
    } while (d->depth > base);
    return CAI_CBOR_OK;
}

size_t cai_cbor_dec_offset(const cai_cbor_dec_t *d)
{
    return d->pos;
}

cai_cbor_err_t cai_cbor_dec_finish(const cai_cbor_dec_t *d)
{
    if (d->err != CAI_CBOR_OK) {
        return d->err;
    }
    if (!d->done) {
        /* input ended inside the item, or the caller stopped pulling early */
        return d->pos >= d->len ? CAI_CBOR_ERR_TRUNCATED : CAI_CBOR_ERR_ARG;
    }
    return d->pos == d->len ? CAI_CBOR_OK : CAI_CBOR_ERR_TRAILING;
}

/* Reads the next item into a copy and commits only when the type matches, so
 * a caller may try another type (COSE labels are int or tstr). */
static cai_cbor_err_t get_typed(cai_cbor_dec_t *d, cai_cbor_type_t type, cai_cbor_item_t *it)
{
    cai_cbor_dec_t copy = *d;
    cai_cbor_err_t r = cai_cbor_next(&copy, it);
    if (r != CAI_CBOR_OK) {
        *d = copy; /* decode errors stay sticky */
        return r;
    }
    if (it->type != type) {
        return CAI_CBOR_ERR_TYPE;
    }
    *d = copy;
    return CAI_CBOR_OK;
}

cai_cbor_err_t cai_cbor_get_uint(cai_cbor_dec_t *d, uint64_t *v)
{
    cai_cbor_item_t it;
    cai_cbor_err_t r = get_typed(d, CAI_CBOR_UINT, &it);
    if (r == CAI_CBOR_OK) {
        *v = it.v.u;
    }
    return r;
}

cai_cbor_err_t cai_cbor_get_int(cai_cbor_dec_t *d, int64_t *v)
{
    cai_cbor_dec_t copy = *d;
    cai_cbor_item_t it;
    cai_cbor_err_t r = cai_cbor_next(&copy, &it);
    if (r != CAI_CBOR_OK) {
        *d = copy;
        return r;
    }
    if ((it.type != CAI_CBOR_UINT && it.type != CAI_CBOR_NINT) || it.v.u > (uint64_t)INT64_MAX) {
        return CAI_CBOR_ERR_TYPE; /* not an integer, or outside int64_t */
    }
    *v = it.type == CAI_CBOR_UINT ? (int64_t)it.v.u : -1 - (int64_t)it.v.u;
    *d = copy;
    return CAI_CBOR_OK;
}

static cai_cbor_err_t get_string(cai_cbor_dec_t *d, cai_cbor_type_t type, const uint8_t **p,
                                 size_t *len)
{
    cai_cbor_dec_t copy = *d;
    cai_cbor_item_t it;
    cai_cbor_err_t r = cai_cbor_next(&copy, &it);
    if (r != CAI_CBOR_OK) {
        *d = copy;
        return r;
    }
    if (it.type != type || it.indefinite) {
        return CAI_CBOR_ERR_TYPE;
    }
    *p = it.v.str.ptr;
    *len = it.v.str.len;
    *d = copy;
    return CAI_CBOR_OK;
}

cai_cbor_err_t cai_cbor_get_bstr(cai_cbor_dec_t *d, const uint8_t **p, size_t *len)
{
    return get_string(d, CAI_CBOR_BSTR, p, len);
}

cai_cbor_err_t cai_cbor_get_tstr(cai_cbor_dec_t *d, const char **p, size_t *len)
{
    const uint8_t *u;
    cai_cbor_err_t r = get_string(d, CAI_CBOR_TSTR, &u, len);
    if (r == CAI_CBOR_OK) {
        *p = (const char *)u;
    }
    return r;
}

static cai_cbor_err_t get_container(cai_cbor_dec_t *d, cai_cbor_type_t type, uint64_t *count)
{
    cai_cbor_dec_t copy = *d;
    cai_cbor_item_t it;
    cai_cbor_err_t r = cai_cbor_next(&copy, &it);
    if (r != CAI_CBOR_OK) {
        *d = copy;
        return r;
    }
    if (it.type != type || it.indefinite) {
        return CAI_CBOR_ERR_TYPE;
    }
    *count = it.v.count;
    *d = copy;
    return CAI_CBOR_OK;
}

cai_cbor_err_t cai_cbor_get_array(cai_cbor_dec_t *d, uint64_t *count)
{
    return get_container(d, CAI_CBOR_ARRAY, count);
}

cai_cbor_err_t cai_cbor_get_map(cai_cbor_dec_t *d, uint64_t *pairs)
{
    return get_container(d, CAI_CBOR_MAP, pairs);
}

cai_cbor_err_t cai_cbor_get_tag(cai_cbor_dec_t *d, uint64_t *tag)
{
    cai_cbor_item_t it;
    cai_cbor_err_t r = get_typed(d, CAI_CBOR_TAG, &it);
    if (r == CAI_CBOR_OK) {
        *tag = it.v.u;
    }
    return r;
}
