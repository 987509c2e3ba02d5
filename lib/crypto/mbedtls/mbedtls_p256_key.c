/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS backend: prepared P-256 keys.
 *
 * The backend keeps only the scalar. An mbedtls_ecp_keypair would hold
 * bignum limbs from mbedtls_calloc for the key's whole life (in a secure
 * build, a permanent piece of the static arena), while reading 32 bytes into
 * a bignum costs nothing next to the scalar multiplication it feeds. The
 * public key is computed once, at import, by the front end.
 */
#include <string.h>

#include "../backend.h"

typedef struct mbedtls_key {
    uint8_t d[CAI_P256_PRIV_LEN];
} mbedtls_key_t;

_Static_assert(sizeof(mbedtls_key_t) <= CAI_P256_KEY_BE_SIZE, "cai_p256_key_t too small");

static mbedtls_key_t *state(cai_p256_key_t *key)
{
    return (mbedtls_key_t *)cai_be_key_state(key);
}

psa_status_t cai_be_p256_key_import(cai_p256_key_t *key, const uint8_t priv[CAI_P256_PRIV_LEN],
                                    const uint8_t pub[CAI_P256_PUB_LEN])
{
    (void)pub;
    memcpy(state(key)->d, priv, CAI_P256_PRIV_LEN);
    return PSA_SUCCESS;
}

psa_status_t cai_be_p256_key_sign(cai_p256_key_t *key, const uint8_t hash[CAI_SHA256_LEN],
                                  uint8_t sig[CAI_P256_SIG_LEN])
{
    return cai_be_ecdsa_sign(state(key)->d, hash, sig);
}

psa_status_t cai_be_p256_key_ecdh(cai_p256_key_t *key, const uint8_t peer[CAI_P256_PUB_LEN],
                                  uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    return cai_be_ecdh(state(key)->d, peer, shared_x);
}

void cai_be_p256_key_release(cai_p256_key_t *key)
{
    cai_wipe(state(key), sizeof(mbedtls_key_t));
}
