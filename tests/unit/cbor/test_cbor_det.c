/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai_cbor_check_deterministic against RFC 8949 §4.2.1: positive and negative
 * cases written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cai/cbor.h"
#include "cbor_test_util.h"

static cai_cbor_err_t check(const char *hex)
{
    uint8_t buf[128];
    size_t n = unhex(hex, buf, sizeof buf);
    return cai_cbor_check_deterministic(buf, n);
}

static void test_deterministic(void **state)
{
    (void)state;
    static const char *ok[] = {
        "00",
        "17",
        "1818",
        "190100",
        "1bffffffffffffffff",
        "3bffffffffffffffff",
        "40",
        "60",
        "80",
        "a0",
        "f4",
        "f820",
        "f93c00",
        "f97e00",
        "f97c00",
        "fa47c35000",
        "fb3ff199999999999a",
        "a201020304",           /* {1: 2, 3: 4} */
        "a3 0a00 2000 6161 00", /* keys 10, -1, "a": 0a < 20 < 61 */
        "a2 1818 00 20 00",     /* 24 (1818) sorts before -1 (20) bytewise */
        "a2 6161 00 6162 00",
        "a2 6161 00 626161 00", /* "a" (6161) < "aa" (626161) */
        "a1 a10100 00",         /* a map key that is a map */
        "82 a10100 a10100",     /* equal keys in different maps are fine */
        "a2 01 83010203 02 00", /* a container value between keys */
        "a2 81 01 00 81 02 00", /* keys [1] < [2] */
        "d818 4100",            /* tags with shortest heads */
        "a1 01 a2 01 00 02 00", /* nested map, sorted */
    };
    static const char *not_det[] = {
        "1800",
        "1817",
        "1900ff",
        "1a0000ffff",
        "1b00000000ffffffff",
        "3800",
        "5800",
        "7800",
        "9800",
        "b800",
        "d800 00",
        "d90001 00",
        "5fff",
        "7fff",
        "9fff",
        "bfff",
        "5f4100ff",
        "9f01ff",
        "fa3f800000",             /* 1.0 fits binary16 */
        "fb3ff0000000000000",     /* 1.0 as binary64 */
        "fb3ff8000000000000",     /* 1.5 */
        "fa7f800000",             /* Infinity as binary32 */
        "fa7fc00000",             /* NaN as binary32 */
        "fb7ff8000000000000",     /* NaN as binary64 */
        "a2 0300 0100",           /* keys out of order */
        "a2 0100 0100",           /* duplicate key */
        "a2 20 00 1818 00",       /* -1 before 24: length-first order, not bytewise */
        "a2 626161 00 6161 00",   /* "aa" before "a" */
        "a1 01 a2 02 00 01 00",   /* nested map out of order */
        "82 a10100 a2 0100 0100", /* duplicate in the second map */
        "a3 01 00 02 00 02 00",   /* duplicate after a good pair */
        "a2 81 02 00 81 01 00",   /* [2] before [1] */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cai_cbor_err_t r = check(ok[i]);
        if (r != CAI_CBOR_OK) {
            fail_msg("%s: %s", ok[i], cai_cbor_strerror(r));
        }
    }
    for (size_t i = 0; i < sizeof not_det / sizeof not_det[0]; i++) {
        cai_cbor_err_t r = check(not_det[i]);
        if (r != CAI_CBOR_ERR_NOT_DETERMINISTIC) {
            fail_msg("%s: %s", not_det[i], cai_cbor_strerror(r));
        }
    }
}

static void test_other_errors(void **state)
{
    (void)state;
    assert_int_equal(check("0000"), CAI_CBOR_ERR_TRAILING);
    assert_int_equal(check(""), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(check("82 01"), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(check("1c"), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(check("f818"), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_check_deterministic(NULL, 0), CAI_CBOR_ERR_TRUNCATED);
}

/* Deep nesting is checked up to CAI_CBOR_MAX_DEPTH (32), then LIMIT. */
static void test_depth(void **state)
{
    (void)state;
    uint8_t buf[40];
    memset(buf, 0x81, sizeof buf);
    buf[32] = 0x00;
    assert_int_equal(cai_cbor_check_deterministic(buf, 33), CAI_CBOR_OK);
    buf[32] = 0x81;
    buf[33] = 0x00;
    assert_int_equal(cai_cbor_check_deterministic(buf, 34), CAI_CBOR_ERR_LIMIT);
}

/* What the encoder produces for sorted keys passes the check. */
static void test_encoder_output(void **state)
{
    (void)state;
    uint8_t buf[64];
    cai_cbor_enc_t e;
    size_t len;
    cai_cbor_enc_init(&e, buf, sizeof buf);
    cai_cbor_put_map(&e, 4);
    cai_cbor_put_uint(&e, 10);
    cai_cbor_put_bstr(&e, "x", 1);
    cai_cbor_put_uint(&e, 256);
    cai_cbor_put_float(&e, 1.0);
    cai_cbor_put_int(&e, -80000);
    cai_cbor_put_float(&e, 100000.0);
    cai_cbor_put_int(&e, -80007);
    cai_cbor_put_tstr_z(&e, "sine");
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_check_deterministic(buf, len), CAI_CBOR_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_other_errors),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_encoder_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
