/* SPDX-License-Identifier: Apache-2.0 */
#include "its_seal.h"

#include <string.h>

#include "cai/crypto.h"

static psa_status_t gcm_seal(void *ctx, const uint8_t iv[CAI_ITS_IV_LEN], const uint8_t *aad,
                             size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                             uint8_t tag[CAI_ITS_TAG_LEN])
{
    return cai_aes_gcm_encrypt(ctx, 32, iv, CAI_ITS_IV_LEN, aad, aad_len, in, len, out, tag,
                               CAI_ITS_TAG_LEN);
}

static psa_status_t gcm_open(void *ctx, const uint8_t iv[CAI_ITS_IV_LEN], const uint8_t *aad,
                             size_t aad_len, const uint8_t *in, size_t len,
                             const uint8_t tag[CAI_ITS_TAG_LEN], uint8_t *out)
{
    return cai_aes_gcm_decrypt(ctx, 32, iv, CAI_ITS_IV_LEN, aad, aad_len, in, len, tag,
                               CAI_ITS_TAG_LEN, out);
}

cai_its_aead_t cai_its_aead_aes256_gcm(const uint8_t key[32])
{
    cai_its_aead_t a = { gcm_seal, gcm_open, (void *)(uintptr_t)key };
    return a;
}

static const uint8_t MAGIC[4] = { 'C', 'A', 'I', 'S' };

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* header || owner || uid */
static void make_aad(const uint8_t header[CAI_ITS_HEADER_LEN], int32_t owner, uint64_t uid,
                     uint8_t aad[CAI_ITS_AAD_LEN])
{
    memcpy(aad, header, CAI_ITS_HEADER_LEN);
    put_le32(aad + CAI_ITS_HEADER_LEN, (uint32_t)owner);
    put_le32(aad + CAI_ITS_HEADER_LEN + 4, (uint32_t)uid);
    put_le32(aad + CAI_ITS_HEADER_LEN + 8, (uint32_t)(uid >> 32));
}

psa_status_t cai_its_seal(const cai_its_aead_t *aead, int32_t owner, uint64_t uid, uint32_t flags,
                          const uint8_t iv[CAI_ITS_IV_LEN], const uint8_t *data, size_t len,
                          uint8_t *blob, size_t cap, size_t *blob_len)
{
    *blob_len = 0;
    if (len > CAI_ITS_MAX_DATA || (len > 0 && data == NULL)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (cap < CAI_ITS_SEALED_LEN(len)) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    memcpy(blob, MAGIC, sizeof(MAGIC));
    blob[4] = CAI_ITS_FORMAT_VERSION;
    blob[5] = blob[6] = blob[7] = 0;
    put_le32(blob + 8, flags);
    put_le32(blob + 12, (uint32_t)len);
    memcpy(blob + 16, iv, CAI_ITS_IV_LEN);
    uint8_t aad[CAI_ITS_AAD_LEN];
    make_aad(blob, owner, uid, aad);
    psa_status_t st = aead->seal(aead->ctx, iv, aad, sizeof(aad), data, len,
                                 blob + CAI_ITS_HEADER_LEN, blob + CAI_ITS_HEADER_LEN + len);
    if (st != PSA_SUCCESS) {
        memset(blob, 0, CAI_ITS_SEALED_LEN(len));
        return st;
    }
    *blob_len = CAI_ITS_SEALED_LEN(len);
    return PSA_SUCCESS;
}

psa_status_t cai_its_open(const cai_its_aead_t *aead, int32_t owner, uint64_t uid,
                          const uint8_t *blob, size_t blob_len, uint8_t *data, size_t cap,
                          size_t *len, uint32_t *flags)
{
    *len = 0;
    *flags = 0;
    if (blob_len < CAI_ITS_SEALED_LEN(0) || memcmp(blob, MAGIC, sizeof(MAGIC)) != 0 ||
        blob[4] != CAI_ITS_FORMAT_VERSION || blob[5] != 0 || blob[6] != 0 || blob[7] != 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    const uint32_t n = get_le32(blob + 12);
    if (n > CAI_ITS_MAX_DATA || blob_len != CAI_ITS_SEALED_LEN(n)) {
        return PSA_ERROR_STORAGE_FAILURE; /* torn or truncated, or bytes after it */
    }
    if (cap < n) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    uint8_t aad[CAI_ITS_AAD_LEN];
    make_aad(blob, owner, uid, aad);
    psa_status_t st = aead->open(aead->ctx, blob + 16, aad, sizeof(aad), blob + CAI_ITS_HEADER_LEN,
                                 n, blob + CAI_ITS_HEADER_LEN + n, data);
    if (st != PSA_SUCCESS) {
        memset(data, 0, n);
        return st == PSA_ERROR_INVALID_SIGNATURE ? st : PSA_ERROR_STORAGE_FAILURE;
    }
    *len = n;
    *flags = get_le32(blob + 8);
    return PSA_SUCCESS;
}
