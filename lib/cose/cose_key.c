/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Key for EC2 P-256 (RFC 9052 §7, RFC 9053 §7.1.1). Only uncompressed
 * points are accepted: a boolean y (point compression) is rejected, as is a
 * point that is not on the curve.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

void cose_put_ec2_public(cai_cbor_enc_t *e, const uint8_t pub[CAI_P256_PUB_LEN])
{
    cai_cbor_put_map(e, 4);
    cai_cbor_put_int(e, CAI_COSE_KEY_KTY);
    cai_cbor_put_int(e, CAI_COSE_KTY_EC2);
    cai_cbor_put_int(e, CAI_COSE_KEY_CRV);
    cai_cbor_put_int(e, CAI_COSE_CRV_P256);
    cai_cbor_put_int(e, CAI_COSE_KEY_X);
    cai_cbor_put_bstr(e, pub + 1, 32);
    cai_cbor_put_int(e, CAI_COSE_KEY_Y);
    cai_cbor_put_bstr(e, pub + 33, 32);
}

cai_cose_err_t cai_cose_key_encode(const cai_cose_ec2_key_t *key, bool with_private, uint8_t *out,
                                   size_t cap, size_t *out_len)
{
    if (key == NULL || out_len == NULL || (out == NULL && cap != 0) ||
        (key->kid == NULL && key->kid_len != 0) || key->pub[0] != 0x04) {
        return CAI_COSE_ERR_ARG;
    }
    bool d = with_private && key->has_priv;
    bool kid = key->kid != NULL;
    uint64_t pairs = 4u + (kid ? 1u : 0u) + (key->has_alg ? 1u : 0u) + (d ? 1u : 0u);
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, cap);
    /* Labels in deterministic order: 1, 2, 3, -1, -2, -3, -4. */
    cai_cbor_put_map(&e, pairs);
    cai_cbor_put_int(&e, CAI_COSE_KEY_KTY);
    cai_cbor_put_int(&e, CAI_COSE_KTY_EC2);
    if (kid) {
        cai_cbor_put_int(&e, CAI_COSE_KEY_KID);
        cai_cbor_put_bstr(&e, key->kid, key->kid_len);
    }
    if (key->has_alg) {
        cai_cbor_put_int(&e, CAI_COSE_KEY_ALG);
        cai_cbor_put_int(&e, key->alg);
    }
    cai_cbor_put_int(&e, CAI_COSE_KEY_CRV);
    cai_cbor_put_int(&e, CAI_COSE_CRV_P256);
    cai_cbor_put_int(&e, CAI_COSE_KEY_X);
    cai_cbor_put_bstr(&e, key->pub + 1, 32);
    cai_cbor_put_int(&e, CAI_COSE_KEY_Y);
    cai_cbor_put_bstr(&e, key->pub + 33, 32);
    if (d) {
        cai_cbor_put_int(&e, CAI_COSE_KEY_D);
        cai_cbor_put_bstr(&e, key->priv, 32);
    }
    return cose_enc_result(&e, out_len);
}

/* A definite bstr of exactly n bytes. */
static cai_cose_err_t get_fixed_bstr(cai_cbor_dec_t *d, size_t n, const uint8_t **p)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (it.type != CAI_CBOR_BSTR || it.indefinite || it.v.str.len != n) {
        return CAI_COSE_ERR_KEY;
    }
    *p = it.v.str.ptr;
    return CAI_COSE_OK;
}

static cai_cose_err_t get_int_value(cai_cbor_dec_t *d, int64_t *v)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_peek(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (it.type != CAI_CBOR_UINT && it.type != CAI_CBOR_NINT) {
        return CAI_COSE_ERR_KEY;
    }
    ce = cai_cbor_get_int(d, v);
    return ce == CAI_CBOR_OK ? CAI_COSE_OK : CAI_COSE_ERR_KEY;
}

/* Seen-label bits for the labels we interpret (duplicates of others are
 * caught through the label list). */
typedef struct {
    cose_label_t labels[CAI_COSE_MAX_HEADERS];
    size_t n;
} key_labels_t;

static cai_cose_err_t note_label(key_labels_t *kl, const cai_cbor_item_t *it)
{
    cose_label_t l;
    memset(&l, 0, sizeof l);
    if (it->type == CAI_CBOR_UINT) {
        l.kind = COSE_LABEL_UINT;
        l.u = it->v.u;
    } else if (it->type == CAI_CBOR_NINT) {
        l.kind = COSE_LABEL_NINT;
        l.u = it->v.u;
    } else if (it->type == CAI_CBOR_TSTR && !it->indefinite) {
        l.kind = COSE_LABEL_TSTR;
        l.text.ptr = it->v.str.ptr;
        l.text.len = it->v.str.len;
    } else {
        return CAI_COSE_ERR_KEY;
    }
    for (size_t i = 0; i < kl->n; i++) {
        const cose_label_t *o = &kl->labels[i];
        if (o->kind == l.kind &&
            (l.kind == COSE_LABEL_TSTR
                 ? (o->text.len == l.text.len &&
                    (l.text.len == 0 || memcmp(o->text.ptr, l.text.ptr, l.text.len) == 0))
                 : o->u == l.u)) {
            return CAI_COSE_ERR_DUPLICATE_LABEL;
        }
    }
    if (kl->n >= CAI_COSE_MAX_HEADERS) {
        return CAI_COSE_ERR_KEY;
    }
    kl->labels[kl->n++] = l;
    return CAI_COSE_OK;
}

