/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The RoT services of the cai SPE: one table, read by everything that needs
 * to know a service. The manifest (spe/partitions/manifest.c) makes its
 * entries from it, the shell's `info` (nspe/shell/services.c) probes it, and
 * clients use the names it generates (<ID>_SID, <ID>_VERSION, <ID>_INDEX).
 * A service is written down exactly once, as one row here.
 *
 * Test services are not here: they belong to the test partition
 * (spe/partitions/test/include/cai/test_services.h, same table shape) and
 * only the test image cai-spe-test serves them.
 *
 * One row: X(ID, NAME, SID, VERSION, POLICY, STATELESS_INDEX, NON_SECURE,
 *            SECURE_CLIENTS, PARTITION, SFN)
 *   ID               C name of the service, e.g. CAI_IDENTITY; also its
 *                    manifest name. Generates ID##_SID, ID##_VERSION and
 *                    ID##_INDEX (constants of an enum, so SIDs must be below
 *                    0x80000000).
 *   NAME             how people see it (`info`), e.g. "identity"
 *   SID, VERSION     what psa_connect/psa_version take; VERSION >= 1
 *   POLICY           STRICT (requested == VERSION) or RELAXED (<= VERSION)
 *   STATELESS_INDEX  0 for a connection-based service, else 1..32: called
 *                    through CAI_STATELESS_HANDLE(index, version), no connect
 *   NON_SECURE       true if the non-secure side may call it. Services that
 *                    sign or encrypt bytes the caller chose must say false
 *                    (docs/design.md §3)
 *   SECURE_CLIENTS   partition ids allowed to call it, in parentheses:
 *                    () for none, (CAI_X_PARTITION_ID, CAI_Y_PARTITION_ID)
 *   PARTITION        id of the owner partition
 *   SFN              its service function, psa_status_t sfn(const psa_msg_t *)
 * The last three name SPE-side things: only the manifest expands them, so
 * the non-secure side never references them (tests/unit/layout checks it).
 * The SPM checks every row at boot (docs/spm.md "Manifest").
 *
 * Adding a service (docs/spm.md "Adding a service"): one row below; its
 * partition (ids, init, sfn) under spe/partitions/<name>/ and listed in
 * CAI_SPE_PARTITIONS (spe/partitions/manifest.c); nothing else: the manifest
 * and `info` pick it up.
 */
#ifndef CAI_SERVICES_H
#define CAI_SERVICES_H

#include <stdint.h>

#include "psa/client.h"

/* The real services.
 *   CAI_IDENTITY  device UUID, public keys, CSRs, certificates, TLS digest
 *                 signing (include/cai/identity.h); NS may call it
 *   CAI_KEYSTORE  device keys by reference: digest signing with 0x5002, ECDH
 *                 with 0x5003, signing with the attestation key 0x5004 for
 *                 the attestation partition alone (spe/partitions/identity/
 *                 keystore_service.c, keystore_policy.c); secure partitions
 *                 only, and only those listed (the inference partition signs
 *                 its results through it)
 *   CAI_INFERENCE the model registry and signed inference results
 *                 (include/cai/inference.h); NS may call it
 *   CAI_ITS       PSA Internal Trusted Storage (spe/include/psa/
 *                 internal_trusted_storage.h); secure partitions only, each
 *                 entry owned by its caller
 *   CAI_ATTEST    PSA Initial Attestation tokens (psa/initial_attestation.h,
 *                 include/cai/attest.h); NS may call it: the caller's only
 *                 input is the challenge, signed as the nonce claim */
#define CAI_SERVICES(X)                                                                           \
    X(CAI_IDENTITY, "identity", 0x00000100u, 1u, STRICT, 1u, true, (CAI_INFER_PARTITION_ID),      \
      CAI_IDENTITY_PARTITION_ID, cai_identity_sfn)                                                \
    X(CAI_KEYSTORE, "keystore", 0x00000102u, 1u, STRICT, 3u, false,                               \
      (CAI_INFER_PARTITION_ID, CAI_ATTEST_PARTITION_ID), CAI_IDENTITY_PARTITION_ID,               \
      cai_keystore_sfn)                                                                           \
    X(CAI_ITS, "its", 0x00000101u, 1u, STRICT, 2u, false,                                         \
      (CAI_IDENTITY_PARTITION_ID, CAI_INFER_PARTITION_ID), CAI_STORAGE_PARTITION_ID, cai_its_sfn) \
    X(CAI_INFERENCE, "inference", 0x00000103u, 1u, STRICT, 4u, true, (), CAI_INFER_PARTITION_ID,  \
      cai_infer_sfn)                                                                              \
    X(CAI_ATTEST, "attest", 0x00000104u, 1u, STRICT, 5u, true, (), CAI_ATTEST_PARTITION_ID,       \
      cai_attest_sfn)

/*
 * Stateless handle layout (FF-M 1.1, as in TF-M): bit 30 set, bits 15:8 the
 * version the client asks for, bits 4:0 the stateless index minus one; all
 * other bits zero. Connection handles never have bit 30 set.
 */
#define CAI_STATELESS_HANDLE(index, version)                           \
    ((psa_handle_t)(0x40000000u | (((uint32_t)(version)&0xFFu) << 8) | \
                    (((uint32_t)(index)-1u) & 0x1Fu)))

/* X for a service table: the names clients use, ID##_SID, ID##_VERSION and
 * ID##_INDEX, as enum constants. */
#define CAI_SERVICE_CONSTANTS(id, name, sid, version, policy, index, ns, clients, part, sfn) \
    id##_SID = (sid), id##_VERSION = (version), id##_INDEX = (index),

enum cai_service_constants {
    CAI_SERVICES_FIRST_ = 0,
    CAI_SERVICES(CAI_SERVICE_CONSTANTS)
};

#endif /* CAI_SERVICES_H */
