/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Manifest checks at boot (docs/spm.md "Manifest"): every broken rule makes
 * cai_spm_init fail and the SPM serve nothing; the test image's manifest
 * (cai_manifest_test) passes and is exactly the service tables.
 */
#include "spm_test_support.h"

#include <string.h>

#define P1 ((int32_t)0x101)
#define P2 ((int32_t)0x102)

static cai_partition_t parts[2];
static cai_service_t svcs[3];
static int32_t clients[1];
static cai_manifest_t man;

/* A small valid manifest each test breaks in one place. */
static void base(void)
{
    memset(parts, 0, sizeof(parts));
    memset(svcs, 0, sizeof(svcs));
    parts[0] = (cai_partition_t){ .name = "P1", .id = P1 };
    parts[1] = (cai_partition_t){ .name = "P2", .id = P2 };
    clients[0] = P1;
    svcs[0] = (cai_service_t){ .name = "CONN",
                               .sid = 0x100,
                               .version = 3,
                               .version_policy = CAI_VERSION_POLICY_STRICT,
                               .connection_based = true,
                               .non_secure_clients = true,
                               .partition_id = P1,
                               .sfn = rec_sfn };
    svcs[1] = (cai_service_t){ .name = "SL",
                               .sid = 0x101,
                               .version = 255,
                               .version_policy = CAI_VERSION_POLICY_RELAXED,
                               .connection_based = false,
                               .stateless_index = 32,
                               .non_secure_clients = false,
                               .secure_clients = clients,
                               .n_secure_clients = 1,
                               .partition_id = P2,
                               .sfn = rec_sfn };
    svcs[2] = (cai_service_t){ .name = "SL1",
                               .sid = 0x102,
                               .version = 1,
                               .version_policy = CAI_VERSION_POLICY_STRICT,
                               .connection_based = false,
                               .stateless_index = 1,
                               .non_secure_clients = true,
                               .partition_id = P2,
                               .sfn = rec_sfn };
    man = (cai_manifest_t){
        .partitions = parts, .n_partitions = 2, .services = svcs, .n_services = 3
    };
    rec_reset();
    spm_log_clear();
}

