/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Robustness: random and hostile parameters (zero/negative/huge dims,
 * strides, zero points, scales including 0, negative, inf, NaN) go through
 * every prepare helper; whenever prepare accepts, the kernel runs on buffers
 * of exactly the size the params imply (heap blocks, so the ASan build
 * catches any read or write outside them). Prepare must never crash, and
 * an accepted configuration must never touch memory outside its tensors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernels.h"
#include "ref.h"

/* Keeps the accepted cases small enough to run quickly. */
#define MAX_ELEMS (1 << 18)

/* Accepted-and-run counts: each test requires a fair number, so that the
 * random generator cannot silently stop producing runnable cases. */
static int g_ran;

/* One iteration in four is hostile: every generator below may then return
 * garbage; otherwise they return plausible values (so that most
 * configurations are accepted and actually run). */
static int g_hostile;

static int32_t rdim(void)
{
    const uint32_t r = g_hostile ? ref_rand() % 16 : 2;
    if (r == 0)
        return ref_range(-3, 0);
    if (r == 1)
        return ref_range(1 << 20, INT32_MAX);
    return ref_range(1, 12);
}

/* [lo_h, hi_h] when hostile, else [lo, hi]. */
static int32_t rpick(int32_t lo_h, int32_t hi_h, int32_t lo, int32_t hi)
{
    return g_hostile ? ref_range(lo_h, hi_h) : ref_range(lo, hi);
}

static float rscale(void)
{
    switch (g_hostile ? ref_rand() % 10 : 9) {
    case 0:
        return 0.0f;
    case 1:
        return -0.5f;
    case 2:
        return INFINITY;
    case 3:
        return NAN;
    case 4:
        return 1e-30f;
    case 5:
        return 1e30f;
    default:
        return ldexpf(1.0f + (float)(ref_rand() % 100) / 100.0f, ref_range(-12, 2));
    }
}

static int32_t rzp(void)
{
    return g_hostile && ref_rand() % 8 == 0 ? ref_range(-1000, 1000) : ref_range(-128, 127);
}

static void *buf(size_t n)
{
    void *p = malloc(n ? n : 1);
    assert_non_null(p);
    for (size_t i = 0; i < n; ++i)
        ((unsigned char *)p)[i] = (unsigned char)ref_rand();
    return p;
}

static int small(int64_t n)
{
    return n > 0 && n <= MAX_ELEMS;
}

static void run_conv(int dw)
{
    cai_k_conv_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.batches = ref_rand() % 8 ? 1 : rdim();
    p.in_h = rdim();
    p.in_w = rdim();
    p.in_c = rdim();
    p.filter_h = ref_rand() % 4 ? ref_range(1, 4) : rdim();
    p.filter_w = ref_rand() % 4 ? ref_range(1, 4) : rdim();
    p.stride_h = rpick(-1, 3, 1, 3);
    p.stride_w = rpick(-1, 3, 1, 3);
    p.dilation_h = rpick(0, 2, 1, 2);
    p.dilation_w = rpick(0, 2, 1, 2);
    p.depth_multiplier = ref_range(0, 3);
    const int64_t dw_out = (int64_t)p.in_c * (p.depth_multiplier > 0 ? p.depth_multiplier : 1);
    p.out_c = dw ? (dw_out <= INT32_MAX ? (int32_t)dw_out : p.in_c) : rdim();
    if (dw && ref_rand() % 8 == 0)
        p.out_c = rdim();
    p.in_zp = rzp();
    p.out_zp = rzp();
    const int32_t nc = p.out_c > 0 && p.out_c <= 4096 ? p.out_c : 1;
    int32_t *mult = calloc((size_t)nc, sizeof(int32_t)),
            *shift = calloc((size_t)nc, sizeof(int32_t));
    float *ws = malloc((size_t)nc * sizeof(float));
    assert_true(mult && shift && ws);
    for (int32_t c = 0; c < nc; ++c)
        ws[c] = rscale();
    const int32_t n_ws = ref_rand() % 2 ? 1 : nc;
    const int padding = rpick(-1, 2, 0, 1);
    const int act = rpick(-1, 6, 0, 3);
    int rc = CAI_K_ERR_INVALID;
    if (p.out_c == nc) /* the multiplier storage must cover out_c */
        rc =
            dw ? cai_k_dwconv_s8_prepare(&p, padding, rscale(), ws, n_ws, rscale(), act, mult,
                                         shift)
               : cai_k_conv_s8_prepare(&p, padding, rscale(), ws, n_ws, rscale(), act, mult, shift);
    if (rc == CAI_K_OK) {
        const int64_t n_in = (int64_t)p.batches * p.in_h * p.in_w * p.in_c;
        const int64_t n_out = (int64_t)p.batches * p.out_h * p.out_w * p.out_c;
        const int64_t n_w = dw ? (int64_t)p.filter_h * p.filter_w * p.out_c
                               : (int64_t)p.out_c * p.filter_h * p.filter_w * p.in_c;
        if (small(n_in) && small(n_out) && small(n_w)) {
            int8_t *in = buf((size_t)n_in), *w = buf((size_t)n_w), *out = buf((size_t)n_out);
            int32_t *bias = buf((size_t)p.out_c * sizeof(int32_t));
            const size_t ss =
                dw ? cai_k_dwconv_s8_scratch_size(&p) : cai_k_conv_s8_scratch_size(&p);
            void *scratch = buf(ss);
            ++g_ran;
            if (dw)
                cai_k_dwconv_s8(&p, in, w, bias, out, ss ? scratch : NULL);
            else
                cai_k_conv_s8(&p, in, w, bias, out, ss ? scratch : NULL);
            for (int64_t i = 0; i < n_out; ++i)
                assert_true(out[i] >= p.act_min && out[i] <= p.act_max);
            free(in);
            free(w);
            free(out);
            free(bias);
            free(scratch);
        }
    }
    free(mult);
    free(shift);
    free(ws);
}

