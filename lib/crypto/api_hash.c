/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256, HMAC-SHA256 and HKDF-SHA256: argument checks in front of the
 * backend.
 */
#include <string.h>

#include "backend.h"

/* Marker in the front-end part of cai_sha256_ctx: "a backend context is live
 * here and must be released". Any other value means "nothing to release". */
static const uint8_t sha_live[4] = { 'c', 'S', 'h', 'A' };

static int sha_is_live(const cai_sha256_ctx *ctx)
{
    return memcmp(ctx->opaque, sha_live, sizeof sha_live) == 0;
}

static void sha_release(cai_sha256_ctx *ctx)
{
    if (sha_is_live(ctx)) {
        cai_be_sha256_release(ctx);
    }
    cai_wipe(ctx->opaque, sizeof ctx->opaque);
}

psa_status_t cai_sha256_start(cai_sha256_ctx *ctx)
{
    if (ctx == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    memset(ctx->opaque, 0, sizeof ctx->opaque);
    psa_status_t st = cai_be_sha256_start(ctx);
    if (st != PSA_SUCCESS) {
        cai_wipe(ctx->opaque, sizeof ctx->opaque);
        return st;
    }
    memcpy(ctx->opaque, sha_live, sizeof sha_live);
    return PSA_SUCCESS;
}

psa_status_t cai_sha256_update(cai_sha256_ctx *ctx, const uint8_t *data, size_t len)
{
    if (ctx == NULL || (data == NULL && len != 0)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!sha_is_live(ctx)) {
        return PSA_ERROR_BAD_STATE;
    }
    if (len == 0) {
        return PSA_SUCCESS;
    }
    psa_status_t st = cai_be_sha256_update(ctx, data, len);
    if (st != PSA_SUCCESS) {
        sha_release(ctx);
    }
    return st;
}

psa_status_t cai_sha256_finish(cai_sha256_ctx *ctx, uint8_t out[CAI_SHA256_LEN])
{
    if (ctx == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (out == NULL) {
        sha_release(ctx);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!sha_is_live(ctx)) {
        return PSA_ERROR_BAD_STATE;
    }
    psa_status_t st = cai_be_sha256_finish(ctx, out);
    sha_release(ctx);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, CAI_SHA256_LEN);
    }
    return st;
}

void cai_sha256_abort(cai_sha256_ctx *ctx)
{
    if (ctx != NULL) {
        sha_release(ctx);
    }
}

psa_status_t cai_sha256(const uint8_t *data, size_t len, uint8_t out[CAI_SHA256_LEN])
{
    if ((data == NULL && len != 0) || out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return cai_be_sha256(data, len, out);
}

psa_status_t cai_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
                             size_t data_len, uint8_t out[CAI_SHA256_LEN])
{
    if ((key == NULL && key_len != 0) || (data == NULL && data_len != 0) || out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = cai_be_hmac_sha256(key, key_len, data, data_len, out);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, CAI_SHA256_LEN);
    }
    return st;
}

/* RFC 5869 §2.3: L <= 255*HashLen. The info limit matches what OpenSSL 3.0's
 * HKDF provider accepts (1024 bytes), so that both backends agree; COSE
 * KDF contexts are far smaller. */
#define HKDF_MAX_OKM  (255u * CAI_SHA256_LEN)
#define HKDF_MAX_INFO 1024u

psa_status_t cai_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                             size_t ikm_len, const uint8_t *info, size_t info_len, uint8_t *okm,
                             size_t okm_len)
{
    if ((salt == NULL && salt_len != 0) || (ikm == NULL && ikm_len != 0) ||
        (info == NULL && info_len != 0) || okm == NULL || okm_len == 0 || okm_len > HKDF_MAX_OKM ||
        info_len > HKDF_MAX_INFO) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st =
        cai_be_hkdf_sha256(salt, salt_len, ikm, ikm_len, info, info_len, okm, okm_len);
    if (st != PSA_SUCCESS) {
        cai_wipe(okm, okm_len);
    }
    return st;
}
