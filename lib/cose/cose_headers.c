/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Header maps (RFC 9052 §3): labels are integers or text strings, unique
 * across the protected and unprotected buckets of one layer. We record the
 * parameters we act on and skip the rest; crit (which must be protected)
 * may only name parameters we act on.
 */
#include <string.h>

#include "cose_internal.h"

/* Labels whose meaning we implement; crit may name only these. */
static const int64_t k_understood[] = {
    CAI_COSE_HDR_ALG,       CAI_COSE_HDR_CONTENT_TYPE, CAI_COSE_HDR_KID,
    CAI_COSE_HDR_IV,        CAI_COSE_HDR_EPK,          CAI_COSE_HDR_SALT,
    CAI_COSE_HDR_PARTYU_ID, CAI_COSE_HDR_PARTYU_NONCE, CAI_COSE_HDR_PARTYU_OTHER,
    CAI_COSE_HDR_PARTYV_ID, CAI_COSE_HDR_PARTYV_NONCE, CAI_COSE_HDR_PARTYV_OTHER,
};

void cose_hdrs_init(cose_hdrs_t *h)
{
    memset(h, 0, sizeof *h);
}

static bool label_equal(const cose_label_t *a, const cose_label_t *b)
{
    if (a->kind != b->kind) {
        return false;
    }
    if (a->kind == COSE_LABEL_TSTR) {
        return a->text.len == b->text.len &&
               (a->text.len == 0 || memcmp(a->text.ptr, b->text.ptr, a->text.len) == 0);
    }
    return a->u == b->u;
}

/* Integer value of a label, when it is an integer that fits int64. */
static bool label_int(const cose_label_t *l, int64_t *v)
{
    if (l->kind == COSE_LABEL_UINT && l->u <= (uint64_t)INT64_MAX) {
        *v = (int64_t)l->u;
        return true;
    }
    if (l->kind == COSE_LABEL_NINT && l->u <= (uint64_t)INT64_MAX) {
        *v = -1 - (int64_t)l->u;
        return true;
    }
    return false;
}

static bool understood(int64_t label)
{
    for (size_t i = 0; i < sizeof k_understood / sizeof k_understood[0]; i++) {
        if (k_understood[i] == label) {
            return true;
        }
    }
    return false;
}

/* Reads one label (int or tstr). */
static cai_cose_err_t read_label(cai_cbor_dec_t *d, cose_label_t *l)
{
    cai_cbor_item_t it;
    memset(l, 0, sizeof *l);
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    switch (it.type) {
    case CAI_CBOR_UINT:
        l->kind = COSE_LABEL_UINT;
        l->u = it.v.u;
        return CAI_COSE_OK;
    case CAI_CBOR_NINT:
        l->kind = COSE_LABEL_NINT;
        l->u = it.v.u;
        return CAI_COSE_OK;
    case CAI_CBOR_TSTR:
        if (it.indefinite) {
            return CAI_COSE_ERR_HEADER;
        }
        l->kind = COSE_LABEL_TSTR;
        l->text.ptr = it.v.str.ptr;
        l->text.len = it.v.str.len;
        return CAI_COSE_OK;
    default:
        return CAI_COSE_ERR_HEADER;
    }
}

/* Reads a definite byte string value. */
static cai_cose_err_t read_bstr_value(cai_cbor_dec_t *d, cose_span_t *s)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (it.type != CAI_CBOR_BSTR || it.indefinite) {
        return CAI_COSE_ERR_HEADER;
    }
    s->ptr = it.v.str.ptr;
    s->len = it.v.str.len;
    return CAI_COSE_OK;
}

static cai_cose_err_t read_alg(cai_cbor_dec_t *d, bool in_protected, cose_hdrs_t *h)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    h->has_alg = true;
    h->alg_protected = in_protected;
    if (it.type == CAI_CBOR_UINT && it.v.u <= (uint64_t)INT64_MAX) {
        h->alg_known_type = true;
        h->alg = (int64_t)it.v.u;
    } else if (it.type == CAI_CBOR_NINT && it.v.u <= (uint64_t)INT64_MAX) {
        h->alg_known_type = true;
        h->alg = -1 - (int64_t)it.v.u;
    } else if (it.type == CAI_CBOR_UINT || it.type == CAI_CBOR_NINT ||
               (it.type == CAI_CBOR_TSTR && !it.indefinite)) {
        /* A valid alg value, just none we implement (we know no text algs). */
        h->alg_known_type = false;
    } else {
        return CAI_COSE_ERR_HEADER;
    }
    return CAI_COSE_OK;
}

