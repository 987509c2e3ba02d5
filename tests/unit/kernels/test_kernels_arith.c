/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixed-point helpers of the kernels against the textbook reference (ref.h)
 * and against properties that define QuantizeMultiplier.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernels.h"
#include "ref.h"

static void test_quantize_multiplier_known(void **state)
{
    (void)state;
    int32_t m = -1;
    int s = -1;
    cai_quantize_multiplier(0.0, &m, &s);
    assert_int_equal(m, 0);
    assert_int_equal(s, 0);
    cai_quantize_multiplier(0.5, &m, &s);
    assert_int_equal(m, 1 << 30);
    assert_int_equal(s, 0);
    cai_quantize_multiplier(1.0, &m, &s);
    assert_int_equal(m, 1 << 30);
    assert_int_equal(s, 1);
    cai_quantize_multiplier(0.75, &m, &s);
    assert_int_equal(m, 3 << 29);
    assert_int_equal(s, 0);
    /* q * 2^31 rounds up to 2^31: halve and bump the exponent. */
    cai_quantize_multiplier(1.0 - 1e-12, &m, &s);
    assert_int_equal(m, 1 << 30);
    assert_int_equal(s, 1);
    /* Below 2^-32: the exponent would be < -31, flush to 0. */
    cai_quantize_multiplier(ldexp(0.75, -32), &m, &s);
    assert_int_equal(m, 0);
    assert_int_equal(s, 0);
    cai_quantize_multiplier(ldexp(0.75, -31), &m, &s);
    assert_int_equal(m, 3 << 29);
    assert_int_equal(s, -31);
}

/* For random reals: M in [2^30, 2^31), M * 2^(s-31) within half an ulp. */
static void test_quantize_multiplier_random(void **state)
{
    (void)state;
    ref_seed(1);
    for (int i = 0; i < 20000; ++i) {
        /* mantissa in [0.5, 1), exponent keeps it above the 2^-32 flush */
        const double real =
            ldexp((double)(ref_rand() | 0x80000000u) / 4294967296.0, ref_range(-24, 20));
        int32_t m = 0;
        int s = 0;
        cai_quantize_multiplier(real, &m, &s);
        assert_true(m >= (1 << 30));
        const double back = ldexp((double)m, s - 31);
        assert_true(fabs(back - real) <= ldexp(1.0, s - 32) * 1.0000001);
    }
}

static void test_srdhm_rdbpot_mbqm(void **state)
{
    (void)state;
    ref_seed(2);
    assert_int_equal(cai_srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
    const int32_t edge[] = { 0,       1,          -1,        2,
                             -2,      INT32_MAX,  INT32_MIN, INT32_MIN + 1,
                             1 << 30, -(1 << 30), 12345,     -12345,
                             65535,   -65536 };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; ++i)
        for (size_t j = 0; j < sizeof edge / sizeof edge[0]; ++j)
            assert_int_equal(cai_srdhm(edge[i], edge[j]), ref_srdhm(edge[i], edge[j]));
    for (int i = 0; i < 200000; ++i) {
        const int32_t a = (int32_t)ref_rand() >> ref_range(0, 30);
        const int32_t b = (int32_t)ref_rand();
        assert_int_equal(cai_srdhm(a, b), ref_srdhm(a, b));
        const int e = ref_range(0, 31);
        assert_int_equal(cai_rdbpot(a, e), ref_rdbpot(a, e));
        int32_t m, s;
        ref_rand_mult(&m, &s);
        const int32_t x = (int32_t)ref_rand() >> ref_range(2, 31); /* room for s <= 2 */
        assert_int_equal(cai_mul_by_quantized_multiplier(x, m, s), ref_mbqm(x, m, s));
    }
    /* Exact halves round away from zero in the second rounding. */
    assert_int_equal(cai_rdbpot(3, 1), 2);
    assert_int_equal(cai_rdbpot(-3, 1), -2);
    assert_int_equal(cai_rdbpot(5, 2), 1);
    assert_int_equal(cai_rdbpot(-6, 2), -2);
}

