/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CAI_ITS service through the real SPM, the real storage partition and
 * the host's SPE port (a pinned HUK, a temporary state directory): the PSA
 * ITS rules as a partition sees them through psa_its_*.
 *
 * Two client partitions, A and B, each with a "driver" service the test calls
 * from the NS side; the driver runs one scenario step with psa_its_* as that
 * partition (the storage partition names the caller as the owner). The
 * manifest is this test's own, so the ITS row can list A and B as clients.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cai/spm.h"
#include "cai_host/huk_host.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"
#include "psa/internal_trusted_storage.h"
#include "its_seal.h"
#include "storage_partition.h"

#define PART_A ((int32_t)0x0F20)
#define PART_B ((int32_t)0x0F21)
#define NS     ((int32_t)-1)

/* One step of a scenario, run inside a driver sfn. */
typedef enum {
    OP_SET,
    OP_GET,
    OP_INFO,
    OP_REMOVE
} op_t;
static struct {
    op_t op;
    psa_storage_uid_t uid;
    uint32_t flags;
    const uint8_t *data;
    size_t len;
    size_t offset;
    size_t size;
    uint8_t out[64];
    size_t out_len;
    struct psa_storage_info_t info;
} g_step;

static psa_status_t driver_sfn(const psa_msg_t *msg)
{
    (void)msg;
    switch (g_step.op) {
    case OP_SET:
        return psa_its_set(g_step.uid, g_step.len, g_step.data, g_step.flags);
    case OP_GET:
        return psa_its_get(g_step.uid, g_step.offset, g_step.size, g_step.out, &g_step.out_len);
    case OP_INFO:
        return psa_its_get_info(g_step.uid, &g_step.info);
    default:
        return psa_its_remove(g_step.uid);
    }
}

static psa_status_t no_init(void)
{
    return PSA_SUCCESS;
}

static const cai_partition_t k_partitions[] = {
    { .name = "CAI_STORAGE", .id = CAI_STORAGE_PARTITION_ID, .init = cai_storage_init },
    { .name = "TEST_ITS_A", .id = PART_A, .init = no_init },
    { .name = "TEST_ITS_B", .id = PART_B, .init = no_init },
};
static const int32_t k_its_clients[] = { PART_A, PART_B };
static const cai_service_t k_services[] = {
    { .name = "CAI_ITS",
      .sid = 0x101u,
      .version = 1,
      .stateless_index = 2,
      .non_secure_clients = false,
      .secure_clients = k_its_clients,
      .n_secure_clients = 2,
      .partition_id = CAI_STORAGE_PARTITION_ID,
      .sfn = cai_its_sfn },
    { .name = "DRIVER_A",
      .sid = 0xF20u,
      .version = 1,
      .stateless_index = 20,
      .non_secure_clients = true,
      .partition_id = PART_A,
      .sfn = driver_sfn },
    { .name = "DRIVER_B",
      .sid = 0xF21u,
      .version = 1,
      .stateless_index = 21,
      .non_secure_clients = true,
      .partition_id = PART_B,
      .sfn = driver_sfn },
};
static const cai_manifest_t k_manifest = { k_partitions, 3, k_services, 3 };

static char g_dir[64];
static int g_dfd = -1;

/* Run the step as partition A (true) or B. */
static psa_status_t as(bool a)
{
    psa_handle_t h = (psa_handle_t)(0x40000000u | (1u << 8) | ((a ? 20u : 21u) - 1u));
    return cai_spm_call(NS, h, 0, NULL, 0, NULL, 0);
}

static psa_status_t set(bool a, psa_storage_uid_t uid, const char *text, uint32_t flags)
{
    g_step.op = OP_SET;
    g_step.uid = uid;
    g_step.data = (const uint8_t *)text;
    g_step.len = text != NULL ? strlen(text) : 0;
    g_step.flags = flags;
    return as(a);
}

static psa_status_t get(bool a, psa_storage_uid_t uid, size_t offset, size_t size)
{
    memset(g_step.out, 0xee, sizeof(g_step.out));
    g_step.op = OP_GET;
    g_step.uid = uid;
    g_step.offset = offset;
    g_step.size = size;
    return as(a);
}

