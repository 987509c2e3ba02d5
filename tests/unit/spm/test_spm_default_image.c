/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The default image's manifest (library cai_manifest, what cai-spe serves):
 * it boots, holds exactly the real service table (CAI_SERVICES) and serves
 * no [TEST] service: every test SID is unknown to it, for every caller.
 */
#include "spm_test_support.h"

#include <string.h>

#define COUNT_ROW(id, name, sid, version, policy, index, ns, clients, part, sfn) +1
#define TEST_SID(id, name, sid, version, policy, index, ns, clients, part, sfn)  (sid),

static void test_default_image_has_no_test_service(void **state)
{
    (void)state;
    spm_log_clear();
    assert_int_equal(cai_spm_init(&cai_manifest), PSA_SUCCESS);
    assert_int_equal(cai_manifest.n_services, 0 CAI_SERVICES(COUNT_ROW));
    assert_false(spm_log_contains("[TEST]"));
    for (size_t i = 0; i < cai_manifest.n_services; i++) {
        assert_int_not_equal(cai_manifest.services[i].sid & 0xFFFFFF00u, 0x0000F000u);
    }
    static const uint32_t test_sids[] = { CAI_TEST_SERVICES(TEST_SID) };
    for (size_t i = 0; i < sizeof(test_sids) / sizeof(test_sids[0]); i++) {
        assert_int_equal(cai_spm_version(NS_A, test_sids[i]), PSA_VERSION_NONE);
        assert_int_equal(cai_spm_version(CAI_TEST_PARTITION_ID, test_sids[i]), PSA_VERSION_NONE);
        assert_int_equal(cai_spm_connect(NS_A, test_sids[i], 1), PSA_ERROR_CONNECTION_REFUSED);
    }
    uint8_t b[2];
    psa_outvec out = { b, sizeof(b) };
    assert_int_equal(cai_spm_call(NS_A, CAI_TEST_STATELESS_HANDLE, 0, NULL, 0, &out, 1),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(out.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_image_has_no_test_service),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
