/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encoder unit tests. Expected bytes are worked out by hand from the rules of
 * RFC 8949 §3 (heads), §3.3 (simple values, floats) and §4.1 (preferred
 * serialization), or are RFC 8949 Appendix A examples.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <math.h>

#include <cmocka.h>

#include "cai/cbor.h"
#include "cbor_test_util.h"

typedef void (*enc_fn)(cai_cbor_enc_t *e);

/* Encodes with fn into a right-sized buffer and compares with hex. */
static void expect_encoding(enc_fn fn, const char *hex)
{
    uint8_t want[512], got[512];
    size_t wlen = unhex(hex, want, sizeof want), len = 0;
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, got, sizeof got);
    fn(&e);
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_OK);
    assert_int_equal(len, wlen);
    assert_memory_equal(got, want, wlen);
}

/* One value per test function keeps failures readable. */
#define ENC_CASE(name, body, hex)             \
    static void enc_##name(cai_cbor_enc_t *e) \
    {                                         \
        body;                                 \
    }                                         \
    static void test_##name(void **state)     \
    {                                         \
        (void)state;                          \
        expect_encoding(enc_##name, hex);     \
    }

/* Heads: shortest argument form at every boundary (RFC 8949 §3, §4.2.1). */
ENC_CASE(uint_0, cai_cbor_put_uint(e, 0), "00")
ENC_CASE(uint_23, cai_cbor_put_uint(e, 23), "17")
ENC_CASE(uint_24, cai_cbor_put_uint(e, 24), "1818")
ENC_CASE(uint_255, cai_cbor_put_uint(e, 255), "18ff")
ENC_CASE(uint_256, cai_cbor_put_uint(e, 256), "190100")
ENC_CASE(uint_65535, cai_cbor_put_uint(e, 65535), "19ffff")
ENC_CASE(uint_65536, cai_cbor_put_uint(e, 65536), "1a00010000")
ENC_CASE(uint_u32max, cai_cbor_put_uint(e, UINT32_MAX), "1affffffff")
ENC_CASE(uint_2p32, cai_cbor_put_uint(e, UINT64_C(1) << 32), "1b0000000100000000")
ENC_CASE(uint_u64max, cai_cbor_put_uint(e, UINT64_MAX), "1bffffffffffffffff")
ENC_CASE(int_m1, cai_cbor_put_int(e, -1), "20")
ENC_CASE(int_m24, cai_cbor_put_int(e, -24), "37")
ENC_CASE(int_m25, cai_cbor_put_int(e, -25), "3818")
ENC_CASE(int_m257, cai_cbor_put_int(e, -257), "390100")
ENC_CASE(int_min, cai_cbor_put_int(e, INT64_MIN), "3b7fffffffffffffff")
ENC_CASE(int_max, cai_cbor_put_int(e, INT64_MAX), "1b7fffffffffffffff")
ENC_CASE(int_pos, cai_cbor_put_int(e, 1000), "1903e8")
ENC_CASE(nint_raw_max, cai_cbor_put_nint_raw(e, UINT64_MAX), "3bffffffffffffffff")
ENC_CASE(bstr, cai_cbor_put_bstr(e, "\x01\x02\x03\x04", 4), "4401020304")
ENC_CASE(bstr_empty_null, cai_cbor_put_bstr(e, NULL, 0), "40")
ENC_CASE(tstr, cai_cbor_put_tstr(e, "IETF", 4), "6449455446")
ENC_CASE(tstr_z, cai_cbor_put_tstr_z(e, "\xe6\xb0\xb4"), "63e6b0b4")
ENC_CASE(
    bstr_header_raw,
    {
        cai_cbor_put_bstr_header(e, 3);
        cai_cbor_put_raw(e, "\xa1\x01\x26", 3);
    },
    "43a10126")
ENC_CASE(
    array_map_tag,
    {
        cai_cbor_put_tag(e, 18);
        cai_cbor_put_array(e, 2);
        cai_cbor_put_map(e, 1);
        cai_cbor_put_int(e, 1);
        cai_cbor_put_int(e, -7);
        cai_cbor_put_array(e, 0);
    },
    "d282a1012680")
ENC_CASE(array_25, cai_cbor_put_array(e, 25), "9819")
ENC_CASE(tag_big, cai_cbor_put_tag(e, 55799), "d9d9f7")
ENC_CASE(
    simples,
    {
        cai_cbor_put_bool(e, false);
        cai_cbor_put_bool(e, true);
        cai_cbor_put_null(e);
        cai_cbor_put_undefined(e);
        cai_cbor_put_simple(e, 16);
        cai_cbor_put_simple(e, 32);
        cai_cbor_put_simple(e, 255);
    },
    "f4f5f6f7f0f820f8ff")

/* Floats, preferred serialization: the shortest exact width (RFC 8949 §4.1). */
ENC_CASE(f_zero, cai_cbor_put_float(e, 0.0), "f90000")
ENC_CASE(f_negzero, cai_cbor_put_float(e, -0.0), "f98000")
ENC_CASE(f_one, cai_cbor_put_float(e, 1.0), "f93c00")
ENC_CASE(f_1_5, cai_cbor_put_float(e, 1.5), "f93e00")
ENC_CASE(f_65504, cai_cbor_put_float(e, 65504.0), "f97bff")
/* 65505 needs 16 significant bits: binary32 0x477fe100 */
ENC_CASE(f_65505, cai_cbor_put_float(e, 65505.0), "fa477fe100")
/* 65536 = 2^16 exceeds the binary16 exponent range */
ENC_CASE(f_65536, cai_cbor_put_float(e, 65536.0), "fa47800000")
ENC_CASE(f_100000, cai_cbor_put_float(e, 100000.0), "fa47c35000")
ENC_CASE(f_1_1, cai_cbor_put_float(e, 1.1), "fb3ff199999999999a")
ENC_CASE(f_third, cai_cbor_put_float(e, 1.0 / 3.0), "fb3fd5555555555555")
ENC_CASE(f_fltmax, cai_cbor_put_float(e, (double)FLT_MAX), "fa7f7fffff")
ENC_CASE(f_1e300, cai_cbor_put_float(e, 1.0e300), "fb7e37e43c8800759c")
/* 2^-14: smallest binary16 normal; 2^-24 and 3*2^-24: binary16 subnormals */
ENC_CASE(f_2m14, cai_cbor_put_float(e, 0x1p-14), "f90400")
ENC_CASE(f_2m24, cai_cbor_put_float(e, 0x1p-24), "f90001")
ENC_CASE(f_3x2m24, cai_cbor_put_float(e, 0x3p-24), "f90003")
/* 2^-25 is below binary16 but a binary32 normal (exponent 102 = 0x66) */
ENC_CASE(f_2m25, cai_cbor_put_float(e, 0x1p-25), "fa33000000")
/* 1.5 * 2^-15: binary16 subnormal 0x0300 */
ENC_CASE(f_h_sub, cai_cbor_put_float(e, 0x3p-16), "f90300")
/* 1 + 2^-11 needs 11 fraction bits: binary32 */
ENC_CASE(f_1p2m11, cai_cbor_put_float(e, 1.0 + 0x1p-11), "fa3f801000")
/* 2^-149: smallest binary32 subnormal; 2^-150 only fits binary64 */
ENC_CASE(f_2m149, cai_cbor_put_float(e, 0x1p-149), "fa00000001")
ENC_CASE(f_2m150, cai_cbor_put_float(e, 0x1p-150), "fb3690000000000000")
ENC_CASE(f_dbl_sub, cai_cbor_put_float(e, 0x1p-1074), "fb0000000000000001")
ENC_CASE(f_inf, cai_cbor_put_float(e, (double)INFINITY), "f97c00")
ENC_CASE(f_ninf, cai_cbor_put_float(e, -(double)INFINITY), "f9fc00")
ENC_CASE(f_nan, cai_cbor_put_float(e, (double)NAN), "f97e00")
ENC_CASE(f_m4_1, cai_cbor_put_float(e, -4.1), "fbc010666666666666")
ENC_CASE(
    f_fixed,
    {
        cai_cbor_put_float16_bits(e, 0x3c00);
        cai_cbor_put_float32(e, 1.0f);
        cai_cbor_put_float64(e, 1.0);
    },
    "f93c00fa3f800000fb3ff0000000000000")

/* Everything the encoder can emit, used for the bounds tests. */
static void encode_sample(cai_cbor_enc_t *e)
{
    cai_cbor_put_tag(e, 1000);
    cai_cbor_put_map(e, 3);
    cai_cbor_put_int(e, -80000);
    cai_cbor_put_array(e, 2);
    cai_cbor_put_float(e, 1.5);
    cai_cbor_put_float(e, 100000.0);
    cai_cbor_put_uint(e, 10);
    cai_cbor_put_bstr(e,
                      "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
                      "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19",
                      26);
    cai_cbor_put_tstr_z(e, "k");
    cai_cbor_put_array(e, 4);
    cai_cbor_put_null(e);
    cai_cbor_put_simple(e, 99);
    cai_cbor_put_float(e, 1.1);
    cai_cbor_put_raw(e, "\x80", 1);
}

static const char sample_hex[] = "d903e8"             /* 1000( */
                                 "a3"                 /* map(3) */
                                 "3a0001387f"         /* -80000 */
                                 "82f93e00fa47c35000" /* [1.5, 100000.0] */
                                 "0a"                 /* 10 */
                                 "581a000102030405060708090a0b0c0d0e0f10111213141516171819"
                                 "616b" /* "k" */
                                 "84f6f863fb3ff199999999999a80";

static void test_sample_bytes(void **state)
{
    (void)state;
    expect_encoding(encode_sample, sample_hex);
}

/* For every capacity below the size needed: nothing is written past cap (a
 * canary stays intact), the error is BUFFER_TOO_SMALL, the size needed is
 * still reported, and what was written is a prefix of the right output. */
static void test_never_past_cap(void **state)
{
    (void)state;
    uint8_t want[128];
    size_t need = unhex(sample_hex, want, sizeof want);
    uint8_t buf[128 + 32];
    for (size_t cap = 0; cap <= need; cap++) {
        memset(buf, 0xa5, sizeof buf);
        cai_cbor_enc_t e;
        size_t len = 0;
        cai_cbor_enc_init(&e, buf, cap);
        encode_sample(&e);
        cai_cbor_err_t r = cai_cbor_enc_finish(&e, &len);
        assert_int_equal(r, cap < need ? CAI_CBOR_ERR_BUFFER_TOO_SMALL : CAI_CBOR_OK);
        assert_int_equal(len, need);
        for (size_t i = cap; i < sizeof buf; i++) {
            assert_int_equal(buf[i], 0xa5);
        }
        /* written bytes match the expected output up to where writing stopped */
        size_t k = 0;
        while (k < cap && buf[k] == want[k]) {
            k++;
        }
        for (size_t i = k; i < cap; i++) {
            assert_int_equal(buf[i], 0xa5);
        }
    }
}

static void test_size_only(void **state)
{
    (void)state;
    cai_cbor_enc_t e;
    size_t len = 0;
    cai_cbor_enc_init(&e, NULL, 1000); /* no buffer: cap is taken as 0 */
    encode_sample(&e);
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, (sizeof sample_hex - 1) / 2);
    assert_int_equal(cai_cbor_enc_finish(&e, NULL), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
}

static void expect_arg_error(enc_fn fn)
{
    uint8_t buf[16];
    cai_cbor_enc_t e;
    size_t len = 99;
    cai_cbor_enc_init(&e, buf, sizeof buf);
    cai_cbor_put_uint(&e, 1);
    fn(&e);
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_ARG);
    /* sticky: later puts do nothing */
    cai_cbor_put_uint(&e, 2);
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_ARG);
    assert_int_equal(len, 1);
}

