/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The [TEST] services: services that exist only to exercise the SPM rules
 * from unit and end-to-end tests, and only the test image (cai-spe-test, and
 * the SPM unit tests) serves them; the default cai-spe does not. Their
 * table, SIDs, partition ids and call types live here, with the test
 * partition, and nowhere else.
 *
 * The table has the shape of CAI_SERVICES (include/cai/services.h, which
 * documents each column) and generates the same names: CAI_TEST_ECHO_SID,
 * CAI_TEST_ECHO_VERSION, CAI_TEST_ECHO_INDEX, ... The test image's manifest
 * (spe/partitions/manifest.c, built as cai_manifest_test) and the shell's
 * `info` read it.
 *
 * Ranges: 0x0000F0xx is reserved for test services. Stateless index 32 is the
 * test one; real stateless services take indices from 1 upwards.
 */
#ifndef CAI_TEST_SERVICES_H
#define CAI_TEST_SERVICES_H

#include <stdint.h>

#include "cai/services.h"
#include "psa/client.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Secure partition ids (> 0; msg->client_id of a partition acting as a client) */

#define CAI_TEST_PARTITION_ID        ((int32_t)0x0F00) /* [TEST] echo, relaxed, stateless */
#define CAI_TEST_SECURE_PARTITION_ID ((int32_t)0x0F01) /* [TEST] secure-only service */

/* ---- [TEST] services: for tests only, never for a product -------------- */

/*
 * CAI_TEST_ECHO: connection-based, NS allowed, version 1 STRICT. Call types
 *   below.
 * CAI_TEST_RELAXED: connection-based, NS allowed, version 2 RELAXED (versions
 *   0..2 accepted); the same call types as CAI_TEST_ECHO.
 * CAI_TEST_SECURE_ONLY: connection-based, NOT callable from NS; its only
 *   allowed secure client is CAI_TEST_PARTITION_ID. Call type 0 writes the
 *   caller's client id (int32, little-endian) to out_vec[0].
 * CAI_TEST_STATELESS: stateless (no connect/close, CAI_TEST_STATELESS_HANDLE),
 *   NS allowed, version 1 STRICT, index 32; call types ECHO and INFO.
 */
#define CAI_TEST_SERVICES(X)                                                                    \
    X(CAI_TEST_ECHO, "test.echo", 0x0000F000u, 1u, STRICT, 0u, true, (), CAI_TEST_PARTITION_ID, \
      cai_test_echo_sfn)                                                                        \
    X(CAI_TEST_RELAXED, "test.relaxed", 0x0000F001u, 2u, RELAXED, 0u, true, (),                 \
      CAI_TEST_PARTITION_ID, cai_test_relaxed_sfn)                                              \
    X(CAI_TEST_SECURE_ONLY, "test.secure_only", 0x0000F002u, 1u, STRICT, 0u, false,             \
      (CAI_TEST_PARTITION_ID), CAI_TEST_SECURE_PARTITION_ID, cai_test_secure_only_sfn)          \
    X(CAI_TEST_STATELESS, "test.stateless", 0x0000F003u, 1u, STRICT, 32u, true, (),             \
      CAI_TEST_PARTITION_ID, cai_test_stateless_sfn)

enum cai_test_service_constants {
    CAI_TEST_SERVICES_FIRST_ = 0,
    CAI_TEST_SERVICES(CAI_SERVICE_CONSTANTS)
};

#define CAI_TEST_STATELESS_HANDLE \
    CAI_STATELESS_HANDLE(CAI_TEST_STATELESS_INDEX, CAI_TEST_STATELESS_VERSION)

/*
 * Call types of the test services (psa_call's `type`). Every multi-byte value
 * a test service writes is little-endian, so both sides decode it the same
 * way whatever the backend.
 */
/* out_vec[i] <- in_vec[i] for each i (bytes that fit); PSA_ERROR_BUFFER_TOO_SMALL
 * if some input did not fit (what fit is still written). */
#define CAI_TEST_CALL_ECHO (0)
/* out_vec[0] <- CAI_TEST_INFO_LEN bytes: int32 client_id, then uint32
 * in_size[0..3], then uint32 out_size[0..3], as seen in the message. */
#define CAI_TEST_CALL_INFO (1)
#define CAI_TEST_INFO_LEN  (36u)
/* Writes out_size[0] + 1 bytes to out_vec[0]: the SPM must stop the write
 * and answer PSA_ERROR_PROGRAMMER_ERROR. */
#define CAI_TEST_CALL_WRITE_PAST_END (2)
/* Acting as a secure client, connect to CAI_TEST_SECURE_ONLY, call it with
 * out_vec[0] as its output, close; returns the inner call's status (or the
 * connect error). */
#define CAI_TEST_CALL_SECURE_CLIENT (3)
/* in_vec[0][0] selects the reply to the NEXT PSA_IPC_CONNECT of this service:
 * CAI_TEST_CONNECT_ACCEPT, _REFUSE or _BUSY (one-shot, then back to accept). */
#define CAI_TEST_CALL_SET_CONNECT_REPLY (4)
#define CAI_TEST_CONNECT_ACCEPT         (0u)
#define CAI_TEST_CONNECT_REFUSE         (1u)
#define CAI_TEST_CONNECT_BUSY           (2u)
/* Increments a per-connection counter kept behind psa_set_rhandle and writes
 * it (uint32) to out_vec[0]: shows the rhandle is per connection. */
#define CAI_TEST_CALL_COUNT (5)
/* Returns the int32 (little-endian) in in_vec[0] as the call status: shows
 * service-defined statuses (>= 0 and < 0) reach the client unchanged. */
#define CAI_TEST_CALL_RETURN_STATUS (6)
/* out_vec[0] <- uint32 CONNECT count, uint32 DISCONNECT count seen by this
 * service since boot (lets end-to-end tests see a dead client's handles
 * being closed). */
#define CAI_TEST_CALL_CONN_STATS (7)
/* psa_read from input vector PSA_MAX_IOVEC (out of range): the SPM must answer
 * PSA_ERROR_PROGRAMMER_ERROR. */
#define CAI_TEST_CALL_READ_BAD_INDEX (8)
/* Acting as a secure client that is not the attestation partition: ask
 * CAI_KEYSTORE (SIGN_HASH, call type 1) to sign a zero digest with the key
 * whose id (uint32, little-endian) is in_vec[0]; out_vec[0] <- the
 * signature if one came back; returns the keystore's (or the SPM's) status.
 * Shows that only the partitions the keystore lets in may sign, and with
 * the attestation key only the attestation partition. */
#define CAI_TEST_CALL_KEYSTORE_SIGN (9)

#ifdef __cplusplus
}
#endif

#endif /* CAI_TEST_SERVICES_H */
