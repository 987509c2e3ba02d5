/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Decoder unit tests: item contents, shortest-form flags, limits, typed
 * helpers, skip/peek/finish, UTF-8 and float handling. Inputs are written by
 * hand from RFC 8949 §3 (and Appendix A where noted).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "cai/cbor.h"
#include "cbor_test_util.h"

static uint8_t in[256];

static void init_hex(cai_cbor_dec_t *d, const char *hex, const cai_cbor_limits_t *lim)
{
    size_t n = unhex(hex, in, sizeof in);
    cai_cbor_dec_init(d, in, n, lim);
}

/* Pulls every item; returns the first error other than END. */
static cai_cbor_err_t pull_all(const char *hex, const cai_cbor_limits_t *lim)
{
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    cai_cbor_err_t r;
    init_hex(&d, hex, lim);
    while ((r = cai_cbor_next(&d, &it)) == CAI_CBOR_OK) {
    }
    return r == CAI_CBOR_ERR_END ? cai_cbor_dec_finish(&d) : r;
}

static void test_items(void **state)
{
    (void)state;
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    /* 1000([-80000, h'0102', "a", {1: true}, null, simple(99), 1.5]) */
    init_hex(&d, "d903e8 87 3a0001387f 420102 6161 a101f5 f6 f863 f93e00", NULL);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_TAG);
    assert_int_equal(it.v.u, 1000);
    assert_int_equal(it.offset, 0);
    assert_int_equal(it.header_len, 3);
    assert_true(it.shortest);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_ARRAY);
    assert_false(it.indefinite);
    assert_int_equal(it.v.count, 7);
    assert_int_equal(it.offset, 3);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_NINT);
    assert_int_equal(it.v.u, 79999);
    assert_int_equal(it.header_len, 5);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BSTR);
    assert_int_equal(it.v.str.len, 2);
    assert_ptr_equal(it.v.str.ptr, in + 10);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_TSTR);
    assert_int_equal(it.v.str.len, 1);
    assert_int_equal(it.v.str.ptr[0], 'a');

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_MAP);
    assert_int_equal(it.v.count, 1);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_UINT);
    assert_int_equal(it.v.u, 1);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_SIMPLE);
    assert_int_equal(it.v.simple, 21);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.v.simple, 22);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_SIMPLE);
    assert_int_equal(it.v.simple, 99);
    assert_int_equal(it.header_len, 2);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_FLOAT);
    assert_int_equal(it.float_size, 2);
    assert_true(it.v.f == 1.5);
    assert_true(it.shortest);

    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_END);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_END);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_OK);
}

/* Non-shortest heads are well-formed; the flag says so. */
static void test_shortest_flag(void **state)
{
    (void)state;
    static const struct {
        const char *hex;
        bool shortest;
    } cases[] = {
        { "17", true },
        { "1817", false },
        { "1818", true },
        { "1900ff", false },
        { "190100", true },
        { "1a0000ffff", false },
        { "1a00010000", true },
        { "1b00000000ffffffff", false },
        { "1b0000000100000000", true },
        { "3800", false },
        { "5800", false },
        { "9800", false },
        { "d800", false },
        { "f93c00", true },
        { "fa3f800000", false },
        { "fb3ff0000000000000", false },
        { "fa3f800001", true },
        { "fb3ff199999999999a", true },
        { "f97e00", true },
        { "fa7fc00000", false }, /* NaN: f97e00 keeps it */
        { "fa7f800001", true },  /* NaN whose payload needs binary32 */
        { "f820", true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cai_cbor_dec_t d;
        cai_cbor_item_t it;
        init_hex(&d, cases[i].hex, NULL);
        assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
        if (it.shortest != cases[i].shortest) {
            fail_msg("%s: shortest=%d", cases[i].hex, it.shortest);
        }
    }
}

static double decode_float(const char *hex, uint8_t *size)
{
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    init_hex(&d, hex, NULL);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_FLOAT);
    *size = it.float_size;
    return it.v.f;
}

