/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The keystore's per-key, per-caller policy (spe/partitions/identity/
 * keystore_policy.c): only the attestation partition signs with the IAK,
 * nobody uses a key for another call than its one use, the non-secure side
 * is never let in, and anyone admitted may read a public key. Every caller
 * id that exists in an image is tried, and the ones around them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cai/test_services.h"
#include "keystore_calls.h"
#include "partition_ids.h"

static const int32_t k_callers[] = {
    CAI_IDENTITY_PARTITION_ID,
    CAI_STORAGE_PARTITION_ID,
    0x0102, /* the inference partition's id */
    CAI_ATTEST_PARTITION_ID,
    CAI_ATTEST_PARTITION_ID - 1,
    CAI_ATTEST_PARTITION_ID + 1,
    CAI_TEST_PARTITION_ID,
    CAI_TEST_SECURE_PARTITION_ID,
    0,
    -1,
    -CAI_ATTEST_PARTITION_ID,
    INT32_MIN,
    INT32_MAX,
};
#define N_CALLERS (sizeof(k_callers) / sizeof(k_callers[0]))

static const int32_t k_calls[] = {
    CAI_KEYSTORE_CALL_SIGN_HASH, CAI_KEYSTORE_CALL_ECDH, CAI_KEYSTORE_CALL_PUBLIC, 0, 4, -1
};

static void test_only_attest_signs_with_the_iak(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_CALLERS; i++) {
        bool want = k_callers[i] == CAI_ATTEST_PARTITION_ID;
        assert_int_equal(
            cai_keystore_allowed(CAI_KEY_ID_IAK, CAI_KEYSTORE_CALL_SIGN_HASH, k_callers[i]), want);
        assert_false(cai_keystore_allowed(CAI_KEY_ID_IAK, CAI_KEYSTORE_CALL_ECDH, k_callers[i]));
    }
}

static void test_one_use_per_key(void **state)
{
    (void)state;
    static const cai_key_id_t keys[] = { CAI_KEY_ID_NULL,        CAI_KEY_ID_CLIENT_TLS,
                                         CAI_KEY_ID_COSE_SIGN,   CAI_KEY_ID_COSE_ENCRYPT,
                                         CAI_KEY_ID_IAK,         0x5005,
                                         CAI_KEY_ID_BUILTIN_MAX, 0xffffffffu };
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        for (size_t c = 0; c < sizeof(k_calls) / sizeof(k_calls[0]); c++) {
            for (size_t i = 0; i < N_CALLERS; i++) {
                int32_t who = k_callers[i], call = k_calls[c];
                cai_key_id_t id = keys[k];
                bool want = false;
                if (who > 0) {
                    want = call == CAI_KEYSTORE_CALL_PUBLIC ||
                           (id == CAI_KEY_ID_COSE_SIGN && call == CAI_KEYSTORE_CALL_SIGN_HASH) ||
                           (id == CAI_KEY_ID_COSE_ENCRYPT && call == CAI_KEYSTORE_CALL_ECDH) ||
                           (id == CAI_KEY_ID_IAK && call == CAI_KEYSTORE_CALL_SIGN_HASH &&
                            who == CAI_ATTEST_PARTITION_ID);
                }
                assert_int_equal(cai_keystore_allowed(id, call, who), want);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_attest_signs_with_the_iak),
        cmocka_unit_test(test_one_use_per_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
