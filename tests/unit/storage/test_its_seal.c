/* SPDX-License-Identifier: Apache-2.0 */
/* The sealed form of protected-storage entries: every way of damaging or
 * moving one is detected and leaves no plaintext; the layout itself is
 * checked against python3-cryptography in check_its_format.py. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cai/crypto.h"
#include "its_seal.h"

static const uint8_t KEY[32] = { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const uint8_t IV[CAI_ITS_IV_LEN] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                                            0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab };

static cai_its_aead_t AEAD;

static uint8_t g_data[CAI_ITS_MAX_DATA];
static uint8_t g_blob[CAI_ITS_SEALED_MAX + 1];
static uint8_t g_out[CAI_ITS_MAX_DATA];

static size_t seal(int32_t owner, uint64_t uid, uint32_t flags, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        g_data[i] = (uint8_t)(i * 7 + 3);
    }
    size_t blob_len = 0;
    assert_int_equal(
        cai_its_seal(&AEAD, owner, uid, flags, IV, g_data, len, g_blob, sizeof(g_blob), &blob_len),
        PSA_SUCCESS);
    assert_int_equal(blob_len, CAI_ITS_SEALED_LEN(len));
    return blob_len;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

static void test_round_trip(void **state)
{
    (void)state;
    static const size_t lens[] = { 0, 1, 15, 16, 17, 2048, CAI_ITS_MAX_DATA };
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        size_t blob_len = seal(0x0100, 0x100005001ull, 1, lens[i]);
        size_t len = 99;
        uint32_t flags = 99;
        assert_int_equal(cai_its_open(&AEAD, 0x0100, 0x100005001ull, g_blob, blob_len, g_out,
                                      sizeof(g_out), &len, &flags),
                         PSA_SUCCESS);
        assert_int_equal(len, lens[i]);
        assert_int_equal(flags, 1);
        assert_memory_equal(g_out, g_data, lens[i] > 0 ? lens[i] : 1);
    }
}

static void test_every_flipped_byte_is_caught(void **state)
{
    (void)state;
    size_t blob_len = seal(0x0100, 7, 0, 100);
    for (size_t i = 0; i < blob_len; i++) {
        g_blob[i] ^= 0x40;
        size_t len = 99;
        uint32_t flags = 99;
        memset(g_out, 0x5a, sizeof(g_out));
        psa_status_t st =
            cai_its_open(&AEAD, 0x0100, 7, g_blob, blob_len, g_out, sizeof(g_out), &len, &flags);
        assert_true(st == PSA_ERROR_INVALID_SIGNATURE || st == PSA_ERROR_STORAGE_FAILURE);
        assert_int_equal(len, 0);
        assert_int_equal(flags, 0);
        /* zeroed, or never written: no byte of a partial plaintext */
        bool untouched = true;
        for (size_t k = 0; k < 100; k++) {
            untouched = untouched && g_out[k] == 0x5a;
        }
        assert_true(all_zero(g_out, 100) || untouched);
        g_blob[i] ^= 0x40;
    }
}

static void test_truncated_and_extended(void **state)
{
    (void)state;
    size_t blob_len = seal(0x0100, 7, 0, 100);
    for (size_t n = 0; n < blob_len; n++) {
        size_t len;
        uint32_t flags;
        assert_int_equal(
            cai_its_open(&AEAD, 0x0100, 7, g_blob, n, g_out, sizeof(g_out), &len, &flags),
            PSA_ERROR_STORAGE_FAILURE);
    }
    size_t len;
    uint32_t flags;
    g_blob[blob_len] = 0;
    assert_int_equal(
        cai_its_open(&AEAD, 0x0100, 7, g_blob, blob_len + 1, g_out, sizeof(g_out), &len, &flags),
        PSA_ERROR_STORAGE_FAILURE);
}

static void test_moved_entry_is_caught(void **state)
{
    (void)state;
    size_t blob_len = seal(0x0100, 7, 0, 32);
    size_t len;
    uint32_t flags;
    /* copied to another uid, or to another owner's entry of the same uid */
    assert_int_equal(
        cai_its_open(&AEAD, 0x0100, 8, g_blob, blob_len, g_out, sizeof(g_out), &len, &flags),
        PSA_ERROR_INVALID_SIGNATURE);
    assert_int_equal(
        cai_its_open(&AEAD, 0x0101, 7, g_blob, blob_len, g_out, sizeof(g_out), &len, &flags),
        PSA_ERROR_INVALID_SIGNATURE);
    assert_int_equal(cai_its_open(&AEAD, 0x0100, 7ull | 1ull << 32, g_blob, blob_len, g_out,
                                  sizeof(g_out), &len, &flags),
                     PSA_ERROR_INVALID_SIGNATURE);
    assert_true(all_zero(g_out, 32));
}

static void test_limits(void **state)
{
    (void)state;
    size_t blob_len = 99;
    assert_int_equal(cai_its_seal(&AEAD, 1, 1, 0, IV, g_data, CAI_ITS_MAX_DATA + 1, g_blob,
                                  sizeof(g_blob), &blob_len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(blob_len, 0);
    assert_int_equal(
        cai_its_seal(&AEAD, 1, 1, 0, IV, g_data, 10, g_blob, CAI_ITS_SEALED_LEN(10) - 1, &blob_len),
        PSA_ERROR_BUFFER_TOO_SMALL);
    blob_len = seal(1, 1, 0, 10);
    size_t len;
    uint32_t flags;
    assert_int_equal(cai_its_open(&AEAD, 1, 1, g_blob, blob_len, g_out, 9, &len, &flags),
                     PSA_ERROR_BUFFER_TOO_SMALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_every_flipped_byte_is_caught),
        cmocka_unit_test(test_truncated_and_extended),
        cmocka_unit_test(test_moved_entry_is_caught),
        cmocka_unit_test(test_limits),
    };
    if (cai_crypto_init() != PSA_SUCCESS) {
        return 1;
    }
    AEAD = cai_its_aead_aes256_gcm(KEY);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
