/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pooling, softmax, quantize/requantize/dequantize, ADD/MUL (with
 * broadcasting), RELU/RELU6, LOGISTIC/TANH (int8 and float) against naive
 * references written from the TFLM formulas, plus float plausibility bounds
 * for the fixed-point transcendental ops.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernels.h"
#include "ref.h"

#define MAXBUF 8192

static int8_t g_a[MAXBUF], g_b[MAXBUF], g_out[MAXBUF], g_ref[MAXBUF];
static float g_fa[MAXBUF], g_fout[MAXBUF];

static float rand_scale(void)
{
    return ldexpf(1.0f + (float)(ref_rand() % 1000) / 1000.0f, ref_range(-10, 0));
}

static void test_pool_random(void **state)
{
    (void)state;
    ref_seed(21);
    for (int iter = 0; iter < 300; ++iter) {
        cai_k_pool_params_t p;
        memset(&p, 0, sizeof p);
        p.batches = ref_range(1, 2);
        p.in_h = ref_range(1, 9);
        p.in_w = ref_range(1, 9);
        p.channels = ref_range(1, 12);
        p.filter_h = ref_range(1, 4);
        p.filter_w = ref_range(1, 4);
        p.stride_h = ref_range(1, 3);
        p.stride_w = ref_range(1, 3);
        const int padding = ref_rand() % 2 ? CAI_K_PAD_SAME : CAI_K_PAD_VALID;
        const int act = ref_rand() % 2 ? CAI_K_ACT_RELU6 : CAI_K_ACT_NONE;
        const int32_t zp = ref_range(-128, 127);
        const int rc = cai_k_pool_prepare(&p, padding, act, 0.05f, zp, 0.05f, zp);
        if (rc == CAI_K_ERR_INVALID)
            continue;
        assert_int_equal(rc, CAI_K_OK);
        const size_t n_in = (size_t)p.batches * p.in_h * p.in_w * p.channels;
        const size_t n_out = (size_t)p.batches * p.out_h * p.out_w * p.channels;
        assert_true(n_in <= MAXBUF && n_out <= MAXBUF);
        for (size_t i = 0; i < n_in; ++i) {
            g_a[i] = ref_s8();
            g_fa[i] = (float)g_a[i] * 0.25f;
        }
        for (int which = 0; which < 2; ++which) {
            if (which == 0)
                cai_k_avgpool_s8(&p, g_a, g_out);
            else
                cai_k_maxpool_s8(&p, g_a, g_out);
            for (int32_t n = 0; n < p.batches; ++n)
                for (int32_t oy = 0; oy < p.out_h; ++oy)
                    for (int32_t ox = 0; ox < p.out_w; ++ox)
                        for (int32_t c = 0; c < p.channels; ++c) {
                            int32_t sum = 0, count = 0, mx = -1000;
                            for (int32_t fy = 0; fy < p.filter_h; ++fy)
                                for (int32_t fx = 0; fx < p.filter_w; ++fx) {
                                    const int32_t iy = oy * p.stride_h - p.pad_h + fy;
                                    const int32_t ix = ox * p.stride_w - p.pad_w + fx;
                                    if (iy < 0 || iy >= p.in_h || ix < 0 || ix >= p.in_w)
                                        continue;
                                    const int32_t v =
                                        g_a[((n * p.in_h + iy) * p.in_w + ix) * p.channels + c];
                                    sum += v;
                                    ++count;
                                    mx = v > mx ? v : mx;
                                }
                            int32_t want;
                            if (which == 0) {
                                /* round half away from zero of sum / count, via doubles */
                                want = (int32_t)round((double)sum / count);
                            } else {
                                want = mx;
                            }
                            want = ref_clamp(want, p.act_min, p.act_max);
                            const size_t o =
                                (((size_t)n * p.out_h + oy) * p.out_w + ox) * p.channels + c;
                            if (g_out[o] != want)
                                fail_msg("%s pool iter %d o %zu: %d want %d", which ? "max" : "avg",
                                         iter, o, g_out[o], want);
                        }
        }
        /* float pools on the same geometry: values are exact multiples of 1/4 */
        cai_k_maxpool_f32(&p, g_fa, g_fout);
        cai_k_maxpool_s8(&p, g_a, g_out);
        for (size_t i = 0; i < n_out; ++i)
            if (act == CAI_K_ACT_NONE)
                assert_true(g_fout[i] == (float)g_out[i] * 0.25f);
    }
}

