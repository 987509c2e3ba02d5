/* SPDX-License-Identifier: Apache-2.0 */
/* Strict hex decoding: every digit form, every rejection, no write past cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/hex.h"

static void test_nibbles(void **state)
{
    (void)state;
    const char *digits = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        assert_int_equal(cai_hex_nibble(digits[i]), i);
        if (i >= 10) {
            assert_int_equal(cai_hex_nibble(digits[i] - 'a' + 'A'), i);
        }
    }
    int accepted = 0;
    for (int c = 0; c < 256; c++) {
        accepted += cai_hex_nibble(c) >= 0;
    }
    assert_int_equal(accepted, 22); /* 10 digits + 6 lower + 6 upper, nothing else */
}

static void test_decode(void **state)
{
    (void)state;
    uint8_t out[4];
    size_t n = 99;
    assert_int_equal(cai_hex_decode("00fF7a", 6, out, sizeof out, &n), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(out, "\x00\xff\x7a", 3);
    assert_int_equal(cai_hex_decode("", 0, out, sizeof out, &n), 0);
    assert_int_equal(n, 0);
}

static void test_rejects(void **state)
{
    (void)state;
    uint8_t out[3];
    size_t n = 0;
    assert_int_equal(cai_hex_decode("abc", 3, out, sizeof out, &n), -1);  /* odd */
    assert_int_equal(cai_hex_decode("0g", 2, out, sizeof out, &n), -1);   /* not hex */
    assert_int_equal(cai_hex_decode(" 01", 2, out, sizeof out, &n), -1);  /* blank */
    assert_int_equal(cai_hex_decode("0x01", 4, out, sizeof out, &n), -1); /* prefix */
    assert_int_equal(cai_hex_decode(NULL, 0, out, sizeof out, &n), -1);
    assert_int_equal(cai_hex_decode("00", 2, out, sizeof out, NULL), -1);
    /* Too long for the buffer: refused before anything is written. */
    uint8_t guard[5] = { 0xA5, 0xA5, 0xA5, 0xA5, 0xA5 };
    assert_int_equal(cai_hex_decode("0102030405", 10, guard, 4, &n), -1);
    assert_int_equal(guard[4], 0xA5);
    assert_int_equal(guard[0], 0xA5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nibbles),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
