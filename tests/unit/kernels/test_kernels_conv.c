/* SPDX-License-Identifier: Apache-2.0 */
/*
 * FULLY_CONNECTED, CONV_2D and DEPTHWISE_CONV_2D int8 against naive loops
 * written from the TFLM reference formulas (docs/kernels.md 1.4-1.6): random
 * shapes, strides, dilations, SAME/VALID padding, per-channel multipliers
 * including the extremes, zero points, activation clamps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "kernels.h"
#include "ref.h"

#define MAXBUF (1 << 16)

static int8_t g_in[MAXBUF], g_w[MAXBUF], g_out[MAXBUF], g_ref[MAXBUF];
static int32_t g_bias[1024], g_mult[1024], g_shift[1024];
static _Alignas(16) unsigned char g_scratch[1 << 16];

static void fill_s8(int8_t *p, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        p[i] = ref_s8();
}

/* Weights in [-127, 127] like the converter produces, sometimes -128. */
static void fill_w(int8_t *p, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        p[i] = (int8_t)ref_range(-128, 127);
}

static void fill_channel_params(int32_t n)
{
    for (int32_t c = 0; c < n; ++c) {
        ref_rand_mult(&g_mult[c], &g_shift[c]);
        g_bias[c] = ref_range(-200000, 200000);
    }
}

static void rand_act(int32_t *lo, int32_t *hi)
{
    const uint32_t r = ref_rand() % 3;
    *lo = r == 0 ? -128 : ref_range(-128, 0);
    *hi = r == 0 ? 127 : ref_range(1, 127);
}

static void test_fc_random(void **state)
{
    (void)state;
    ref_seed(11);
    for (int iter = 0; iter < 300; ++iter) {
        cai_k_fc_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.batches = ref_range(1, 3);
        p.accum_depth = ref_range(1, 300);
        p.out_depth = ref_range(1, 40);
        if (iter % 10 == 9)
            p.out_depth = ref_range(1, 6);
        p.in_zp = ref_range(-128, 127);
        p.out_zp = ref_range(-128, 127);
        rand_act(&p.act_min, &p.act_max);
        fill_channel_params(p.out_depth);
        if (iter % 2) { /* per-tensor: one multiplier, the kernel's hoisted path */
            for (int32_t o = 1; o < p.out_depth; ++o) {
                g_mult[o] = g_mult[0];
                g_shift[o] = g_shift[0];
            }
            p.per_tensor = 1;
        }
        p.out_mult = g_mult;
        p.out_shift = g_shift;
        const int use_bias = iter % 4 != 0;
        if (iter % 10 == 9) /* long rows: several widening chunks */
            p.accum_depth = ref_range(1025, 3000);
        fill_s8(g_in, (size_t)p.batches * p.accum_depth);
        fill_w(g_w, (size_t)p.out_depth * p.accum_depth);
        assert_true(cai_k_fc_s8_scratch_size(&p) <= sizeof g_scratch);
        cai_k_fc_s8(&p, g_in, g_w, use_bias ? g_bias : NULL, g_out, g_scratch);
        for (int32_t b = 0; b < p.batches; ++b)
            for (int32_t o = 0; o < p.out_depth; ++o) {
                int32_t acc = 0;
                for (int32_t d = 0; d < p.accum_depth; ++d)
                    acc += g_w[o * p.accum_depth + d] * (g_in[b * p.accum_depth + d] - p.in_zp);
                if (use_bias)
                    acc += g_bias[o];
                const int32_t v = ref_clamp(ref_mbqm(acc, g_mult[o], g_shift[o]) + p.out_zp,
                                            p.act_min, p.act_max);
                if (g_out[b * p.out_depth + o] != v)
                    fail_msg("fc iter %d b %d o %d: got %d want %d", iter, b, o,
                             g_out[b * p.out_depth + o], v);
            }
    }
}