static void test_conv_hostile(void **state)
{
    (void)state;
    ref_seed(31);
    g_ran = 0;
    for (int i = 0; i < 3000; ++i) {
        g_hostile = i % 4 == 0;
        run_conv(0);
        run_conv(1);
    }
    print_message("conv/depthwise: %d accepted configurations run\n", g_ran);
    assert_true(g_ran > 300);
}

static void test_fc_pool_softmax_hostile(void **state)
{
    (void)state;
    ref_seed(32);
    g_ran = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        g_hostile = iter % 4 == 0;
        cai_k_fc_s8_params_t fp;
        memset(&fp, 0, sizeof fp);
        fp.batches = ref_rand() % 4 ? ref_range(1, 3) : rdim();
        fp.accum_depth = ref_rand() % 4 ? ref_range(1, 2000) : rdim();
        fp.out_depth = ref_rand() % 4 ? ref_range(1, 20) : rdim();
        fp.in_zp = rzp();
        fp.out_zp = rzp();
        int32_t mult[64], shift[64];
        float ws[64];
        for (int c = 0; c < 64; ++c)
            ws[c] = rscale();
        if (fp.out_depth > 0 && fp.out_depth <= 64 &&
            cai_k_fc_s8_prepare(&fp, rscale(), ws, ref_rand() % 2 ? 1 : fp.out_depth, rscale(),
                                rpick(-1, 6, 0, 3), mult, shift) == CAI_K_OK) {
            const int64_t ni = (int64_t)fp.batches * fp.accum_depth,
                          no = (int64_t)fp.batches * fp.out_depth,
                          nw = (int64_t)fp.out_depth * fp.accum_depth;
            if (small(ni) && small(no) && small(nw)) {
                int8_t *in = buf((size_t)ni), *w = buf((size_t)nw), *out = buf((size_t)no);
                int32_t *bias = buf((size_t)fp.out_depth * 4);
                void *scratch = buf(cai_k_fc_s8_scratch_size(&fp));
                cai_k_fc_s8(&fp, in, w, ref_rand() % 2 ? bias : NULL, out, scratch);
                ++g_ran;
                free(in);
                free(w);
                free(out);
                free(bias);
                free(scratch);
            }
        }
        cai_k_pool_params_t pp;
        memset(&pp, 0, sizeof pp);
        pp.batches = ref_rand() % 4 ? 1 : rdim();
        pp.in_h = rdim();
        pp.in_w = rdim();
        pp.channels = rdim();
        pp.filter_h = ref_rand() % 3 ? ref_range(1, 4) : rdim();
        pp.filter_w = ref_rand() % 3 ? ref_range(1, 4) : rdim();
        pp.stride_h = rpick(-1, 3, 1, 3);
        pp.stride_w = rpick(-1, 3, 1, 3);
        const float s = rscale();
        const int32_t z = rzp();
        if (cai_k_pool_prepare(&pp, rpick(-1, 2, 0, 1), rpick(-1, 6, 0, 3), s, z, s, z) ==
            CAI_K_OK) {
            const int64_t ni = (int64_t)pp.batches * pp.in_h * pp.in_w * pp.channels;
            const int64_t no = (int64_t)pp.batches * pp.out_h * pp.out_w * pp.channels;
            if (small(ni) && small(no)) {
                int8_t *in = buf((size_t)ni), *out = buf((size_t)no);
                float *fin = calloc((size_t)ni, sizeof(float)),
                      *fout = malloc((size_t)no * sizeof(float));
                assert_true(fin && fout);
                ++g_ran;
                cai_k_avgpool_s8(&pp, in, out);
                cai_k_maxpool_s8(&pp, in, out);
                cai_k_avgpool_f32(&pp, fin, fout);
                cai_k_maxpool_f32(&pp, fin, fout);
                free(in);
                free(out);
                free(fin);
                free(fout);
            }
        }
        cai_k_softmax_s8_params_t sp;
        memset(&sp, 0, sizeof sp);
        sp.rows = ref_rand() % 4 ? ref_range(1, 4) : rdim();
        sp.depth = ref_rand() % 4 ? ref_range(1, 600) : rdim();
        if (cai_k_softmax_s8_prepare(&sp, rscale(), rscale(),
                                     ref_rand() % 2 ? 1.0f / 256 : rscale(),
                                     ref_rand() % 2 ? -128 : rzp()) == CAI_K_OK) {
            const int64_t n = (int64_t)sp.rows * sp.depth;
            if (small(n)) {
                int8_t *in = buf((size_t)n), *out = buf((size_t)n);
                ++g_ran;
                cai_k_softmax_s8(&sp, in, out);
                free(in);
                free(out);
            }
        }
    }
    print_message("fc/pool/softmax: %d accepted configurations run\n", g_ran);
    assert_true(g_ran > 1000);
}

