/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parts every COSE message shares: size limit, optional determinism
 * check, tag handling, the outer array, the Enc_structure, and small
 * encoder and randomness helpers.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

static const cai_cose_opts_t k_default_opts = { 0 };

/* Decoder limits for whole messages: deep enough for COSE_Encrypt with an
 * ephemeral key in a recipient (5 levels) plus nested unknown headers. */
static const cai_cbor_limits_t k_msg_limits = {
    .max_depth = 12,
    .max_items = 4096,
    .max_count = 1024,
};

cai_cose_err_t cose_from_cbor(cai_cbor_err_t e)
{
    switch (e) {
    case CAI_CBOR_OK:
        return CAI_COSE_OK;
    case CAI_CBOR_ERR_TRAILING:
        return CAI_COSE_ERR_TRAILING;
    case CAI_CBOR_ERR_NOT_DETERMINISTIC:
        return CAI_COSE_ERR_NOT_DETERMINISTIC;
    case CAI_CBOR_ERR_BUFFER_TOO_SMALL:
        return CAI_COSE_ERR_BUFFER_TOO_SMALL;
    case CAI_CBOR_ERR_ARG:
        return CAI_COSE_ERR_ARG;
    default:
        return CAI_COSE_ERR_MALFORMED;
    }
}

const cai_cose_opts_t *cose_opts_or_default(const cai_cose_opts_t *o)
{
    return o ? o : &k_default_opts;
}

size_t cose_max_message(const cai_cose_opts_t *o)
{
    return o->max_message ? o->max_message : CAI_COSE_MAX_MESSAGE_DEFAULT;
}

cai_cose_err_t cose_msg_begin(const uint8_t *msg, size_t len, const cai_cose_opts_t *o,
                              uint64_t tag, uint64_t count, cai_cbor_dec_t *d, bool *tagged)
{
    if (msg == NULL || len == 0) {
        return msg == NULL && len != 0 ? CAI_COSE_ERR_ARG : CAI_COSE_ERR_MALFORMED;
    }
    if (len > cose_max_message(o)) {
        return CAI_COSE_ERR_TOO_LARGE;
    }
    if ((o->flags & CAI_COSE_F_DETERMINISTIC) != 0) {
        cai_cbor_err_t ce = cai_cbor_check_deterministic(msg, len);
        if (ce != CAI_CBOR_OK) {
            return cose_from_cbor(ce);
        }
    }
    cai_cbor_dec_init(d, msg, len, &k_msg_limits);
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_peek(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    *tagged = false;
    if (it.type == CAI_CBOR_TAG) {
        uint64_t t = 0;
        ce = cai_cbor_get_tag(d, &t);
        if (ce != CAI_CBOR_OK) {
            return cose_from_cbor(ce);
        }
        if (t != tag) {
            return CAI_COSE_ERR_TAG_WRONG;
        }
        *tagged = true;
    } else if ((o->flags & CAI_COSE_F_TAG_OPTIONAL) == 0) {
        return CAI_COSE_ERR_TAG_MISSING;
    }
    uint64_t n = 0;
    ce = cai_cbor_get_array(d, &n);
    if (ce != CAI_CBOR_OK) {
        return ce == CAI_CBOR_ERR_TYPE ? CAI_COSE_ERR_MALFORMED : cose_from_cbor(ce);
    }
    return n == count ? CAI_COSE_OK : CAI_COSE_ERR_MALFORMED;
}

cai_cose_err_t cose_msg_begin_headers(const uint8_t *msg, size_t len, const cai_cose_opts_t *o,
                                      uint64_t tag, uint64_t count, cai_cbor_dec_t *d, bool *tagged,
                                      cose_span_t *prot, cose_hdrs_t *h)
{
    cai_cose_err_t e = cose_msg_begin(msg, len, o, tag, count, d, tagged);
    if (e == CAI_COSE_OK) {
        e = cose_get_bstr(d, prot);
    }
    if (e == CAI_COSE_OK) {
        e = cose_hdrs_parse_protected(prot->ptr, prot->len, o->flags, h);
    }
    if (e == CAI_COSE_OK) {
        e = cose_hdrs_parse_unprotected(d, h);
    }
    return e;
}

cai_cose_err_t cose_get_bstr(cai_cbor_dec_t *d, cose_span_t *s)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (it.type != CAI_CBOR_BSTR || it.indefinite) {
        return CAI_COSE_ERR_MALFORMED;
    }
    s->ptr = it.v.str.ptr;
    s->len = it.v.str.len;
    return CAI_COSE_OK;
}

cai_cose_err_t cose_msg_end(cai_cbor_dec_t *d)
{
    cai_cbor_err_t ce = cai_cbor_dec_finish(d);
    if (ce == CAI_CBOR_OK) {
        return CAI_COSE_OK;
    }
    return cose_from_cbor(ce);
}

cai_cose_err_t cose_enc_structure(const char *context, const uint8_t *prot, size_t prot_len,
                                  const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t cap,
                                  size_t *len)
{
    cose_span_t p = cose_protected_for_mac(prot, prot_len);
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, buf, cap);
    cai_cbor_put_array(&e, 3);
    cai_cbor_put_tstr_z(&e, context);
    cai_cbor_put_bstr(&e, p.ptr, p.len);
    cai_cbor_put_bstr(&e, aad, aad_len);
    cai_cbor_err_t ce = cai_cbor_enc_finish(&e, len);
    if (ce == CAI_CBOR_ERR_BUFFER_TOO_SMALL) {
        return CAI_COSE_ERR_TOO_LARGE;
    }
    return cose_from_cbor(ce);
}

size_t cose_gcm_key_len(int64_t alg)
{
    switch (alg) {
    case CAI_COSE_ALG_A128GCM:
        return 16;
    case CAI_COSE_ALG_A192GCM:
        return 24;
    case CAI_COSE_ALG_A256GCM:
        return 32;
    default:
        return 0;
    }
}

size_t cose_kw_key_len(int64_t alg)
{
    switch (alg) {
    case CAI_COSE_ALG_A128KW:
    case CAI_COSE_ALG_ECDH_ES_A128KW:
        return 16;
    case CAI_COSE_ALG_A192KW:
    case CAI_COSE_ALG_ECDH_ES_A192KW:
        return 24;
    case CAI_COSE_ALG_A256KW:
    case CAI_COSE_ALG_ECDH_ES_A256KW:
        return 32;
    default:
        return 0;
    }
}

size_t cose_protected_alg(int64_t alg, uint8_t buf[8])
{
    cai_cbor_enc_t h;
    size_t n = 0;
    cai_cbor_enc_init(&h, buf, 8);
    cai_cbor_put_map(&h, 1);
    cai_cbor_put_int(&h, CAI_COSE_HDR_ALG);
    cai_cbor_put_int(&h, alg);
    /* Our algs are small integers: this always fits. */
    return cai_cbor_enc_finish(&h, &n) == CAI_CBOR_OK ? n : 0;
}

cai_cose_err_t cose_enc_result(const cai_cbor_enc_t *e, size_t *out_len)
{
    size_t n = 0;
    cai_cbor_err_t ce = cai_cbor_enc_finish(e, &n);
    if (out_len) {
        *out_len = n;
    }
    return cose_from_cbor(ce);
}

cai_cose_err_t cose_rng(cai_cose_rng_fn rng, void *ctx, uint8_t *out, size_t len)
{
    psa_status_t st = rng ? rng(ctx, out, len) : cai_random(out, len);
    return st == PSA_SUCCESS ? CAI_COSE_OK : CAI_COSE_ERR_RNG;
}
