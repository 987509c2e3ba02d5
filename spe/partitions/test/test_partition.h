/*
 * [TEST] partitions: services that exist only to exercise the SPM rules
 * from unit and end-to-end tests (CAI_TEST_*, spe/partitions/test/include/cai/test_services.h). They hold
 * no secret and are left out with -DCAI_WITH_TEST_PARTITION=OFF.
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

#include "psa/service.h"

psa_status_t cai_test_partition_init(void);
psa_status_t cai_test_secure_partition_init(void);

psa_status_t cai_test_echo_sfn(const psa_msg_t *msg);
psa_status_t cai_test_relaxed_sfn(const psa_msg_t *msg);
psa_status_t cai_test_stateless_sfn(const psa_msg_t *msg);
psa_status_t cai_test_secure_only_sfn(const psa_msg_t *msg);

#endif /* CAI_TEST_PARTITION_H */
