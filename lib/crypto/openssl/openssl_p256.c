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

psa_status_t cai_be_p256_check_public(const uint8_t pub[CAI_P256_PUB_LEN])
{
    /* Decoding checks x, y < p and the curve equation; the cache adds the
     * "quick" public-key check. For P-256 (cofactor 1) every such point other
     * than infinity (which has no 65-byte encoding) has order n, so this is
     * the full validation of SP 800-56A §5.6.2.3.3. Cached: COSE checks the
     * same verification key again and again. */
    cai_ossl_cache_lock();
    EVP_PKEY_CTX *ctx = cai_ossl_cache_get(CAI_OSSL_VERIFY, pub, CAI_P256_PUB_LEN, NULL);
    cai_ossl_cache_unlock();
    return ctx != NULL ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
}

psa_status_t cai_be_ecdsa_sign(const uint8_t priv[CAI_P256_PRIV_LEN],
                               const uint8_t hash[CAI_SHA256_LEN], uint8_t sig[CAI_P256_SIG_LEN])
{
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    uint8_t der[CAI_P256_SIG_DER_MAX];
    size_t der_len = sizeof der;
    cai_ossl_cache_lock();
    EVP_PKEY_CTX *ctx = cai_ossl_cache_get(CAI_OSSL_SIGN, priv, CAI_P256_PRIV_LEN, NULL);
    if (ctx != NULL && EVP_PKEY_sign(ctx, der, &der_len, hash, CAI_SHA256_LEN) == 1) {
        st = PSA_SUCCESS;
    }
    cai_ossl_cache_unlock();
    if (st == PSA_SUCCESS && cai_ecdsa_sig_der_to_raw(der, der_len, sig) != PSA_SUCCESS) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
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
    cai_ossl_cache_lock();
    EVP_PKEY_CTX *ctx = cai_ossl_cache_get(CAI_OSSL_VERIFY, pub, CAI_P256_PUB_LEN, NULL);
    if (ctx == NULL) {
        st = PSA_ERROR_INVALID_ARGUMENT; /* not a point of the curve */
    } else {
        /* 1 = good; 0 = bad signature; < 0 = malformed (e.g. r or s out of
         * range), which is a bad signature too. */
        st = EVP_PKEY_verify(ctx, der, der_len, hash, CAI_SHA256_LEN) == 1
                 ? PSA_SUCCESS
                 : PSA_ERROR_INVALID_SIGNATURE;
    }
    cai_ossl_cache_unlock();
    return st;
}

psa_status_t cai_be_ecdh(const uint8_t priv[CAI_P256_PRIV_LEN],
                         const uint8_t peer[CAI_P256_PUB_LEN], uint8_t shared_x[32])
{
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    size_t len = 32;
    EVP_PKEY *pkey = cai_ossl_pkey_from_private(priv);
    EVP_PKEY_CTX *ctx = pkey != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
    if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1) {
        goto out;
    }
    cai_ossl_cache_lock();
    /* The peer key comes from the cache, checked on the curve when it was
     * added (with cofactor 1 that is the complete public-key validation of
     * SP 800-56A §5.6.2.3.4), so OpenSSL need not validate it again. */
    EVP_PKEY *peer_key = NULL;
    if (cai_ossl_cache_get(CAI_OSSL_VERIFY, peer, CAI_P256_PUB_LEN, &peer_key) == NULL) {
        st = PSA_ERROR_INVALID_ARGUMENT;
    } else if (EVP_PKEY_derive_set_peer_ex(ctx, peer_key, 0) == 1 &&
               EVP_PKEY_derive(ctx, shared_x, &len) == 1 && len == 32) {
        st = PSA_SUCCESS;
    }
    cai_ossl_cache_unlock();
out:
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return st;
}
