/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AES-GCM: argument checks in front of the backend, and the "no plaintext on
 * failure" rule enforced once for both backends.
 */
#include <string.h>

#include "backend.h"

static int aes_key_len_ok(size_t key_len)
{
    return key_len == 16 || key_len == 24 || key_len == 32;
}

/* NIST SP 800-38D §5.2.1.1: plaintext <= 2^39-256 bits. IVs are limited to
 * 128 bytes, the most OpenSSL 3.0's GCM accepts, so that both backends take
 * the same inputs (COSE uses 12-byte IVs). */
#define GCM_MAX_TEXT ((uint64_t)0xFFFFFFFE0ull)
#define GCM_MAX_IV   128u
/* Full-length tags only (the cai profile: COSE A256GCM content, protected
 * storage). SP 800-38D allows 4..16 bytes, but a 4-byte tag is forged with
 * probability 2^-32 per try, and no cai format uses a short tag. */
#define GCM_TAG_LEN 16u

static psa_status_t gcm_check(const uint8_t *key, size_t key_len, const uint8_t *iv, size_t iv_len,
                              const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len,
                              const uint8_t *out, const uint8_t *tag, size_t tag_len)
{
    if (key == NULL || !aes_key_len_ok(key_len) || iv == NULL || iv_len == 0 ||
        iv_len > GCM_MAX_IV || (aad == NULL && aad_len != 0) || (in == NULL && in_len != 0) ||
        (out == NULL && in_len != 0) || tag == NULL || tag_len != GCM_TAG_LEN ||
        (uint64_t)in_len > GCM_MAX_TEXT) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* Partial overlap would corrupt the output in either backend. */
    if (in_len != 0 && in != out && in < out + in_len && out < in + in_len) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_aes_gcm_encrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                 size_t iv_len, const uint8_t *aad, size_t aad_len,
                                 const uint8_t *in, size_t in_len, uint8_t *out, uint8_t *tag,
                                 size_t tag_len)
{
    psa_status_t st =
        gcm_check(key, key_len, iv, iv_len, aad, aad_len, in, in_len, out, tag, tag_len);
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = cai_be_gcm_encrypt(key, key_len, iv, iv_len, aad, aad_len, in, in_len, out, tag, tag_len);
    if (st != PSA_SUCCESS) {
        cai_wipe(out, in_len);
        cai_wipe(tag, tag_len);
    }
    return st;
}

psa_status_t cai_aes_gcm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                 size_t iv_len, const uint8_t *aad, size_t aad_len,
                                 const uint8_t *in, size_t in_len, const uint8_t *tag,
                                 size_t tag_len, uint8_t *out)
{
    psa_status_t st =
        gcm_check(key, key_len, iv, iv_len, aad, aad_len, in, in_len, out, tag, tag_len);
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = cai_be_gcm_decrypt(key, key_len, iv, iv_len, aad, aad_len, in, in_len, tag, tag_len, out);
    if (st != PSA_SUCCESS) {
        /* Unauthenticated plaintext must never reach the caller. */
        cai_wipe(out, in_len);
    }
    return st;
}
