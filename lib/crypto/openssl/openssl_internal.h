/*
 * Helpers shared by the OpenSSL backend's files.
 */
#ifndef CAI_CRYPTO_OPENSSL_INTERNAL_H
#define CAI_CRYPTO_OPENSSL_INTERNAL_H

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "cai/crypto.h"

/* EVP_PKEY for a P-256 private scalar (already range-checked), or NULL. */
EVP_PKEY *cai_ossl_pkey_from_private(const uint8_t priv[CAI_P256_PRIV_LEN]);
/* EVP_PKEY for a 65-byte uncompressed point, or NULL when it is not a point
 * of the curve. */
EVP_PKEY *cai_ossl_pkey_from_public(const uint8_t pub[CAI_P256_PUB_LEN]);

/* The key-object cache (openssl_keycache.c). Call cai_ossl_cache_get and
 * use what it returns only between cai_ossl_cache_lock and _unlock. Returns
 * a context already initialised for the operation (sign: key_len 32, a
 * private scalar; verify: key_len 65, a public point checked on the curve),
 * or NULL when the key is unusable. *pkey (optional) gets the key object. */
enum cai_ossl_cache_kind {
    CAI_OSSL_SIGN,
    CAI_OSSL_VERIFY,
    CAI_OSSL_CACHE_KINDS
};
void cai_ossl_cache_lock(void);
void cai_ossl_cache_unlock(void);
EVP_PKEY_CTX *cai_ossl_cache_get(enum cai_ossl_cache_kind kind, const uint8_t *key, size_t key_len,
                                 EVP_PKEY **pkey);

/* The P-256 group, created once by cai_be_init (read-only afterwards). */
const EC_GROUP *cai_ossl_p256_group(void);

/* Algorithms fetched once (OpenSSL 3 "explicit fetch": EVP_sha256() and
 * friends look the provider implementation up again on every use). Valid
 * after a successful cai_be_init; cai_ossl_algs() runs it and returns NULL
 * when it failed. */
struct cai_ossl_algs {
    EVP_MD *sha256;
    EVP_KDF *hkdf;
    EVP_CIPHER *gcm[3]; /* AES-128/192/256-GCM */
    EVP_CIPHER *ecb[3]; /* AES-128/192/256-ECB */
};
const struct cai_ossl_algs *cai_ossl_algs(void);

#endif /* CAI_CRYPTO_OPENSSL_INTERNAL_H */