/* Boot must fail, say why in the log, and leave the SPM serving nothing. */
static void expect_rejected(const char *why)
{
    assert_int_equal(cai_spm_init(&man), PSA_ERROR_INVALID_ARGUMENT);
    assert_true(spm_log_contains(why));
    assert_true(spm_log_contains("not serving"));
    assert_int_equal(cai_spm_version(NS_A, 0x100), PSA_VERSION_NONE);
    assert_int_equal(cai_spm_connect(NS_A, 0x100, 3), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(rec_n, 0);
}

static void test_base_manifest_is_valid(void **state)
{
    (void)state;
    base();
    assert_int_equal(cai_spm_init(&man), PSA_SUCCESS);
    assert_int_equal(cai_spm_version(NS_A, 0x100), 3);
    assert_true(spm_log_contains("[SPM] ready: 2 partitions, 3 services"));
}

static void test_test_image_manifest_boots(void **state)
{
    (void)state;
    spm_log_clear();
    assert_int_equal(cai_spm_init(&cai_manifest), PSA_SUCCESS);
    /* The test partitions say loudly that they are test services. */
    assert_true(spm_log_contains("[TEST] partition CAI_TEST up"));
    assert_true(spm_log_contains("[TEST] partition CAI_TEST_SECURE up"));
    /* Every test SID is in the 0x0000F0xx range. */
    for (size_t i = 0; i < cai_manifest.n_services; i++) {
        const cai_service_t *s = &cai_manifest.services[i];
        if (strncmp(s->name, "CAI_TEST_", 9) == 0) {
            assert_int_equal(s->sid & 0xFFFFFF00u, 0x0000F000u);
        }
    }
}

/* The test image's manifest is made from the tables and nothing else: every
 * row of CAI_SERVICES and CAI_TEST_SERVICES is one manifest entry, in order,
 * with the row's facts; no entry comes from anywhere else. */
typedef struct {
    const char *id;
    uint32_t sid, version, index;
    bool ns;
    cai_version_policy_t policy;
} table_row_t;

#define TABLE_ROW(id, name, sid, version, policy, index, ns, clients, part, sfn) \
    { #id, (sid), (version), (index), (ns), CAI_VERSION_POLICY_##policy },

/* The SPM tests' manifest (cai_manifest_spm_test) is the [TEST] table alone;
 * the images' manifests, with the real services first, are checked by
 * spm.default_image and the end-to-end tests. */
static const table_row_t table_rows[] = {
    CAI_TEST_SERVICES(TABLE_ROW) /* the [TEST] services */
    { NULL, 0, 0, 0, false, 0 }, /* end marker, not counted */
};

static void test_manifest_is_the_tables(void **state)
{
    (void)state;
    size_t n_rows = sizeof(table_rows) / sizeof(table_rows[0]) - 1;
    assert_int_equal(cai_manifest.n_services, n_rows);
    for (size_t i = 0; i < n_rows; i++) {
        const cai_service_t *s = &cai_manifest.services[i];
        assert_string_equal(s->name, table_rows[i].id);
        assert_int_equal(s->sid, table_rows[i].sid);
        assert_int_equal(s->version, table_rows[i].version);
        assert_int_equal(s->version_policy, table_rows[i].policy);
        assert_int_equal(s->stateless_index, table_rows[i].index);
        assert_int_equal(s->connection_based, table_rows[i].index == 0);
        assert_int_equal(s->non_secure_clients, table_rows[i].ns);
    }
    /* The generated names clients use are the table's values. */
    assert_int_equal(CAI_TEST_ECHO_SID, 0x0000F000u);
    assert_int_equal(CAI_TEST_RELAXED_VERSION, 2);
    assert_int_equal(CAI_TEST_STATELESS_INDEX, 32);
    assert_int_equal(CAI_TEST_STATELESS_HANDLE, 0x4000011F);
    /* The secure-only service's caller list is the row's (CAI_TEST_PARTITION_ID). */
    const cai_service_t *so = &cai_manifest.services[n_rows - 2];
    assert_string_equal(so->name, "CAI_TEST_SECURE_ONLY");
    assert_int_equal(so->n_secure_clients, 1);
    assert_int_equal(so->secure_clients[0], CAI_TEST_PARTITION_ID);
    assert_int_equal(cai_manifest.services[0].n_secure_clients, 0);
}

/* The stateless handle layout of FF-M 1.1 / TF-M (docs/spm.md "Handles"), values
 * worked out by hand: TF-M's crypto service (index 1, version 1) is
 * 0x40000100; ours (index 32, version 1) is 0x4000011F. */
static void test_stateless_handle_layout(void **state)
{
    (void)state;
    assert_int_equal(CAI_STATELESS_HANDLE(1, 1), 0x40000100);
    assert_int_equal(CAI_TEST_STATELESS_HANDLE, 0x4000011F);
    assert_int_equal(CAI_STATELESS_HANDLE(32, 255), 0x4000FF1F);
}

static void test_duplicate_sid(void **state)
{
    (void)state;
    base();
    svcs[2].sid = svcs[0].sid;
    expect_rejected("share SID 0x00000100");
}

static void test_duplicate_stateless_index(void **state)
{
    (void)state;
    base();
    svcs[2].stateless_index = 32;
    expect_rejected("share stateless index 32");
}

static void test_stateless_index_range(void **state)
{
    (void)state;
    base();
    svcs[1].stateless_index = 0;
    expect_rejected("stateless index 0 not in 1..32");
    base();
    svcs[1].stateless_index = 33;
    expect_rejected("stateless index 33 not in 1..32");
    base();
    svcs[0].stateless_index = 2; /* connection-based services have none */
    expect_rejected("connection-based with a stateless index");
}

static void test_versions(void **state)
{
    (void)state;
    base();
    svcs[0].version = PSA_VERSION_NONE;
    expect_rejected("CONN: version must be >= 1");
    base();
    svcs[1].version = 256; /* does not fit bits 15:8 of the handle */
    expect_rejected("does not fit the handle");
    base();
    svcs[0].version = 0x10000; /* connection-based: any version >= 1 */
    assert_int_equal(cai_spm_init(&man), PSA_SUCCESS);
    base();
    svcs[0].version_policy = (cai_version_policy_t)7;
    expect_rejected("unknown version policy");
}

static void test_owner_partition_must_exist(void **state)
{
    (void)state;
    base();
    svcs[0].partition_id = 0x999;
    expect_rejected("owner partition 2457 does not exist");
}

static void test_secure_clients_must_exist(void **state)
{
    (void)state;
    base();
    clients[0] = 0x777;
    expect_rejected("secure client 1911 is not a partition");
    base();
    svcs[1].secure_clients = NULL;
    expect_rejected("secure client list missing");
}

static void test_partition_ids(void **state)
{
    (void)state;
    base();
    parts[1].id = 0;
    svcs[1].partition_id = svcs[2].partition_id = 0;
    expect_rejected("id 0 must be > 0");
    base();
    parts[1].id = -5;
    svcs[1].partition_id = svcs[2].partition_id = -5;
    expect_rejected("id -5 must be > 0");
    base();
    parts[1].id = P1;
    expect_rejected("share id 257");
}

static void test_names_and_functions(void **state)
{
    (void)state;
    base();
    svcs[0].sfn = NULL;
    expect_rejected("needs a name and an sfn");
    base();
    svcs[2].name = NULL;
    expect_rejected("needs a name and an sfn");
    base();
    parts[0].name = NULL;
    expect_rejected("has no name");
}

static void test_missing_lists(void **state)
{
    (void)state;
    base();
    man.services = NULL;
    expect_rejected("service list missing");
    base();
    man.partitions = NULL;
    expect_rejected("partition list missing");
    spm_log_clear();
    assert_int_equal(cai_spm_init(NULL), PSA_ERROR_INVALID_ARGUMENT);
    assert_true(spm_log_contains("none given"));
    /* An SPE with no service at all is legal (and serves nothing). */
    base();
    man.n_services = 0;
    assert_int_equal(cai_spm_init(&man), PSA_SUCCESS);
}

/* ---- partition init functions -------------------------------------------- */

static int32_t seen_in_init[2];
static uint32_t version_seen_by_p2;

static psa_status_t init_p1(void)
{
    seen_in_init[0] = cai_spm_current_partition();
    return PSA_SUCCESS;
}

/* P2 is a client of P1's service already at init (P1 is listed first). */
static psa_status_t init_p2(void)
{
    seen_in_init[1] = cai_spm_current_partition();
    version_seen_by_p2 = psa_version(0x100);
    psa_handle_t h = psa_connect(0x100, 3);
    if (!PSA_HANDLE_IS_VALID(h)) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    psa_close(h);
    return PSA_SUCCESS;
}

static psa_status_t init_fails(void)
{
    return PSA_ERROR_HARDWARE_FAILURE;
}

static void test_init_functions_run_as_their_partition(void **state)
{
    (void)state;
    base();
    svcs[0].non_secure_clients = false;
    static const int32_t p2_only[] = { P2 };
    svcs[0].secure_clients = p2_only;
    svcs[0].n_secure_clients = 1;
    parts[0].init = init_p1;
    parts[1].init = init_p2;
    assert_int_equal(cai_spm_init(&man), PSA_SUCCESS);
    assert_int_equal(seen_in_init[0], P1);
    assert_int_equal(seen_in_init[1], P2);
    assert_int_equal(version_seen_by_p2, 3);
    assert_int_equal(cai_spm_current_partition(), 0);
    /* P1's service saw P2 connect and disconnect. */
    assert_int_equal(rec_count(PSA_IPC_CONNECT, P1), 1);
    assert_int_equal(rec_count(PSA_IPC_DISCONNECT, P1), 1);
    assert_int_equal(rec_log[0].client_id, P2);
}

static void test_failing_init_stops_boot(void **state)
{
    (void)state;
    base();
    parts[1].init = init_fails;
    assert_int_equal(cai_spm_init(&man), PSA_ERROR_HARDWARE_FAILURE);
    assert_true(spm_log_contains("partition P2 failed to start"));
    assert_int_equal(cai_spm_version(NS_A, 0x100), PSA_VERSION_NONE);
    assert_int_equal(cai_spm_connect(NS_A, 0x100, 3), PSA_ERROR_CONNECTION_REFUSED);
}

static psa_status_t reinit_from_sfn(const psa_msg_t *msg)
{
    (void)msg;
    return cai_spm_init(&man);
}

static void test_init_refused_inside_a_service(void **state)
{
    (void)state;
    base();
    assert_int_equal(cai_spm_init(&man), PSA_SUCCESS);
    rec_behaviour = reinit_from_sfn;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_BAD_STATE);
    /* ... and the SPM is still serving. */
    assert_int_equal(cai_spm_version(NS_A, 0x100), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_manifest_is_valid),
        cmocka_unit_test(test_test_image_manifest_boots),
        cmocka_unit_test(test_manifest_is_the_tables),
        cmocka_unit_test(test_stateless_handle_layout),
        cmocka_unit_test(test_duplicate_sid),
        cmocka_unit_test(test_duplicate_stateless_index),
        cmocka_unit_test(test_stateless_index_range),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_owner_partition_must_exist),
        cmocka_unit_test(test_secure_clients_must_exist),
        cmocka_unit_test(test_partition_ids),
        cmocka_unit_test(test_names_and_functions),
        cmocka_unit_test(test_missing_lists),
        cmocka_unit_test(test_init_functions_run_as_their_partition),
        cmocka_unit_test(test_failing_init_stops_boot),
        cmocka_unit_test(test_init_refused_inside_a_service),
    };
    return cmocka_run_group_tests_name("spm.manifest", tests, NULL, NULL);
}
