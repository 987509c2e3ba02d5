/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa_version, psa_connect, psa_close and the connection-handle table, on the
 * real SPE manifest's [TEST] services (and a scripted manifest for the table
 * limits). Mirrors these checks of psa-arch-tests' IPC list
 * (api-tests/docs/psa_ipc_testlist.md): test_i001 (psa_version),
 * test_i002 (connection busy, then refused, by the service),
 * accept_and_close_connect, connect_with_allowed_minor_version_policy,
 * spm_concurrent_connect_limit, test_i004 (unknown SID) and test_i005 (STRICT
 * policy, higher version). The last two expect a panic (FF-M 1.0); FF-M 1.1
 * and TF-M answer PSA_ERROR_CONNECTION_REFUSED, which is what is checked.
 */
#include "spm_test_support.h"

#include <string.h>

static void boot(void)
{
    assert_int_equal(cai_spm_init(&cai_manifest), PSA_SUCCESS);
}

static psa_status_t call0(int32_t client, psa_handle_t h, int32_t type)
{
    return cai_spm_call(client, h, type, NULL, 0, NULL, 0);
}

/* CONNECT/DISCONNECT counters of a test service, read over `h`. */
static void conn_stats(int32_t client, psa_handle_t h, uint32_t *n_connect, uint32_t *n_disconnect)
{
    uint8_t b[8] = { 0 };
    psa_outvec out = { b, sizeof(b) };
    assert_int_equal(cai_spm_call(client, h, CAI_TEST_CALL_CONN_STATS, NULL, 0, &out, 1),
                     PSA_SUCCESS);
    assert_int_equal(out.len, 8);
    *n_connect = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    *n_disconnect =
        (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
}

static void test_framework_version(void **state)
{
    (void)state;
    assert_int_equal(psa_framework_version(), 0x0101);
}

/* test_i001 */
static void test_version(void **state)
{
    (void)state;
    boot();
    assert_int_equal(cai_spm_version(NS_A, 0x0000F0FFu), PSA_VERSION_NONE); /* unknown */
    assert_int_equal(cai_spm_version(NS_A, CAI_TEST_SECURE_ONLY_SID), PSA_VERSION_NONE);
    assert_int_equal(cai_spm_version(NS_A, CAI_TEST_ECHO_SID), 1);
    assert_int_equal(cai_spm_version(NS_A, CAI_TEST_RELAXED_SID), 2);
    assert_int_equal(cai_spm_version(NS_A, CAI_TEST_STATELESS_SID), 1);
    /* From the SPE: only the listed partition sees the secure-only service. */
    assert_int_equal(cai_spm_version(CAI_TEST_PARTITION_ID, CAI_TEST_SECURE_ONLY_SID), 1);
    assert_int_equal(cai_spm_version(CAI_TEST_SECURE_PARTITION_ID, CAI_TEST_SECURE_ONLY_SID),
                     PSA_VERSION_NONE);
    /* A partition not listed as a client of an NS service cannot use it
     * either: non_secure_clients says nothing about secure callers. */
    assert_int_equal(cai_spm_version(CAI_TEST_PARTITION_ID, CAI_TEST_ECHO_SID), PSA_VERSION_NONE);
    assert_int_equal(cai_spm_version(0, CAI_TEST_ECHO_SID), PSA_VERSION_NONE); /* nobody */
}

static void test_connect_refused(void **state)
{
    (void)state;
    boot();
    assert_int_equal(cai_spm_connect(NS_A, 0x0000F0FFu, 1), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_SECURE_ONLY_SID, 1),
                     PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(CAI_TEST_SECURE_PARTITION_ID, CAI_TEST_SECURE_ONLY_SID, 1),
                     PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(0, CAI_TEST_ECHO_SID, 1), PSA_ERROR_CONNECTION_REFUSED);
    /* STRICT: only the exact version. */
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 2), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 0), PSA_ERROR_CONNECTION_REFUSED);
    /* RELAXED: nothing newer than the service. */
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_RELAXED_SID, 3), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_RELAXED_SID, UINT32_MAX),
                     PSA_ERROR_CONNECTION_REFUSED);
}

/* connect_with_allowed_minor_version_policy */
static void test_connect_allowed_versions(void **state)
{
    (void)state;
    boot();
    const uint32_t relaxed_ok[] = { 0, 1, 2 };
    for (size_t i = 0; i < 3; i++) {
        psa_handle_t h = cai_spm_connect(NS_A, CAI_TEST_RELAXED_SID, relaxed_ok[i]);
        assert_true(h > 0);
        assert_int_equal(cai_spm_close(NS_A, h), PSA_SUCCESS);
    }
    psa_handle_t h = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    assert_true(h > 0);
    assert_true(h <= 0x3FFFFFFF);
    assert_int_equal((uint32_t)h & 0x40000000u, 0); /* never looks stateless */
}

