/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Sign1 with ES256 (RFC 9052 §4.2, RFC 9053 §2.1).
 *
 * Sig_structure = ["Signature1", protected, external_aad, payload] is never
 * built in memory: its CBOR heads are encoded into a small buffer and hashed
 * together with the pieces, so payload and AAD size are not bounded by RAM.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

/* The protected header we emit: {1: -7}. */
static const uint8_t k_prot_es256[] = { 0xA1, 0x01, 0x26 };

static cai_cose_err_t hash_head_bstr(cai_sha256_ctx *h, size_t len)
{
    uint8_t head[16];
    cai_cbor_enc_t e;
    size_t n = 0;
    cai_cbor_enc_init(&e, head, sizeof head);
    cai_cbor_put_bstr_header(&e, len);
    if (cai_cbor_enc_finish(&e, &n) != CAI_CBOR_OK) {
        return CAI_COSE_ERR_CRYPTO;
    }
    return cai_sha256_update(h, head, n) == PSA_SUCCESS ? CAI_COSE_OK : CAI_COSE_ERR_CRYPTO;
}

static cai_cose_err_t hash_bstr(cai_sha256_ctx *h, const uint8_t *p, size_t len)
{
    cai_cose_err_t e = hash_head_bstr(h, len);
    if (e == CAI_COSE_OK && len > 0 && cai_sha256_update(h, p, len) != PSA_SUCCESS) {
        e = CAI_COSE_ERR_CRYPTO;
    }
    return e;
}

/* SHA-256 of the Sig_structure of a COSE_Sign1. */
static cai_cose_err_t sig_structure_hash(const uint8_t *prot, size_t prot_len, const uint8_t *aad,
                                         size_t aad_len, const uint8_t *payload, size_t payload_len,
                                         uint8_t digest[CAI_SHA256_LEN])
{
    /* array(4), tstr "Signature1" */
    static const uint8_t k_prefix[] = {
        0x84, 0x6A, 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '1'
    };
    cose_span_t p = cose_protected_for_mac(prot, prot_len);
    cai_sha256_ctx h;
    cai_cose_err_t e = CAI_COSE_ERR_CRYPTO;
    if (cai_sha256_start(&h) == PSA_SUCCESS &&
        cai_sha256_update(&h, k_prefix, sizeof k_prefix) == PSA_SUCCESS) {
        e = hash_bstr(&h, p.ptr, p.len);
        if (e == CAI_COSE_OK) {
            e = hash_bstr(&h, aad, aad_len);
        }
        if (e == CAI_COSE_OK) {
            e = hash_bstr(&h, payload, payload_len);
        }
        if (e == CAI_COSE_OK && cai_sha256_finish(&h, digest) != PSA_SUCCESS) {
            e = CAI_COSE_ERR_CRYPTO;
        }
    }
    cai_sha256_abort(&h); /* releases the backend context on error paths too */
    return e;
}

/* The signer's failure as a COSE error: the key holder's status stays with
 * the owner of its ctx (cai_cose_to_psa cannot know it). */
static cai_cose_err_t sign_digest(const cai_cose_signer_t *signer,
                                  const uint8_t digest[CAI_SHA256_LEN], uint8_t *slot)
{
    uint8_t sig[CAI_P256_SIG_LEN];
    psa_status_t st = signer->sign_hash(signer->ctx, digest, sig);
    if (st == PSA_SUCCESS) {
        memcpy(slot, sig, sizeof sig);
    }
    /* r||s is public, but a failing signer may have left anything here. */
    cai_wipe(sig, sizeof sig);
    return st == PSA_SUCCESS ? CAI_COSE_OK : CAI_COSE_ERR_KEY_REF;
}

