/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cai profile (docs/design.md §5) as one-call functions, so that partitions
 * and cai-cloud cannot drift apart on flags or algorithms.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

/* Claim 256 (EAT ueid) of a cai result: bstr 0x01 || 16-byte UUID. */
#define UEID_LABEL 256u
#define UEID_LEN   17u
#define UUID_LEN   16u

/* The device identity a result signs, found in the top-level map of the
 * payload: *uuid points into payload. Anything else (not one well-formed
 * map, no claim 256, claim 256 twice or not a 17-byte bstr starting with
 * 0x01) is CAI_COSE_ERR_NO_IDENTITY. Values of other claims are skipped,
 * whatever their shape. */
static cai_cose_err_t result_uuid(const uint8_t *payload, size_t len, const uint8_t **uuid)
{
    cai_cbor_dec_t d;
    uint64_t pairs = 0;
    const uint8_t *ueid = NULL;
    size_t ueid_len = 0;
    bool seen = false;
    *uuid = NULL;
    cai_cbor_dec_init(&d, payload, len, NULL);
    if (cai_cbor_get_map(&d, &pairs) != CAI_CBOR_OK) {
        return CAI_COSE_ERR_NO_IDENTITY;
    }
    for (uint64_t i = 0; i < pairs; i++) {
        cai_cbor_item_t key;
        if (cai_cbor_peek(&d, &key) != CAI_CBOR_OK) {
            return CAI_COSE_ERR_NO_IDENTITY;
        }
        if (key.type == CAI_CBOR_UINT && key.v.u == UEID_LABEL) {
            uint64_t label = 0;
            if (seen || cai_cbor_get_uint(&d, &label) != CAI_CBOR_OK ||
                cai_cbor_get_bstr(&d, &ueid, &ueid_len) != CAI_CBOR_OK) {
                return CAI_COSE_ERR_NO_IDENTITY;
            }
            seen = true;
        } else if (cai_cbor_skip(&d) != CAI_CBOR_OK || cai_cbor_skip(&d) != CAI_CBOR_OK) {
            return CAI_COSE_ERR_NO_IDENTITY;
        }
    }
    if (cai_cbor_dec_finish(&d) != CAI_CBOR_OK || !seen || ueid_len != UEID_LEN ||
        ueid[0] != 0x01) {
        return CAI_COSE_ERR_NO_IDENTITY;
    }
    *uuid = ueid + 1;
    return CAI_COSE_OK;
}

/* docs/design.md §5: the kid is the 16 UUID bytes of the signed ueid. */
static cai_cose_err_t check_kid(const uint8_t *payload, size_t len, const uint8_t *kid,
                                size_t kid_len)
{
    const uint8_t *uuid = NULL;
    cai_cose_err_t e = result_uuid(payload, len, &uuid);
    if (e == CAI_COSE_OK && (kid == NULL || kid_len != UUID_LEN || memcmp(kid, uuid, UUID_LEN))) {
        e = CAI_COSE_ERR_KID_MISMATCH;
    }
    return e;
}

/* The Sign1 checks of the profile without the identity (the payload of a
 * sign+encrypt result carries it only once decrypted). */
static cai_cose_err_t profile_verify_sig(const uint8_t *msg, size_t len,
                                         const uint8_t pub[CAI_P256_PUB_LEN],
                                         cai_cose_sign1_info_t *info)
{
    const cai_cose_opts_t o = {
        .flags = CAI_COSE_F_DETERMINISTIC | CAI_COSE_F_PROTECTED_ALG,
        .require_alg = CAI_COSE_ALG_ES256,
    };
    return cose_sign1_verify(msg, len, pub, &o, true, info);
}

cai_cose_err_t cai_cose_profile_sign(const cai_cose_signer_t *signer, const uint8_t *payload,
                                     size_t payload_len, uint8_t *out, size_t cap, size_t *out_len)
{
    return cai_cose_sign1_sign(signer, payload, payload_len, NULL, 0, out, cap, out_len);
}

cai_cose_err_t cai_cose_profile_verify(const uint8_t *msg, size_t len,
                                       const uint8_t pub[CAI_P256_PUB_LEN],
                                       cai_cose_sign1_info_t *info)
{
    cai_cose_sign1_info_t local;
    cai_cose_sign1_info_t *inf = info ? info : &local;
    cai_cose_err_t e = profile_verify_sig(msg, len, pub, inf);
    if (e == CAI_COSE_OK) {
        e = check_kid(inf->payload, inf->payload_len, inf->kid, inf->kid_len);
    }
    if (e != CAI_COSE_OK) {
        memset(inf, 0, sizeof *inf);
    }
    return e;
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
    cai_cose_err_t e = profile_verify_sig(msg, len, sign_pub, info);
    if (e != CAI_COSE_OK) {
        return e;
    }
    e = cai_cose_profile_decrypt(recipient, info->payload, info->payload_len, out, cap, out_len,
                                 NULL);
    if (e == CAI_COSE_OK) {
        e = check_kid(out, *out_len, info->kid, info->kid_len);
        if (e != CAI_COSE_OK) {
            cai_wipe(out, *out_len);
            *out_len = 0;
        }
    }
    if (e != CAI_COSE_OK) {
        memset(info, 0, sizeof *info);
    }
    return e;
}