static void test_pool_prepare(void **state)
{
    (void)state;
    cai_k_pool_params_t p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = p.in_w = 3;
    p.channels = 256;
    p.filter_h = p.filter_w = 3;
    p.stride_h = p.stride_w = 2;
    assert_int_equal(
        cai_k_pool_prepare(&p, CAI_K_PAD_VALID, CAI_K_ACT_NONE, 0.02f, -128, 0.02f, -128),
        CAI_K_OK);
    assert_int_equal(p.out_h, 1);
    assert_int_equal(p.out_w, 1);
    assert_int_equal(
        cai_k_pool_prepare(&p, CAI_K_PAD_VALID, CAI_K_ACT_NONE, 0.02f, -128, 0.03f, -128),
        CAI_K_ERR_UNSUPPORTED);
    assert_int_equal(cai_k_pool_prepare(&p, CAI_K_PAD_VALID, CAI_K_ACT_NONE, 0.02f, -128, 0.02f, 0),
                     CAI_K_ERR_UNSUPPORTED);
}

static void test_softmax_s8(void **state)
{
    (void)state;
    ref_seed(22);
    cai_k_softmax_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.rows = 1;
    p.depth = 4;
    assert_int_equal(cai_k_softmax_s8_prepare(&p, 1.0f, 0.1f, 1.0f / 256, -128), CAI_K_OK);
    /* Equal logits: 1/4 each = 64/256 -> -64. */
    const int8_t eq[4] = { 5, 5, 5, 5 };
    cai_k_softmax_s8(&p, eq, g_out);
    for (int i = 0; i < 4; ++i)
        assert_int_equal(g_out[i], -64);
    assert_int_equal(cai_k_softmax_s8_prepare(&p, 1.0f, 0.1f, 1.0f / 255, -128),
                     CAI_K_ERR_UNSUPPORTED);
    assert_int_equal(cai_k_softmax_s8_prepare(&p, 1.0f, 0.1f, 1.0f / 256, 0),
                     CAI_K_ERR_UNSUPPORTED);
    /* Random rows against float softmax: within 1 LSB (fixed-point exp and
   * reciprocal are accurate to ~1e-7; the final rounding adds half an LSB). */
    for (int iter = 0; iter < 500; ++iter) {
        p.rows = ref_range(1, 4);
        p.depth = ref_range(1, 40);
        const float in_scale = rand_scale() * 4;
        const float beta = iter % 3 == 0 ? 0.5f : 1.0f;
        assert_int_equal(cai_k_softmax_s8_prepare(&p, beta, in_scale, 1.0f / 256, -128), CAI_K_OK);
        for (int32_t i = 0; i < p.rows * p.depth; ++i)
            g_a[i] = ref_s8();
        cai_k_softmax_s8(&p, g_a, g_out);
        for (int32_t r = 0; r < p.rows; ++r) {
            const int8_t *x = g_a + r * p.depth;
            int32_t mx = -128;
            for (int32_t c = 0; c < p.depth; ++c)
                mx = x[c] > mx ? x[c] : mx;
            double sum = 0;
            for (int32_t c = 0; c < p.depth; ++c)
                sum += exp((double)beta * in_scale * (x[c] - mx));
            for (int32_t c = 0; c < p.depth; ++c) {
                const double want =
                    exp((double)beta * in_scale * (x[c] - mx)) / sum * 256.0 - 128.0;
                const double got = g_out[r * p.depth + c];
                if (fabs(got - ref_clamp((int32_t)lround(want), -128, 127)) > 1.0)
                    fail_msg("softmax iter %d: got %g want %g", iter, got, want);
            }
        }
    }
}

static void test_softmax_f32(void **state)
{
    (void)state;
    const float x[3] = { 1.0f, 2.0f, 3.0f };
    cai_k_softmax_f32_params_t p = { 1, 3, 1.0f };
    cai_k_softmax_f32(&p, x, g_fout);
    const double s = exp(-2.0) + exp(-1.0) + 1.0;
    assert_true(fabs(g_fout[2] - 1.0 / s) < 1e-6);
    assert_true(fabs(g_fout[0] - exp(-2.0) / s) < 1e-6);
}

