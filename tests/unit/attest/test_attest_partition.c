/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attestation partition and the keystore through the real SPM, the real
 * storage, identity and attestation partitions and the host's SPE port (a
 * pinned HUK, a temporary state directory). The manifest is this test's
 * own, so that the keystore's row can admit a second secure partition, X:
 * the manifest lets X in, and the keystore's per-key policy must still
 * refuse it the attestation key. X also asks for a token, which must name
 * it as the caller, as a token asked from the NS side names that client.
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
#include <cmocka.h>

#include "attest_partition.h"
#include "cai/attest.h"
#include "cai/attest_claims.h"
#include "cai/cose.h"
#include "cai/services.h"
#include "cai/spm.h"
#include "cai_host/huk_host.h"
#include "cai_host/image_host.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"
#include "identity_partition.h"
#include "keystore_calls.h"
#include "psa/client.h"
#include "psa/initial_attestation.h"
#include "storage_partition.h"

#define PART_X ((int32_t)0x0F30)
#define NS     ((int32_t)-7)

#define KEYSTORE_HANDLE CAI_STATELESS_HANDLE(CAI_KEYSTORE_INDEX, CAI_KEYSTORE_VERSION)
#define ATTEST_HANDLE   CAI_STATELESS_HANDLE(CAI_ATTEST_INDEX, CAI_ATTEST_VERSION)
#define DRIVER_HANDLE   CAI_STATELESS_HANDLE(20, 1)

/* What X does when its driver service is called. */
static struct {
    int32_t call;
    cai_key_id_t key;
    uint8_t out[PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE];
    size_t out_len;
} g_step;

static psa_status_t driver_sfn(const psa_msg_t *msg)
{
    (void)msg;
    uint8_t id[4] = { (uint8_t)g_step.key, (uint8_t)(g_step.key >> 8), 0, 0 };
    static const uint8_t digest[32] = { 1 };
    static const uint8_t challenge[32] = { 2 };
    psa_invec in[2] = { { id, 4 }, { digest, sizeof(digest) } };
    psa_outvec out[1] = { { g_step.out, sizeof(g_step.out) } };
    psa_status_t st;
    if (g_step.call == CAI_ATTEST_CALL_GET_TOKEN) {
        in[0] = (psa_invec){ challenge, sizeof(challenge) };
        st = psa_call(ATTEST_HANDLE, CAI_ATTEST_CALL_GET_TOKEN, in, 1, out, 1);
    } else {
        st = psa_call(KEYSTORE_HANDLE, g_step.call, in,
                      g_step.call == CAI_KEYSTORE_CALL_PUBLIC ? 1u : 2u, out, 1);
    }
    g_step.out_len = st == PSA_SUCCESS ? out[0].len : 0;
    return st;
}

static psa_status_t no_init(void)
{
    return PSA_SUCCESS;
}

static const cai_partition_t k_partitions[] = {
    { .name = "CAI_STORAGE", .id = CAI_STORAGE_PARTITION_ID, .init = cai_storage_init },
    { .name = "CAI_IDENTITY", .id = CAI_IDENTITY_PARTITION_ID, .init = cai_identity_init },
    { .name = "CAI_ATTEST", .id = CAI_ATTEST_PARTITION_ID, .init = cai_attest_init },
    { .name = "TEST_X", .id = PART_X, .init = no_init },
};
static const int32_t k_its_clients[] = { CAI_IDENTITY_PARTITION_ID };
static const int32_t k_keystore_clients[] = { CAI_ATTEST_PARTITION_ID, PART_X };
static const cai_service_t k_services[] = {
    { .name = "CAI_ITS",
      .sid = CAI_ITS_SID,
      .version = CAI_ITS_VERSION,
      .stateless_index = CAI_ITS_INDEX,
      .secure_clients = k_its_clients,
      .n_secure_clients = 1,
      .partition_id = CAI_STORAGE_PARTITION_ID,
      .sfn = cai_its_sfn },
    { .name = "CAI_KEYSTORE",
      .sid = CAI_KEYSTORE_SID,
      .version = CAI_KEYSTORE_VERSION,
      .stateless_index = CAI_KEYSTORE_INDEX,
      .secure_clients = k_keystore_clients,
      .n_secure_clients = 2,
      .partition_id = CAI_IDENTITY_PARTITION_ID,
      .sfn = cai_keystore_sfn },
    { .name = "CAI_ATTEST",
      .sid = CAI_ATTEST_SID,
      .version = CAI_ATTEST_VERSION,
      .stateless_index = CAI_ATTEST_INDEX,
      .non_secure_clients = true,
      .secure_clients = k_keystore_clients + 1,
      .n_secure_clients = 1,
      .partition_id = CAI_ATTEST_PARTITION_ID,
      .sfn = cai_attest_sfn },
    { .name = "DRIVER_X",
      .sid = 0xF30u,
      .version = 1,
      .stateless_index = 20,
      .non_secure_clients = true,
      .partition_id = PART_X,
      .sfn = driver_sfn },
};
static const cai_manifest_t k_manifest = { k_partitions, 4, k_services, 4 };

