/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The manifest of a cai SPE image: every secure partition and every RoT
 * service it serves, with who may call what. The SPM checks it at boot
 * (cai_spm_init) and refuses to serve if a rule is broken (docs/spm.md).
 *
 * Nothing is listed here by hand: the services come from the service table
 * (CAI_SERVICES, include/cai/services.h), the partitions from
 * CAI_SPE_PARTITIONS below. This file is built twice:
 *   cai_manifest       the default image cai-spe: the real services only
 *   cai_manifest_test  the test image cai-spe-test and the SPM unit tests
 *                      (CAI_MANIFEST_TEST=1): the same, plus the [TEST]
 *                      partitions and services of spe/partitions/test
 * Two images, not a build option: the default image never serves a test
 * service, whatever the configuration.
 */
#include "cai/services.h"
#include "cai/spm.h"

/* The real partitions, in boot order (a partition's init may call the
 * services of those before it). One row per partition,
 *   X(ID, NAME, PARTITION_ID, INIT) */
#define CAI_SPE_PARTITIONS(X)                                                     \
    X(CAI_STORAGE, "CAI_STORAGE", CAI_STORAGE_PARTITION_ID, cai_storage_init)     \
    X(CAI_IDENTITY, "CAI_IDENTITY", CAI_IDENTITY_PARTITION_ID, cai_identity_init) \
    X(CAI_INFER, "CAI_INFER", CAI_INFER_PARTITION_ID, cai_infer_init)             \
    X(CAI_ATTEST, "CAI_ATTEST", CAI_ATTEST_PARTITION_ID, cai_attest_init)

#if CAI_MANIFEST_TEST
#include "test_partition.h"
#define IMAGE_TEST_PARTITIONS(X) CAI_TEST_PARTITIONS(X)
#define IMAGE_TEST_SERVICES(X)   CAI_TEST_SERVICES(X)
#else
#define IMAGE_TEST_PARTITIONS(X)
#define IMAGE_TEST_SERVICES(X)
#endif

/* CAI_MANIFEST_REAL=0 (the SPM's own tests): no real partition, so the SPM
 * rules are tested without a platform port. */
#ifndef CAI_MANIFEST_REAL
#define CAI_MANIFEST_REAL 1
#endif
#if CAI_MANIFEST_REAL
#include "attest/attest_partition.h"
#include "identity/identity_partition.h"
#include "infer/infer_partition.h"
#include "storage/storage_partition.h"
#define IMAGE_REAL_PARTITIONS(X) CAI_SPE_PARTITIONS(X)
#define IMAGE_REAL_SERVICES(X)   CAI_SERVICES(X)
#else
#define IMAGE_REAL_PARTITIONS(X)
#define IMAGE_REAL_SERVICES(X)
#endif

#define IMAGE_PARTITIONS(X) IMAGE_REAL_PARTITIONS(X) IMAGE_TEST_PARTITIONS(X)
#define IMAGE_SERVICES(X)   IMAGE_REAL_SERVICES(X) IMAGE_TEST_SERVICES(X)

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
/* (a, b) -> a, b: a row's SECURE_CLIENTS column is a parenthesized list. */
#define UNPAREN(...) __VA_ARGS__

/* Each list ends with an unused marker entry so that it is never empty (ISO C
 * has no empty arrays), whatever the image holds; the counts leave it out. */

#define PARTITION_ENTRY(p_id, p_name, p_pid, p_init) \
    { .name = p_name, .id = p_pid, .init = p_init },

static const cai_partition_t partitions[] = {
    IMAGE_PARTITIONS(PARTITION_ENTRY) /* one entry per row */
    { .name = NULL },                 /* end marker, not counted */
};

/* One array of allowed secure clients per service, led by an unused 0 so an
 * empty list is still an array; the entry points past it. */
#define SECURE_CLIENTS(s_id, s_name, s_sid, s_ver, s_pol, s_idx, s_ns, s_clients, s_part, s_sfn) \
    static const int32_t s_id##_secure_clients[] = { 0, UNPAREN s_clients };

IMAGE_SERVICES(SECURE_CLIENTS)

#define SERVICE_ENTRY(s_id, s_name, s_sid, s_ver, s_pol, s_idx, s_ns, s_clients, s_part, s_sfn) \
    {                                                                                           \
        .name = #s_id,                                                                          \
        .sid = (s_sid),                                                                         \
        .version = (s_ver),                                                                     \
        .version_policy = CAI_VERSION_POLICY_##s_pol,                                           \
        .connection_based = (s_idx) == 0,                                                       \
        .stateless_index = (s_idx),                                                             \
        .non_secure_clients = (s_ns),                                                           \
        .secure_clients = s_id##_secure_clients + 1,                                            \
        .n_secure_clients = N_ELEMS(s_id##_secure_clients) - 1,                                 \
        .partition_id = (s_part),                                                               \
        .sfn = s_sfn,                                                                           \
    },

static const cai_service_t services[] = {
    IMAGE_SERVICES(SERVICE_ENTRY) /* one entry per row */
    { .name = NULL },             /* end marker, not counted */
};

const cai_manifest_t cai_manifest = {
    .partitions = partitions,
    .n_partitions = N_ELEMS(partitions) - 1,
    .services = services,
    .n_services = N_ELEMS(services) - 1,
};
