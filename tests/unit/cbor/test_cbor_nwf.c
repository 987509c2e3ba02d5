/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Not-well-formed CBOR: the examples of RFC 8949 Appendix F.1, transcribed by
 * hand from the RFC text, grouped as the RFC groups them. Every one must be
 * rejected by the pull decoder, by cai_cbor_skip, by the deterministic check
 * and by the diagnostic printer, with the error kind Appendix F gives it:
 * "too little data" -> CAI_CBOR_ERR_TRUNCATED, syntax errors ->
 * CAI_CBOR_ERR_MALFORMED. Appendix F's first kind, "too much data", is a
 * trailing-bytes check: CAI_CBOR_ERR_TRAILING from cai_cbor_dec_finish.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "cai/cbor.h"
#include "cbor_test_util.h"

typedef struct {
    const char *group;
    const char *hex[24];
} nwf_group_t;

/* RFC 8949 Appendix F.1, kind 2 "too little data" (end of input inside an
 * item). */
static const nwf_group_t too_little[] = {
    { "F.1 end of input in a head",
      { "18", "19", "1a", "1b", "1901", "1a0102", "1b01020304050607", "38", "58", "78", "98",
        "9a01ff00", "b8", "d8", "f8", "f900", "fa0000", "fb000000" } },
    { "F.1 definite-length strings with short data",
      { "41", "61", "5affffffff00", "5bffffffffffffffff010203", "7affffffff00",
        "7b7fffffffffffffff010203" } },
    { "F.1 definite-length maps and arrays not closed with enough items",
      { "81", "818181818181818181", "8200", "a1", "a20102", "a100", "a2000000" } },
    { "F.1 tag number not followed by tag content", { "c0" } },
    { "F.1 indefinite-length strings not closed by a break stop code", { "5f4100", "7f6100" } },
    { "F.1 indefinite-length maps and arrays not closed by a break stop code",
      { "9f", "9f0102", "bf", "bf01020102", "819f", "9f8000", "9f9f9f9f9fffffffff",
        "9f819f819f9fffffff" } },
};

/* RFC 8949 Appendix F.1, kind 3 "syntax error", its five subkinds. */
static const nwf_group_t syntax[] = {
    { "F.1 subkind 1: reserved additional information values",
      { "1c", "1d", "1e", "3c", "3d", "3e", "5c", "5d", "5e", "7c", "7d", "7e",
        "9c", "9d", "9e", "bc", "bd", "be", "dc", "dd", "de", "fc", "fd", "fe" } },
    { "F.1 subkind 2: reserved two-byte encodings of simple values",
      { "f800", "f801", "f818", "f81f" } },
    { "F.1 subkind 3: indefinite-length string chunks not of the correct type",
      { "5f00ff", "5f21ff", "5f6100ff", "5f80ff", "5fa0ff", "5fc000ff", "5fe0ff", "7f4100ff" } },
    { "F.1 subkind 3: indefinite-length string chunks not definite length",
      { "5f5f4100ffff", "7f7f6100ffff" } },
    { "F.1 subkind 4: break occurring on its own outside of an indefinite-length item", { "ff" } },
    { "F.1 subkind 4: break occurring in a definite-length array or map or a tag",
      { "81ff", "8200ff", "a1ff", "a1ff00", "a100ff", "a20000ff", "9f81ff",
        "9f829f819f9fffffffff" } },
    { "F.1 subkind 4: break in an indefinite-length map that would lead to an odd number of "
      "items (break in a value position)",
      { "bf00ff", "bf000000ff" } },
    { "F.1 subkind 5: major type 0, 1, 6 with additional information 31", { "1f", "3f", "df" } },
    /* Not in F.1, same rules: indefinite length on major type 7 is the break
     * byte itself; invalid UTF-8 makes a text string invalid (RFC 8949 §3.1,
     * §5.3.1; our decoder treats it as not well-formed). */
    { "RFC 8949 §3.1 invalid UTF-8 in a text string", { "61ff", "62c080", "63eda080" } },
};

static unsigned run_group(const nwf_group_t *g, cai_cbor_err_t want)
{
    unsigned n = 0;
    for (size_t i = 0; i < 24 && g->hex[i]; i++, n++) {
        uint8_t buf[64];
        size_t len = unhex(g->hex[i], buf, sizeof buf);
        cai_cbor_dec_t d;
        cai_cbor_item_t it;
        cai_cbor_err_t r;

        cai_cbor_dec_init(&d, buf, len, NULL);
        while ((r = cai_cbor_next(&d, &it)) == CAI_CBOR_OK) {
        }
        if (r == CAI_CBOR_ERR_END) {
            r = cai_cbor_dec_finish(&d);
        }
        if (r != want) {
            fail_msg("%s: %s gave %s", g->group, g->hex[i], cai_cbor_strerror(r));
        }
        cai_cbor_dec_init(&d, buf, len, NULL);
        r = cai_cbor_skip(&d);
        if (r == CAI_CBOR_OK) {
            r = cai_cbor_dec_finish(&d);
        }
        if (r != want) {
            fail_msg("%s: skip over %s gave %s", g->group, g->hex[i], cai_cbor_strerror(r));
        }
        r = cai_cbor_check_deterministic(buf, len);
        if (r != want) {
            fail_msg("%s: check of %s gave %s", g->group, g->hex[i], cai_cbor_strerror(r));
        }
        char out[256];
        size_t need;
        r = cai_cbor_diag(buf, len, out, sizeof out, &need);
        if (r != want) {
            fail_msg("%s: diag of %s gave %s", g->group, g->hex[i], cai_cbor_strerror(r));
        }
    }
    return n;
}

static void test_too_little_data(void **state)
{
    (void)state;
    unsigned n = 0;
    for (size_t i = 0; i < sizeof too_little / sizeof too_little[0]; i++) {
        n += run_group(&too_little[i], CAI_CBOR_ERR_TRUNCATED);
    }
    printf("  %u 'too little data' examples rejected as truncated\n", n);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    unsigned n = 0;
    for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++) {
        n += run_group(&syntax[i], CAI_CBOR_ERR_MALFORMED);
    }
    printf("  %u syntax-error examples rejected as not well-formed\n", n);
}

/* Kind 1 "too much data": a well-formed item followed by more bytes. */
static void test_too_much_data(void **state)
{
    (void)state;
    static const nwf_group_t trailing = { "trailing bytes", { "0000", "80ff", "a0a0", "f4f5" } };
    unsigned n = run_group(&trailing, CAI_CBOR_ERR_TRAILING);
    printf("  %u 'too much data' examples rejected as trailing\n", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_too_little_data),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_too_much_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
