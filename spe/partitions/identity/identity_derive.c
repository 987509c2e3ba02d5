/* SPDX-License-Identifier: Apache-2.0 */
#include "identity_derive.h"

#include <string.h>

#define LABEL_MAX 64u

psa_status_t identity_derive_partition_key(const uint8_t huk[CAI_HUK_LEN], int32_t partition_id,
                                           uint8_t pk[CAI_OKM_LEN])
{
    const uint32_t id = (uint32_t)partition_id;
    const uint8_t info[4] = { (uint8_t)id, (uint8_t)(id >> 8), (uint8_t)(id >> 16),
                              (uint8_t)(id >> 24) };
    return cai_hkdf_sha256(NULL, 0, huk, CAI_HUK_LEN, info, sizeof(info), pk, CAI_OKM_LEN);
}

psa_status_t identity_derive_okm(const uint8_t pk[CAI_OKM_LEN], const char *label,
                                 uint8_t okm[CAI_OKM_LEN])
{
    size_t n = label == NULL ? 0 : strlen(label);
    if (n == 0 || n > LABEL_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return cai_hkdf_sha256(NULL, 0, pk, CAI_OKM_LEN, (const uint8_t *)label, n, okm, CAI_OKM_LEN);
}

psa_status_t identity_derive_p256(const uint8_t pk[CAI_OKM_LEN], const char *label,
                                  uint8_t priv[CAI_P256_PRIV_LEN], uint8_t pub[CAI_P256_PUB_LEN])
{
    psa_status_t st = identity_derive_okm(pk, label, priv);
    if (st == PSA_SUCCESS) {
        /* Rejects 0 and >= n in constant time (lib/crypto/api_p256.c). */
        st = cai_p256_public_from_private(priv, pub);
    }
    if (st != PSA_SUCCESS) {
        cai_wipe(priv, CAI_P256_PRIV_LEN);
        memset(pub, 0, CAI_P256_PUB_LEN);
    }
    return st;
}

psa_status_t identity_derive_uuid(const uint8_t pk[CAI_OKM_LEN], uint8_t uuid[CAI_UUID_LEN])
{
    uint8_t okm[CAI_OKM_LEN];
    psa_status_t st = identity_derive_okm(pk, "UUID", okm);
    if (st == PSA_SUCCESS) {
        memcpy(uuid, okm, CAI_UUID_LEN);
        uuid[6] = (uint8_t)((uuid[6] & 0x0fu) | 0x40u); /* version 4 */
        uuid[8] = (uint8_t)((uuid[8] & 0x3fu) | 0x80u); /* variant 10 */
    }
    cai_wipe(okm, sizeof(okm));
    return st;
}

void identity_derive_uuid_str(const uint8_t uuid[CAI_UUID_LEN], char out[CAI_UUID_STR_LEN])
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < CAI_UUID_LEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out[o++] = '-';
        }
        out[o++] = digits[uuid[i] >> 4];
        out[o++] = digits[uuid[i] & 0x0fu];
    }
    out[o] = '\0';
}
