/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSL 3.0 backend: P-256 public keys, ECDSA and ECDH.
 *
 * ECDSA here is randomized (k from OpenSSL's DRBG): OpenSSL 3.0 has no
 * RFC 6979 deterministic ECDSA (it arrived in 3.2). Signatures are valid
 * and interoperable but not reproducible; tests compare them by verifying.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include "../backend.h"
#include "openssl_internal.h"

psa_status_t cai_be_p256_public_from_private(const uint8_t priv[CAI_P256_PRIV_LEN],
                                             uint8_t pub[CAI_P256_PUB_LEN])
{
    /* EC_GROUP/EC_POINT are not deprecated in 3.0 (EC_KEY is). */
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    const EC_GROUP *grp = cai_ossl_p256_group();
    EC_POINT *q = EC_POINT_new(grp);
    BN_CTX *bctx = BN_CTX_secure_new();
    BIGNUM *d = BN_secure_new();
    if (q == NULL || bctx == NULL || d == NULL || BN_bin2bn(priv, CAI_P256_PRIV_LEN, d) == NULL) {
        goto out;
    }
    BN_set_flags(d, BN_FLG_CONSTTIME);
    if (EC_POINT_mul(grp, q, d, NULL, NULL, bctx) == 1 &&
        EC_POINT_point2oct(grp, q, POINT_CONVERSION_UNCOMPRESSED, pub, CAI_P256_PUB_LEN, bctx) ==
            CAI_P256_PUB_LEN) {
        st = PSA_SUCCESS;
    }
out:
    BN_clear_free(d);
    BN_CTX_free(bctx);
    EC_POINT_free(q);
    return st;
}

/* A context for a key, or NULL; EVP_PKEY_CTX_new_from_pkey takes its own
 * reference, so the caller may free pkey independently. */
static EVP_PKEY_CTX *ctx_of(EVP_PKEY *pkey)
{
    return pkey != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
}

psa_status_t cai_be_p256_check_public(const uint8_t pub[CAI_P256_PUB_LEN])
{
    EVP_PKEY *pkey = cai_ossl_public_key(pub);
    EVP_PKEY_free(pkey);
    return pkey != NULL ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
}

psa_status_t cai_ossl_sign(EVP_PKEY_CTX *ctx, const uint8_t hash[CAI_SHA256_LEN],
                           uint8_t sig[CAI_P256_SIG_LEN])
{
    uint8_t der[CAI_P256_SIG_DER_MAX];
    size_t der_len = sizeof der;
    if (EVP_PKEY_sign(ctx, der, &der_len, hash, CAI_SHA256_LEN) != 1 ||
        cai_ecdsa_sig_der_to_raw(der, der_len, sig) != PSA_SUCCESS) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_be_ecdsa_sign(const uint8_t priv[CAI_P256_PRIV_LEN],
                               const uint8_t hash[CAI_SHA256_LEN], uint8_t sig[CAI_P256_SIG_LEN])
{
    /* The raw-scalar path builds the key object per call: tools and tests
     * only. A key holder signs through a prepared key (openssl_p256_key.c). */
    EVP_PKEY *pkey = cai_ossl_pkey_from_private(priv, NULL);
    EVP_PKEY_CTX *ctx = ctx_of(pkey);
    psa_status_t st = ctx != NULL && EVP_PKEY_sign_init(ctx) == 1 ? cai_ossl_sign(ctx, hash, sig)
                                                                  : PSA_ERROR_GENERIC_ERROR;
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return st;
}

psa_status_t cai_be_ecdsa_verify(const uint8_t pub[CAI_P256_PUB_LEN],
                                 const uint8_t hash[CAI_SHA256_LEN],
                                 const uint8_t sig[CAI_P256_SIG_LEN])
{
    uint8_t der[CAI_P256_SIG_DER_MAX];
    size_t der_len = 0;
    if (cai_ecdsa_sig_raw_to_der(sig, der, sizeof der, &der_len) != PSA_SUCCESS) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    psa_status_t st;
    EVP_PKEY *pkey = cai_ossl_public_key(pub);
    EVP_PKEY_CTX *ctx = ctx_of(pkey);
    if (pkey == NULL) {
        st = PSA_ERROR_INVALID_ARGUMENT; /* not a valid point */
    } else if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1) {
        st = PSA_ERROR_GENERIC_ERROR;
    } else {
        /* 1 = good; 0 = bad signature; < 0 = malformed (e.g. r or s out of
         * range), which is a bad signature too. */
        st = EVP_PKEY_verify(ctx, der, der_len, hash, CAI_SHA256_LEN) == 1
                 ? PSA_SUCCESS
                 : PSA_ERROR_INVALID_SIGNATURE;
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return st;
}

psa_status_t cai_ossl_derive(EVP_PKEY *own, const uint8_t peer[CAI_P256_PUB_LEN],
                             uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    size_t len = CAI_P256_ECDH_LEN;
    EVP_PKEY *peer_key = cai_ossl_public_key(peer);
    EVP_PKEY_CTX *ctx = ctx_of(own);
    if (peer_key == NULL) {
        st = PSA_ERROR_INVALID_ARGUMENT; /* not a valid point */
    } else if (ctx != NULL && EVP_PKEY_derive_init(ctx) == 1 &&
               /* validate_peer = 0: cai_ossl_public_key validated the point
                * completely (SP 800-56A §5.6.2.3.4 with cofactor 1); OpenSSL's
                * own check would add a scalar multiplication by n per call. */
               EVP_PKEY_derive_set_peer_ex(ctx, peer_key, 0) == 1 &&
               EVP_PKEY_derive(ctx, shared_x, &len) == 1 && len == CAI_P256_ECDH_LEN) {
        st = PSA_SUCCESS;
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer_key);
    return st;
}

psa_status_t cai_be_ecdh(const uint8_t priv[CAI_P256_PRIV_LEN],
                         const uint8_t peer[CAI_P256_PUB_LEN], uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    EVP_PKEY *pkey = cai_ossl_pkey_from_private(priv, NULL);
    psa_status_t st =
        pkey != NULL ? cai_ossl_derive(pkey, peer, shared_x) : PSA_ERROR_GENERIC_ERROR;
    EVP_PKEY_free(pkey);
    return st;
}