static psa_status_t op(bool a, op_t o, psa_storage_uid_t uid)
{
    g_step.op = o;
    g_step.uid = uid;
    return as(a);
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    snprintf(g_dir, sizeof(g_dir), "/tmp/cai-its-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        return -1;
    }
    g_dfd = cai_dir_open(g_dir, "state directory", err, sizeof(err));
    if (g_dfd < 0 || cai_host_storage_open(g_dfd, g_dir, err, sizeof(err)) != 0 ||
        cai_host_huk_load(-1, NULL, NULL,
                          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", err,
                          sizeof(err)) != 0) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    return cai_spm_init(&k_manifest) == PSA_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cai_host_storage_close();
    cai_host_huk_wipe();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_set_get_info_remove(void **state)
{
    (void)state;
    assert_int_equal(op(true, OP_GET, 1), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(set(true, 1, "hello world", 0), PSA_SUCCESS);
    assert_int_equal(get(true, 1, 0, 64), PSA_SUCCESS);
    assert_int_equal(g_step.out_len, 11);
    assert_memory_equal(g_step.out, "hello world", 11);
    assert_int_equal(get(true, 1, 6, 3), PSA_SUCCESS); /* offset and a short buffer */
    assert_int_equal(g_step.out_len, 3);
    assert_memory_equal(g_step.out, "wor", 3);
    assert_int_equal(get(true, 1, 11, 8), PSA_SUCCESS); /* at the end: nothing */
    assert_int_equal(g_step.out_len, 0);
    assert_int_equal(get(true, 1, 12, 8), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(op(true, OP_INFO, 1), PSA_SUCCESS);
    assert_int_equal(g_step.info.size, 11);
    assert_int_equal(g_step.info.flags, PSA_STORAGE_FLAG_NONE);
    assert_int_equal(set(true, 1, "replaced", 0), PSA_SUCCESS);
    assert_int_equal(get(true, 1, 0, 64), PSA_SUCCESS);
    assert_int_equal(g_step.out_len, 8);
    assert_int_equal(op(true, OP_REMOVE, 1), PSA_SUCCESS);
    assert_int_equal(op(true, OP_REMOVE, 1), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(op(true, OP_INFO, 1), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(set(true, 2, "", 0), PSA_SUCCESS); /* an empty entry exists */
    assert_int_equal(op(true, OP_INFO, 2), PSA_SUCCESS);
    assert_int_equal(g_step.info.size, 0);
    assert_int_equal(op(true, OP_REMOVE, 2), PSA_SUCCESS);
}

static void test_write_once(void **state)
{
    (void)state;
    assert_int_equal(set(true, 3, "forever", PSA_STORAGE_FLAG_WRITE_ONCE), PSA_SUCCESS);
    assert_int_equal(op(true, OP_INFO, 3), PSA_SUCCESS);
    assert_int_equal(g_step.info.flags, PSA_STORAGE_FLAG_WRITE_ONCE);
    assert_int_equal(set(true, 3, "again", 0), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(set(true, 3, "again", PSA_STORAGE_FLAG_WRITE_ONCE), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(op(true, OP_REMOVE, 3), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(get(true, 3, 0, 64), PSA_SUCCESS);
    assert_memory_equal(g_step.out, "forever", 7);
}

static void test_owners_are_apart(void **state)
{
    (void)state;
    assert_int_equal(set(true, 4, "A's", 0), PSA_SUCCESS);
    /* The same uid of another partition is another entry. */
    assert_int_equal(op(false, OP_GET, 4), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(op(false, OP_REMOVE, 4), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(set(false, 4, "B's own", 0), PSA_SUCCESS);
    assert_int_equal(get(true, 4, 0, 64), PSA_SUCCESS);
    assert_int_equal(g_step.out_len, 3);
    assert_int_equal(get(false, 4, 0, 64), PSA_SUCCESS);
    assert_int_equal(g_step.out_len, 7);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    static char big[CAI_ITS_MAX_DATA + 2];
    memset(big, 'x', sizeof(big) - 1);
    assert_int_equal(set(true, 0, "uid 0", 0), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(set(true, 5, "flags", PSA_STORAGE_FLAG_NO_CONFIDENTIALITY),
                     PSA_ERROR_NOT_SUPPORTED);
    assert_int_equal(set(true, 5, big, 0), PSA_ERROR_INVALID_ARGUMENT);
    big[CAI_ITS_MAX_DATA] = '\0';
    assert_int_equal(set(true, 5, big, 0), PSA_SUCCESS); /* exactly the maximum */
    assert_int_equal(op(true, OP_INFO, 5), PSA_SUCCESS);
    assert_int_equal(g_step.info.size, CAI_ITS_MAX_DATA);
    assert_int_equal(op(true, OP_GET, 0), PSA_ERROR_INVALID_ARGUMENT);
    /* the NS side cannot call the service at all */
    psa_handle_t its = (psa_handle_t)(0x40000000u | (1u << 8) | 1u);
    assert_int_equal(cai_spm_call(NS, its, 1, NULL, 0, NULL, 0), PSA_ERROR_CONNECTION_REFUSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_get_info_remove),
        cmocka_unit_test(test_write_once),
        cmocka_unit_test(test_owners_are_apart),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