static void test_elementwise_hostile(void **state)
{
    (void)state;
    ref_seed(33);
    g_ran = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        g_hostile = iter % 4 == 0;
        int32_t d1[5], d2[5];
        const int r1 = ref_range(0, 5), r2 = ref_range(0, 5);
        for (int k = 0; k < 5; ++k) {
            d1[k] = ref_rand() % 10 ? ref_range(1, 4) : rdim();
            d2[k] = ref_rand() % 3 ? d1[k] : ref_range(0, 3);
        }
        cai_k_add_s8_params_t ap;
        memset(&ap, 0, sizeof ap);
        if (cai_k_bcast4_prepare(&ap.bc, d1, r1, d2, r2) != CAI_K_OK)
            continue;
        int64_t n1 = 1, n2 = 1;
        for (int k = 0; k < r1; ++k)
            n1 *= d1[k];
        for (int k = 0; k < r2; ++k)
            n2 *= d2[k];
        const int64_t no = cai_k_bcast4_count(&ap.bc);
        if (!small(n1) || !small(n2) || !small(no))
            continue;
        int8_t *a = buf((size_t)n1), *b = buf((size_t)n2), *o = buf((size_t)no);
        if (cai_k_add_s8_prepare(&ap, rscale(), rzp(), rscale(), rzp(), rscale(), rzp(),
                                 rpick(-1, 6, 0, 3)) == CAI_K_OK)
            g_ran += (cai_k_add_s8(&ap, a, b, o), 1);
        cai_k_mul_s8_params_t mp;
        mp.bc = ap.bc;
        if (cai_k_mul_s8_prepare(&mp, rscale(), rzp(), rscale(), rzp(), rscale(), rzp(),
                                 rpick(-1, 6, 0, 3)) == CAI_K_OK)
            cai_k_mul_s8(&mp, a, b, o);
        cai_k_relu_s8_params_t rp;
        rp.count = (int32_t)(n1 < no ? n1 : no);
        if (cai_k_relu_s8_prepare(&rp, ref_range(0, 4), rscale(), rzp(), rscale(), rzp()) ==
            CAI_K_OK)
            cai_k_relu_s8(&rp, a, o);
        cai_k_sigmoid_s8_params_t sp;
        sp.count = rp.count;
        if (cai_k_logistic_s8_prepare(&sp, rscale(), rzp(), rscale(), ref_rand() % 2 ? -128 : 0) ==
            CAI_K_OK)
            cai_k_logistic_s8(&sp, a, o);
        if (cai_k_tanh_s8_prepare(&sp, rscale(), rzp(), rscale(), rzp()) == CAI_K_OK)
            cai_k_tanh_s8(&sp, a, o);
        cai_k_requantize_params_t qp;
        qp.count = rp.count;
        qp.in_zp = rzp();
        qp.out_zp = rzp();
        if (cai_k_requantize_s8_prepare(&qp, rscale(), rscale()) == CAI_K_OK)
            cai_k_requantize_s8(&qp, a, o);
        float *fa = calloc((size_t)n1, sizeof(float)), *fo = calloc((size_t)no, sizeof(float));
        assert_true(fa && fo);
        for (int64_t i = 0; i < n1; ++i)
            fa[i] = (float)a[i] * rscale();
        cai_k_quantize_f32_params_t fq = { (int32_t)(n1 < no ? n1 : no), 0.1f, rzp() };
        cai_k_quantize_f32_s8(&fq, fa, o);
        free(a);
        free(b);
        free(o);
        free(fa);
        free(fo);
    }
    print_message("add: %d accepted configurations run\n", g_ran);
    assert_true(g_ran > 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv_hostile),
        cmocka_unit_test(test_fc_pool_softmax_hostile),
        cmocka_unit_test(test_elementwise_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