static void test_connect_to_stateless_is_programmer_error(void **state)
{
    (void)state;
    boot();
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_STATELESS_SID, 1), PSA_ERROR_PROGRAMMER_ERROR);
}

/* test_i002: the service answers CONNECT with BUSY, then REFUSED. */
static void test_service_busy_then_refused(void **state)
{
    (void)state;
    boot();
    psa_handle_t ctl = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    assert_true(ctl > 0);
    uint8_t mode = CAI_TEST_CONNECT_BUSY;
    psa_invec in = { &mode, 1 };
    assert_int_equal(cai_spm_call(NS_A, ctl, CAI_TEST_CALL_SET_CONNECT_REPLY, &in, 1, NULL, 0),
                     PSA_SUCCESS);
    assert_int_equal(cai_spm_connect(NS_B, CAI_TEST_ECHO_SID, 1), PSA_ERROR_CONNECTION_BUSY);
    mode = CAI_TEST_CONNECT_REFUSE;
    assert_int_equal(cai_spm_call(NS_A, ctl, CAI_TEST_CALL_SET_CONNECT_REPLY, &in, 1, NULL, 0),
                     PSA_SUCCESS);
    assert_int_equal(cai_spm_connect(NS_B, CAI_TEST_ECHO_SID, 1), PSA_ERROR_CONNECTION_REFUSED);
    /* One-shot: the next one is accepted. Only accepted CONNECTs count. */
    psa_handle_t h = cai_spm_connect(NS_B, CAI_TEST_ECHO_SID, 1);
    assert_true(h > 0);
    uint32_t nc, nd;
    conn_stats(NS_B, h, &nc, &nd);
    assert_int_equal(nc, 2);
    assert_int_equal(nd, 0);
}