static void test_floats(void **state)
{
    (void)state;
    uint8_t sz;
    assert_true(decode_float("f90001", &sz) == 0x1p-24 && sz == 2);
    assert_true(decode_float("f903ff", &sz) == 0x3ffp-24);
    assert_true(decode_float("f90400", &sz) == 0x1p-14);
    assert_true(decode_float("f97bff", &sz) == 65504.0);
    assert_true(decode_float("f9c400", &sz) == -4.0);
    double z = decode_float("f98000", &sz);
    assert_true(z == 0.0 && signbit(z));
    assert_true(isinf(decode_float("f97c00", &sz)));
    assert_true(isinf(decode_float("f9fc00", &sz)) && signbit(decode_float("f9fc00", &sz)));
    assert_true(isnan(decode_float("f97e00", &sz)));
    assert_true(isnan(decode_float("fa7fc00000", &sz)) && sz == 4);
    assert_true(decode_float("fa00000001", &sz) == 0x1p-149);
    assert_true(decode_float("fa7f7fffff", &sz) == 0x1.fffffep127);
    assert_true(decode_float("fa3f800001", &sz) == 1.0 + 0x1p-23);
    assert_true(decode_float("fb3ff199999999999a", &sz) == 1.1 && sz == 8);
    assert_true(decode_float("fb0000000000000001", &sz) == 0x1p-1074);
}

static void test_simple_values(void **state)
{
    (void)state;
    assert_int_equal(pull_all("f0", NULL), CAI_CBOR_OK);
    assert_int_equal(pull_all("f820", NULL), CAI_CBOR_OK);
    assert_int_equal(pull_all("f8ff", NULL), CAI_CBOR_OK);
    /* RFC 8949 §3.3: two-byte forms of 0..31 are not well-formed. This
     * differs from RFC 7049, whose Appendix A listed f818 as simple(24). */
    assert_int_equal(pull_all("f818", NULL), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(pull_all("f800", NULL), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(pull_all("f81f", NULL), CAI_CBOR_ERR_MALFORMED);
}

static void test_indefinite(void **state)
{
    (void)state;
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    /* {_ "a": (_ h'01', h''), "b": [_ ]} */
    init_hex(&d, "bf 6161 5f4101 40 ff 6162 9fff ff", NULL);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_MAP);
    assert_true(it.indefinite);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK); /* "a" */
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BSTR);
    assert_true(it.indefinite);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BSTR);
    assert_false(it.indefinite);
    assert_int_equal(it.v.str.len, 1);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.v.str.len, 0);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BREAK);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK); /* "b" */
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_ARRAY);
    assert_true(it.indefinite);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BREAK);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BREAK);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_END);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_OK);
}

static void test_utf8(void **state)
{
    (void)state;
    static const char *good[] = {
        "60",
        "6161",
        "62c3bc",
        "63e6b0b4",
        "64f0908591",
        "627f7f",
        "62c280",
        "63e0a080",
        "63ed9fbf",
        "63ee8080",
        "64f4 8fbf bf",
        "64f0 9080 80",
        "7f 62c3bc 6161 ff",
    };
    static const char *bad[] = {
        "61ff",
        "6180", /* stray bytes */
        "62c080",
        "62c1bf", /* overlong 2-byte */
        "63e08080",
        "63e09fbf", /* overlong 3-byte */
        "63eda080",
        "63edbfbf", /* UTF-16 surrogates */
        "64f0808080",
        "64f08fbfbf", /* overlong 4-byte */
        "64f4908080",
        "64f5808080", /* above U+10FFFF */
        "61c3",
        "62e6b0",
        "63f09085",        /* sequence cut by the string end */
        "62c341",          /* bad continuation */
        "7f 61c3 61bc ff", /* a character split across chunks */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (pull_all(good[i], NULL) != CAI_CBOR_OK) {
            fail_msg("rejected valid UTF-8 %s", good[i]);
        }
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (pull_all(bad[i], NULL) != CAI_CBOR_ERR_MALFORMED) {
            fail_msg("accepted invalid UTF-8 %s", bad[i]);
        }
    }
}

/* 17 nested arrays around 0 (depth 17). */
static const char deep17[] = "8181818181818181 8181818181818181 81 00";

