/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Names of device keys, for partitions that use a key by reference.
 *
 * Private keys never leave the SPE, and inside it only the identity
 * partition reads key bytes (docs/design.md §4). Every other partition names
 * a key by its id and has the identity partition use it: the id travels in
 * the ctx of a cai_cose_signer_t / cai_cose_ecdh_t (cai/cose.h), so the COSE
 * layer never sees the key. This is how PSA names keys (psa_sign_hash takes a
 * key id) and how TF-M's attestation signs with a built-in key it never reads.
 */
#ifndef CAI_KEY_H
#define CAI_KEY_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t cai_key_id_t;

/* Never names a key (as PSA_KEY_ID_NULL): an id of 0 is always an error. */
#define CAI_KEY_ID_NULL ((cai_key_id_t)0u)

/* The built-in keys, derived from the HUK with the label named after each
 * (docs/design.md §4). */
#define CAI_KEY_ID_CLIENT_TLS   ((cai_key_id_t)0x5001u) /* HUK_CLIENT_TLS_EC_PRIV_KEY: device TLS */
#define CAI_KEY_ID_COSE_SIGN    ((cai_key_id_t)0x5002u) /* HUK_COSE_EC_PRIV_KEY: ES256 results */
#define CAI_KEY_ID_COSE_ENCRYPT ((cai_key_id_t)0x5003u) /* HUK_COSE_ENCRYPT_EC_PRIV_KEY: ECDH-ES */
/* HUK_IAK_EC_PRIV_KEY: the Initial Attestation Key (docs/design.md §8). Only
 * the attestation partition signs with it (its tokens); anyone may read its
 * public key. */
#define CAI_KEY_ID_IAK ((cai_key_id_t)0x5004u)

/* Built-in ids are assigned upwards from 0x5001; keys added later take the
 * next free id in this range (the attestation key took 0x5004), so an id
 * once shipped never changes meaning. */
#define CAI_KEY_ID_BUILTIN_MIN ((cai_key_id_t)0x5001u)
#define CAI_KEY_ID_BUILTIN_MAX ((cai_key_id_t)0x5fffu)

static inline bool cai_key_id_is_builtin(cai_key_id_t id)
{
    return id >= CAI_KEY_ID_BUILTIN_MIN && id <= CAI_KEY_ID_BUILTIN_MAX;
}

#ifdef __cplusplus
}
#endif

#endif /* CAI_KEY_H */