static void bad_simple24(cai_cbor_enc_t *e)
{
    cai_cbor_put_simple(e, 24);
}
static void bad_simple31(cai_cbor_enc_t *e)
{
    cai_cbor_put_simple(e, 31);
}
static void bad_utf8(cai_cbor_enc_t *e)
{
    cai_cbor_put_tstr(e, "\xc0\x80", 2);
}
static void bad_surrogate(cai_cbor_enc_t *e)
{
    cai_cbor_put_tstr(e, "\xed\xa0\x80", 3);
}
static void bad_bstr_null(cai_cbor_enc_t *e)
{
    cai_cbor_put_bstr(e, NULL, 1);
}
static void bad_tstr_null(cai_cbor_enc_t *e)
{
    cai_cbor_put_tstr(e, NULL, 1);
}
static void bad_tstr_z_null(cai_cbor_enc_t *e)
{
    cai_cbor_put_tstr_z(e, NULL);
}
static void bad_raw_null(cai_cbor_enc_t *e)
{
    cai_cbor_put_raw(e, NULL, 2);
}

static void test_arg_errors(void **state)
{
    (void)state;
    expect_arg_error(bad_simple24);
    expect_arg_error(bad_simple31);
    expect_arg_error(bad_utf8);
    expect_arg_error(bad_surrogate);
    expect_arg_error(bad_bstr_null);
    expect_arg_error(bad_tstr_null);
    expect_arg_error(bad_tstr_z_null);
    expect_arg_error(bad_raw_null);
}

