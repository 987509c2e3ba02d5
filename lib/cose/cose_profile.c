/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cai profile (docs/design.md §5) as one-call functions, so that partitions
 * and cai-cloud cannot drift apart on flags or algorithms.
 */
#include "cai/crypto.h"
#include "cose_internal.h"

cai_cose_err_t cai_cose_profile_sign(const cai_cose_signer_t *signer, const uint8_t *payload,
                                     size_t payload_len, uint8_t *out, size_t cap, size_t *out_len)
{
    return cai_cose_sign1_sign(signer, payload, payload_len, NULL, 0, out, cap, out_len);
}

cai_cose_err_t cai_cose_profile_verify(const uint8_t *msg, size_t len,
                                       const uint8_t pub[CAI_P256_PUB_LEN],
                                       cai_cose_sign1_info_t *info)
{
    const cai_cose_opts_t o = {
        .flags = CAI_COSE_F_DETERMINISTIC | CAI_COSE_F_PROTECTED_ALG,
        .require_alg = CAI_COSE_ALG_ES256,
    };
    return cai_cose_sign1_verify(msg, len, pub, &o, info);
}

cai_cose_err_t cai_cose_profile_encrypt(const uint8_t recipient_pub[CAI_P256_PUB_LEN],
                                        const uint8_t *kid, size_t kid_len,
                                        const uint8_t *plaintext, size_t plaintext_len,
                                        cai_cose_rng_fn rng, void *rng_ctx, uint8_t *out,
                                        size_t cap, size_t *out_len)
{
    const cai_cose_recipient_t r = {
        .alg = CAI_COSE_ALG_ECDH_ES_A256KW,
        .peer_pub = recipient_pub,
        .kid = kid,
        .kid_len = kid_len,
    };
    const cai_cose_encrypt_params_t p = {
        .alg = CAI_COSE_ALG_A256GCM,
        .recipient = &r,
        .rng = rng,
        .rng_ctx = rng_ctx,
    };
    return cai_cose_encrypt_seal(&p, plaintext, plaintext_len, out, cap, out_len);
}

cai_cose_err_t cai_cose_profile_decrypt(const cai_cose_ecdh_t *recipient, const uint8_t *msg,
                                        size_t len, uint8_t *out, size_t cap, size_t *out_len,
                                        cai_cose_encrypt_info_t *info)
{
    if (recipient == NULL || recipient->ecdh == NULL) {
        return CAI_COSE_ERR_ARG;
    }
    const cai_cose_recipient_key_t k = { .ecdh = recipient };
    const cai_cose_opts_t o = {
        .flags = CAI_COSE_F_PROTECTED_ALG,
        .require_alg = CAI_COSE_ALG_A256GCM,
        .require_recipient_alg = CAI_COSE_ALG_ECDH_ES_A256KW,
    };
    return cai_cose_encrypt_open(msg, len, &k, &o, out, cap, out_len, info);
}

size_t cai_cose_profile_encrypt_size(size_t n, size_t k)
{
    /* tag(2) array(1) prot bstr(4) {5: iv}(15) ct head(<=9) ct+tag
     * recipients array(1) recipient array(1) rprot bstr(5)
     * runprot map(1) kid(1 + <=9 + k) epk(1 + 77) wrapped bstr(2 + 40) */
    return 2 + 1 + 4 + 15 + 9 + n + CAI_COSE_GCM_TAG_LEN + 1 + 1 + 5 + 1 + (1 + 9 + k) + (1 + 77) +
           42;
}

cai_cose_err_t cai_cose_profile_sign_encrypt(const cai_cose_signer_t *signer,
                                             const uint8_t recipient_pub[CAI_P256_PUB_LEN],
                                             const uint8_t *recipient_kid, size_t recipient_kid_len,
                                             const uint8_t *plaintext, size_t plaintext_len,
                                             cai_cose_rng_fn rng, void *rng_ctx, uint8_t *scratch,
                                             size_t scratch_cap, uint8_t *out, size_t cap,
                                             size_t *out_len)
{
    if (signer == NULL || scratch == NULL || out_len == NULL) {
        return CAI_COSE_ERR_ARG;
    }
    size_t inner_len = 0;
    cai_cose_err_t e =
        cai_cose_profile_encrypt(recipient_pub, recipient_kid, recipient_kid_len, plaintext,
                                 plaintext_len, rng, rng_ctx, scratch, scratch_cap, &inner_len);
    if (e == CAI_COSE_OK) {
        e = cai_cose_profile_sign(signer, scratch, inner_len, out, cap, out_len);
    }
    cai_wipe(scratch, inner_len < scratch_cap ? inner_len : scratch_cap);
    return e;
}

cai_cose_err_t cai_cose_profile_verify_decrypt(const uint8_t *msg, size_t len,
                                               const uint8_t sign_pub[CAI_P256_PUB_LEN],
                                               const cai_cose_ecdh_t *recipient, uint8_t *out,
                                               size_t cap, size_t *out_len,
                                               cai_cose_sign1_info_t *sign_info)
{
    cai_cose_sign1_info_t local;
    cai_cose_sign1_info_t *info = sign_info ? sign_info : &local;
    cai_cose_err_t e = cai_cose_profile_verify(msg, len, sign_pub, info);
    if (e != CAI_COSE_OK) {
        return e;
    }
    return cai_cose_profile_decrypt(recipient, info->payload, info->payload_len, out, cap, out_len,
                                    NULL);
}