static void test_fc_prepare(void **state)
{
    (void)state;
    cai_k_fc_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.accum_depth = 16;
    p.out_depth = 2;
    p.in_zp = -128;
    p.out_zp = 5;
    const float ws = 0.0108946553f;
    assert_int_equal(cai_k_fc_s8_prepare(&p, 0.0133251240f, &ws, 1, 0.00829095673f, CAI_K_ACT_RELU,
                                         g_mult, g_shift),
                     CAI_K_OK);
    int32_t m;
    int s;
    cai_quantize_multiplier((double)0.0133251240f * (double)ws / (double)0.00829095673f, &m, &s);
    assert_int_equal(g_mult[0], m);
    assert_int_equal(g_mult[1], m);
    assert_int_equal(g_shift[1], s);
    assert_int_equal(p.act_min, 5);
    assert_int_equal(p.act_max, 127);
    assert_int_equal(p.per_tensor, 1);
    p.accum_depth = CAI_K_MAX_ACC_DEPTH + 1;
    assert_int_equal(cai_k_fc_s8_prepare(&p, 0.01f, &ws, 1, 0.01f, CAI_K_ACT_NONE, g_mult, g_shift),
                     CAI_K_ERR_RANGE);
    p.accum_depth = 0;
    assert_int_equal(cai_k_fc_s8_prepare(&p, 0.01f, &ws, 1, 0.01f, CAI_K_ACT_NONE, g_mult, g_shift),
                     CAI_K_ERR_INVALID);
}

/* Naive CONV_2D / DEPTHWISE_CONV_2D (depthwise when dw != 0). */
static void ref_conv(const cai_k_conv_s8_params_t *p, int dw, const int32_t *bias)
{
    const int32_t ic_n = p->in_c;
    for (int32_t n = 0; n < p->batches; ++n)
        for (int32_t oy = 0; oy < p->out_h; ++oy)
            for (int32_t ox = 0; ox < p->out_w; ++ox)
                for (int32_t oc = 0; oc < p->out_c; ++oc) {
                    int32_t acc = 0;
                    for (int32_t ky = 0; ky < p->filter_h; ++ky)
                        for (int32_t kx = 0; kx < p->filter_w; ++kx) {
                            const int32_t iy = oy * p->stride_h - p->pad_h + ky * p->dilation_h;
                            const int32_t ix = ox * p->stride_w - p->pad_w + kx * p->dilation_w;
                            if (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w)
                                continue;
                            const int8_t *px = g_in + ((n * p->in_h + iy) * p->in_w + ix) * ic_n;
                            if (dw) {
                                const int32_t ic = oc / p->depth_multiplier;
                                acc += g_w[(ky * p->filter_w + kx) * p->out_c + oc] *
                                       (px[ic] - p->in_zp);
                            } else {
                                for (int32_t ic = 0; ic < ic_n; ++ic)
                                    acc += g_w[((oc * p->filter_h + ky) * p->filter_w + kx) * ic_n +
                                               ic] *
                                           (px[ic] - p->in_zp);
                            }
                        }
                    if (bias)
                        acc += bias[oc];
                    g_ref[((n * p->out_h + oy) * p->out_w + ox) * p->out_c + oc] =
                        (int8_t)ref_clamp(ref_mbqm(acc, g_mult[oc], g_shift[oc]) + p->out_zp,
                                          p->act_min, p->act_max);
                }
}

/* Forces the shape of the narrow-layer grouping (dm 1, C in {2, 4, 8},
 * stride_w 1) when nonzero. */
static int g_force_narrow;