/* Reads the map at the decoder position into key. */
static cai_cose_err_t decode_map(cai_cbor_dec_t *d, cai_cose_ec2_key_t *key)
{
    cai_cbor_item_t it;
    cai_cbor_err_t ce = cai_cbor_next(d, &it);
    if (ce != CAI_CBOR_OK) {
        return cose_from_cbor(ce);
    }
    if (it.type != CAI_CBOR_MAP || it.indefinite) {
        return CAI_COSE_ERR_KEY;
    }
    if (it.v.count > CAI_COSE_MAX_HEADERS) {
        return CAI_COSE_ERR_KEY;
    }
    key_labels_t kl;
    kl.n = 0;
    bool has_kty = false, has_crv = false, has_x = false, has_y = false;
    const uint8_t *x = NULL, *y = NULL, *dd = NULL;
    for (uint64_t i = 0; i < it.v.count; i++) {
        cai_cbor_item_t li;
        ce = cai_cbor_next(d, &li);
        if (ce != CAI_CBOR_OK) {
            return cose_from_cbor(ce);
        }
        cai_cose_err_t e = note_label(&kl, &li);
        if (e != CAI_COSE_OK) {
            return e;
        }
        int64_t label = 0;
        bool int_label = false;
        if (li.type == CAI_CBOR_UINT && li.v.u <= 64) {
            label = (int64_t)li.v.u;
            int_label = true;
        } else if (li.type == CAI_CBOR_NINT && li.v.u <= 64) {
            label = -1 - (int64_t)li.v.u;
            int_label = true;
        }
        int64_t v = 0;
        if (!int_label) {
            e = cose_from_cbor(cai_cbor_skip(d));
        } else if (label == CAI_COSE_KEY_KTY) {
            e = get_int_value(d, &v);
            if (e == CAI_COSE_OK && v != CAI_COSE_KTY_EC2) {
                e = CAI_COSE_ERR_KEY;
            }
            has_kty = true;
        } else if (label == CAI_COSE_KEY_KID) {
            cai_cbor_item_t ki;
            ce = cai_cbor_next(d, &ki);
            e = cose_from_cbor(ce);
            if (e == CAI_COSE_OK && (ki.type != CAI_CBOR_BSTR || ki.indefinite)) {
                e = CAI_COSE_ERR_KEY;
            }
            if (e == CAI_COSE_OK) {
                key->kid = ki.v.str.ptr;
                key->kid_len = ki.v.str.len;
            }
        } else if (label == CAI_COSE_KEY_ALG) {
            e = get_int_value(d, &key->alg);
            key->has_alg = e == CAI_COSE_OK;
        } else if (label == CAI_COSE_KEY_CRV) {
            e = get_int_value(d, &v);
            if (e == CAI_COSE_OK && v != CAI_COSE_CRV_P256) {
                e = CAI_COSE_ERR_KEY;
            }
            has_crv = true;
        } else if (label == CAI_COSE_KEY_X) {
            e = get_fixed_bstr(d, 32, &x);
            has_x = true;
        } else if (label == CAI_COSE_KEY_Y) {
            /* A bool here is a compressed point: rejected by get_fixed_bstr. */
            e = get_fixed_bstr(d, 32, &y);
            has_y = true;
        } else if (label == CAI_COSE_KEY_D) {
            e = get_fixed_bstr(d, 32, &dd);
        } else {
            e = cose_from_cbor(cai_cbor_skip(d));
        }
        if (e != CAI_COSE_OK) {
            return e;
        }
    }
    if (!has_kty || !has_crv || !has_x || !has_y) {
        return CAI_COSE_ERR_KEY;
    }
    key->pub[0] = 0x04;
    memcpy(key->pub + 1, x, 32);
    memcpy(key->pub + 33, y, 32);
    if (cai_p256_check_public(key->pub, sizeof key->pub) != PSA_SUCCESS) {
        return CAI_COSE_ERR_KEY;
    }
    if (dd != NULL) {
        uint8_t derived[CAI_P256_PUB_LEN];
        memcpy(key->priv, dd, 32);
        if (cai_p256_public_from_private(key->priv, derived) != PSA_SUCCESS ||
            cai_ct_compare(derived, key->pub, sizeof derived) != 0) {
            cai_wipe(key->priv, sizeof key->priv);
            return CAI_COSE_ERR_KEY;
        }
        key->has_priv = true;
    }
    return CAI_COSE_OK;
}

static cai_cose_err_t decode(const uint8_t *buf, size_t len, cai_cose_ec2_key_t *key)
{
    if (buf == NULL || key == NULL || len == 0) {
        return CAI_COSE_ERR_ARG;
    }
    memset(key, 0, sizeof *key);
    cai_cbor_dec_t d;
    cai_cbor_limits_t lim = { .max_depth = 8, .max_items = 512, .max_count = 64 };
    cai_cbor_dec_init(&d, buf, len, &lim);
    cai_cose_err_t e = decode_map(&d, key);
    if (e == CAI_COSE_OK) {
        e = cose_msg_end(&d);
    }
    if (e != CAI_COSE_OK) {
        cai_wipe(key, sizeof *key);
    }
    return e;
}

cai_cose_err_t cose_key_decode_at(cai_cbor_dec_t *d, cai_cose_ec2_key_t *key)
{
    memset(key, 0, sizeof *key);
    cai_cose_err_t e = decode_map(d, key);
    if (e != CAI_COSE_OK) {
        cai_wipe(key, sizeof *key);
    }
    return e;
}

cai_cose_err_t cai_cose_key_decode(const uint8_t *buf, size_t len, cai_cose_ec2_key_t *key)
{
    return decode(buf, len, key);
}
