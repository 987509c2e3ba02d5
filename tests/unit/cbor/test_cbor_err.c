/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one error shape of cai_cbor: every cai_cbor_err_t value has a text and
 * maps to a standard PSA status (the documented table, written out here
 * again rather than read from the code under test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai_test/psa_standard.h"

#include "cai/cbor.h"

#define INV PSA_ERROR_INVALID_ARGUMENT

static const struct {
    cai_cbor_err_t err;
    psa_status_t psa;
} k_table[] = {
    { CAI_CBOR_OK, PSA_SUCCESS },
    { CAI_CBOR_ERR_BUFFER_TOO_SMALL, PSA_ERROR_BUFFER_TOO_SMALL },
    { CAI_CBOR_ERR_MALFORMED, INV },
    { CAI_CBOR_ERR_TRUNCATED, INV },
    { CAI_CBOR_ERR_LIMIT, INV },
    { CAI_CBOR_ERR_TYPE, INV },
    { CAI_CBOR_ERR_NOT_DETERMINISTIC, INV },
    { CAI_CBOR_ERR_TRAILING, INV },
    { CAI_CBOR_ERR_END, INV },
    { CAI_CBOR_ERR_ARG, INV },
};
#define N_TABLE (sizeof k_table / sizeof k_table[0])

static void test_every_value_maps(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_TABLE; i++) {
        psa_status_t st = cai_cbor_to_psa(k_table[i].err);
        assert_true(cai_test_is_standard_psa(st));
        assert_int_equal(st, k_table[i].psa);
        assert_true((k_table[i].err == CAI_CBOR_OK) == (st == PSA_SUCCESS));
        assert_string_not_equal(cai_cbor_strerror(k_table[i].err), "unknown CBOR error");
    }
}

/* The table covers the enum, 0 down to its last value, and nothing more. */
static void test_table_is_complete(void **state)
{
    (void)state;
    assert_int_equal(N_TABLE, 10);
    for (int v = 0; v >= -9; v--) {
        bool found = false;
        for (size_t i = 0; i < N_TABLE; i++) {
            found = found || (int)k_table[i].err == v;
        }
        assert_true(found);
    }
    assert_string_equal(cai_cbor_strerror((cai_cbor_err_t)-10), "unknown CBOR error");
    assert_int_equal(cai_cbor_to_psa((cai_cbor_err_t)-10), PSA_ERROR_GENERIC_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_value_maps),
        cmocka_unit_test(test_table_is_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
