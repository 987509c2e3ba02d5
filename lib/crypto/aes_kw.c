/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 3394 AES key wrap (the "index-based" form of §2.2.1/§2.2.2), with the
 * default IV A6A6A6A6A6A6A6A6. This is the one primitive cai writes itself:
 * Debian's mbedTLS 2.28 is built without MBEDTLS_NIST_KW_C. It runs over the
 * single-block AES-ECB each backend provides (backend.h).
 */
#include <string.h>

#include "backend.h"

#define KW_SEMIBLOCK 8u
#define KW_ROUNDS    6u

static const uint8_t kw_default_iv[KW_SEMIBLOCK] = {
    0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6,
};

static int kek_len_ok(size_t kek_len)
{
    return kek_len == 16 || kek_len == 24 || kek_len == 32;
}

/* A ^= t, with t a 64-bit big-endian counter (RFC 3394 §2.2.1 step 2). */
static void xor_counter(uint8_t a[KW_SEMIBLOCK], uint64_t t)
{
    for (size_t i = 0; i < KW_SEMIBLOCK; i++) {
        a[KW_SEMIBLOCK - 1 - i] ^= (uint8_t)(t >> (8 * i));
    }
}

psa_status_t cai_aes_kw_wrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
                             uint8_t *out)
{
    if (kek == NULL || !kek_len_ok(kek_len) || in == NULL || out == NULL ||
        in_len < 2 * KW_SEMIBLOCK || in_len % KW_SEMIBLOCK != 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    cai_aes_block_ctx aes;
    psa_status_t st = cai_be_aes_block_setup(&aes, kek, kek_len, 0);
    if (st != PSA_SUCCESS) {
        return st;
    }
    const size_t n = in_len / KW_SEMIBLOCK;
    uint8_t *r = out + KW_SEMIBLOCK; /* R[1..n] live in out after A */
    uint8_t b[16];

    memmove(r, in, in_len); /* memmove: in and out may overlap */
    memcpy(b, kw_default_iv, KW_SEMIBLOCK);
    for (uint64_t j = 0; j < KW_ROUNDS && st == PSA_SUCCESS; j++) {
        for (size_t i = 0; i < n; i++) {
            /* B = AES(K, A | R[i]); A = MSB64(B) ^ t; R[i] = LSB64(B) */
            memcpy(b + KW_SEMIBLOCK, r + i * KW_SEMIBLOCK, KW_SEMIBLOCK);
            st = cai_be_aes_block(&aes, b, b);
            if (st != PSA_SUCCESS) {
                break;
            }
            xor_counter(b, n * j + i + 1);
            memcpy(r + i * KW_SEMIBLOCK, b + KW_SEMIBLOCK, KW_SEMIBLOCK);
        }
    }
    memcpy(out, b, KW_SEMIBLOCK);
    cai_wipe(b, sizeof b);
    cai_be_aes_block_free(&aes);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, in_len + KW_SEMIBLOCK);
    }
    return st;
}

psa_status_t cai_aes_kw_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
                               uint8_t *out)
{
    if (kek == NULL || !kek_len_ok(kek_len) || in == NULL || out == NULL ||
        in_len < 3 * KW_SEMIBLOCK || in_len % KW_SEMIBLOCK != 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    cai_aes_block_ctx aes;
    psa_status_t st = cai_be_aes_block_setup(&aes, kek, kek_len, 1);
    if (st != PSA_SUCCESS) {
        return st;
    }
    const size_t n = in_len / KW_SEMIBLOCK - 1;
    uint8_t b[16];

    memcpy(b, in, KW_SEMIBLOCK);                       /* A = C[0], read before out is written */
    memmove(out, in + KW_SEMIBLOCK, n * KW_SEMIBLOCK); /* R[1..n] */
    for (uint64_t j = KW_ROUNDS; j-- > 0 && st == PSA_SUCCESS;) {
        for (size_t i = n; i-- > 0;) {
            /* B = AES-1(K, (A ^ t) | R[i]); A = MSB64(B); R[i] = LSB64(B) */
            xor_counter(b, n * j + i + 1);
            memcpy(b + KW_SEMIBLOCK, out + i * KW_SEMIBLOCK, KW_SEMIBLOCK);
            st = cai_be_aes_block(&aes, b, b);
            if (st != PSA_SUCCESS) {
                break;
            }
            memcpy(out + i * KW_SEMIBLOCK, b + KW_SEMIBLOCK, KW_SEMIBLOCK);
        }
    }
    cai_be_aes_block_free(&aes);
    /* Integrity check (§2.2.3.1) in constant time; on failure nothing of the
     * unwrapped key is released. */
    if (st == PSA_SUCCESS && cai_ct_compare(b, kw_default_iv, KW_SEMIBLOCK) != 0) {
        st = PSA_ERROR_INVALID_SIGNATURE;
    }
    cai_wipe(b, sizeof b);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, n * KW_SEMIBLOCK);
    }
    return st;
}