/* accept_and_close_connect */
static void test_close(void **state)
{
    (void)state;
    boot();
    psa_handle_t watch = cai_spm_connect(NS_B, CAI_TEST_ECHO_SID, 1);
    psa_handle_t h = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    assert_true(h > 0 && watch > 0 && h != watch);
    assert_int_equal(cai_spm_close(NS_A, PSA_NULL_HANDLE), PSA_SUCCESS); /* no effect */
    uint32_t nc, nd;
    conn_stats(NS_B, watch, &nc, &nd);
    assert_int_equal(nd, 0);
    assert_int_equal(cai_spm_close(NS_A, h), PSA_SUCCESS);
    conn_stats(NS_B, watch, &nc, &nd);
    assert_int_equal(nd, 1);
    /* The handle is dead: stale. */
    assert_int_equal(call0(NS_A, h, CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_close(NS_A, h), PSA_ERROR_PROGRAMMER_ERROR);
    conn_stats(NS_B, watch, &nc, &nd);
    assert_int_equal(nd, 1);
}

static void test_close_invalid_and_stateless(void **state)
{
    (void)state;
    boot();
    assert_int_equal(cai_spm_close(NS_A, CAI_TEST_STATELESS_HANDLE), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_close(NS_A, -1), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_close(NS_A, 0x12345), PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_stale_handle_after_reconnect(void **state)
{
    (void)state;
    boot();
    psa_handle_t old = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    assert_int_equal(cai_spm_close(NS_A, old), PSA_SUCCESS);
    psa_handle_t fresh = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    assert_true(fresh > 0);
    /* Same slot (the table hands out the first free one), new generation. */
    assert_int_equal((uint32_t)fresh & 0xFFu, (uint32_t)old & 0xFFu);
    assert_true(fresh != old);
    assert_int_equal(call0(NS_A, old, CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(call0(NS_A, fresh, CAI_TEST_CALL_ECHO), PSA_SUCCESS);
}

static void test_handle_from_another_client(void **state)
{
    (void)state;
    boot();
    psa_handle_t a = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    assert_true(a > 0);
    assert_int_equal(call0(NS_B, a, CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_close(NS_B, a), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(call0(CAI_TEST_PARTITION_ID, a, CAI_TEST_CALL_ECHO),
                     PSA_ERROR_PROGRAMMER_ERROR);
    /* Still A's, still open. */
    assert_int_equal(call0(NS_A, a, CAI_TEST_CALL_ECHO), PSA_SUCCESS);
}

static void test_forged_handles(void **state)
{
    (void)state;
    boot();
    psa_handle_t a = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    uint32_t slot = (uint32_t)a & 0xFFu;
    const psa_handle_t forged[] = {
        PSA_NULL_HANDLE,
        -1,
        INT32_MIN,
        (psa_handle_t)((uint32_t)a + 0x100u),                 /* right slot, next generation */
        (psa_handle_t)((uint32_t)a - 0x100u),                 /* right slot, previous generation */
        (psa_handle_t)(((uint32_t)a & ~0xFFu) | (slot + 1u)), /* free slot */
        (psa_handle_t)(((uint32_t)a & ~0xFFu) | 0xFFu),       /* slot beyond the table */
        0x3FFFFFFF,
        (psa_handle_t)slot, /* generation 0 never exists */
    };
    for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
        assert_int_equal(call0(NS_A, forged[i], CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
    }
    assert_int_equal(call0(NS_A, a, CAI_TEST_CALL_ECHO), PSA_SUCCESS);
}

static void test_rhandle_is_per_connection(void **state)
{
    (void)state;
    boot();
    psa_handle_t h1 = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    psa_handle_t h2 = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    uint8_t b[4];
    psa_outvec out = { b, sizeof(b) };
    const struct {
        psa_handle_t h;
        uint8_t expect;
    } seq[] = { { h1, 1 }, { h1, 2 }, { h2, 1 }, { h1, 3 }, { h2, 2 } };
    for (size_t i = 0; i < 5; i++) {
        out.len = sizeof(b);
        assert_int_equal(cai_spm_call(NS_A, seq[i].h, CAI_TEST_CALL_COUNT, NULL, 0, &out, 1),
                         PSA_SUCCESS);
        assert_int_equal(out.len, 4);
        assert_int_equal(b[0], seq[i].expect);
    }
}

static void test_reboot_invalidates_handles(void **state)
{
    (void)state;
    boot();
    psa_handle_t h = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
    boot();
    assert_int_equal(call0(NS_A, h, CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
}

/* The transport saw the client disappear: every handle it held is closed and
 * its service hears PSA_IPC_DISCONNECT; other clients keep theirs. */
static void test_client_gone(void **state)
{
    (void)state;
    boot();
    psa_handle_t b = cai_spm_connect(NS_B, CAI_TEST_ECHO_SID, 1);
    psa_handle_t a[3];
    for (size_t i = 0; i < 3; i++) {
        a[i] = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, 1);
        assert_true(a[i] > 0);
    }
    psa_handle_t ar = cai_spm_connect(NS_A, CAI_TEST_RELAXED_SID, 2);
    uint32_t nc, nd;
    conn_stats(NS_B, b, &nc, &nd);
    assert_int_equal(nc, 4);
    assert_int_equal(nd, 0);
    cai_spm_client_gone(NS_A);
    conn_stats(NS_B, b, &nc, &nd);
    assert_int_equal(nd, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(call0(NS_A, a[i], CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
    }
    assert_int_equal(call0(NS_A, ar, CAI_TEST_CALL_ECHO), PSA_ERROR_PROGRAMMER_ERROR);
    /* The RELAXED service heard its own DISCONNECT. */
    psa_handle_t rb = cai_spm_connect(NS_B, CAI_TEST_RELAXED_SID, 2);
    conn_stats(NS_B, rb, &nc, &nd);
    assert_int_equal(nc, 2);
    assert_int_equal(nd, 1);
    cai_spm_client_gone(NS_A); /* twice: nothing left to do */
    cai_spm_client_gone(0);
    conn_stats(NS_B, b, &nc, &nd);
    assert_int_equal(nd, 3);
}

/* ---- table limits (spm_concurrent_connect_limit) -------------------------- */

#define P1 ((int32_t)0x201)
#define P2 ((int32_t)0x202)
static const cai_partition_t lim_parts[] = { { .name = "P1", .id = P1 },
                                             { .name = "P2", .id = P2 } };
static const int32_t lim_clients[] = { P1, P2 };
static const cai_service_t lim_svcs[] = {
    { .name = "OPEN",
      .sid = 0x300,
      .version = 1,
      .connection_based = true,
      .non_secure_clients = true,
      .secure_clients = lim_clients,
      .n_secure_clients = 2,
      .partition_id = P1,
      .sfn = rec_sfn },
};
static const cai_manifest_t lim_man = { lim_parts, 2, lim_svcs, 1 };

static void test_per_client_cap(void **state)
{
    (void)state;
    rec_reset();
    assert_int_equal(cai_spm_init(&lim_man), PSA_SUCCESS);
    psa_handle_t h[CAI_SPM_MAX_CONNECTIONS_PER_CLIENT];
    for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS_PER_CLIENT; i++) {
        h[i] = cai_spm_connect(NS_A, 0x300, 1);
        assert_true(h[i] > 0);
    }
    size_t connects = rec_n;
    assert_int_equal(cai_spm_connect(NS_A, 0x300, 1), PSA_ERROR_CONNECTION_BUSY);
    assert_int_equal(rec_n, connects); /* the service was not even asked */
    assert_true(cai_spm_connect(NS_B, 0x300, 1) > 0);
    assert_int_equal(cai_spm_close(NS_A, h[3]), PSA_SUCCESS);
    assert_true(cai_spm_connect(NS_A, 0x300, 1) > 0);
}

static void test_table_full(void **state)
{
    (void)state;
    rec_reset();
    assert_int_equal(cai_spm_init(&lim_man), PSA_SUCCESS);
    const size_t per = CAI_SPM_MAX_CONNECTIONS_PER_CLIENT;
    const size_t ns_max = CAI_SPM_MAX_CONNECTIONS - CAI_SPM_SECURE_RESERVED_CONNECTIONS;
    /* NS clients fill their share (each up to its own cap). */
    size_t ns_open = 0;
    int32_t client = -1;
    while (ns_open < ns_max) {
        for (size_t i = 0; i < per && ns_open < ns_max; i++, ns_open++) {
            assert_true(cai_spm_connect(client, 0x300, 1) > 0);
        }
        client--;
    }
    /* A new NS client under its own cap still finds no room... */
    assert_int_equal(cai_spm_connect(-1000, 0x300, 1), PSA_ERROR_CONNECTION_BUSY);
    /* ... but a partition does: the reserved slots. */
    size_t left = CAI_SPM_MAX_CONNECTIONS - ns_max;
    psa_handle_t last = 0;
    for (size_t i = 0; i < left; i++) {
        last = cai_spm_connect(P1, 0x300, 1);
        assert_true(last > 0);
    }
    /* Every slot is taken now: even a partition under its cap is turned away. */
    assert_int_equal(cai_spm_connect(P2, 0x300, 1), PSA_ERROR_CONNECTION_BUSY);
    assert_int_equal(cai_spm_connect(-1000, 0x300, 1), PSA_ERROR_CONNECTION_BUSY);
    /* Freeing one slot makes room again. */
    assert_int_equal(cai_spm_close(P1, last), PSA_SUCCESS);
    assert_true(cai_spm_connect(P2, 0x300, 1) > 0);
    /* The service heard every accepted CONNECT and none of the turned-away ones. */
    assert_int_equal(rec_count(PSA_IPC_CONNECT, P1), CAI_SPM_MAX_CONNECTIONS + 1);
}

/* Reusing one slot over and over gives a new, in-range handle each time: a
 * closed handle does not come back (until 2^22 reuses of its slot). */
static void test_closed_handle_not_reused(void **state)
{
    (void)state;
    rec_reset();
    assert_int_equal(cai_spm_init(&lim_man), PSA_SUCCESS);
    psa_handle_t first = cai_spm_connect(NS_A, 0x300, 1);
    assert_int_equal(cai_spm_close(NS_A, first), PSA_SUCCESS);
    for (int i = 0; i < 5000; i++) {
        psa_handle_t h = cai_spm_connect(NS_A, 0x300, 1);
        assert_true(h > 0 && h <= 0x3FFFFFFF);
        assert_true(h != first);
        assert_int_equal(cai_spm_close(NS_A, h), PSA_SUCCESS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framework_version),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_connect_allowed_versions),
        cmocka_unit_test(test_connect_to_stateless_is_programmer_error),
        cmocka_unit_test(test_service_busy_then_refused),
        cmocka_unit_test(test_close),
        cmocka_unit_test(test_close_invalid_and_stateless),
        cmocka_unit_test(test_stale_handle_after_reconnect),
        cmocka_unit_test(test_handle_from_another_client),
        cmocka_unit_test(test_forged_handles),
        cmocka_unit_test(test_rhandle_is_per_connection),
        cmocka_unit_test(test_reboot_invalidates_handles),
        cmocka_unit_test(test_client_gone),
        cmocka_unit_test(test_per_client_cap),
        cmocka_unit_test(test_table_full),
        cmocka_unit_test(test_closed_handle_not_reused),
    };
    return cmocka_run_group_tests_name("spm.connect", tests, NULL, NULL);
}
