/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Status codes of the engine and the kernels: every value has a name, the
 * values are 0 and a contiguous run of negatives (so a new code cannot be
 * added without a name), and every engine status maps to a standard PSA
 * status (include/psa/error.h), GENERIC_ERROR only for values outside the
 * enum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/infer.h"
#include "cai_test/psa_standard.h"
#include "kernels.h"

static void test_infer_status(void **state)
{
    (void)state;
    const char *unknown = cai_infer_strerror((cai_infer_err_t)1);
    assert_string_equal(unknown, "unknown inference status");
    assert_int_equal(cai_infer_to_psa((cai_infer_err_t)1), PSA_ERROR_GENERIC_ERROR);
    assert_int_equal(cai_infer_to_psa(CAI_INFER_OK), PSA_SUCCESS);
    int named = 0;
    for (int v = 0; v >= -64; v--) {
        const cai_infer_err_t e = (cai_infer_err_t)v;
        if (strcmp(cai_infer_strerror(e), unknown) == 0) {
            assert_int_equal(cai_infer_to_psa(e), PSA_ERROR_GENERIC_ERROR);
            continue;
        }
        assert_int_equal(v, -named); /* contiguous from 0 */
        named++;
        assert_true(cai_test_is_standard_psa(cai_infer_to_psa(e)));
        assert_true(v == 0 || cai_infer_to_psa(e) != PSA_SUCCESS);
    }
    assert_int_equal(named, 1 - CAI_INFER_ERR_ARG); /* the last one */
    assert_int_equal(cai_infer_to_psa(CAI_INFER_ERR_MALFORMED), PSA_ERROR_DATA_INVALID);
    assert_int_equal(cai_infer_to_psa(CAI_INFER_ERR_UNSUPPORTED), PSA_ERROR_NOT_SUPPORTED);
    assert_int_equal(cai_infer_to_psa(CAI_INFER_ERR_LIMIT), PSA_ERROR_NOT_SUPPORTED);
    assert_int_equal(cai_infer_to_psa(CAI_INFER_ERR_ARENA), PSA_ERROR_INSUFFICIENT_MEMORY);
    assert_int_equal(cai_infer_to_psa(CAI_INFER_ERR_STATE), PSA_ERROR_BAD_STATE);
    assert_int_equal(cai_infer_to_psa(CAI_INFER_ERR_ARG), PSA_ERROR_INVALID_ARGUMENT);
}

static void test_kernel_status(void **state)
{
    (void)state;
    const char *unknown = cai_k_strerror((cai_k_err_t)1);
    assert_string_equal(unknown, "unknown kernel status");
    int named = 0;
    for (int v = 0; v >= -64; v--) {
        if (strcmp(cai_k_strerror((cai_k_err_t)v), unknown) != 0) {
            assert_int_equal(v, -named);
            named++;
        }
    }
    assert_int_equal(named, 1 - CAI_K_ERR_RANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_infer_status),
        cmocka_unit_test(test_kernel_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
