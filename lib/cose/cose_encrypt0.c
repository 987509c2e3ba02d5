/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Encrypt0 with AES-GCM (RFC 9052 §5.2, RFC 9053 §4.1): the key is
 * known to both sides, the 12-byte IV travels in the unprotected header and
 * the 16-byte tag is appended to the ciphertext.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

cai_cose_err_t cai_cose_encrypt0_seal(const cai_cose_encrypt0_params_t *p, const uint8_t *plaintext,
                                      size_t plaintext_len, uint8_t *out, size_t cap,
                                      size_t *out_len)
{
    if (p == NULL || out_len == NULL || (out == NULL && cap != 0) || p->key == NULL ||
        (plaintext == NULL && plaintext_len != 0) || (p->kid == NULL && p->kid_len != 0) ||
        (p->external_aad == NULL && p->external_aad_len != 0) || plaintext_len > SIZE_MAX - 64) {
        return CAI_COSE_ERR_ARG;
    }
    size_t key_len = cose_gcm_key_len(p->alg);
    if (key_len == 0) {
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
    if (p->key_len != key_len) {
        return CAI_COSE_ERR_ALG_KEY_MISMATCH;
    }
    uint8_t prot[8];
    size_t prot_len = cose_protected_alg(p->alg, prot);
    uint8_t aad[CAI_COSE_MAX_ENC_STRUCTURE];
    size_t aad_len = 0;
    cai_cose_err_t e = cose_enc_structure("Encrypt0", prot, prot_len, p->external_aad,
                                          p->external_aad_len, aad, sizeof aad, &aad_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    uint8_t iv[CAI_COSE_GCM_IV_LEN];
    e = cose_rng(p->rng, p->rng_ctx, iv, sizeof iv);
    if (e != CAI_COSE_OK) {
        return e;
    }
    cai_cbor_enc_t enc;
    cai_cbor_enc_init(&enc, out, cap);
    cai_cbor_put_tag(&enc, CAI_COSE_TAG_ENCRYPT0);
    cai_cbor_put_array(&enc, 3);
    cai_cbor_put_bstr(&enc, prot, prot_len);
    cai_cbor_put_map(&enc, p->kid_len > 0 ? 2 : 1);
    if (p->kid_len > 0) {
        cai_cbor_put_int(&enc, CAI_COSE_HDR_KID);
        cai_cbor_put_bstr(&enc, p->kid, p->kid_len);
    }
    cai_cbor_put_int(&enc, CAI_COSE_HDR_IV);
    cai_cbor_put_bstr(&enc, iv, sizeof iv);
    cai_cbor_put_bstr_header(&enc, plaintext_len + CAI_COSE_GCM_TAG_LEN);
    uint8_t *ct = cai_cbor_reserve(&enc, plaintext_len + CAI_COSE_GCM_TAG_LEN);
    if (ct == NULL) {
        return cose_enc_result(&enc, out_len);
    }
    psa_status_t st =
        cai_aes_gcm_encrypt(p->key, key_len, iv, sizeof iv, aad, aad_len, plaintext, plaintext_len,
                            ct, ct + plaintext_len, CAI_COSE_GCM_TAG_LEN);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, cap);
        return CAI_COSE_ERR_CRYPTO;
    }
    return cose_enc_result(&enc, out_len);
}

cai_cose_err_t cai_cose_encrypt0_open(const uint8_t *msg, size_t len, const uint8_t *key,
                                      size_t key_len, const cai_cose_opts_t *opts, uint8_t *out,
                                      size_t cap, size_t *out_len, cai_cose_encrypt_info_t *info)
{
    const cai_cose_opts_t *o = cose_opts_or_default(opts);
    if (key == NULL || out_len == NULL || (out == NULL && cap != 0) ||
        (o->external_aad == NULL && o->external_aad_len != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    cai_cbor_dec_t d;
    cose_hdrs_t h;
    cose_span_t prot, ct;
    bool tagged = false;
    cose_hdrs_init(&h);
    *out_len = 0;
    cai_cose_err_t e =
        cose_msg_begin_headers(msg, len, o, CAI_COSE_TAG_ENCRYPT0, 3, &d, &tagged, &prot, &h);
    if (e == CAI_COSE_OK) {
        e = cose_get_bstr(&d, &ct);
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
    size_t need_key = 0;
    e = cose_content_check(&h, o, &ct, cap, &need_key, out_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    if (key_len != need_key) {
        return CAI_COSE_ERR_ALG_KEY_MISMATCH;
    }
    e = cose_content_decrypt("Encrypt0", &prot, &h, o, key, key_len, &ct, out, out_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    if (info != NULL) {
        memset(info, 0, sizeof *info);
        info->alg = h.alg;
        info->kid = h.has_kid ? h.kid.ptr : NULL;
        info->kid_len = h.has_kid ? h.kid.len : 0;
        info->tagged = tagged;
    }
    return CAI_COSE_OK;
}
