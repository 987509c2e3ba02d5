/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ECDSA signature encodings: raw r||s (COSE, RFC 9053 §2.1) <-> DER
 * Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (X9.62, RFC 3279
 * §2.2.3). Only the minimal DER form is accepted; anything looser (BER long
 * lengths, padding zeros, negative numbers, trailing bytes) is a rejected
 * signature, because accepting several encodings of one signature makes
 * signatures malleable.
 */
#include <string.h>

#include "cai/crypto.h"

#define DER_SEQUENCE    0x30u
#define DER_INTEGER     0x02u
#define P256_SCALAR_LEN 32u

/* Write one non-negative INTEGER from a 32-byte big-endian value; returns the
 * number of bytes written (at most 35). */
static size_t der_put_uint(const uint8_t v[P256_SCALAR_LEN], uint8_t *dst)
{
    size_t skip = 0;
    while (skip < P256_SCALAR_LEN - 1 && v[skip] == 0) {
        skip++;
    }
    size_t len = P256_SCALAR_LEN - skip;
    size_t pad = (v[skip] & 0x80u) ? 1u : 0u; /* keep it positive */
    dst[0] = DER_INTEGER;
    dst[1] = (uint8_t)(len + pad);
    dst[2] = 0;
    memcpy(dst + 2 + pad, v + skip, len);
    return 2 + pad + len;
}

psa_status_t cai_ecdsa_sig_raw_to_der(const uint8_t sig[CAI_P256_SIG_LEN], uint8_t *der,
                                      size_t der_cap, size_t *der_len)
{
    uint8_t tmp[CAI_P256_SIG_DER_MAX];

    if (sig == NULL || der == NULL || der_len == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n = 2;
    n += der_put_uint(sig, tmp + n);
    n += der_put_uint(sig + P256_SCALAR_LEN, tmp + n);
    tmp[0] = DER_SEQUENCE;
    tmp[1] = (uint8_t)(n - 2); /* <= 70: always the short length form */
    if (der_cap < n) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    memcpy(der, tmp, n);
    *der_len = n;
    return PSA_SUCCESS;
}

/* Read one minimal, non-negative INTEGER of at most 32 value bytes at
 * der[*pos] (end = limit) into v, left-padded with zeros. */
static int der_get_uint(const uint8_t *der, size_t end, size_t *pos, uint8_t v[P256_SCALAR_LEN])
{
    size_t p = *pos;
    if (end - p < 2 || der[p] != DER_INTEGER) {
        return 0;
    }
    size_t len = der[p + 1];
    p += 2;
    if (len == 0 || len > 0x7Fu || len > end - p) {
        return 0; /* empty, long form or overrunning the sequence */
    }
    const uint8_t *c = der + p;
    if (c[0] & 0x80u) {
        return 0; /* negative */
    }
    if (len > 1 && c[0] == 0 && !(c[1] & 0x80u)) {
        return 0; /* superfluous leading zero */
    }
    if (c[0] == 0 && len > 1) {
        c++;
        len--;
    }
    if (len > P256_SCALAR_LEN) {
        return 0;
    }
    memset(v, 0, P256_SCALAR_LEN);
    memcpy(v + (P256_SCALAR_LEN - len), c, len);
    *pos = p + (size_t)(c - (der + p)) + len;
    return 1;
}

psa_status_t cai_ecdsa_sig_der_to_raw(const uint8_t *der, size_t der_len,
                                      uint8_t sig[CAI_P256_SIG_LEN])
{
    if (der == NULL || sig == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* Sequence header in short form, and its length covers exactly the rest. */
    if (der_len < 2 || der_len > CAI_P256_SIG_DER_MAX || der[0] != DER_SEQUENCE || der[1] > 0x7Fu ||
        (size_t)der[1] != der_len - 2) {
        return PSA_ERROR_INVALID_SIGNATURE;
    }
    uint8_t tmp[CAI_P256_SIG_LEN];
    size_t pos = 2;
    if (!der_get_uint(der, der_len, &pos, tmp) ||
        !der_get_uint(der, der_len, &pos, tmp + P256_SCALAR_LEN) || pos != der_len) {
        return PSA_ERROR_INVALID_SIGNATURE;
    }
    memcpy(sig, tmp, sizeof tmp);
    return PSA_SUCCESS;
}
