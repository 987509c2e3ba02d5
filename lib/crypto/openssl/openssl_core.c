/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* pthread_once: the OpenSSL backend is host-only */
/*
 * OpenSSL 3.0 backend: name, init, randomness and P-256 key objects.
 * Host only: OpenSSL allocates on the heap freely, which is acceptable for
 * the host SPE process but is why the an521 image uses mbedTLS.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "../backend.h"
#include "openssl_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_once_t name_once = PTHREAD_ONCE_INIT;
static EC_GROUP *p256_group;
static EVP_PKEY *p256_params; /* domain parameters only: the template of public keys */
static int init_ok;
static char backend_name[64];

static void name_once_fn(void)
{
    /* The version of the library actually loaded, not of the headers. */
    (void)snprintf(backend_name, sizeof backend_name, "openssl-%s",
                   OpenSSL_version(OPENSSL_VERSION_STRING));
}

const char *cai_be_name(void)
{
    (void)pthread_once(&name_once, name_once_fn);
    return backend_name;
}

static struct cai_ossl_algs algs;

static void init_once_fn(void)
{
    /* OpenSSL seeds its DRBG from the OS on first use. The group and the
     * algorithms are made once and live until process exit:
     * EC_GROUP_new_by_curve_name per call would cost more than the
     * multiplication it serves. */
    static const char *const gcm_names[3] = { "AES-128-GCM", "AES-192-GCM", "AES-256-GCM" };
    static const char *const ecb_names[3] = { "AES-128-ECB", "AES-192-ECB", "AES-256-ECB" };
    if (OPENSSL_init_crypto(0, NULL) != 1) {
        return;
    }
    p256_group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (pctx == NULL || EVP_PKEY_paramgen_init(pctx) != 1 ||
        EVP_PKEY_CTX_set_group_name(pctx, "P-256") != 1 ||
        EVP_PKEY_paramgen(pctx, &p256_params) != 1) {
        p256_params = NULL;
    }
    EVP_PKEY_CTX_free(pctx);
    algs.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    algs.hkdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    int ok = p256_group != NULL && p256_params != NULL && algs.sha256 != NULL && algs.hkdf != NULL;
    for (int i = 0; i < 3; i++) {
        algs.gcm[i] = EVP_CIPHER_fetch(NULL, gcm_names[i], NULL);
        algs.ecb[i] = EVP_CIPHER_fetch(NULL, ecb_names[i], NULL);
        ok = ok && algs.gcm[i] != NULL && algs.ecb[i] != NULL;
    }
    init_ok = ok;
}

const struct cai_ossl_algs *cai_ossl_algs(void)
{
    return cai_be_init() == PSA_SUCCESS ? &algs : NULL;
}

psa_status_t cai_be_init(void)
{
    (void)pthread_once(&init_once, init_once_fn);
    return init_ok ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

const EC_GROUP *cai_ossl_p256_group(void)
{
    return p256_group;
}

psa_status_t cai_be_random(uint8_t *out, size_t len)
{
    while (len > 0) {
        int chunk = len > (size_t)INT_MAX ? INT_MAX : (int)len;
        if (RAND_bytes(out, chunk) != 1) {
            return PSA_ERROR_GENERIC_ERROR;
        }
        out += chunk;
        len -= (size_t)chunk;
    }
    return PSA_SUCCESS;
}

static EVP_PKEY *pkey_from_params(OSSL_PARAM_BLD *bld, int selection)
{
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL ||
        !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0)) {
        goto out;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    if (params == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, selection, params) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
out:
    OSSL_PARAM_free(params); /* OSSL_PARAM_free clears secure-heap copies */
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

EVP_PKEY *cai_ossl_pkey_from_private(const uint8_t priv[CAI_P256_PRIV_LEN], const uint8_t *pub)
{
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *d = BN_secure_new();
    if (bld != NULL && d != NULL && BN_bin2bn(priv, CAI_P256_PRIV_LEN, d) != NULL &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
        (pub == NULL ||
         OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, CAI_P256_PUB_LEN))) {
        pkey = pkey_from_params(bld, EVP_PKEY_KEYPAIR);
    }
    BN_clear_free(d);
    OSSL_PARAM_BLD_free(bld);
    return pkey;
}

EVP_PKEY *cai_ossl_pkey_from_public(const uint8_t pub[CAI_P256_PUB_LEN])
{
    /* From the parameters template rather than EVP_PKEY_fromdata with a
     * group name: fromdata builds a new EC_GROUP per key, which costs OpenSSL
     * 3.0 about 4 times what the rest does (measured 41 vs 10 us), and every
     * verification and key agreement with a raw public key comes through
     * here. Setting the encoded point decodes it (EC_POINT_oct2point), which
     * checks that both coordinates are < p and that it lies on the curve. */
    EVP_PKEY *pkey = EVP_PKEY_new();
    if (pkey == NULL || EVP_PKEY_copy_parameters(pkey, p256_params) != 1 ||
        EVP_PKEY_set1_encoded_public_key(pkey, pub, CAI_P256_PUB_LEN) != 1) {
        EVP_PKEY_free(pkey);
        return NULL;
    }
    return pkey;
}
