/* SPDX-License-Identifier: Apache-2.0 */
/* Call types of CAI_KEYSTORE (keystore_service.c has their vectors), for the
 * partitions that use device keys by reference, and the keystore's per-key,
 * per-caller policy (keystore_policy.c). */
#ifndef CAI_KEYSTORE_CALLS_H
#define CAI_KEYSTORE_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "cai/key.h"

#define CAI_KEYSTORE_CALL_SIGN_HASH 1
#define CAI_KEYSTORE_CALL_ECDH      2
#define CAI_KEYSTORE_CALL_PUBLIC    3

/* May client_id (a secure partition the manifest let in) make call type
 * `call` with key `id`? One use per key, as PSA key policies, and for the
 * attestation key one caller: only the attestation partition signs with the
 * IAK. PUBLIC is allowed for every key the keystore holds. */
bool cai_keystore_allowed(cai_key_id_t id, int32_t call, int32_t client_id);

#endif /* CAI_KEYSTORE_CALLS_H */
