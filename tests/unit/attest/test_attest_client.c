/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa_initial_attest_get_token / _get_token_size on the NS side (nspe/api/
 * attest_client.c) against a scripted psa_call (tests/unit/identity_client/
 * fake_psa.c): what is refused before anything is sent, the wire form of
 * what is sent (include/cai/attest.h), and the checks of the answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/attest.h"
#include "cai/services.h"
#include "fake_psa.h"
#include "psa/initial_attestation.h"

#define ATTEST_HANDLE ((psa_handle_t)0x40000104) /* stateless index 5, version 1 */

static int reset(void **state)
{
    (void)state;
    memset(&g_fake, 0, sizeof(g_fake));
    return 0;
}

static void test_bad_arguments_send_nothing(void **state)
{
    (void)state;
    uint8_t ch[64] = { 0 }, buf[16];
    size_t len = 99;
    static const size_t bad[] = { 0, 1, 31, 33, 47, 49, 63, 65, 128, (size_t)-1 };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        len = 99;
        assert_int_equal(psa_initial_attest_get_token(ch, bad[i], buf, sizeof(buf), &len),
                         PSA_ERROR_INVALID_ARGUMENT);
        assert_int_equal(len, 0);
        len = 99;
        assert_int_equal(psa_initial_attest_get_token_size(bad[i], &len),
                         PSA_ERROR_INVALID_ARGUMENT);
        assert_int_equal(len, 0);
    }
    assert_int_equal(psa_initial_attest_get_token(NULL, 32, buf, sizeof(buf), &len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(psa_initial_attest_get_token(ch, 32, NULL, sizeof(buf), &len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(psa_initial_attest_get_token(ch, 32, buf, sizeof(buf), NULL),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(psa_initial_attest_get_token_size(32, NULL), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(g_fake.calls, 0);
}

static void test_get_token_wire(void **state)
{
    (void)state;
    uint8_t ch[64], buf[PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE];
    for (size_t i = 0; i < sizeof(ch); i++) {
        ch[i] = (uint8_t)i;
    }
    g_fake.reply_len[0] = 3;
    memcpy(g_fake.reply[0], "\xd2\x84\x43", 3);
    size_t len = 0;
    assert_int_equal(psa_initial_attest_get_token(ch, 48, buf, sizeof(buf), &len), PSA_SUCCESS);
    assert_int_equal(g_fake.calls, 1);
    assert_int_equal(g_fake.handle, ATTEST_HANDLE);
    assert_int_equal(g_fake.type, CAI_ATTEST_CALL_GET_TOKEN);
    assert_int_equal(g_fake.n_in, 1);
    assert_int_equal(g_fake.n_out, 1);
    assert_int_equal(g_fake.in_len[0], 48);
    assert_memory_equal(g_fake.in[0], ch, 48);
    assert_int_equal(g_fake.out_cap[0], sizeof(buf));
    assert_int_equal(len, 3);
    assert_memory_equal(buf, "\xd2\x84\x43", 3);
    /* the service's status comes back as it is, with no size */
    g_fake.status = PSA_ERROR_BUFFER_TOO_SMALL;
    len = 7;
    assert_int_equal(psa_initial_attest_get_token(ch, 32, buf, 10, &len),
                     PSA_ERROR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    /* success with nothing written breaks the contract */
    g_fake.status = PSA_SUCCESS;
    g_fake.reply_len[0] = 0;
    assert_int_equal(psa_initial_attest_get_token(ch, 64, buf, sizeof(buf), &len),
                     PSA_ERROR_GENERIC_ERROR);
    assert_int_equal(len, 0);
}

static void test_get_token_size_wire(void **state)
{
    (void)state;
    g_fake.reply_len[0] = 4;
    memcpy(g_fake.reply[0], "\x13\x02\x00\x00", 4); /* 531, little-endian */
    size_t len = 0;
    assert_int_equal(psa_initial_attest_get_token_size(64, &len), PSA_SUCCESS);
    assert_int_equal(len, 531);
    assert_int_equal(g_fake.type, CAI_ATTEST_CALL_GET_TOKEN_SIZE);
    assert_int_equal(g_fake.in_len[0], 4);
    assert_memory_equal(g_fake.in[0], "\x40\x00\x00\x00", 4);
    assert_int_equal(g_fake.out_cap[0], 4);
    g_fake.reply_len[0] = 3; /* a short answer */
    assert_int_equal(psa_initial_attest_get_token_size(32, &len), PSA_ERROR_GENERIC_ERROR);
    assert_int_equal(len, 0);
}

static void test_an_image_without_attestation(void **state)
{
    (void)state;
    uint8_t ch[32] = { 0 }, buf[8];
    size_t len = 0;
    g_fake.status = PSA_ERROR_PROGRAMMER_ERROR;
    g_fake.version = 0; /* PSA_VERSION_NONE: no such service */
    assert_int_equal(psa_initial_attest_get_token(ch, 32, buf, sizeof(buf), &len),
                     PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(g_fake.version_sid, CAI_ATTEST_SID);
    g_fake.version = 1; /* it exists: a real programmer error */
    assert_int_equal(psa_initial_attest_get_token_size(32, &len), PSA_ERROR_PROGRAMMER_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_bad_arguments_send_nothing, reset),
        cmocka_unit_test_setup(test_get_token_wire, reset),
        cmocka_unit_test_setup(test_get_token_size_wire, reset),
        cmocka_unit_test_setup(test_an_image_without_attestation, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
