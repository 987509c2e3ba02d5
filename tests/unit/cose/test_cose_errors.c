/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one error shape of cai_cose: every cai_cose_err_t value has a text, a
 * name, and maps to a standard PSA status (the documented table, written
 * out here again rather than read from the code under test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai_test/psa_standard.h"

#include "cai/cose.h"

#define INV PSA_ERROR_INVALID_ARGUMENT

static const struct {
    cai_cose_err_t err;
    psa_status_t psa;
} k_table[] = {
    { CAI_COSE_OK, PSA_SUCCESS },
    { CAI_COSE_ERR_ARG, INV },
    { CAI_COSE_ERR_BUFFER_TOO_SMALL, PSA_ERROR_BUFFER_TOO_SMALL },
    { CAI_COSE_ERR_TOO_LARGE, INV },
    { CAI_COSE_ERR_MALFORMED, INV },
    { CAI_COSE_ERR_TRAILING, INV },
    { CAI_COSE_ERR_NOT_DETERMINISTIC, INV },
    { CAI_COSE_ERR_TAG_MISSING, INV },
    { CAI_COSE_ERR_TAG_WRONG, INV },
    { CAI_COSE_ERR_DUPLICATE_LABEL, INV },
    { CAI_COSE_ERR_HEADER, INV },
    { CAI_COSE_ERR_CRIT, INV },
    { CAI_COSE_ERR_ALG_MISSING, INV },
    { CAI_COSE_ERR_ALG_UNKNOWN, PSA_ERROR_NOT_SUPPORTED },
    { CAI_COSE_ERR_ALG_KEY_MISMATCH, INV },
    { CAI_COSE_ERR_ALG_NOT_ALLOWED, PSA_ERROR_NOT_PERMITTED },
    { CAI_COSE_ERR_UNSUPPORTED, PSA_ERROR_NOT_SUPPORTED },
    { CAI_COSE_ERR_NO_RECIPIENT, INV },
    { CAI_COSE_ERR_KEY, INV },
    { CAI_COSE_ERR_SIGNATURE, PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_DECRYPT, PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_UNWRAP, PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_CRYPTO, PSA_ERROR_GENERIC_ERROR },
    { CAI_COSE_ERR_RNG, PSA_ERROR_GENERIC_ERROR },
    { CAI_COSE_ERR_KEY_REF, PSA_ERROR_GENERIC_ERROR },
    { CAI_COSE_ERR_HIGH_S, PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_KID_MISMATCH, PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_NO_IDENTITY, INV },
};
#define N_TABLE (sizeof k_table / sizeof k_table[0])

static void test_every_value_maps(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_TABLE; i++) {
        psa_status_t st = cai_cose_to_psa(k_table[i].err);
        assert_true(cai_test_is_standard_psa(st));
        assert_int_equal(st, k_table[i].psa);
        /* An error is never reported as success. */
        assert_true((k_table[i].err == CAI_COSE_OK) == (st == PSA_SUCCESS));
        assert_string_not_equal(cai_cose_strerror(k_table[i].err), "unknown COSE error");
        assert_string_not_equal(cai_cose_errname(k_table[i].err), "CAI_COSE_ERR_?");
    }
}

/* The table covers the enum: 0 and every value down to the last one, with
 * nothing beyond (a new code must be added to the table and the docs). */
static void test_table_is_complete(void **state)
{
    (void)state;
    assert_int_equal(N_TABLE, 28);
    for (int v = 0; v >= -27; v--) {
        bool found = false;
        for (size_t i = 0; i < N_TABLE; i++) {
            found = found || (int)k_table[i].err == v;
        }
        assert_true(found);
    }
    assert_string_equal(cai_cose_errname((cai_cose_err_t)-28), "CAI_COSE_ERR_?");
    assert_int_equal(cai_cose_to_psa((cai_cose_err_t)-28), PSA_ERROR_GENERIC_ERROR);
    assert_int_equal(cai_cose_to_psa((cai_cose_err_t)7), PSA_ERROR_GENERIC_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_value_maps),
        cmocka_unit_test(test_table_is_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
