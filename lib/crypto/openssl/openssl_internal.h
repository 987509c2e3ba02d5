/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the OpenSSL backend's files.
 */
#ifndef CAI_CRYPTO_OPENSSL_INTERNAL_H
#define CAI_CRYPTO_OPENSSL_INTERNAL_H

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "cai/crypto.h"

/* EVP_PKEY for a P-256 private scalar (already range-checked) and, when pub
 * is not NULL, its public key (a complete key pair), or NULL. */
EVP_PKEY *cai_ossl_pkey_from_private(const uint8_t priv[CAI_P256_PRIV_LEN], const uint8_t *pub);
/* EVP_PKEY for a 65-byte uncompressed point, or NULL when it is not a point
 * of the curve. */
EVP_PKEY *cai_ossl_pkey_from_public(const uint8_t pub[CAI_P256_PUB_LEN]);
/* A validated key object for pub (a new reference the caller frees), from
 * the table of recently used public keys (openssl_pubkeys.c); NULL when pub
 * is not a valid point. */
EVP_PKEY *cai_ossl_public_key(const uint8_t pub[CAI_P256_PUB_LEN]);

/* ECDSA with a context on which EVP_PKEY_sign_init succeeded; raw r||s out. */
psa_status_t cai_ossl_sign(EVP_PKEY_CTX *ctx, const uint8_t hash[CAI_SHA256_LEN],
                           uint8_t sig[CAI_P256_SIG_LEN]);
/* ECDH of own (a private key) with a raw peer point, validated here:
 * PSA_ERROR_INVALID_ARGUMENT when it is not a point of the curve. */
psa_status_t cai_ossl_derive(EVP_PKEY *own, const uint8_t peer[CAI_P256_PUB_LEN],
                             uint8_t shared_x[CAI_P256_ECDH_LEN]);

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