cai_cose_err_t cai_cose_sign1_sign(const cai_cose_signer_t *signer, const uint8_t *payload,
                                   size_t payload_len, const uint8_t *external_aad,
                                   size_t external_aad_len, uint8_t *out, size_t cap,
                                   size_t *out_len)
{
    if (signer == NULL || signer->sign_hash == NULL || out_len == NULL ||
        (out == NULL && cap != 0) || (signer->kid == NULL && signer->kid_len != 0) ||
        (payload == NULL && payload_len != 0) || (external_aad == NULL && external_aad_len != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    if (signer->alg != CAI_COSE_ALG_ES256) {
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
    /* Lay the message out first, with room for the signature, so that the
     * signer (possibly another partition) is called only for a message that
     * will be returned. */
    cai_cbor_enc_t enc;
    cai_cbor_enc_init(&enc, out, cap);
    cai_cbor_put_tag(&enc, CAI_COSE_TAG_SIGN1);
    cai_cbor_put_array(&enc, 4);
    cai_cbor_put_bstr(&enc, k_prot_es256, sizeof k_prot_es256);
    if (signer->kid_len > 0) {
        cai_cbor_put_map(&enc, 1);
        cai_cbor_put_int(&enc, CAI_COSE_HDR_KID);
        cai_cbor_put_bstr(&enc, signer->kid, signer->kid_len);
    } else {
        cai_cbor_put_map(&enc, 0);
    }
    cai_cbor_put_bstr(&enc, payload, payload_len);
    cai_cbor_put_bstr_header(&enc, CAI_P256_SIG_LEN);
    uint8_t *slot = cai_cbor_reserve(&enc, CAI_P256_SIG_LEN);
    cai_cose_err_t e = cose_enc_result(&enc, out_len);
    if (e != CAI_COSE_OK) {
        return e; /* BUFFER_TOO_SMALL: *out_len is the size needed */
    }
    uint8_t digest[CAI_SHA256_LEN];
    e = sig_structure_hash(k_prot_es256, sizeof k_prot_es256, external_aad, external_aad_len,
                           payload, payload_len, digest);
    if (e == CAI_COSE_OK) {
        e = sign_digest(signer, digest, slot);
    }
    if (e != CAI_COSE_OK) {
        /* Nothing half-made leaves: a message without its signature could be
         * mistaken for one whose signature is merely wrong. */
        cai_wipe(out, *out_len);
        *out_len = 0;
    }
    return e;
}

/* Decodes and checks everything but the signature. */
static cai_cose_err_t parse(const uint8_t *msg, size_t len, const cai_cose_opts_t *o,
                            cai_cose_sign1_info_t *info, cose_span_t *prot, cose_span_t *sig)
{
    cai_cbor_dec_t d;
    cose_hdrs_t h;
    cose_span_t payload;
    bool tagged = false;
    memset(info, 0, sizeof *info);
    cose_hdrs_init(&h);
    cai_cose_err_t e =
        cose_msg_begin_headers(msg, len, o, CAI_COSE_TAG_SIGN1, 4, &d, &tagged, prot, &h);
    if (e == CAI_COSE_OK) {
        cai_cbor_item_t it;
        cai_cbor_err_t ce = cai_cbor_peek(&d, &it);
        if (ce != CAI_CBOR_OK) {
            e = cose_from_cbor(ce);
        } else if (it.type == CAI_CBOR_SIMPLE && it.v.simple == 22) {
            e = CAI_COSE_ERR_UNSUPPORTED; /* detached payload (nil) */
        } else {
            e = cose_get_bstr(&d, &payload);
        }
    }
    if (e == CAI_COSE_OK) {
        e = cose_get_bstr(&d, sig);
    }
    if (e == CAI_COSE_OK) {
        e = cose_msg_end(&d);
    }
    if (e == CAI_COSE_OK) {
        e = cose_hdrs_check(&h, o->flags);
    }
    if (e != CAI_COSE_OK) {
        return e;
    }
    switch (h.alg) {
    case CAI_COSE_ALG_ES256:
        break;
    case CAI_COSE_ALG_ES384:
    case CAI_COSE_ALG_ES512:
    case CAI_COSE_ALG_EDDSA:
        /* Known signature algs that a P-256 key cannot verify. */
        return CAI_COSE_ERR_ALG_KEY_MISMATCH;
    default:
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
    if (o->require_alg != 0 && o->require_alg != h.alg) {
        return CAI_COSE_ERR_ALG_NOT_ALLOWED;
    }
    if (h.has_iv || h.has_partial_iv || h.has_epk) {
        return CAI_COSE_ERR_HEADER; /* encryption parameters make no sense here */
    }
    if (sig->len != CAI_P256_SIG_LEN) {
        return CAI_COSE_ERR_SIGNATURE;
    }
    info->payload = payload.ptr;
    info->payload_len = payload.len;
    info->kid = h.has_kid ? h.kid.ptr : NULL;
    info->kid_len = h.has_kid ? h.kid.len : 0;
    info->tagged = tagged;
    info->alg = h.alg;
    return CAI_COSE_OK;
}

cai_cose_err_t cai_cose_sign1_parse(const uint8_t *msg, size_t len, const cai_cose_opts_t *opts,
                                    cai_cose_sign1_info_t *info)
{
    cose_span_t prot, sig;
    if (info == NULL) {
        return CAI_COSE_ERR_ARG;
    }
    return parse(msg, len, cose_opts_or_default(opts), info, &prot, &sig);
}

cai_cose_err_t cai_cose_sign1_verify(const uint8_t *msg, size_t len,
                                     const uint8_t pub[CAI_P256_PUB_LEN],
                                     const cai_cose_opts_t *opts, cai_cose_sign1_info_t *info)
{
    /* Generic COSE: ECDSA accepts (r, s) and (r, n - s) alike. */
    return cose_sign1_verify(msg, len, pub, opts, false, info);
}

cai_cose_err_t cose_sign1_verify(const uint8_t *msg, size_t len,
                                 const uint8_t pub[CAI_P256_PUB_LEN], const cai_cose_opts_t *opts,
                                 bool require_low_s, cai_cose_sign1_info_t *info)
{
    const cai_cose_opts_t *o = cose_opts_or_default(opts);
    cai_cose_sign1_info_t local;
    cai_cose_sign1_info_t *inf = info ? info : &local;
    cose_span_t prot, sig;
    if (pub == NULL || (o->external_aad == NULL && o->external_aad_len != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    if (cai_p256_check_public(pub, CAI_P256_PUB_LEN) != PSA_SUCCESS) {
        return CAI_COSE_ERR_KEY;
    }
    cai_cose_err_t e = parse(msg, len, o, inf, &prot, &sig);
    if (e != CAI_COSE_OK) {
        memset(inf, 0, sizeof *inf);
        return e;
    }
    if (require_low_s && !cai_ecdsa_p256_sig_is_low_s(sig.ptr)) {
        memset(inf, 0, sizeof *inf);
        return CAI_COSE_ERR_HIGH_S;
    }
    uint8_t digest[CAI_SHA256_LEN];
    e = sig_structure_hash(prot.ptr, prot.len, o->external_aad, o->external_aad_len, inf->payload,
                           inf->payload_len, digest);
    if (e == CAI_COSE_OK) {
        psa_status_t st = cai_ecdsa_p256_verify_hash(pub, CAI_P256_PUB_LEN, digest, sig.ptr);
        if (st == PSA_ERROR_INVALID_SIGNATURE || st == PSA_ERROR_INVALID_ARGUMENT) {
            /* r or s out of range is just a bad signature */
            e = CAI_COSE_ERR_SIGNATURE;
        } else if (st != PSA_SUCCESS) {
            e = CAI_COSE_ERR_CRYPTO;
        }
    }
    if (e != CAI_COSE_OK) {
        memset(inf, 0, sizeof *inf);
    }
    return e;
}