static void test_depth_limit(void **state)
{
    (void)state;
    assert_int_equal(pull_all(deep17 + 2, NULL), CAI_CBOR_OK); /* 16 deep: default ok */
    assert_int_equal(pull_all(deep17, NULL), CAI_CBOR_ERR_LIMIT);
    cai_cbor_limits_t lim = { 2, 0, 0 };
    assert_int_equal(pull_all("8181 00", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("818181 00", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("c1c1c1 00", &lim), CAI_CBOR_ERR_LIMIT); /* tags nest too */
    assert_int_equal(pull_all("819f9fffff", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("815f41ff ff", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("81815f ff", &lim), CAI_CBOR_ERR_LIMIT);
    /* a larger request is clamped to CAI_CBOR_MAX_DEPTH (32) */
    char deep[2 * 33 + 3];
    cai_cbor_limits_t big = { 1000, 0, 0 };
    for (int n = 32; n <= 33; n++) {
        memset(deep, 0, sizeof deep);
        for (int i = 0; i < n; i++) {
            memcpy(deep + 2 * i, "81", 2);
        }
        memcpy(deep + 2 * n, "00", 2);
        assert_int_equal(pull_all(deep, &big), n == 32 ? CAI_CBOR_OK : CAI_CBOR_ERR_LIMIT);
    }
}

static void test_item_limit(void **state)
{
    (void)state;
    cai_cbor_limits_t lim = { 0, 4, 0 };
    assert_int_equal(pull_all("83010203", &lim), CAI_CBOR_OK); /* 4 heads */
    assert_int_equal(pull_all("8401020304", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("9f01020304ff", &lim), CAI_CBOR_ERR_LIMIT);
}

static void test_count_limit(void **state)
{
    (void)state;
    cai_cbor_limits_t lim = { 0, 0, 2 };
    assert_int_equal(pull_all("820102", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("83010203", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("a201020304", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("a3010203040506", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("9f0102ff", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("9f010203ff", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("bf01020304ff", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("bf010203040506ff", &lim), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("5f4040ff", &lim), CAI_CBOR_OK);
    assert_int_equal(pull_all("5f404040ff", &lim), CAI_CBOR_ERR_LIMIT);
    /* default: 65536 */
    assert_int_equal(pull_all("9a00010001", NULL), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("9a00010000", NULL), CAI_CBOR_ERR_TRUNCATED);
}

/* Lengths and counts larger than the input fail before anything is read,
 * whatever the width of size_t. */
static void test_huge_lengths(void **state)
{
    (void)state;
    cai_cbor_limits_t nolimit = { 0, 0, UINT64_MAX };
    assert_int_equal(pull_all("5bffffffffffffffff", NULL), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(pull_all("5b000000010000000000", NULL), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(pull_all("7bffffffffffffffff00", NULL), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(pull_all("5affffffff00", NULL), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(pull_all("9bffffffffffffffff", &nolimit), CAI_CBOR_ERR_LIMIT);
    /* 2 * count must not wrap around: 0x7fff..ff pairs */
    assert_int_equal(pull_all("bb7fffffffffffffff 0000", &nolimit), CAI_CBOR_ERR_TRUNCATED);
    assert_int_equal(pull_all("bb8000000000000000 0000", &nolimit), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(pull_all("9b7fffffffffffffff 00", &nolimit), CAI_CBOR_ERR_TRUNCATED);
}

static void test_sticky_error(void **state)
{
    (void)state;
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    init_hex(&d, "82 1c 00", NULL);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_peek(&d, &it), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_ERR_MALFORMED);
}

static void test_finish(void **state)
{
    (void)state;
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    assert_int_equal(pull_all("0000", NULL),
                     CAI_CBOR_ERR_TRAILING); /* RFC 8949 App. F "too much data" */
    assert_int_equal(pull_all("", NULL), CAI_CBOR_ERR_TRUNCATED);
    init_hex(&d, "820102", NULL);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_ERR_ARG); /* nothing pulled */
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_ERR_ARG); /* stopped early */
    init_hex(&d, "8201", NULL);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_ERR_TRUNCATED); /* 2 items, 1 there */
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_TRUNCATED);
    cai_cbor_dec_init(&d, NULL, 5, NULL);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_ERR_TRUNCATED);
}

static void test_skip_peek(void **state)
{
    (void)state;
    cai_cbor_dec_t d;
    cai_cbor_item_t it;
    uint64_t u;
    /* [ [1, {2: [3]}], 9f 1(h'00') ff, 7 ] */
    init_hex(&d, "83 8201a1028103 9fc14100ff 07", NULL);
    assert_int_equal(cai_cbor_get_array(&d, &u), CAI_CBOR_OK);
    assert_int_equal(u, 3);
    assert_int_equal(cai_cbor_peek(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_ARRAY);
    assert_int_equal(cai_cbor_peek(&d, &it), CAI_CBOR_OK); /* peek twice: same */
    assert_int_equal(it.offset, 1);
    assert_int_equal(cai_cbor_dec_offset(&d), 1);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_dec_offset(&d), 7); /* [1, {2: [3]}] spans 1..7 */
    assert_int_equal(cai_cbor_peek(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.offset, 7);
    assert_true(it.indefinite);
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);  /* open the indefinite array */
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);       /* skip the tagged item */
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_ERR_TYPE); /* at the break */
    assert_int_equal(cai_cbor_next(&d, &it), CAI_CBOR_OK);
    assert_int_equal(it.type, CAI_CBOR_BREAK);
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_OK);
    assert_int_equal(u, 7);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_ERR_END);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_OK);

    /* skip of a whole top-level item, then finish */
    init_hex(&d, "a2 01 9f 02 03 ff 04 5f 41 00 ff", NULL);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_OK);
    /* skip reports the error inside the item */
    init_hex(&d, "82 01 1c", NULL);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_ERR_MALFORMED);
    init_hex(&d, "82 01", NULL);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_ERR_TRUNCATED);
}

static void test_typed(void **state)
{
    (void)state;
    cai_cbor_dec_t d;
    uint64_t u;
    int64_t i;
    const uint8_t *b;
    const char *s;
    size_t n;
    /* ["ab", h'cd', -7, 1b7fff.., 3b7fff.., 1b8000.., 3b8000.., 18(0), 9f ff, 5f ff, 7f ff, bf ff] */
    init_hex(&d,
             "8c 626162 41cd 26 1b7fffffffffffffff 3b7fffffffffffffff"
             " 1b8000000000000000 3b8000000000000000 d200 9fff 5fff 7fff bfff",
             NULL);
    assert_int_equal(cai_cbor_get_map(&d, &u), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_get_array(&d, &u), CAI_CBOR_OK);
    assert_int_equal(u, 12);
    /* a type mismatch consumes nothing */
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_get_bstr(&d, &b, &n), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_get_tstr(&d, &s, &n), CAI_CBOR_OK);
    assert_int_equal(n, 2);
    assert_memory_equal(s, "ab", 2);
    assert_int_equal(cai_cbor_get_tstr(&d, &s, &n), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_get_bstr(&d, &b, &n), CAI_CBOR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(b[0], 0xcd);
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_OK);
    assert_int_equal(i, -7);
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_OK);
    assert_true(i == INT64_MAX);
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_OK);
    assert_true(i == INT64_MIN);
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_ERR_TYPE); /* 2^63 */
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_OK);
    assert_true(u == UINT64_C(0x8000000000000000));
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_ERR_TYPE); /* -2^63-1 */
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_get_tag(&d, &u), CAI_CBOR_OK);
    assert_int_equal(u, 18);
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_OK);
    assert_int_equal(u, 0);
    /* indefinite lengths are refused by the definite-only helpers */
    assert_int_equal(cai_cbor_get_array(&d, &u), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_get_bstr(&d, &b, &n), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_get_tstr(&d, &s, &n), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_get_map(&d, &u), CAI_CBOR_ERR_TYPE);
    assert_int_equal(cai_cbor_skip(&d), CAI_CBOR_OK);
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_ERR_END);
    assert_int_equal(cai_cbor_dec_finish(&d), CAI_CBOR_OK);

    /* decode errors come through the helpers and stay */
    init_hex(&d, "1c", NULL);
    assert_int_equal(cai_cbor_get_uint(&d, &u), CAI_CBOR_ERR_MALFORMED);
    assert_int_equal(cai_cbor_get_tstr(&d, &s, &n), CAI_CBOR_ERR_MALFORMED);
    init_hex(&d, "19", NULL);
    assert_int_equal(cai_cbor_get_int(&d, &i), CAI_CBOR_ERR_TRUNCATED);
    init_hex(&d, "5f", NULL);
    assert_int_equal(cai_cbor_get_bstr(&d, &b, &n), CAI_CBOR_ERR_TYPE);
    init_hex(&d, "98", NULL);
    assert_int_equal(cai_cbor_get_array(&d, &u), CAI_CBOR_ERR_TRUNCATED);
    init_hex(&d, "d8", NULL);
    assert_int_equal(cai_cbor_get_tag(&d, &u), CAI_CBOR_ERR_TRUNCATED);
}

static void test_strerror(void **state)
{
    (void)state;
    for (int e = CAI_CBOR_ERR_ARG; e <= 0; e++) {
        const char *s = cai_cbor_strerror((cai_cbor_err_t)e);
        assert_non_null(s);
        assert_true(strlen(s) > 0);
        assert_string_not_equal(s, "unknown CBOR error");
    }
    assert_string_equal(cai_cbor_strerror((cai_cbor_err_t)-100), "unknown CBOR error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items),        cmocka_unit_test(test_shortest_flag),
        cmocka_unit_test(test_floats),       cmocka_unit_test(test_simple_values),
        cmocka_unit_test(test_indefinite),   cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_depth_limit),  cmocka_unit_test(test_item_limit),
        cmocka_unit_test(test_count_limit),  cmocka_unit_test(test_huge_lengths),
        cmocka_unit_test(test_sticky_error), cmocka_unit_test(test_finish),
        cmocka_unit_test(test_skip_peek),    cmocka_unit_test(test_typed),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
