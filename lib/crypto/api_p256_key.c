/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Prepared P-256 keys: argument and state checks in front of the backend.
 * The front end owns the head of cai_p256_key_t (a live marker and the
 * public key, so cai_p256_key_public needs no backend); the backend owns the
 * rest (backend.h).
 */
#include <stdbool.h>
#include <string.h>

#include "api_internal.h"
#include "backend.h"

/* A marker that zeroed or wiped storage does not carry, so using a key that
 * was never imported or is destroyed is caught (PSA_ERROR_BAD_STATE) instead
 * of handing the backend a dangling object. */
#define KEY_LIVE 0x4b323536u /* "K256" */

typedef struct key_head {
    uint32_t live;
    uint8_t pub[CAI_P256_PUB_LEN];
} key_head_t;

_Static_assert(sizeof(key_head_t) <= CAI_P256_KEY_BE_OFFSET, "front-end state overlaps backend");
_Static_assert(CAI_P256_KEY_BE_OFFSET % 16u == 0, "backend state must stay 16-byte aligned");

static key_head_t *head(cai_p256_key_t *key)
{
    return (key_head_t *)(void *)key->opaque;
}

static const key_head_t *chead(const cai_p256_key_t *key)
{
    return (const key_head_t *)(const void *)key->opaque;
}

static bool is_live(const cai_p256_key_t *key)
{
    return chead(key)->live == KEY_LIVE;
}

psa_status_t cai_p256_key_import(cai_p256_key_t *key, const uint8_t priv[CAI_P256_PRIV_LEN])
{
    if (key == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* Whatever the storage held is ignored (it may be uninitialised stack). */
    cai_wipe(key, sizeof *key);
    if (priv == NULL || !cai_api_scalar_in_range(priv)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    key_head_t *h = head(key);
    psa_status_t st = cai_be_init();
    if (st == PSA_SUCCESS) {
        st = cai_be_p256_public_from_private(priv, h->pub);
    }
    if (st == PSA_SUCCESS) {
        st = cai_be_p256_key_import(key, priv, h->pub);
        if (st != PSA_SUCCESS) {
            cai_be_p256_key_release(key);
        }
    }
    if (st != PSA_SUCCESS) {
        cai_wipe(key, sizeof *key);
        return st;
    }
    h->live = KEY_LIVE;
    return PSA_SUCCESS;
}

psa_status_t cai_p256_key_sign_hash(cai_p256_key_t *key, const uint8_t hash[CAI_SHA256_LEN],
                                    uint8_t sig[CAI_P256_SIG_LEN])
{
    if (key == NULL || hash == NULL || sig == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = is_live(key) ? cai_be_p256_key_sign(key, hash, sig) : PSA_ERROR_BAD_STATE;
    if (st == PSA_SUCCESS) {
        cai_ecdsa_p256_sig_normalize(sig); /* low-S, as cai_ecdsa_p256_sign_hash */
    } else {
        memset(sig, 0, CAI_P256_SIG_LEN);
    }
    return st;
}

psa_status_t cai_p256_key_ecdh(cai_p256_key_t *key, const uint8_t *peer_pub, size_t peer_pub_len,
                               uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    if (key == NULL || shared_x == NULL ||
        cai_api_check_pub_shape(peer_pub, peer_pub_len) != PSA_SUCCESS) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st =
        is_live(key) ? cai_be_p256_key_ecdh(key, peer_pub, shared_x) : PSA_ERROR_BAD_STATE;
    if (st != PSA_SUCCESS) {
        cai_wipe(shared_x, CAI_P256_ECDH_LEN);
    }
    return st;
}

psa_status_t cai_p256_key_public(const cai_p256_key_t *key, uint8_t pub[CAI_P256_PUB_LEN])
{
    if (key == NULL || pub == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!is_live(key)) {
        return PSA_ERROR_BAD_STATE;
    }
    memcpy(pub, chead(key)->pub, CAI_P256_PUB_LEN);
    return PSA_SUCCESS;
}

void cai_p256_key_destroy(cai_p256_key_t *key)
{
    if (key == NULL) {
        return;
    }
    if (is_live(key)) {
        cai_be_p256_key_release(key);
    }
    cai_wipe(key, sizeof *key);
}
