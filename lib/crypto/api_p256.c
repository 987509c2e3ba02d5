/* SPDX-License-Identifier: Apache-2.0 */
/*
 * P-256 key handling, ECDSA and ECDH: argument checks in front of the backend.
 * The private-scalar range check lives here (once for both backends) and runs
 * in constant time because the scalar is secret.
 */
#include <string.h>

#include "api_internal.h"
#include "backend.h"

/* Order n of the P-256 base point (SEC 2 v2, §2.4.2; FIPS 186-4 D.1.2.3). */
static const uint8_t p256_n[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/* (n - 1) / 2, the largest low-S value (n is odd). */
static const uint8_t p256_half_n[32] = {
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8,
};

/* out = a - b over 32 big-endian bytes (out may be NULL); returns the final
 * borrow (1 when a < b). No branch on the data. */
static unsigned sub32(const uint8_t a[32], const uint8_t b[32], uint8_t *out)
{
    unsigned borrow = 0;
    for (size_t i = 32; i-- > 0;) {
        unsigned diff = (unsigned)a[i] - (unsigned)b[i] - borrow;
        borrow = (diff >> 8) & 1u;
        if (out != NULL) {
            out[i] = (uint8_t)diff;
        }
    }
    return borrow;
}

int cai_ecdsa_p256_sig_is_low_s(const uint8_t sig[CAI_P256_SIG_LEN])
{
    /* s <= (n-1)/2 <=> (n-1)/2 - s does not borrow */
    return sig != NULL && sub32(p256_half_n, sig + 32, NULL) == 0;
}

void cai_ecdsa_p256_sig_normalize(uint8_t sig[CAI_P256_SIG_LEN])
{
    if (sig == NULL) {
        return;
    }
    uint8_t *s = sig + 32;
    uint8_t neg[32];
    unsigned high = sub32(p256_half_n, s, NULL); /* s > (n-1)/2 */
    unsigned below_n = sub32(s, p256_n, NULL);   /* s < n */
    (void)sub32(p256_n, s, neg);
    /* Select n - s or s with a mask, not a branch: whether a signature was
     * high-S says nothing secret, but it costs nothing to be uniform. */
    uint8_t mask = (uint8_t)(0u - (high & below_n));
    for (size_t i = 0; i < 32; i++) {
        s[i] = (uint8_t)((s[i] & (uint8_t)~mask) | (neg[i] & mask));
    }
    cai_wipe(neg, sizeof neg);
}

/* 1 when 0 < d < n. Computes the borrow of d - n over all 32 bytes and ORs
 * all bytes together, with no branch or early exit on secret data. */
int cai_api_scalar_in_range(const uint8_t d[CAI_P256_PRIV_LEN])
{
    unsigned borrow = 0;
    unsigned any = 0;

    for (size_t i = CAI_P256_PRIV_LEN; i-- > 0;) {
        unsigned diff = (unsigned)d[i] - (unsigned)p256_n[i] - borrow;
        borrow = (diff >> 8) & 1u;
        any |= d[i];
    }
    /* borrow == 1 <=> d < n; any != 0 <=> d != 0. */
    unsigned nonzero = (any | (0u - any)) >> (sizeof(unsigned) * 8u - 1u);
    return (int)(borrow & nonzero);
}

psa_status_t cai_api_check_pub_shape(const uint8_t *pub, size_t pub_len)
{
    if (pub == NULL || pub_len != CAI_P256_PUB_LEN || pub[0] != 0x04) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_p256_public_from_private(const uint8_t priv[CAI_P256_PRIV_LEN],
                                          uint8_t pub[CAI_P256_PUB_LEN])
{
    if (priv == NULL || pub == NULL || !cai_api_scalar_in_range(priv)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = cai_be_init();
    if (st == PSA_SUCCESS) {
        st = cai_be_p256_public_from_private(priv, pub);
    }
    if (st != PSA_SUCCESS) {
        memset(pub, 0, CAI_P256_PUB_LEN);
    }
    return st;
}

psa_status_t cai_p256_check_public(const uint8_t *pub, size_t pub_len)
{
    psa_status_t st = cai_api_check_pub_shape(pub, pub_len);
    if (st == PSA_SUCCESS) {
        st = cai_be_init();
    }
    if (st == PSA_SUCCESS) {
        st = cai_be_p256_check_public(pub);
    }
    return st;
}

/* Rejection sampling of a uniform scalar in [1, n-1] (FIPS 186-4 B.4.2):
 * a random 32-byte string is out of range with probability ~2^-32, so the
 * bound on attempts is only a guard against a broken generator. */
#define GENERATE_MAX_TRIES 64

psa_status_t cai_p256_generate(uint8_t priv[CAI_P256_PRIV_LEN], uint8_t pub[CAI_P256_PUB_LEN])
{
    if (priv == NULL || pub == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = PSA_ERROR_GENERIC_ERROR;
    for (int i = 0; i < GENERATE_MAX_TRIES; i++) {
        st = cai_random(priv, CAI_P256_PRIV_LEN);
        if (st != PSA_SUCCESS) {
            break;
        }
        if (cai_api_scalar_in_range(priv)) {
            st = cai_be_p256_public_from_private(priv, pub);
            break;
        }
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st != PSA_SUCCESS) {
        cai_wipe(priv, CAI_P256_PRIV_LEN);
        memset(pub, 0, CAI_P256_PUB_LEN);
    }
    return st;
}

psa_status_t cai_ecdsa_p256_sign_hash(const uint8_t priv[CAI_P256_PRIV_LEN],
                                      const uint8_t hash[CAI_SHA256_LEN],
                                      uint8_t sig[CAI_P256_SIG_LEN])
{
    if (priv == NULL || hash == NULL || sig == NULL || !cai_api_scalar_in_range(priv)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = cai_be_init();
    if (st == PSA_SUCCESS) {
        st = cai_be_ecdsa_sign(priv, hash, sig);
    }
    if (st == PSA_SUCCESS) {
        cai_ecdsa_p256_sig_normalize(sig); /* one encoding per signature */
    } else {
        memset(sig, 0, CAI_P256_SIG_LEN);
    }
    return st;
}

psa_status_t cai_ecdsa_p256_verify_hash(const uint8_t *pub, size_t pub_len,
                                        const uint8_t hash[CAI_SHA256_LEN],
                                        const uint8_t sig[CAI_P256_SIG_LEN])
{
    psa_status_t st = cai_api_check_pub_shape(pub, pub_len);
    if (st != PSA_SUCCESS || hash == NULL || sig == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    st = cai_be_init();
    if (st != PSA_SUCCESS) {
        return st;
    }
    return cai_be_ecdsa_verify(pub, hash, sig);
}

psa_status_t cai_ecdh_p256(const uint8_t priv[CAI_P256_PRIV_LEN], const uint8_t *peer_pub,
                           size_t peer_pub_len, uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    psa_status_t st = cai_api_check_pub_shape(peer_pub, peer_pub_len);
    if (st != PSA_SUCCESS || priv == NULL || shared_x == NULL || !cai_api_scalar_in_range(priv)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    st = cai_be_init();
    if (st == PSA_SUCCESS) {
        st = cai_be_ecdh(priv, peer_pub, shared_x);
    }
    if (st != PSA_SUCCESS) {
        cai_wipe(shared_x, CAI_P256_ECDH_LEN);
    }
    return st;
}
