/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS backend: SHA-256, HMAC-SHA256 (md layer) and HKDF (mbedtls_hkdf).
 */
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/sha256.h>

#include "../backend.h"
#include "mbedtls_internal.h"

_Static_assert(sizeof(mbedtls_sha256_context) <= CAI_SHA256_BE_SIZE,
               "cai_sha256_ctx too small for mbedtls_sha256_context");

static mbedtls_sha256_context *sha_ctx(cai_sha256_ctx *ctx)
{
    return (mbedtls_sha256_context *)(void *)(ctx->opaque + CAI_SHA256_BE_OFFSET);
}

psa_status_t cai_be_sha256_start(cai_sha256_ctx *ctx)
{
    mbedtls_sha256_init(sha_ctx(ctx));
    return cai_mbedtls_status(mbedtls_sha256_starts_ret(sha_ctx(ctx), 0));
}

psa_status_t cai_be_sha256_update(cai_sha256_ctx *ctx, const uint8_t *data, size_t len)
{
    return cai_mbedtls_status(mbedtls_sha256_update_ret(sha_ctx(ctx), data, len));
}

psa_status_t cai_be_sha256_finish(cai_sha256_ctx *ctx, uint8_t out[CAI_SHA256_LEN])
{
    return cai_mbedtls_status(mbedtls_sha256_finish_ret(sha_ctx(ctx), out));
}

void cai_be_sha256_release(cai_sha256_ctx *ctx)
{
    mbedtls_sha256_free(sha_ctx(ctx)); /* zeroises the state */
}

psa_status_t cai_be_sha256(const uint8_t *data, size_t len, uint8_t out[CAI_SHA256_LEN])
{
    return cai_mbedtls_status(mbedtls_sha256_ret(data, len, out, 0));
}

psa_status_t cai_be_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
                                size_t data_len, uint8_t out[CAI_SHA256_LEN])
{
    static const uint8_t empty[1] = { 0 };
    const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (md == NULL) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    /* The md layer wants real pointers even for empty inputs. */
    return cai_mbedtls_status(mbedtls_md_hmac(md, key_len ? key : empty, key_len,
                                              data_len ? data : empty, data_len, out));
}

psa_status_t cai_be_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                size_t ikm_len, const uint8_t *info, size_t info_len, uint8_t *okm,
                                size_t okm_len)
{
    static const uint8_t empty[1] = { 0 };
    const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (md == NULL) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    /* An empty salt is HashLen zero bytes (RFC 5869 §2.2); HMAC pads a short
     * key with zeros, so the empty string gives the same PRK. */
    return cai_mbedtls_status(mbedtls_hkdf(md, salt_len ? salt : empty, salt_len,
                                           ikm_len ? ikm : empty, ikm_len, info_len ? info : empty,
                                           info_len, okm, okm_len));
}
