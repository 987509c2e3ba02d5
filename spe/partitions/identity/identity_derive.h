/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key derivation from the hardware unique key (docs/design.md §4): the two
 * HKDF-SHA256 steps TF-M uses for keys derived from its HUK, the device UUID,
 * and P-256 private scalars. Pure functions over caller memory: the identity
 * partition holds the results, nothing here keeps state.
 */
#ifndef CAI_IDENTITY_DERIVE_H
#define CAI_IDENTITY_DERIVE_H

#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"
#include "psa/error.h"

#define CAI_HUK_LEN  32u
#define CAI_OKM_LEN  32u
#define CAI_UUID_LEN 16u
/* "8-4-4-4-12" lowercase hex and a NUL. */
#define CAI_UUID_STR_LEN 37u

/* The partition-specific key: PK = HKDF-SHA256(salt = empty, IKM = huk,
 * info = partition_id as int32 little-endian, L = 32). */
psa_status_t identity_derive_partition_key(const uint8_t huk[CAI_HUK_LEN], int32_t partition_id,
                                           uint8_t pk[CAI_OKM_LEN]);

/* okm = HKDF-SHA256(salt = empty, IKM = pk, info = label, L = 32). label is
 * 1..64 bytes. */
psa_status_t identity_derive_okm(const uint8_t pk[CAI_OKM_LEN], const char *label,
                                 uint8_t okm[CAI_OKM_LEN]);

/* The P-256 key of label: the scalar is okm read big-endian. Fails with
 * PSA_ERROR_INVALID_ARGUMENT when okm is 0 or >= n (no retry, no reduction:
 * a device whose HUK gives such a scalar has no such key, and says so). */
psa_status_t identity_derive_p256(const uint8_t pk[CAI_OKM_LEN], const char *label,
                                  uint8_t priv[CAI_P256_PRIV_LEN], uint8_t pub[CAI_P256_PUB_LEN]);

/* The UUID: the first 16 bytes of okm("UUID") with the RFC 9562 version 4
 * (byte 6 high nibble 0100) and variant (byte 8 top bits 10) set. */
psa_status_t identity_derive_uuid(const uint8_t pk[CAI_OKM_LEN], uint8_t uuid[CAI_UUID_LEN]);
/* Lowercase 8-4-4-4-12 text of a UUID. */
void identity_derive_uuid_str(const uint8_t uuid[CAI_UUID_LEN], char out[CAI_UUID_STR_LEN]);

#endif /* CAI_IDENTITY_DERIVE_H */
