/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The default image's manifest (library cai_manifest, what cai-spe serves):
 * it boots, holds exactly the real service table (CAI_SERVICES) and serves
 * no [TEST] service: every test SID is unknown to it, for every caller.
 * Its real partitions need a platform, so this test runs on the host's SPE
 * port (with a pinned HUK) and reads the boot log through the host's sink.
 */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cai/services.h"
#include "cai/spm.h"
#include "cai/test_services.h"
#include "cai_host/huk_host.h"
#include "cai_host/spe.h"

#define NS_A ((int32_t)-1)

static char g_log[16384];

/* The boot log so far, from the host sink's file. */
static const char *boot_log(FILE *f)
{
    fflush(f);
    rewind(f);
    size_t n = fread(g_log, 1, sizeof(g_log) - 1, f);
    g_log[n] = '\0';
    return g_log;
}

#define COUNT_ROW(id, name, sid, version, policy, index, ns, clients, part, sfn) +1
#define TEST_SID(id, name, sid, version, policy, index, ns, clients, part, sfn)  (sid),

static void test_default_image_has_no_test_service(void **state)
{
    (void)state;
    FILE *log = tmpfile();
    assert_non_null(log);
    cai_spe_log_to(false, fileno(log));
    char err[256];
    assert_int_equal(cai_host_huk_load(-1, NULL, NULL,
                                       "000102030405060708090a0b0c0d0e0f"
                                       "101112131415161718191a1b1c1d1e1f",
                                       err, sizeof(err)),
                     0);
    assert_int_equal(cai_spm_init(&cai_manifest), PSA_SUCCESS);
    assert_int_equal(cai_manifest.n_services, 0 CAI_SERVICES(COUNT_ROW));
    assert_null(strstr(boot_log(log), "[TEST]"));
    assert_non_null(strstr(g_log, "[IDENTITY] Generated UUID: "));
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
    cai_host_huk_wipe();
    fclose(log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_image_has_no_test_service),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