static void test_quantize_dequantize(void **state)
{
    (void)state;
    ref_seed(23);
    /* float -> int8: round half away from zero of x / scale in float32. */
    const float xs[] = { 0.0f, 0.05f, 0.15f, -0.05f, -0.15f, 1e9f, -1e9f, 12.7f, -12.8f, 0.0499f };
    cai_k_quantize_f32_params_t qp = { (int32_t)(sizeof xs / sizeof xs[0]), 0.1f, 3 };
    cai_k_quantize_f32_s8(&qp, xs, g_out);
    const int8_t want[] = { 3, 4, 5, 2, 1, 127, -128, 127, -125, 3 };
    assert_memory_equal(g_out, want, sizeof want);
    for (int i = 0; i < 2000; ++i) {
        const float x = ((float)(int32_t)ref_rand() / 2147483648.0f) * 20.0f;
        const float sc = rand_scale();
        const int32_t zp = ref_range(-128, 127);
        cai_k_quantize_f32_params_t q1 = { 1, sc, zp };
        int8_t o;
        cai_k_quantize_f32_s8(&q1, &x, &o);
        const float r = roundf(x / sc);
        const int32_t w =
            fabsf(r) > 1000.0f ? (r > 0 ? 127 : -128) : ref_clamp((int32_t)r + zp, -128, 127);
        assert_int_equal(o, w);
    }
    /* int8 -> float: (float)((double)scale * (q - zp)). */
    for (int i = 0; i < 256; ++i)
        g_a[i] = (int8_t)(i - 128);
    const float sc = 0.0244801156f;
    cai_k_dequantize_params_t dp = { 256, (double)sc, -128 };
    cai_k_dequantize_s8_f32(&dp, g_a, g_fout);
    for (int i = 0; i < 256; ++i)
        assert_true(g_fout[i] == (float)((double)sc * (double)(g_a[i] + 128)));
    /* int8 -> int8 requantize against the textbook MBQM. */
    for (int iter = 0; iter < 200; ++iter) {
        cai_k_requantize_params_t rp;
        rp.count = 256;
        rp.in_zp = ref_range(-128, 127);
        rp.out_zp = ref_range(-128, 127);
        const float s1 = rand_scale(), s2 = rand_scale();
        assert_int_equal(cai_k_requantize_s8_prepare(&rp, s1, s2), CAI_K_OK);
        int32_t m;
        int s;
        cai_quantize_multiplier((double)s1 / (double)s2, &m, &s);
        assert_int_equal(rp.mult, m);
        assert_int_equal(rp.shift, s);
        cai_k_requantize_s8(&rp, g_a, g_out);
        for (int i = 0; i < 256; ++i)
            assert_int_equal(g_out[i],
                             ref_clamp(ref_mbqm(g_a[i] - rp.in_zp, m, s) + rp.out_zp, -128, 127));
    }
}

static void test_broadcast_shapes(void **state)
{
    (void)state;
    cai_k_bcast4_t b;
    const int32_t d1[4] = { 2, 1, 3, 4 }, d2[3] = { 5, 1, 4 };
    assert_int_equal(cai_k_bcast4_prepare(&b, d1, 4, d2, 3), CAI_K_OK);
    assert_int_equal(b.out_dims[0], 2);
    assert_int_equal(b.out_dims[1], 5);
    assert_int_equal(b.out_dims[2], 3);
    assert_int_equal(b.out_dims[3], 4);
    assert_int_equal(b.flat, 0);
    assert_int_equal(cai_k_bcast4_count(&b), 120);
    const int32_t bad[1] = { 3 };
    assert_int_equal(cai_k_bcast4_prepare(&b, d1, 4, bad, 1), CAI_K_ERR_INVALID);
    assert_int_equal(cai_k_bcast4_prepare(&b, d1, 5, d2, 3), CAI_K_ERR_UNSUPPORTED);
    assert_int_equal(cai_k_bcast4_prepare(&b, d1, 4, d1, 4), CAI_K_OK);
    assert_int_equal(b.flat, 1);
}