/* An ARG error overrides an earlier BUFFER_TOO_SMALL (it is the real bug). */
static void test_arg_after_too_small(void **state)
{
    (void)state;
    uint8_t buf[1];
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, buf, sizeof buf);
    cai_cbor_put_uint(&e, 1000);
    assert_int_equal(cai_cbor_enc_finish(&e, NULL), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
    cai_cbor_put_simple(&e, 28);
    assert_int_equal(cai_cbor_enc_finish(&e, NULL), CAI_CBOR_ERR_ARG);
}

/* The size needed cannot wrap around size_t. */
static void test_size_overflow(void **state)
{
    (void)state;
    uint8_t buf[4];
    cai_cbor_enc_t e;
    size_t len = 0;
    cai_cbor_enc_init(&e, buf, sizeof buf);
    cai_cbor_put_raw(&e, buf, SIZE_MAX); /* too big: counted, never copied */
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, SIZE_MAX);
    cai_cbor_put_uint(&e, 0);
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_LIMIT);
    assert_int_equal(len, SIZE_MAX);
}

/* Exactly-fitting buffers of each head size. */
static void test_exact_fit(void **state)
{
    (void)state;
    static const uint64_t vals[] = { 0, 24, 256, 65536, UINT64_C(1) << 32 };
    static const size_t sizes[] = { 1, 2, 3, 5, 9 };
    for (size_t i = 0; i < 5; i++) {
        uint8_t buf[9];
        cai_cbor_enc_t e;
        size_t len;
        cai_cbor_enc_init(&e, buf, sizes[i]);
        cai_cbor_put_uint(&e, vals[i]);
        assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_OK);
        assert_int_equal(len, sizes[i]);
        cai_cbor_enc_init(&e, buf, sizes[i] - 1);
        cai_cbor_put_uint(&e, vals[i]);
        assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, sizes[i]);
    }
}