static cai_cose_err_t read_crit(cai_cbor_dec_t *d, bool in_protected, cose_hdrs_t *h)
{
    if (!in_protected) {
        return CAI_COSE_ERR_CRIT; /* RFC 9052 §3.1: crit MUST be protected */
    }
    uint64_t n = 0;
    cai_cbor_err_t ce = cai_cbor_get_array(d, &n);
    if (ce == CAI_CBOR_ERR_TYPE) {
        return CAI_COSE_ERR_CRIT;
    }
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (n == 0 || n > COSE_MAX_CRIT) {
        return CAI_COSE_ERR_CRIT;
    }
    h->has_crit = true;
    for (uint64_t i = 0; i < n; i++) {
        cose_label_t l;
        cai_cose_err_t e = read_label(d, &l);
        if (e == CAI_COSE_ERR_HEADER) {
            return CAI_COSE_ERR_CRIT;
        }
        if (e != CAI_COSE_OK) {
            return e;
        }
        int64_t v;
        if (!label_int(&l, &v) || !understood(v)) {
            h->crit_unknown = true;
        }
    }
    return CAI_COSE_OK;
}

static cai_cose_err_t read_party_field(cai_cbor_dec_t *d, int64_t label, cose_hdrs_t *h)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    cose_party_field_t *f = &h->party[(size_t)(CAI_COSE_HDR_PARTYU_ID - label)]; /* -21 -> 0 */
    /* A nonce may also be an integer (RFC 9053 §5.2). */
    bool nonce = label == CAI_COSE_HDR_PARTYU_NONCE || label == CAI_COSE_HDR_PARTYV_NONCE;
    memset(f, 0, sizeof *f);
    if (it.type == CAI_CBOR_BSTR && !it.indefinite) {
        f->kind = COSE_PARTY_BSTR;
        f->bytes.ptr = it.v.str.ptr;
        f->bytes.len = it.v.str.len;
    } else if (it.type == CAI_CBOR_SIMPLE && it.v.simple == 22) {
        f->kind = COSE_PARTY_NIL;
    } else if (nonce && it.type == CAI_CBOR_UINT) {
        f->kind = COSE_PARTY_UINT;
        f->u = it.v.u;
    } else if (nonce && it.type == CAI_CBOR_NINT) {
        f->kind = COSE_PARTY_NINT;
        f->u = it.v.u;
    } else {
        return CAI_COSE_ERR_HEADER;
    }
    f->present = true;
    return CAI_COSE_OK;
}

/* The value of one label at the decoder position. */
static cai_cose_err_t read_value(cai_cbor_dec_t *d, const cose_label_t *l, bool in_protected,
                                 cose_hdrs_t *h)
{
    int64_t label;
    if (!label_int(l, &label)) {
        return cose_from_cbor(cai_cbor_skip(d));
    }
    cai_cbor_item_t it;
    switch (label) {
    case CAI_COSE_HDR_ALG:
        return read_alg(d, in_protected, h);
    case CAI_COSE_HDR_CRIT:
        return read_crit(d, in_protected, h);
    case CAI_COSE_HDR_CONTENT_TYPE: {
        cai_cbor_err_t ce = cai_cbor_peek(d, &it);
        if (ce != CAI_CBOR_OK) {
            return cose_from_cbor(ce);
        }
        if (it.type != CAI_CBOR_UINT && it.type != CAI_CBOR_TSTR) {
            return CAI_COSE_ERR_HEADER;
        }
        return cose_from_cbor(cai_cbor_skip(d));
    }
    case CAI_COSE_HDR_KID:
        h->has_kid = true;
        return read_bstr_value(d, &h->kid);
    case CAI_COSE_HDR_IV:
        h->has_iv = true;
        return read_bstr_value(d, &h->iv);
    case CAI_COSE_HDR_PARTIAL_IV: {
        cose_span_t s;
        h->has_partial_iv = true;
        return read_bstr_value(d, &s);
    }
    case CAI_COSE_HDR_EPK: {
        cai_cbor_err_t ce = cai_cbor_peek(d, &it);
        if (ce != CAI_CBOR_OK) {
            return cose_from_cbor(ce);
        }
        if (it.type != CAI_CBOR_MAP) {
            return CAI_COSE_ERR_HEADER;
        }
        h->has_epk = true;
        return cose_key_decode_at(d, &h->epk);
    }
    case -2: /* static key */
    case -3: /* static key id */
        h->has_static_key = true;
        return cose_from_cbor(cai_cbor_skip(d));
    case CAI_COSE_HDR_SALT:
        h->has_salt = true;
        return read_bstr_value(d, &h->salt);
    case CAI_COSE_HDR_PARTYU_ID:
    case CAI_COSE_HDR_PARTYU_NONCE:
    case CAI_COSE_HDR_PARTYU_OTHER:
    case CAI_COSE_HDR_PARTYV_ID:
    case CAI_COSE_HDR_PARTYV_NONCE:
    case CAI_COSE_HDR_PARTYV_OTHER:
        return read_party_field(d, label, h);
    default:
        return cose_from_cbor(cai_cbor_skip(d));
    }
}