/* Index of element (i0..i3) of a shape padded to 4-D, with broadcasting. */
static size_t bidx(const int32_t *d, const int32_t *i)
{
    size_t idx = 0;
    for (int k = 0; k < 4; ++k)
        idx = idx * (size_t)d[k] + (size_t)(d[k] == 1 ? 0 : i[k]);
    return idx;
}

static void test_add_mul_s8(void **state)
{
    (void)state;
    ref_seed(24);
    for (int iter = 0; iter < 400; ++iter) {
        int32_t d1[4], d2[4];
        for (int k = 0; k < 4; ++k) {
            const int32_t d = ref_range(1, 4);
            const uint32_t r = ref_rand() % 4;
            d1[k] = r == 1 ? 1 : d;
            d2[k] = r == 2 ? 1 : d;
        }
        if (iter % 3 == 0)
            memcpy(d2, d1, sizeof d1);
        cai_k_bcast4_t bc;
        assert_int_equal(cai_k_bcast4_prepare(&bc, d1, 4, d2, 4), CAI_K_OK);
        const int32_t n1 = d1[0] * d1[1] * d1[2] * d1[3], n2 = d2[0] * d2[1] * d2[2] * d2[3];
        for (int32_t i = 0; i < n1; ++i)
            g_a[i] = ref_s8();
        for (int32_t i = 0; i < n2; ++i)
            g_b[i] = ref_s8();
        const float s1 = rand_scale(), s2 = rand_scale(), so = rand_scale() * 2;
        const int32_t z1 = ref_range(-128, 127), z2 = ref_range(-128, 127),
                      zo = ref_range(-128, 127);
        const int act = iter % 4 == 0 ? CAI_K_ACT_RELU : CAI_K_ACT_NONE;
        cai_k_add_s8_params_t ap;
        ap.bc = bc;
        assert_int_equal(cai_k_add_s8_prepare(&ap, s1, z1, s2, z2, so, zo, act), CAI_K_OK);
        cai_k_mul_s8_params_t mp;
        mp.bc = bc;
        assert_int_equal(cai_k_mul_s8_prepare(&mp, s1, z1, s2, z2, so, zo, act), CAI_K_OK);
        /* Independent derivation of the multipliers (add_common.cc). */
        const double tm = 2.0 * (double)(s1 > s2 ? s1 : s2);
        int32_t m1, mo, mm;
        int e1, eo, em;
        cai_quantize_multiplier((double)s1 / tm, &m1, &e1);
        cai_quantize_multiplier(tm / (1048576.0 * (double)so), &mo, &eo);
        cai_quantize_multiplier((double)s1 * (double)s2 / (double)so, &mm, &em);
        assert_int_equal(ap.in1_mult, m1);
        assert_int_equal(ap.in1_shift, e1);
        assert_int_equal(ap.out_mult, mo);
        assert_int_equal(ap.out_shift, eo);
        assert_int_equal(mp.out_mult, mm);
        assert_int_equal(mp.out_shift, em);
        cai_k_add_s8(&ap, g_a, g_b, g_out);
        cai_k_mul_s8(&mp, g_a, g_b, g_ref);
        size_t o = 0;
        int32_t i[4];
        for (i[0] = 0; i[0] < bc.out_dims[0]; ++i[0])
            for (i[1] = 0; i[1] < bc.out_dims[1]; ++i[1])
                for (i[2] = 0; i[2] < bc.out_dims[2]; ++i[2])
                    for (i[3] = 0; i[3] < bc.out_dims[3]; ++i[3], ++o) {
                        const int32_t x1 = g_a[bidx(d1, i)], x2 = g_b[bidx(d2, i)];
                        const int32_t a =
                            ref_mbqm((x1 - z1) * (1 << 20), ap.in1_mult, ap.in1_shift);
                        const int32_t b =
                            ref_mbqm((x2 - z2) * (1 << 20), ap.in2_mult, ap.in2_shift);
                        const int32_t ya =
                            ref_clamp(ref_mbqm(a + b, ap.out_mult, ap.out_shift) + zo, ap.act_min,
                                      ap.act_max);
                        if (g_out[o] != ya)
                            fail_msg("add iter %d o %zu: %d want %d", iter, o, g_out[o], ya);
                        const int32_t ym = ref_clamp(ref_mbqm((x1 - z1) * (x2 - z2), mm, em) + zo,
                                                     mp.act_min, mp.act_max);
                        if (g_ref[o] != ym)
                            fail_msg("mul iter %d o %zu: %d want %d", iter, o, g_ref[o], ym);
                        /* plausibility against real arithmetic (1.5 LSB of slack) */
                        const double real = (double)s1 * (x1 - z1) + (double)s2 * (x2 - z2);
                        const double q = real / so + zo;
                        if (q > -127 && q < 126 && act == CAI_K_ACT_NONE)
                            assert_true(fabs(q - g_out[o]) <= 1.5);
                    }
    }
}