static void test_activation_ranges(void **state)
{
    (void)state;
    int32_t lo = 0, hi = 0;
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_NONE, 0.1f, 5, &lo, &hi), CAI_K_OK);
    assert_int_equal(lo, -128);
    assert_int_equal(hi, 127);
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_RELU, 0.1f, 5, &lo, &hi), CAI_K_OK);
    assert_int_equal(lo, 5);
    assert_int_equal(hi, 127);
    /* 6 / 0.1 = 60 -> 65 */
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_RELU6, 0.1f, 5, &lo, &hi), CAI_K_OK);
    assert_int_equal(lo, 5);
    assert_int_equal(hi, 65);
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_RELU6, 6.0f / 255.0f, -128, &lo, &hi), CAI_K_OK);
    assert_int_equal(lo, -128);
    assert_int_equal(hi, 127);
    /* -1 / 0.25 = -4 -> zp - 4 */
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_RELU_N1_TO_1, 0.25f, 0, &lo, &hi), CAI_K_OK);
    assert_int_equal(lo, -4);
    assert_int_equal(hi, 4);
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_TANH, 0.25f, 0, &lo, &hi), CAI_K_ERR_UNSUPPORTED);
    assert_int_equal(cai_k_act_range_s8(CAI_K_ACT_NONE, 0.0f, 0, &lo, &hi), CAI_K_ERR_INVALID);
    float flo = 1, fhi = 1;
    assert_int_equal(cai_k_act_range_f32(CAI_K_ACT_RELU, &flo, &fhi), CAI_K_OK);
    assert_true(flo == 0.0f && fhi > 3e38f);
    assert_int_equal(cai_k_act_range_f32(CAI_K_ACT_RELU6, &flo, &fhi), CAI_K_OK);
    assert_true(flo == 0.0f && fhi == 6.0f);
}

static void test_conv_out_size(void **state)
{
    (void)state;
    int32_t out = 0, pad = 0;
    /* micro_speech: 49x40, filter 10x8, stride 2, SAME -> 25x20, pads 4 and 3 */
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_SAME, 49, 10, 2, 1, &out, &pad), CAI_K_OK);
    assert_int_equal(out, 25);
    assert_int_equal(pad, 4); /* total (24*2 + 10 - 49) = 9 */
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_SAME, 40, 8, 2, 1, &out, &pad), CAI_K_OK);
    assert_int_equal(out, 20);
    assert_int_equal(pad, 3); /* total 38 + 8 - 40 = 6 */
    /* person_detect first layer: 96, 3x3, stride 2 SAME -> 48, total pad 1 -> 0 */
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_SAME, 96, 3, 2, 1, &out, &pad), CAI_K_OK);
    assert_int_equal(out, 48);
    assert_int_equal(pad, 0);
    /* avg pool 3x3 stride 2 VALID on 3 -> 1 */
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_VALID, 3, 3, 2, 1, &out, &pad), CAI_K_OK);
    assert_int_equal(out, 1);
    assert_int_equal(pad, 0);
    /* dilation 2, filter 3 -> effective 5; VALID on 7 -> 3 */
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_VALID, 7, 3, 1, 2, &out, &pad), CAI_K_OK);
    assert_int_equal(out, 3);
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_VALID, 2, 3, 1, 1, &out, &pad),
                     CAI_K_ERR_INVALID);
    assert_int_equal(cai_k_conv_out_size(CAI_K_PAD_SAME, 2, 3, 0, 1, &out, &pad),
                     CAI_K_ERR_INVALID);
    assert_int_equal(cai_k_conv_out_size(7, 2, 3, 1, 1, &out, &pad), CAI_K_ERR_INVALID);
}

static void test_channel_multipliers(void **state)
{
    (void)state;
    const float ws[3] = { 0.5f, 0.25f, 0.125f };
    int32_t m[3], s[3];
    assert_int_equal(cai_k_channel_multipliers(1.0f, ws, 3, 1.0f, 3, m, s), CAI_K_OK);
    for (int c = 0; c < 3; ++c) {
        assert_int_equal(m[c], 1 << 30);
        assert_int_equal(s[c], -c);
    }
    assert_int_equal(cai_k_channel_multipliers(1.0f, ws, 1, 0.5f, 3, m, s), CAI_K_OK);
    for (int c = 0; c < 3; ++c) {
        assert_int_equal(m[c], 1 << 30);
        assert_int_equal(s[c], 1);
    }
    assert_int_equal(cai_k_channel_multipliers(1.0f, ws, 2, 1.0f, 3, m, s), CAI_K_ERR_INVALID);
    assert_int_equal(cai_k_channel_multipliers(-1.0f, ws, 3, 1.0f, 3, m, s), CAI_K_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantize_multiplier_known),
        cmocka_unit_test(test_quantize_multiplier_random),
        cmocka_unit_test(test_srdhm_rdbpot_mbqm),
        cmocka_unit_test(test_activation_ranges),
        cmocka_unit_test(test_conv_out_size),
        cmocka_unit_test(test_channel_multipliers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