static char g_dir[64];
static int g_dfd = -1;
static uint8_t g_iak[CAI_P256_PUB_LEN];

static psa_status_t as_x(int32_t call, cai_key_id_t key)
{
    g_step.call = call;
    g_step.key = key;
    g_step.out_len = 0;
    return cai_spm_call(NS, DRIVER_HANDLE, 0, NULL, 0, NULL, 0);
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    snprintf(g_dir, sizeof(g_dir), "/tmp/cai-attest-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        return -1;
    }
    g_dfd = cai_dir_open(g_dir, "state directory", err, sizeof(err));
    if (g_dfd < 0 || cai_host_storage_open(g_dfd, g_dir, err, sizeof(err)) != 0 ||
        cai_host_huk_load(-1, NULL, NULL,
                          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", err,
                          sizeof(err)) != 0 ||
        cai_host_image_measure(err, sizeof(err)) != 0) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    if (cai_spm_init(&k_manifest) != PSA_SUCCESS ||
        as_x(CAI_KEYSTORE_CALL_PUBLIC, CAI_KEY_ID_IAK) != PSA_SUCCESS ||
        g_step.out_len != sizeof(g_iak)) {
        return -1;
    }
    memcpy(g_iak, g_step.out, sizeof(g_iak));
    return 0;
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

static void test_an_admitted_partition_is_refused_the_iak(void **state)
{
    (void)state;
    assert_int_equal(as_x(CAI_KEYSTORE_CALL_SIGN_HASH, CAI_KEY_ID_IAK), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(g_step.out_len, 0);
    assert_int_equal(as_x(CAI_KEYSTORE_CALL_SIGN_HASH, CAI_KEY_ID_CLIENT_TLS),
                     PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(as_x(CAI_KEYSTORE_CALL_SIGN_HASH, CAI_KEY_ID_COSE_ENCRYPT),
                     PSA_ERROR_NOT_PERMITTED);
    /* the control: the key it may use signs */
    assert_int_equal(as_x(CAI_KEYSTORE_CALL_SIGN_HASH, CAI_KEY_ID_COSE_SIGN), PSA_SUCCESS);
    assert_int_equal(g_step.out_len, CAI_P256_SIG_LEN);
}

static void check_token(const uint8_t *tok, size_t len, int32_t caller)
{
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_sign1_verify(tok, len, g_iak, NULL, &info), CAI_COSE_OK);
    static cai_attest_claims_t c;
    char why[160] = "";
    assert_true(cai_attest_claims_parse(info.payload, info.payload_len, &c, why, sizeof(why)));
    assert_int_equal(c.profile, CAI_ATTEST_PROFILE_RFC9783);
    assert_int_equal(c.client_id, caller);
    assert_int_equal(c.lifecycle, CAI_ATTEST_LIFECYCLE_PSA_ROT_PROVISIONING);
    assert_int_equal(c.n_swc, 2); /* the image and the built-in sine model */
    assert_int_equal(c.nonce.len, 32);
}

static void test_tokens_name_their_caller(void **state)
{
    (void)state;
    assert_int_equal(as_x(CAI_ATTEST_CALL_GET_TOKEN, 0), PSA_SUCCESS);
    check_token(g_step.out, g_step.out_len, PART_X);

    static uint8_t tok[PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE];
    static const uint8_t challenge[64] = { 3 };
    psa_invec in[1] = { { challenge, 32 } };
    psa_outvec out[1] = { { tok, sizeof(tok) } };
    assert_int_equal(cai_spm_call(NS, ATTEST_HANDLE, CAI_ATTEST_CALL_GET_TOKEN, in, 1, out, 1),
                     PSA_SUCCESS);
    check_token(tok, out[0].len, NS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_admitted_partition_is_refused_the_iak),
        cmocka_unit_test(test_tokens_name_their_caller),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