static void test_add_mul_f32(void **state)
{
    (void)state;
    cai_k_binary_f32_params_t p;
    const int32_t d1[2] = { 2, 3 }, d2[1] = { 3 };
    assert_int_equal(cai_k_bcast4_prepare(&p.bc, d1, 2, d2, 1), CAI_K_OK);
    assert_int_equal(cai_k_act_range_f32(CAI_K_ACT_RELU6, &p.act_min, &p.act_max), CAI_K_OK);
    const float a[6] = { 1, 2, 3, -4, 5, 6 }, b[3] = { 0.5f, -1, 2 };
    cai_k_add_f32(&p, a, b, g_fout);
    const float want_add[6] = { 1.5f, 1, 5, 0, 4, 6 };
    for (int i = 0; i < 6; ++i)
        assert_true(g_fout[i] == want_add[i]);
    cai_k_mul_f32(&p, a, b, g_fout);
    const float want_mul[6] = { 0.5f, 0, 6, 0, 0, 6 };
    for (int i = 0; i < 6; ++i)
        assert_true(g_fout[i] == want_mul[i]);
}

static void test_relu_s8(void **state)
{
    (void)state;
    ref_seed(25);
    for (int i = 0; i < 256; ++i)
        g_a[i] = (int8_t)(i - 128);
    cai_k_relu_s8_params_t p;
    p.count = 256;
    assert_int_equal(cai_k_relu_s8_prepare(&p, CAI_K_ACT_RELU, 0.1f, 10, 0.05f, -20), CAI_K_OK);
    cai_k_relu_s8(&p, g_a, g_out);
    int32_t m;
    int s;
    cai_quantize_multiplier((double)0.1f / (double)0.05f, &m, &s);
    for (int i = 0; i < 256; ++i)
        assert_int_equal(g_out[i], ref_clamp(ref_mbqm(g_a[i] - 10, m, s) - 20, -20, 127));
    /* RELU6: clamp in the input's quantization, [zp, zp + round(6 / scale)] */
    assert_int_equal(cai_k_relu_s8_prepare(&p, CAI_K_ACT_RELU6, 0.1f, 10, 0.1f, 10), CAI_K_OK);
    cai_k_relu_s8(&p, g_a, g_out);
    for (int i = 0; i < 256; ++i)
        assert_int_equal(g_out[i], ref_clamp(g_a[i], 10, 70));
    assert_int_equal(cai_k_relu_s8_prepare(&p, CAI_K_ACT_RELU6, 0.01f, 10, 0.01f, 10), CAI_K_OK);
    assert_int_equal(p.act_max, 127);
    assert_int_equal(cai_k_relu_s8_prepare(&p, CAI_K_ACT_TANH, 0.01f, 10, 0.01f, 10),
                     CAI_K_ERR_UNSUPPORTED);
    const float fx[4] = { -1.0f, 0.5f, 7.0f, -0.0f };
    cai_k_clamp_f32(4, 0.0f, 6.0f, fx, g_fout);
    assert_true(g_fout[0] == 0.0f && g_fout[1] == 0.5f && g_fout[2] == 6.0f);
}

/* The int8 LOGISTIC/TANH follow TFLM's gemmlowp algorithm; without golden
 * data for them here, they are checked against the real functions to 1 LSB
 * (the algorithm is accurate to ~1e-7 before the final rounding), for
 * monotonicity, and at exact points. */