/* cai_cbor_put_preferred: expected forms worked out by hand (RFC 8949 §4.1). */
static void test_put_preferred(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "1800", "00" },
        { "1b0000000000000100", "190100" },
        { "3800", "20" },
        { "9f01ff", "8101" },
        { "9fff", "80" },
        { "5f41014102ff", "420102" },
        { "5fff", "40" },
        { "7f6161606162ff", "626162" },
        { "bf0102ff", "a10102" },
        { "9f 9f 9f 01 ff ff 5f 40 ff ff", "82 81 81 01 40" },
        { "d80100", "c100" },
        { "fb3ff0000000000000", "f93c00" },
        { "fa47c35000", "fa47c35000" },
        { "fb7ff8000000000000", "f97e00" },
        { "fa7fc00001", "fa7fc00001" }, /* NaN payload needs binary32: kept */
        { "f97e01", "f97e01" },
        { "f820", "f820" },
        { "b8 01 78 01 61 19 0000", "a1616100" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t in[64], want[64], out[64];
        size_t n = unhex(cases[i].in, in, sizeof in);
        size_t wn = unhex(cases[i].out, want, sizeof want), len = 0;
        cai_cbor_enc_t e;
        cai_cbor_enc_init(&e, out, sizeof out);
        assert_int_equal(cai_cbor_put_preferred(&e, in, n), CAI_CBOR_OK);
        assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_OK);
        if (len != wn || memcmp(out, want, wn) != 0) {
            fail_msg("%s: wrong re-encoding", cases[i].in);
        }
        /* and never past a short buffer */
        memset(out, 0xa5, sizeof out);
        cai_cbor_enc_init(&e, out, wn - 1);
        assert_int_equal(cai_cbor_put_preferred(&e, in, n), CAI_CBOR_OK);
        assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, wn);
        assert_int_equal(out[wn - 1], 0xa5);
    }
    static const struct {
        const char *in;
        cai_cbor_err_t err;
    } bad[] = {
        { "9f01", CAI_CBOR_ERR_TRUNCATED },   { "5f4101", CAI_CBOR_ERR_TRUNCATED },
        { "1c", CAI_CBOR_ERR_MALFORMED },     { "5f01ff", CAI_CBOR_ERR_MALFORMED },
        { "bf01ff", CAI_CBOR_ERR_MALFORMED }, { "0000", CAI_CBOR_ERR_TRAILING },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t in[64], out[64];
        size_t n = unhex(bad[i].in, in, sizeof in);
        cai_cbor_enc_t e;
        cai_cbor_enc_init(&e, out, sizeof out);
        assert_int_equal(cai_cbor_put_preferred(&e, in, n), bad[i].err);
    }
}