static void run_conv_case(int dw, int iter)
{
    cai_k_conv_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.batches = ref_range(1, 2);
    p.in_h = ref_range(1, 12);
    p.in_w = ref_range(1, 12);
    p.filter_h = ref_range(1, 5);
    p.filter_w = ref_range(1, 5);
    p.stride_h = ref_range(1, 3);
    p.stride_w = ref_range(1, 3);
    p.dilation_h = ref_rand() % 4 == 0 ? 2 : 1;
    p.dilation_w = ref_rand() % 4 == 0 ? 2 : 1;
    if (dw) {
        p.in_c = ref_range(1, 20);
        p.depth_multiplier = ref_rand() % 3 == 0 ? ref_range(2, 8) : 1;
        p.out_c = p.in_c * p.depth_multiplier;
    } else {
        p.in_c = ref_range(1, 40);
        p.out_c = ref_range(1, 24);
        p.depth_multiplier = 1;
    }
    if (dw && g_force_narrow) {
        p.in_c = 2 << (ref_rand() % 3);
        p.depth_multiplier = 1;
        p.out_c = p.in_c;
        p.stride_w = 1;
        p.dilation_w = 1;
        p.filter_h = ref_range(1, 3);
        p.filter_w = ref_range(1, 3);
        p.in_w = ref_range(1, 24);
    } else if (iter % 5 == 0) { /* the pointwise shape of MobileNet */
        p.filter_h = p.filter_w = 1;
        p.stride_h = p.stride_w = 1;
        p.dilation_h = p.dilation_w = 1;
    }
    p.in_zp = ref_range(-128, 127);
    p.out_zp = ref_range(-128, 127);
    const int padding = ref_rand() % 2 ? CAI_K_PAD_SAME : CAI_K_PAD_VALID;
    const float one = 1.0f;
    /* prepare computes the geometry; the multipliers are then overwritten by
   * random extreme ones to exercise the requantization. */
    int rc = dw ? cai_k_dwconv_s8_prepare(&p, padding, 1.0f, &one, 1, 1.0f, CAI_K_ACT_NONE, g_mult,
                                          g_shift)
                : cai_k_conv_s8_prepare(&p, padding, 1.0f, &one, 1, 1.0f, CAI_K_ACT_NONE, g_mult,
                                        g_shift);
    if (rc == CAI_K_ERR_INVALID && padding == CAI_K_PAD_VALID)
        return; /* filter larger than the input */
    assert_int_equal(rc, CAI_K_OK);
    rand_act(&p.act_min, &p.act_max);
    fill_channel_params(p.out_c);
    const size_t in_n = (size_t)p.batches * p.in_h * p.in_w * p.in_c;
    const size_t w_n = dw ? (size_t)p.filter_h * p.filter_w * p.out_c
                          : (size_t)p.out_c * p.filter_h * p.filter_w * p.in_c;
    const size_t out_n = (size_t)p.batches * p.out_h * p.out_w * p.out_c;
    assert_true(in_n <= MAXBUF && w_n <= MAXBUF && out_n <= MAXBUF);
    fill_s8(g_in, in_n);
    fill_w(g_w, w_n);
    const int32_t *bias = iter % 7 == 3 ? NULL : g_bias;
    const size_t scratch = dw ? cai_k_dwconv_s8_scratch_size(&p) : cai_k_conv_s8_scratch_size(&p);
    assert_true(scratch <= sizeof g_scratch);
    memset(g_out, 0x55, out_n);
    if (dw)
        cai_k_dwconv_s8(&p, g_in, g_w, bias, g_out, g_scratch);
    else
        cai_k_conv_s8(&p, g_in, g_w, bias, g_out, g_scratch);
    ref_conv(&p, dw, bias);
    for (size_t i = 0; i < out_n; ++i)
        if (g_out[i] != g_ref[i])
            fail_msg("%s iter %d: out[%zu] = %d, want %d (in %dx%dx%d f %dx%d s %d,%d d %d,%d "
                     "pad %d,%d dm %d)",
                     dw ? "dwconv" : "conv", iter, i, g_out[i], g_ref[i], p.in_h, p.in_w, p.in_c,
                     p.filter_h, p.filter_w, p.stride_h, p.stride_w, p.dilation_h, p.dilation_w,
                     p.pad_h, p.pad_w, p.depth_multiplier);
}

static void test_conv_random(void **state)
{
    (void)state;
    ref_seed(12);
    for (int iter = 0; iter < 400; ++iter)
        run_conv_case(0, iter);
}

static void test_dwconv_random(void **state)
{
    (void)state;
    ref_seed(13);
    for (int iter = 0; iter < 400; ++iter)
        run_conv_case(1, iter);
}

