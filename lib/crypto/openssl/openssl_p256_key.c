/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* pthread mutex: the OpenSSL backend is host-only */
/*
 * OpenSSL 3.0 backend: prepared P-256 keys.
 *
 * Import builds the EVP_PKEY (scalar and public point) and a signing context
 * with EVP_PKEY_sign_init already done: from raw bytes those cost OpenSSL 3.0
 * about twice the signature itself (provider fetches, parameter decoding),
 * so signing with a prepared key runs the same loop as `openssl speed`.
 * An EVP_PKEY_CTX must not be used by two threads at once, hence the mutex
 * around signing; ECDH makes its own context per call (it needs a fresh peer
 * anyway), which only reads the shared EVP_PKEY.
 */
#include <pthread.h>

#include "../backend.h"
#include "openssl_internal.h"

typedef struct ossl_key {
    EVP_PKEY *pkey;
    EVP_PKEY_CTX *sign;
    pthread_mutex_t lock;
    int lock_ready;
} ossl_key_t;

_Static_assert(sizeof(ossl_key_t) <= CAI_P256_KEY_BE_SIZE, "cai_p256_key_t too small");

static ossl_key_t *state(cai_p256_key_t *key)
{
    return (ossl_key_t *)cai_be_key_state(key);
}

psa_status_t cai_be_p256_key_import(cai_p256_key_t *key, const uint8_t priv[CAI_P256_PRIV_LEN],
                                    const uint8_t pub[CAI_P256_PUB_LEN])
{
    ossl_key_t *k = state(key);
    if (pthread_mutex_init(&k->lock, NULL) != 0) {
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    }
    k->lock_ready = 1;
    k->pkey = cai_ossl_pkey_from_private(priv, pub);
    k->sign = k->pkey != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL) : NULL;
    if (k->sign == NULL || EVP_PKEY_sign_init(k->sign) != 1) {
        return PSA_ERROR_GENERIC_ERROR; /* the front end calls release */
    }
    return PSA_SUCCESS;
}

psa_status_t cai_be_p256_key_sign(cai_p256_key_t *key, const uint8_t hash[CAI_SHA256_LEN],
                                  uint8_t sig[CAI_P256_SIG_LEN])
{
    ossl_key_t *k = state(key);
    (void)pthread_mutex_lock(&k->lock);
    psa_status_t st = cai_ossl_sign(k->sign, hash, sig);
    (void)pthread_mutex_unlock(&k->lock);
    return st;
}

psa_status_t cai_be_p256_key_ecdh(cai_p256_key_t *key, const uint8_t peer[CAI_P256_PUB_LEN],
                                  uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    return cai_ossl_derive(state(key)->pkey, peer, shared_x);
}

void cai_be_p256_key_release(cai_p256_key_t *key)
{
    ossl_key_t *k = state(key);
    EVP_PKEY_CTX_free(k->sign); /* both accept NULL */
    EVP_PKEY_free(k->pkey);     /* EC key data is freed with BN_clear_free */
    if (k->lock_ready) {
        (void)pthread_mutex_destroy(&k->lock);
    }
    k->sign = NULL;
    k->pkey = NULL;
    k->lock_ready = 0;
}
