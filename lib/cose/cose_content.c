/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AES-GCM content layer that COSE_Encrypt0 and COSE_Encrypt share on the
 * consuming side: which content headers are acceptable, and the decryption
 * against the Enc_structure. One copy, so both message types reject the same
 * things in the same way.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

cai_cose_err_t cose_content_check(const cose_hdrs_t *h, const cai_cose_opts_t *o,
                                  const cose_span_t *ct, size_t cap, size_t *cek_len,
                                  size_t *out_len)
{
    *cek_len = cose_gcm_key_len(h->alg);
    if (*cek_len == 0) {
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
    if (o->require_alg != 0 && o->require_alg != h->alg) {
        return CAI_COSE_ERR_ALG_NOT_ALLOWED;
    }
    if (h->has_partial_iv) {
        return CAI_COSE_ERR_UNSUPPORTED; /* needs a base IV from the key context */
    }
    if (!h->has_iv || h->iv.len != CAI_COSE_GCM_IV_LEN) {
        return CAI_COSE_ERR_HEADER;
    }
    if (ct->len < CAI_COSE_GCM_TAG_LEN) {
        return CAI_COSE_ERR_DECRYPT;
    }
    size_t pt_len = ct->len - CAI_COSE_GCM_TAG_LEN;
    if (cap < pt_len) {
        *out_len = pt_len;
        return CAI_COSE_ERR_BUFFER_TOO_SMALL;
    }
    return CAI_COSE_OK;
}

cai_cose_err_t cose_content_decrypt(const char *context, const cose_span_t *prot,
                                    const cose_hdrs_t *h, const cai_cose_opts_t *o,
                                    const uint8_t *cek, size_t cek_len, const cose_span_t *ct,
                                    uint8_t *out, size_t *out_len)
{
    uint8_t aad[CAI_COSE_MAX_ENC_STRUCTURE];
    size_t aad_len = 0;
    cai_cose_err_t e = cose_enc_structure(context, prot->ptr, prot->len, o->external_aad,
                                          o->external_aad_len, aad, sizeof aad, &aad_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    size_t pt_len = ct->len - CAI_COSE_GCM_TAG_LEN; /* checked by cose_content_check */
    psa_status_t st = cai_aes_gcm_decrypt(cek, cek_len, h->iv.ptr, h->iv.len, aad, aad_len, ct->ptr,
                                          pt_len, ct->ptr + pt_len, CAI_COSE_GCM_TAG_LEN, out);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, pt_len); /* no unauthenticated plaintext leaves */
        return st == PSA_ERROR_INVALID_SIGNATURE ? CAI_COSE_ERR_DECRYPT : CAI_COSE_ERR_CRYPTO;
    }
    *out_len = pt_len;
    return CAI_COSE_OK;
}
