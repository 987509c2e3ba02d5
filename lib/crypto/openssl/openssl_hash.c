/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSL 3.0 backend: SHA-256 (EVP_Digest*), HMAC-SHA256 (EVP_Q_mac) and
 * HKDF (the EVP_KDF "HKDF" provider).
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "../backend.h"
#include "openssl_internal.h"

/* cai_sha256_ctx holds only the EVP_MD_CTX pointer, copied with memcpy so
 * that the byte array is never accessed through a pointer lvalue type. */
static EVP_MD_CTX *sha_get(const cai_sha256_ctx *ctx)
{
    EVP_MD_CTX *md;
    memcpy(&md, ctx->opaque + CAI_SHA256_BE_OFFSET, sizeof md);
    return md;
}

static void sha_set(cai_sha256_ctx *ctx, EVP_MD_CTX *md)
{
    memcpy(ctx->opaque + CAI_SHA256_BE_OFFSET, &md, sizeof md);
}

psa_status_t cai_be_sha256_start(cai_sha256_ctx *ctx)
{
    const struct cai_ossl_algs *a = cai_ossl_algs();
    if (a == NULL) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (md == NULL) {
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    }
    if (EVP_DigestInit_ex(md, a->sha256, NULL) != 1) {
        EVP_MD_CTX_free(md);
        return PSA_ERROR_GENERIC_ERROR;
    }
    sha_set(ctx, md);
    return PSA_SUCCESS;
}

psa_status_t cai_be_sha256_update(cai_sha256_ctx *ctx, const uint8_t *data, size_t len)
{
    return EVP_DigestUpdate(sha_get(ctx), data, len) == 1 ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

psa_status_t cai_be_sha256_finish(cai_sha256_ctx *ctx, uint8_t out[CAI_SHA256_LEN])
{
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(sha_get(ctx), out, &n) != 1 || n != CAI_SHA256_LEN) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

void cai_be_sha256_release(cai_sha256_ctx *ctx)
{
    EVP_MD_CTX_free(sha_get(ctx)); /* clears the state before freeing */
    sha_set(ctx, NULL);
}

psa_status_t cai_be_sha256(const uint8_t *data, size_t len, uint8_t out[CAI_SHA256_LEN])
{
    static const uint8_t empty[1] = { 0 };
    const struct cai_ossl_algs *a = cai_ossl_algs();
    unsigned int n = 0;
    if (a == NULL || EVP_Digest(len ? data : empty, len, out, &n, a->sha256, NULL) != 1 ||
        n != CAI_SHA256_LEN) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_be_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
                                size_t data_len, uint8_t out[CAI_SHA256_LEN])
{
    static const uint8_t empty[1] = { 0 };
    size_t n = 0;
    /* A non-NULL key pointer even for an empty key: EVP_MAC treats NULL as
     * "no key set" rather than as the empty key. */
    if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key_len ? key : empty, key_len,
                  data_len ? data : empty, data_len, out, CAI_SHA256_LEN, &n) == NULL ||
        n != CAI_SHA256_LEN) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_be_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                size_t ikm_len, const uint8_t *info, size_t info_len, uint8_t *okm,
                                size_t okm_len)
{
    static uint8_t empty[1] = { 0 };
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    const struct cai_ossl_algs *a = cai_ossl_algs();
    EVP_KDF_CTX *kctx = a != NULL ? EVP_KDF_CTX_new(a->hkdf) : NULL;
    OSSL_PARAM params[5];
    size_t n = 0;

    if (kctx == NULL) {
        goto out;
    }
    /* The OSSL_PARAM API takes non-const pointers; the provider only reads. */
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
    params[n++] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_KEY, ikm_len ? (void *)(uintptr_t)ikm : empty, ikm_len);
    /* No salt parameter = HashLen zero bytes, equal to the empty salt
     * (RFC 5869 §2.2). */
    if (salt_len != 0) {
        params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                        (void *)(uintptr_t)salt, salt_len);
    }
    if (info_len != 0) {
        params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                        (void *)(uintptr_t)info, info_len);
    }
    params[n] = OSSL_PARAM_construct_end();
    if (EVP_KDF_derive(kctx, okm, okm_len, params) == 1) {
        st = PSA_SUCCESS;
    }
out:
    EVP_KDF_CTX_free(kctx);
    return st;
}
