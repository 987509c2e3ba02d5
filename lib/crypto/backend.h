/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What each crypto backend provides (internal to lib/crypto).
 *
 * The public functions of lib/include/cai/crypto.h live in lib/crypto/api_*.c:
 * they check every argument once and then call these cai_be_* functions, so
 * that both backends see only well-formed input and report the same status
 * for the same bad input. A backend implements the mathematics only.
 *
 * Preconditions the front end guarantees: pointers are non-NULL unless their
 * length is 0; key/IV/tag lengths are in range; private scalars are in [1, n-1];
 * public keys are 65 bytes starting with 0x04 (the backend still checks that
 * the point is on the curve).
 */
#ifndef CAI_CRYPTO_BACKEND_H
#define CAI_CRYPTO_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"

const char *cai_be_name(void);
psa_status_t cai_be_init(void);
psa_status_t cai_be_random(uint8_t *out, size_t len);

/* SHA-256 streaming: the front end keeps a "started" marker in the first
 * CAI_SHA256_BE_OFFSET bytes of cai_sha256_ctx.opaque; the backend owns the
 * rest (CAI_SHA256_BE_SIZE bytes, 16-byte aligned). */
#define CAI_SHA256_BE_OFFSET 16u
#define CAI_SHA256_BE_SIZE   (sizeof(((cai_sha256_ctx *)0)->opaque) - CAI_SHA256_BE_OFFSET)
psa_status_t cai_be_sha256_start(cai_sha256_ctx *ctx);
psa_status_t cai_be_sha256_update(cai_sha256_ctx *ctx, const uint8_t *data, size_t len);
psa_status_t cai_be_sha256_finish(cai_sha256_ctx *ctx, uint8_t out[CAI_SHA256_LEN]);
void cai_be_sha256_release(cai_sha256_ctx *ctx);
psa_status_t cai_be_sha256(const uint8_t *data, size_t len, uint8_t out[CAI_SHA256_LEN]);

psa_status_t cai_be_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
                                size_t data_len, uint8_t out[CAI_SHA256_LEN]);
psa_status_t cai_be_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                size_t ikm_len, const uint8_t *info, size_t info_len, uint8_t *okm,
                                size_t okm_len);

psa_status_t cai_be_p256_public_from_private(const uint8_t priv[CAI_P256_PRIV_LEN],
                                             uint8_t pub[CAI_P256_PUB_LEN]);
psa_status_t cai_be_p256_check_public(const uint8_t pub[CAI_P256_PUB_LEN]);
psa_status_t cai_be_ecdsa_sign(const uint8_t priv[CAI_P256_PRIV_LEN],
                               const uint8_t hash[CAI_SHA256_LEN], uint8_t sig[CAI_P256_SIG_LEN]);
/* PSA_SUCCESS, PSA_ERROR_INVALID_SIGNATURE, or PSA_ERROR_INVALID_ARGUMENT
 * when pub is not a point of the curve. */
psa_status_t cai_be_ecdsa_verify(const uint8_t pub[CAI_P256_PUB_LEN],
                                 const uint8_t hash[CAI_SHA256_LEN],
                                 const uint8_t sig[CAI_P256_SIG_LEN]);
/* PSA_ERROR_INVALID_ARGUMENT when peer is not a point of the curve. */
psa_status_t cai_be_ecdh(const uint8_t priv[CAI_P256_PRIV_LEN],
                         const uint8_t peer[CAI_P256_PUB_LEN], uint8_t shared_x[CAI_P256_ECDH_LEN]);

/* Prepared keys: the front end (api_p256_key.c) keeps its state (a live
 * marker and the public key) in the first CAI_P256_KEY_BE_OFFSET bytes of
 * cai_p256_key_t.opaque; the backend owns the rest (CAI_P256_KEY_BE_SIZE
 * bytes, 16-byte aligned). import gets a scalar in [1, n-1] and its public
 * key; sign, ecdh and release are called only on a key import succeeded on
 * (release also after a failed import, to undo what it did). */
#define CAI_P256_KEY_BE_OFFSET 80u
#define CAI_P256_KEY_BE_SIZE   (sizeof(((cai_p256_key_t *)0)->opaque) - CAI_P256_KEY_BE_OFFSET)
static inline void *cai_be_key_state(cai_p256_key_t *key)
{
    return key->opaque + CAI_P256_KEY_BE_OFFSET;
}
psa_status_t cai_be_p256_key_import(cai_p256_key_t *key, const uint8_t priv[CAI_P256_PRIV_LEN],
                                    const uint8_t pub[CAI_P256_PUB_LEN]);
psa_status_t cai_be_p256_key_sign(cai_p256_key_t *key, const uint8_t hash[CAI_SHA256_LEN],
                                  uint8_t sig[CAI_P256_SIG_LEN]);
/* PSA_ERROR_INVALID_ARGUMENT when peer is not a point of the curve. */
psa_status_t cai_be_p256_key_ecdh(cai_p256_key_t *key, const uint8_t peer[CAI_P256_PUB_LEN],
                                  uint8_t shared_x[CAI_P256_ECDH_LEN]);
/* Frees what import made; the front end wipes the storage afterwards. */
void cai_be_p256_key_release(cai_p256_key_t *key);

psa_status_t cai_be_gcm_encrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                size_t iv_len, const uint8_t *aad, size_t aad_len,
                                const uint8_t *in, size_t in_len, uint8_t *out, uint8_t *tag,
                                size_t tag_len);
/* On a tag mismatch: PSA_ERROR_INVALID_SIGNATURE; the front end zeroes out. */
psa_status_t cai_be_gcm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                size_t iv_len, const uint8_t *aad, size_t aad_len,
                                const uint8_t *in, size_t in_len, const uint8_t *tag,
                                size_t tag_len, uint8_t *out);

/* Single-block AES-ECB, the only thing aes_kw.c needs from a backend. The
 * context is caller storage; cai_be_aes_block_free wipes it. */
typedef struct cai_aes_block_ctx {
    _Alignas(16) uint8_t opaque[512];
} cai_aes_block_ctx;

psa_status_t cai_be_aes_block_setup(cai_aes_block_ctx *ctx, const uint8_t *key, size_t key_len,
                                    int decrypt);
psa_status_t cai_be_aes_block(cai_aes_block_ctx *ctx, const uint8_t in[16], uint8_t out[16]);
void cai_be_aes_block_free(cai_aes_block_ctx *ctx);

#endif /* CAI_CRYPTO_BACKEND_H */
