/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Adapters from a prepared P-256 key held in this process to the COSE key
 * references (cai_cose_signer_t, cai_cose_ecdh_t), and the raw-key adapters
 * for tools and tests. A partition whose key lives elsewhere writes its own
 * callbacks (an IPC call naming a cai_key_id_t) and needs none of this.
 */
#include "cai/cose.h"

static psa_status_t key_sign_hash(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                                  uint8_t sig[CAI_P256_SIG_LEN])
{
    return cai_p256_key_sign_hash(ctx, digest, sig);
}

static psa_status_t key_ecdh(void *ctx, const uint8_t peer_pub[CAI_P256_PUB_LEN],
                             uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    return cai_p256_key_ecdh(ctx, peer_pub, CAI_P256_PUB_LEN, shared_x);
}

cai_cose_signer_t cai_cose_signer_from_key(cai_p256_key_t *key, const uint8_t *kid, size_t kid_len)
{
    const cai_cose_signer_t s = {
        .alg = CAI_COSE_ALG_ES256,
        .kid = kid,
        .kid_len = kid_len,
        .sign_hash = key_sign_hash,
        .ctx = key,
    };
    return s;
}

cai_cose_ecdh_t cai_cose_ecdh_from_key(cai_p256_key_t *key)
{
    const cai_cose_ecdh_t a = { .ecdh = key_ecdh, .ctx = key };
    return a;
}

static cai_cose_err_t import(cai_p256_key_t *storage, const uint8_t priv[CAI_P256_PRIV_LEN])
{
    psa_status_t st = cai_p256_key_import(storage, priv);
    if (st == PSA_SUCCESS) {
        return CAI_COSE_OK;
    }
    return st == PSA_ERROR_INVALID_ARGUMENT ? CAI_COSE_ERR_KEY : CAI_COSE_ERR_CRYPTO;
}

cai_cose_err_t cai_cose_signer_from_raw(cai_p256_key_t *storage,
                                        const uint8_t priv[CAI_P256_PRIV_LEN], const uint8_t *kid,
                                        size_t kid_len, cai_cose_signer_t *signer)
{
    if (storage == NULL || priv == NULL || signer == NULL || (kid == NULL && kid_len != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    cai_cose_err_t e = import(storage, priv);
    if (e == CAI_COSE_OK) {
        *signer = cai_cose_signer_from_key(storage, kid, kid_len);
    }
    return e;
}

cai_cose_err_t cai_cose_ecdh_from_raw(cai_p256_key_t *storage,
                                      const uint8_t priv[CAI_P256_PRIV_LEN], cai_cose_ecdh_t *ecdh)
{
    if (storage == NULL || priv == NULL || ecdh == NULL) {
        return CAI_COSE_ERR_ARG;
    }
    cai_cose_err_t e = import(storage, priv);
    if (e == CAI_COSE_OK) {
        *ecdh = cai_cose_ecdh_from_key(storage);
    }
    return e;
}