/* Reads a definite map of header parameters at the decoder position. */
static cai_cose_err_t parse_map(cai_cbor_dec_t *d, bool in_protected, cose_hdrs_t *h)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (it.type != CAI_CBOR_MAP || it.indefinite) {
        return CAI_COSE_ERR_MALFORMED;
    }
    if (it.v.count > CAI_COSE_MAX_HEADERS) {
        return CAI_COSE_ERR_HEADER;
    }
    for (uint64_t i = 0; i < it.v.count; i++) {
        cose_label_t l;
        cai_cose_err_t e = read_label(d, &l);
        if (e != CAI_COSE_OK) {
            return e;
        }
        for (size_t j = 0; j < h->n_labels; j++) {
            if (label_equal(&h->labels[j], &l)) {
                return CAI_COSE_ERR_DUPLICATE_LABEL;
            }
        }
        if (h->n_labels >= CAI_COSE_MAX_HEADERS) {
            return CAI_COSE_ERR_HEADER;
        }
        h->labels[h->n_labels++] = l;
        e = read_value(d, &l, in_protected, h);
        if (e != CAI_COSE_OK) {
            return e;
        }
    }
    return CAI_COSE_OK;
}

cai_cose_err_t cose_hdrs_parse_protected(const uint8_t *p, size_t len, uint32_t flags,
                                         cose_hdrs_t *h)
{
    if (len == 0) {
        return CAI_COSE_OK; /* the usual empty protected header h'' */
    }
    if ((flags & CAI_COSE_F_DETERMINISTIC) != 0) {
        cai_cbor_err_t ce = cai_cbor_check_deterministic(p, len);
        if (ce != CAI_CBOR_OK) {
            return ce == CAI_CBOR_ERR_NOT_DETERMINISTIC ? CAI_COSE_ERR_NOT_DETERMINISTIC
                                                        : CAI_COSE_ERR_MALFORMED;
        }
    }
    cai_cbor_dec_t d;
    cai_cbor_limits_t lim = { .max_depth = 8, .max_items = 256, .max_count = 64 };
    cai_cbor_dec_init(&d, p, len, &lim);
    cai_cose_err_t e = parse_map(&d, true, h);
    if (e != CAI_COSE_OK) {
        return e;
    }
    /* Bytes after the map inside the bstr: the protected header is malformed. */
    return cai_cbor_dec_finish(&d) == CAI_CBOR_OK ? CAI_COSE_OK : CAI_COSE_ERR_MALFORMED;
}

cai_cose_err_t cose_hdrs_parse_unprotected(cai_cbor_dec_t *d, cose_hdrs_t *h)
{
    return parse_map(d, false, h);
}

cai_cose_err_t cose_hdrs_check(const cose_hdrs_t *h, uint32_t flags)
{
    if (h->has_crit && h->crit_unknown) {
        return CAI_COSE_ERR_CRIT;
    }
    if (!h->has_alg) {
        return CAI_COSE_ERR_ALG_MISSING;
    }
    if (!h->alg_known_type) {
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
    if ((flags & CAI_COSE_F_PROTECTED_ALG) != 0 && !h->alg_protected) {
        return CAI_COSE_ERR_HEADER;
    }
    return CAI_COSE_OK;
}

cose_span_t cose_protected_for_mac(const uint8_t *p, size_t len)
{
    cose_span_t s = { p, len };
    if (len == 1 && p[0] == 0xA0) {
        s.len = 0;
    }
    return s;
}
