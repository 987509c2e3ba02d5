/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Diagnostic notation printer: output forms (RFC 8949 §8, §8.1, Appendix A
 * style) and the output-buffer contract (truncation, NUL, size needed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cai/cbor.h"
#include "cbor_test_util.h"

static void expect_diag(const char *hex, const char *want)
{
    uint8_t buf[256];
    char out[512];
    size_t n = unhex(hex, buf, sizeof buf), need = 0;
    cai_cbor_err_t r = cai_cbor_diag(buf, n, out, sizeof out, &need);
    if (r != CAI_CBOR_OK) {
        fail_msg("%s: %s", hex, cai_cbor_strerror(r));
    }
    if (strcmp(out, want) != 0) {
        fail_msg("%s: got %s, want %s", hex, out, want);
    }
    assert_int_equal(need, strlen(want));
}

static void test_forms(void **state)
{
    (void)state;
    expect_diag("00", "0");
    expect_diag("1bffffffffffffffff", "18446744073709551615");
    expect_diag("3bfffffffffffffffe", "-18446744073709551615");
    expect_diag("3bffffffffffffffff", "-18446744073709551616");
    expect_diag("3903e7", "-1000");
    expect_diag("1800", "0"); /* non-shortest heads print the value */
    expect_diag("4401020304", "h'01020304'");
    expect_diag("42abff", "h'abff'");
    expect_diag("40", "h''");
    expect_diag("60", "\"\"");
    /* JSON-style escapes for quote, backslash and control characters */
    expect_diag("6a 22 5c 0a 09 0d 08 0c 01 1f 7f",
                "\"\\\"\\\\\\n\\t\\r\\b\\f\\u0001\\u001f\x7f\"");
    expect_diag("62c3bc", "\"\xc3\xbc\"");
    expect_diag("83 01 82 02 03 a0", "[1, [2, 3], {}]");
    expect_diag("a2 01 02 6161 80", "{1: 2, \"a\": []}");
    expect_diag("a1 a1 01 02 a0", "{{1: 2}: {}}");
    expect_diag("9fff", "[_ ]");
    expect_diag("bfff", "{_ }");
    expect_diag("9f 01 9f ff 82 02 bf 01 02 ff ff", "[_ 1, [_ ], [2, {_ 1: 2}]]");
    expect_diag("5f 42 0102 43 030405 ff", "(_ h'0102', h'030405')");
    expect_diag("7f 62 6869 60 ff", "(_ \"hi\", \"\")");
    /* an indefinite string with no chunks (RFC 8949 §8.1) */
    expect_diag("5fff", "''_");
    expect_diag("7fff", "\"\"_");
    expect_diag("82 5fff 7fff", "[''_, \"\"_]");
    expect_diag("c1 1a514b67b0", "1(1363896240)");
    expect_diag("d8 20 c2 41 01", "32(2(h'01'))");
    expect_diag("c0 9f c1 00 ff", "0([_ 1(0)])");
    expect_diag("f4", "false");
    expect_diag("f5", "true");
    expect_diag("f6", "null");
    expect_diag("f7", "undefined");
    expect_diag("e0", "simple(0)");
    expect_diag("f3", "simple(19)");
    expect_diag("f820", "simple(32)");
    expect_diag("f8ff", "simple(255)");
}

static void test_floats(void **state)
{
    (void)state;
    expect_diag("f90000", "0.0");
    expect_diag("f98000", "-0.0");
    expect_diag("f93c00", "1.0");
    expect_diag("fb3ff199999999999a", "1.1");
    expect_diag("f97bff", "65504.0");
    expect_diag("fa47c35000", "100000.0");
    expect_diag("fa7f7fffff", "3.4028234663852886e+38");
    expect_diag("fb7e37e43c8800759c", "1.0e+300");
    expect_diag("f90001", "5.960464477539063e-8");
    expect_diag("f90400", "0.00006103515625");
    expect_diag("fbc010666666666666", "-4.1");
    expect_diag("fb3fb999999999999a", "0.1");
    expect_diag("fb3eb0c6f7a0b5ed8d", "0.000001");                /* 1e-6: still plain */
    expect_diag("fb3e7ad7f29abcaf48", "1.0e-7");                  /* 1e-7: exponent */
    expect_diag("fb4415af1d78b58c40", "100000000000000000000.0"); /* 1e20 */
    expect_diag("fb444b1ae4d6e2ef50", "1.0e+21");
    expect_diag("fb0000000000000001", "5.0e-324");
    expect_diag("fb7fefffffffffffff", "1.7976931348623157e+308");
    expect_diag("fb41d452d9ec200000", "1363896240.5");
    expect_diag("fa3f800001", "1.0000001192092896");
    expect_diag("f97c00", "Infinity");
    expect_diag("fbfff0000000000000", "-Infinity");
    expect_diag("fa7fc00000", "NaN");
    expect_diag("f97e01", "NaN");
}

static void test_buffer_contract(void **state)
{
    (void)state;
    static const char want[] = "[1, \"ab\", h'ff']";
    uint8_t buf[16];
    size_t n = unhex("83 01 626162 41ff", buf, sizeof buf);
    size_t len = strlen(want);
    char out[64];
    size_t need = 0;

    assert_int_equal(cai_cbor_diag(buf, n, NULL, 0, &need), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(need, len);
    for (size_t cap = 1; cap <= len + 1; cap++) {
        memset(out, 'X', sizeof out);
        cai_cbor_err_t r = cai_cbor_diag(buf, n, out, cap, &need);
        assert_int_equal(r, cap <= len ? CAI_CBOR_ERR_BUFFER_TOO_SMALL : CAI_CBOR_OK);
        assert_int_equal(need, len);
        assert_int_equal(strlen(out), cap - 1); /* NUL-terminated prefix */
        assert_memory_equal(out, want, cap - 1);
        for (size_t i = cap; i < sizeof out; i++) {
            assert_int_equal(out[i], 'X');
        }
    }
    assert_int_equal(cai_cbor_diag(buf, n, out, sizeof out, NULL), CAI_CBOR_OK);
}

static void test_errors(void **state)
{
    (void)state;
    uint8_t buf[8];
    char out[32];
    size_t need;
    size_t n = unhex("82010000", buf, sizeof buf);
    assert_int_equal(cai_cbor_diag(buf, n, out, sizeof out, &need), CAI_CBOR_ERR_TRAILING);
    assert_string_equal(out, "[1, 0]");
    n = unhex("8201", buf, sizeof buf);
    assert_int_equal(cai_cbor_diag(buf, n, out, sizeof out, &need), CAI_CBOR_ERR_TRUNCATED);
    assert_string_equal(out, "[1"); /* what was read before the error */
    n = unhex("f818", buf, sizeof buf);
    assert_int_equal(cai_cbor_diag(buf, n, out, sizeof out, &need), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_diag(NULL, 0, out, sizeof out, &need), CAI_CBOR_ERR_TRUNCATED);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_floats),
        cmocka_unit_test(test_buffer_contract),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
