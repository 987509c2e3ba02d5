/*
 * The manifest of the cai SPE: every secure partition and every RoT service
 * it serves, with who may call what. The SPM checks it at boot
 * (cai_spm_init) and refuses to serve if a rule is broken (docs/spm.md).
 *
 * Adding a partition: one line in `partitions`, one entry per service in
 * `services` (SIDs and versions go in spe/partitions/test/include/cai/test_services.h), and its library in
 * spe/partitions/CMakeLists.txt. Services that sign or encrypt bytes the
 * caller chose must have non_secure_clients = false (DESIGN.md §3).
 */
#include "cai/test_services.h"
#include "cai/spm.h"

#if CAI_WITH_TEST_PARTITION
#include "test_partition.h"
#endif

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Each list ends with an unused marker entry so that it is never empty (ISO C
 * has no empty arrays) whatever is configured out; the counts leave it out. */

static const cai_partition_t partitions[] = {
#if CAI_WITH_TEST_PARTITION
    { .name = "CAI_TEST", .id = CAI_TEST_PARTITION_ID, .init = cai_test_partition_init },
    { .name = "CAI_TEST_SECURE",
      .id = CAI_TEST_SECURE_PARTITION_ID,
      .init = cai_test_secure_partition_init },
#endif
    { .name = NULL }, /* end marker, not counted */
};

#if CAI_WITH_TEST_PARTITION
static const int32_t test_secure_only_clients[] = { CAI_TEST_PARTITION_ID };
#endif

static const cai_service_t services[] = {
#if CAI_WITH_TEST_PARTITION
    {
        .name = "CAI_TEST_ECHO",
        .sid = CAI_TEST_ECHO_SID,
        .version = CAI_TEST_ECHO_VERSION,
        .version_policy = CAI_VERSION_POLICY_STRICT,
        .connection_based = true,
        .non_secure_clients = true,
        .partition_id = CAI_TEST_PARTITION_ID,
        .sfn = cai_test_echo_sfn,
    },
    {
        .name = "CAI_TEST_RELAXED",
        .sid = CAI_TEST_RELAXED_SID,
        .version = CAI_TEST_RELAXED_VERSION,
        .version_policy = CAI_VERSION_POLICY_RELAXED,
        .connection_based = true,
        .non_secure_clients = true,
        .partition_id = CAI_TEST_PARTITION_ID,
        .sfn = cai_test_relaxed_sfn,
    },
    {
        .name = "CAI_TEST_SECURE_ONLY",
        .sid = CAI_TEST_SECURE_ONLY_SID,
        .version = CAI_TEST_SECURE_ONLY_VERSION,
        .version_policy = CAI_VERSION_POLICY_STRICT,
        .connection_based = true,
        .non_secure_clients = false,
        .secure_clients = test_secure_only_clients,
        .n_secure_clients = N_ELEMS(test_secure_only_clients),
        .partition_id = CAI_TEST_SECURE_PARTITION_ID,
        .sfn = cai_test_secure_only_sfn,
    },
    {
        .name = "CAI_TEST_STATELESS",
        .sid = CAI_TEST_STATELESS_SID,
        .version = CAI_TEST_STATELESS_VERSION,
        .version_policy = CAI_VERSION_POLICY_STRICT,
        .connection_based = false,
        .stateless_index = CAI_TEST_STATELESS_INDEX,
        .non_secure_clients = true,
        .partition_id = CAI_TEST_PARTITION_ID,
        .sfn = cai_test_stateless_sfn,
    },
#endif
    { .name = NULL }, /* end marker, not counted */
};

const cai_manifest_t cai_manifest = {
    .partitions = partitions,
    .n_partitions = N_ELEMS(partitions) - 1,
    .services = services,
    .n_services = N_ELEMS(services) - 1,
};
