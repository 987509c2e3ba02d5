/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks shared by the front-end files (api_p256.c, api_p256_key.c), so the
 * raw-scalar and the prepared-key functions accept exactly the same keys.
 */
#ifndef CAI_CRYPTO_API_INTERNAL_H
#define CAI_CRYPTO_API_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"

/* 1 when 0 < d < n, in constant time (the scalar is secret). */
int cai_api_scalar_in_range(const uint8_t d[CAI_P256_PRIV_LEN]);
/* PSA_SUCCESS when pub is 65 bytes starting with 0x04 (the backend checks the
 * curve equation). */
psa_status_t cai_api_check_pub_shape(const uint8_t *pub, size_t pub_len);

#endif /* CAI_CRYPTO_API_INTERNAL_H */