/* cai_cbor_reserve: room handed out in place, or counted like any put. */
static void test_reserve(void **state)
{
    (void)state;
    uint8_t out[8];
    memset(out, 0xA5, sizeof out);
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, 6);
    cai_cbor_put_bstr_header(&e, 4);
    uint8_t *p = cai_cbor_reserve(&e, 4);
    assert_ptr_equal(p, out + 1);
    memcpy(p, "\x01\x02\x03\x04", 4);
    size_t len = 0;
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_OK);
    assert_int_equal(len, 5);
    assert_memory_equal(out, "\x44\x01\x02\x03\x04", 5);
    /* Does not fit: NULL, sticky BUFFER_TOO_SMALL, size needed counted. */
    assert_null(cai_cbor_reserve(&e, 2));
    assert_null(cai_cbor_reserve(&e, 3));
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 10);
    assert_int_equal(out[6], 0xA5);
    /* A size that no longer fits a size_t is a limit error, not a wrap. */
    cai_cbor_enc_init(&e, out, sizeof out);
    cai_cbor_put_uint(&e, 0);
    assert_null(cai_cbor_reserve(&e, SIZE_MAX));
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_ERR_LIMIT);
}

#define T(name) cmocka_unit_test(test_##name)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(uint_0),
        T(uint_23),
        T(uint_24),
        T(uint_255),
        T(uint_256),
        T(uint_65535),
        T(uint_65536),
        T(uint_u32max),
        T(uint_2p32),
        T(uint_u64max),
        T(int_m1),
        T(int_m24),
        T(int_m25),
        T(int_m257),
        T(int_min),
        T(int_max),
        T(int_pos),
        T(nint_raw_max),
        T(bstr),
        T(bstr_empty_null),
        T(tstr),
        T(tstr_z),
        T(bstr_header_raw),
        T(array_map_tag),
        T(array_25),
        T(tag_big),
        T(simples),
        T(f_zero),
        T(f_negzero),
        T(f_one),
        T(f_1_5),
        T(f_65504),
        T(f_65505),
        T(f_65536),
        T(f_100000),
        T(f_1_1),
        T(f_third),
        T(f_fltmax),
        T(f_1e300),
        T(f_2m14),
        T(f_2m24),
        T(f_3x2m24),
        T(f_2m25),
        T(f_h_sub),
        T(f_1p2m11),
        T(f_2m149),
        T(f_2m150),
        T(f_dbl_sub),
        T(f_inf),
        T(f_ninf),
        T(f_nan),
        T(f_m4_1),
        T(f_fixed),
        T(sample_bytes),
        T(never_past_cap),
        T(size_only),
        T(arg_errors),
        T(arg_after_too_small),
        T(size_overflow),
        T(exact_fit),
        T(put_preferred),
        T(reserve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
