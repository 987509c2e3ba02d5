/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSL 3.0 backend: AES-GCM and single-block AES-ECB (EVP_CIPHER).
 */
#include <limits.h>
#include <string.h>

#include <openssl/evp.h>

#include "../backend.h"
#include "openssl_internal.h"

/* The fetched cipher for a 16/24/32-byte key, or NULL if init failed. */
static const EVP_CIPHER *gcm_cipher(size_t key_len)
{
    const struct cai_ossl_algs *a = cai_ossl_algs();
    return a != NULL ? a->gcm[(key_len - 16) / 8] : NULL;
}

static const EVP_CIPHER *ecb_cipher(size_t key_len)
{
    const struct cai_ossl_algs *a = cai_ossl_algs();
    return a != NULL ? a->ecb[(key_len - 16) / 8] : NULL;
}

/* EVP lengths are int: feed long inputs in pieces. out == NULL means AAD. */
static int feed(EVP_CIPHER_CTX *ctx, int enc, uint8_t *out, const uint8_t *in, size_t len)
{
    while (len > 0) {
        int chunk = len > (size_t)(INT_MAX / 2) ? INT_MAX / 2 : (int)len;
        int outl = 0;
        int ok = enc ? EVP_EncryptUpdate(ctx, out, &outl, in, chunk)
                     : EVP_DecryptUpdate(ctx, out, &outl, in, chunk);
        if (ok != 1 || (out != NULL && outl != chunk)) {
            return 0;
        }
        in += chunk;
        if (out != NULL) {
            out += chunk;
        }
        len -= (size_t)chunk;
    }
    return 1;
}

static int gcm_setup(EVP_CIPHER_CTX *ctx, int enc, const uint8_t *key, size_t key_len,
                     const uint8_t *iv, size_t iv_len, const uint8_t *aad, size_t aad_len)
{
    const EVP_CIPHER *cipher = gcm_cipher(key_len);
    return cipher != NULL && EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, enc) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)iv_len, NULL) == 1 &&
           EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc) == 1 &&
           feed(ctx, enc, NULL, aad, aad_len);
}

psa_status_t cai_be_gcm_encrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                size_t iv_len, const uint8_t *aad, size_t aad_len,
                                const uint8_t *in, size_t in_len, uint8_t *out, uint8_t *tag,
                                size_t tag_len)
{
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    uint8_t full_tag[16];
    int outl = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx != NULL && gcm_setup(ctx, 1, key, key_len, iv, iv_len, aad, aad_len) &&
        feed(ctx, 1, out, in, in_len) && EVP_EncryptFinal_ex(ctx, full_tag, &outl) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, (int)sizeof full_tag, full_tag) == 1) {
        /* A truncated GCM tag is the leftmost bits of the full one
         * (SP 800-38D §7.1 step 8). */
        memcpy(tag, full_tag, tag_len);
        st = PSA_SUCCESS;
    }
    EVP_CIPHER_CTX_free(ctx);
    return st;
}

psa_status_t cai_be_gcm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                size_t iv_len, const uint8_t *aad, size_t aad_len,
                                const uint8_t *in, size_t in_len, const uint8_t *tag,
                                size_t tag_len, uint8_t *out)
{
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    uint8_t tag_copy[16];
    uint8_t final_block[16]; /* GCM Final writes nothing; never out + in_len on NULL */
    int outl = 0;
    memcpy(tag_copy, tag, tag_len); /* the ctrl takes a non-const pointer */
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx != NULL && gcm_setup(ctx, 0, key, key_len, iv, iv_len, aad, aad_len) &&
        feed(ctx, 0, out, in, in_len) &&
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, (int)tag_len, tag_copy) == 1) {
        /* The provider compares the tag with CRYPTO_memcmp (constant time);
         * the front end zeroes out when this fails. */
        st = EVP_DecryptFinal_ex(ctx, final_block, &outl) == 1 ? PSA_SUCCESS
                                                               : PSA_ERROR_INVALID_SIGNATURE;
    }
    EVP_CIPHER_CTX_free(ctx);
    return st;
}

/* cai_aes_block_ctx holds the EVP_CIPHER_CTX pointer (memcpy'd, see
 * openssl_hash.c for why). */
static EVP_CIPHER_CTX *blk_get(const cai_aes_block_ctx *ctx)
{
    EVP_CIPHER_CTX *c;
    memcpy(&c, ctx->opaque, sizeof c);
    return c;
}

psa_status_t cai_be_aes_block_setup(cai_aes_block_ctx *ctx, const uint8_t *key, size_t key_len,
                                    int decrypt)
{
    const EVP_CIPHER *cipher = ecb_cipher(key_len);
    EVP_CIPHER_CTX *c = cipher != NULL ? EVP_CIPHER_CTX_new() : NULL;
    memcpy(ctx->opaque, &c, sizeof c);
    if (c == NULL) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    if (EVP_CipherInit_ex(c, cipher, NULL, key, NULL, decrypt ? 0 : 1) != 1 ||
        EVP_CIPHER_CTX_set_padding(c, 0) != 1) {
        cai_be_aes_block_free(ctx);
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_be_aes_block(cai_aes_block_ctx *ctx, const uint8_t in[16], uint8_t out[16])
{
    int outl = 0;
    if (EVP_CipherUpdate(blk_get(ctx), out, &outl, in, 16) != 1 || outl != 16) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

void cai_be_aes_block_free(cai_aes_block_ctx *ctx)
{
    EVP_CIPHER_CTX_free(blk_get(ctx)); /* clears the key schedule */
    memset(ctx->opaque, 0, sizeof(EVP_CIPHER_CTX *));
}
