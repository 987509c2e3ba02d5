/* SPDX-License-Identifier: Apache-2.0 */
/*
 * [TEST] partitions: services that exist only to exercise the SPM rules
 * from unit and end-to-end tests (CAI_TEST_*, cai/test_services.h). They hold
 * no secret; only the test image (cai-spe-test) and the SPM unit tests link
 * them (library cai_partition_test, manifest library cai_manifest_test).
 *
 *   CAI_TEST (CAI_TEST_PARTITION_ID): CAI_TEST_ECHO, CAI_TEST_RELAXED,
 *     CAI_TEST_STATELESS; a secure client of CAI_TEST_SECURE_ONLY.
 *   CAI_TEST_SECURE (CAI_TEST_SECURE_PARTITION_ID): CAI_TEST_SECURE_ONLY.
 *
 * The secure-only service lives in its own partition because a partition
 * cannot call itself (the SPM does not re-enter a running partition).
 */
#ifndef CAI_TEST_PARTITION_H
#define CAI_TEST_PARTITION_H

#include "cai/test_services.h"
#include "psa/service.h"

/* The test partitions, for the test image's manifest, in boot order.
 * X(ID, NAME, PARTITION_ID, INIT): as CAI_SPE_PARTITIONS in
 * spe/partitions/manifest.c. */
#define CAI_TEST_PARTITIONS(X)                                              \
    X(CAI_TEST, "CAI_TEST", CAI_TEST_PARTITION_ID, cai_test_partition_init) \
    X(CAI_TEST_SECURE, "CAI_TEST_SECURE", CAI_TEST_SECURE_PARTITION_ID,     \
      cai_test_secure_partition_init)

psa_status_t cai_test_partition_init(void);
psa_status_t cai_test_secure_partition_init(void);

psa_status_t cai_test_echo_sfn(const psa_msg_t *msg);
psa_status_t cai_test_relaxed_sfn(const psa_msg_t *msg);
psa_status_t cai_test_stateless_sfn(const psa_msg_t *msg);
psa_status_t cai_test_secure_only_sfn(const psa_msg_t *msg);

#endif /* CAI_TEST_PARTITION_H */
