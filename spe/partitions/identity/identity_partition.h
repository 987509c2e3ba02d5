/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity partition (docs/design.md §4): it derives the device UUID and
 * the three device keys and the attestation key (docs/design.md §8) from
 * the HUK at boot, holds them (the only partition
 * that holds device private keys), and serves CAI_IDENTITY (include/cai/
 * identity.h): UUID, public keys, CSRs signed inside the SPE, certificates
 * checked and kept in protected storage, key status, and digest signing with
 * the client TLS key only.
 */
#ifndef CAI_IDENTITY_PARTITION_H
#define CAI_IDENTITY_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"
#include "cai/key.h"
#include "partition_ids.h"
#include "psa/service.h"

psa_status_t cai_identity_init(void);
psa_status_t cai_identity_sfn(const psa_msg_t *msg);
psa_status_t cai_keystore_sfn(const psa_msg_t *msg);

/* ---- inside the partition ---- */

/* One device key. The private scalar lives only inside the prepared key. */
typedef struct identity_key {
    cai_key_id_t id;
    const char *label; /* HUK derivation label, also the CSR's OU */
    const char *name;  /* short name, for the log */
    bool derived;
    cai_p256_key_t key;
    uint8_t pub[CAI_P256_PUB_LEN];
} identity_key_t;

/* Derive the UUID and every key (identity_keys.c). */
psa_status_t identity_keys_init(void);
/* The key with that id, or NULL when there is none (or it was not derived). */
identity_key_t *identity_key_find(cai_key_id_t id);
/* The 16 UUID bytes and their text. */
const uint8_t *identity_uuid(void);
const char *identity_uuid_str(void);

/* Certificates in protected storage (identity_certs.c). */
psa_status_t identity_cert_set(const identity_key_t *k, const uint8_t *der, size_t len);
psa_status_t identity_cert_get(const identity_key_t *k, uint8_t *der, size_t cap, size_t *len);

#endif /* CAI_IDENTITY_PARTITION_H */