static void test_logistic_tanh_s8(void **state)
{
    (void)state;
    for (int i = 0; i < 256; ++i)
        g_a[i] = (int8_t)(i - 128);
    const float scales[] = { 0.01f, 0.0625f, 0.1f, 0.37f, 1.0f };
    const int32_t zps[] = { 0, -128, 17 };
    for (size_t si = 0; si < sizeof scales / sizeof scales[0]; ++si)
        for (size_t zi = 0; zi < sizeof zps / sizeof zps[0]; ++zi) {
            const float sc = scales[si];
            const int32_t zp = zps[zi];
            cai_k_sigmoid_s8_params_t p;
            p.count = 256;
            assert_int_equal(cai_k_logistic_s8_prepare(&p, sc, zp, 1.0f / 256, -128), CAI_K_OK);
            cai_k_logistic_s8(&p, g_a, g_out);
            for (int i = 0; i < 256; ++i) {
                const double x = (double)sc * (g_a[i] - zp);
                const double want = 256.0 / (1.0 + exp(-x)) - 128.0;
                const double w = want > 127 ? 127 : want;
                if (fabs(g_out[i] - w) > 1.0)
                    fail_msg("logistic scale %g zp %d x %d: %d want %g", sc, zp, g_a[i], g_out[i],
                             w);
                if (i > 0)
                    assert_true(g_out[i] >= g_out[i - 1]);
                if (g_a[i] == zp)
                    assert_int_equal(g_out[i], 0); /* logistic(0) = 1/2 */
            }
            assert_int_equal(cai_k_tanh_s8_prepare(&p, sc, zp, 1.0f / 128, 0), CAI_K_OK);
            cai_k_tanh_s8(&p, g_a, g_out);
            for (int i = 0; i < 256; ++i) {
                const double x = (double)sc * (g_a[i] - zp);
                double w = tanh(x) * 128.0;
                w = w > 127 ? 127 : w;
                if (fabs(g_out[i] - w) > 1.0)
                    fail_msg("tanh scale %g zp %d x %d: %d want %g", sc, zp, g_a[i], g_out[i], w);
                if (i > 0)
                    assert_true(g_out[i] >= g_out[i - 1]);
                if (g_a[i] == zp)
                    assert_int_equal(g_out[i], 0);
            }
        }
    cai_k_sigmoid_s8_params_t p;
    p.count = 1;
    assert_int_equal(cai_k_logistic_s8_prepare(&p, 0.1f, 0, 1.0f / 256, 0), CAI_K_ERR_UNSUPPORTED);
    assert_int_equal(cai_k_logistic_s8_prepare(&p, 0.0f, 0, 1.0f / 256, -128), CAI_K_ERR_INVALID);
}

static void test_logistic_tanh_f32(void **state)
{
    (void)state;
    const float x[6] = { -20.0f, -9.5f, -1.0f, 0.0f, 2.0f, 17.0f };
    cai_k_logistic_f32(6, x, g_fout);
    assert_true(g_fout[0] == expf(-20.0f)); /* below the lower cut-off: exp(x) */
    assert_true(g_fout[5] == 1.0f);         /* above the upper cut-off */
    assert_true(g_fout[3] == 0.5f);
    assert_true(fabs(g_fout[2] - 1.0 / (1.0 + exp(1.0))) < 1e-7);
    cai_k_tanh_f32(6, x, g_fout);
    assert_true(fabs(g_fout[4] - tanh(2.0)) < 1e-7);
    assert_true(g_fout[3] == 0.0f);
}

static void test_copy(void **state)
{
    (void)state;
    char a[8] = "abcdefg", b[8] = { 0 };
    cai_k_copy(a, b, 8);
    assert_string_equal(b, "abcdefg");
    cai_k_copy(a, a, 8); /* aliasing: a no-op */
    assert_string_equal(a, "abcdefg");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_random),
        cmocka_unit_test(test_pool_prepare),
        cmocka_unit_test(test_softmax_s8),
        cmocka_unit_test(test_softmax_f32),
        cmocka_unit_test(test_quantize_dequantize),
        cmocka_unit_test(test_broadcast_shapes),
        cmocka_unit_test(test_add_mul_s8),
        cmocka_unit_test(test_add_mul_f32),
        cmocka_unit_test(test_relu_s8),
        cmocka_unit_test(test_logistic_tanh_s8),
        cmocka_unit_test(test_logistic_tanh_f32),
        cmocka_unit_test(test_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