static void test_dwconv_narrow(void **state)
{
    (void)state;
    ref_seed(15);
    g_force_narrow = 1;
    for (int iter = 0; iter < 300; ++iter)
        run_conv_case(1, iter);
    g_force_narrow = 0;
}

/* The real first layers' shapes: one input channel, depth multiplier 8. */
static void test_dwconv_dm8_single_channel(void **state)
{
    (void)state;
    ref_seed(14);
    cai_k_conv_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = 49;
    p.in_w = 40;
    p.in_c = 1;
    p.filter_h = 10;
    p.filter_w = 8;
    p.stride_h = p.stride_w = 2;
    p.dilation_h = p.dilation_w = 1;
    p.depth_multiplier = 8;
    p.out_c = 8;
    p.in_zp = -128;
    p.out_zp = -128;
    const float one = 1.0f;
    assert_int_equal(cai_k_dwconv_s8_prepare(&p, CAI_K_PAD_SAME, 1.0f, &one, 1, 1.0f,
                                             CAI_K_ACT_RELU, g_mult, g_shift),
                     CAI_K_OK);
    assert_int_equal(p.out_h, 25);
    assert_int_equal(p.out_w, 20);
    fill_channel_params(8);
    fill_s8(g_in, 49 * 40);
    fill_w(g_w, 10 * 8 * 8);
    cai_k_dwconv_s8(&p, g_in, g_w, g_bias, g_out, g_scratch);
    ref_conv(&p, 1, g_bias);
    assert_memory_equal(g_out, g_ref, 25 * 20 * 8);
}

static void test_conv_prepare_errors(void **state)
{
    (void)state;
    cai_k_conv_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = p.in_w = 4;
    p.in_c = 3;
    p.out_c = 5;
    p.filter_h = p.filter_w = 3;
    p.stride_h = p.stride_w = 1;
    p.dilation_h = p.dilation_w = 1;
    const float ws[5] = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f };
    assert_int_equal(cai_k_conv_s8_prepare(&p, CAI_K_PAD_SAME, 0.5f, ws, 5, 0.25f, CAI_K_ACT_RELU6,
                                           g_mult, g_shift),
                     CAI_K_OK);
    assert_int_equal(p.out_h, 4);
    assert_int_equal(p.pad_h, 1);
    assert_int_equal(cai_k_conv_s8_prepare(&p, CAI_K_PAD_SAME, 0.5f, ws, 4, 0.25f, CAI_K_ACT_RELU6,
                                           g_mult, g_shift),
                     CAI_K_ERR_INVALID);
    p.stride_w = 0;
    assert_int_equal(cai_k_conv_s8_prepare(&p, CAI_K_PAD_SAME, 0.5f, ws, 5, 0.25f, CAI_K_ACT_RELU6,
                                           g_mult, g_shift),
                     CAI_K_ERR_INVALID);
    p.stride_w = 1;
    p.depth_multiplier = 2; /* 3 * 2 != 5 */
    assert_int_equal(cai_k_dwconv_s8_prepare(&p, CAI_K_PAD_SAME, 0.5f, ws, 5, 0.25f,
                                             CAI_K_ACT_RELU6, g_mult, g_shift),
                     CAI_K_ERR_INVALID);
    p.in_c = 20000;
    p.out_c = 5;
    p.filter_h = p.filter_w = 2;
    assert_int_equal(cai_k_conv_s8_prepare(&p, CAI_K_PAD_SAME, 0.5f, ws, 5, 0.25f, CAI_K_ACT_NONE,
                                           g_mult, g_shift),
                     CAI_K_ERR_RANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fc_random),
        cmocka_unit_test(test_fc_prepare),
        cmocka_unit_test(test_conv_random),
        cmocka_unit_test(test_dwconv_random),
        cmocka_unit_test(test_dwconv_narrow),
        cmocka_unit_test(test_dwconv_dm8_single_channel),
        cmocka_unit_test(test_conv_prepare_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
