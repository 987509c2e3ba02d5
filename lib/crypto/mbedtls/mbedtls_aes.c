/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS backend: AES-GCM (mbedtls_gcm_*) and the single-block AES-ECB used
 * by the RFC 3394 key wrap.
 */
#include <mbedtls/aes.h>
#include <mbedtls/gcm.h>

#include "../backend.h"
#include "mbedtls_internal.h"

_Static_assert(sizeof(mbedtls_aes_context) <= sizeof(((cai_aes_block_ctx *)0)->opaque),
               "cai_aes_block_ctx too small for mbedtls_aes_context");

static mbedtls_aes_context *aes_ctx(cai_aes_block_ctx *ctx)
{
    return (mbedtls_aes_context *)(void *)ctx->opaque;
}

psa_status_t cai_be_aes_block_setup(cai_aes_block_ctx *ctx, const uint8_t *key, size_t key_len,
                                    int decrypt)
{
    mbedtls_aes_init(aes_ctx(ctx));
    unsigned bits = (unsigned)(key_len * 8);
    int ret = decrypt ? mbedtls_aes_setkey_dec(aes_ctx(ctx), key, bits)
                      : mbedtls_aes_setkey_enc(aes_ctx(ctx), key, bits);
    /* The direction lives in the last byte, outside mbedtls_aes_context. */
    ctx->opaque[sizeof ctx->opaque - 1] = (uint8_t)(decrypt ? 1 : 0);
    if (ret != 0) {
        mbedtls_aes_free(aes_ctx(ctx));
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_be_aes_block(cai_aes_block_ctx *ctx, const uint8_t in[16], uint8_t out[16])
{
    int mode = ctx->opaque[sizeof ctx->opaque - 1] ? MBEDTLS_AES_DECRYPT : MBEDTLS_AES_ENCRYPT;
    return cai_mbedtls_status(mbedtls_aes_crypt_ecb(aes_ctx(ctx), mode, in, out));
}

void cai_be_aes_block_free(cai_aes_block_ctx *ctx)
{
    mbedtls_aes_free(aes_ctx(ctx)); /* zeroises the round keys */
}

psa_status_t cai_be_gcm_encrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                size_t iv_len, const uint8_t *aad, size_t aad_len,
                                const uint8_t *in, size_t in_len, uint8_t *out, uint8_t *tag,
                                size_t tag_len)
{
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    int ret = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, (unsigned)(key_len * 8));
    if (ret == 0) {
        ret = mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, in_len, iv, iv_len, aad, aad_len,
                                        in, out, tag_len, tag);
    }
    mbedtls_gcm_free(&gcm);
    return ret == 0 ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

psa_status_t cai_be_gcm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                size_t iv_len, const uint8_t *aad, size_t aad_len,
                                const uint8_t *in, size_t in_len, const uint8_t *tag,
                                size_t tag_len, uint8_t *out)
{
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    int ret = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, (unsigned)(key_len * 8));
    if (ret == 0) {
        /* Compares the tag in constant time and zeroes out on a mismatch. */
        ret =
            mbedtls_gcm_auth_decrypt(&gcm, in_len, iv, iv_len, aad, aad_len, tag, tag_len, in, out);
    }
    mbedtls_gcm_free(&gcm);
    if (ret == MBEDTLS_ERR_GCM_AUTH_FAILED) {
        return PSA_ERROR_INVALID_SIGNATURE;
    }
    return ret == 0 ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}
