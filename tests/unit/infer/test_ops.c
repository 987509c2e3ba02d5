/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Operators the shared golden models do not use (QUANTIZE, DEQUANTIZE,
 * RELU, RELU6, ADD, MUL, LOGISTIC, TANH, MAX_POOL_2D, float AVERAGE_POOL_2D,
 * SOFTMAX, ADD/MUL broadcasting), run through the whole engine on
 * spec-built models. Expected values are worked out by hand from the
 * TFLite operator definitions (inputs chosen away from rounding ties) or,
 * for transcendental functions, from libm within a stated tolerance.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cai/infer.h"
#include "tflite_writer.h"

static tflw_model_t g_s;
static cai_model_t g_m;
/* the model's state memory (cai_model_plan says how much; 64 KiB fits every test model) */
static _Alignas(8) uint8_t g_state[65536];
static uint8_t *g_bytes;
static _Alignas(16) uint8_t g_arena[65536];

enum {
    T_F32 = 0,
    T_I32 = 2,
    T_S8 = 9
};

static void begin(void)
{
    tflw_begin(&g_s);
}

static int add_tensor(int8_t type, int rank, const int32_t *dims, float scale, int64_t zp)
{
    return tflw_add_tensor(&g_s, type, rank, dims, scale, zp);
}

static int add_const(int8_t type, int rank, const int32_t *dims, float scale, const void *data,
                     uint32_t bytes)
{
    return tflw_add_const(&g_s, type, rank, dims, scale, data, bytes);
}

static void add_op(int builtin, int n_in, const int32_t *in, int out, uint8_t opt_type, int n_opt,
                   const tflw_field_t *opt)
{
    assert_true(g_s.n_opcodes < 16);
    tflw_add_op(&g_s, builtin, n_in, in, out, opt_type, n_opt, opt);
}

static void io(int n_in, const int32_t *in, int n_out, const int32_t *out)
{
    tflw_io(&g_s, n_in, in, n_out, out);
}

/* Build, load, prepare; fill inputs; invoke. */
static void run(const void *const *inputs)
{
    static uint8_t tmp[65536];
    char err[256];
    size_t n = tflw_build(&g_s, tmp, sizeof tmp);
    assert_true(n > 0);
    free(g_bytes);
    g_bytes = malloc(n);
    memcpy(g_bytes, tmp, n);
    int rc = cai_model_load(g_bytes, n, &g_m, g_state, sizeof g_state, err, sizeof err);
    if (rc != CAI_INFER_OK)
        print_error("load: %s\n", err);
    assert_int_equal(rc, CAI_INFER_OK);
    assert_int_equal(cai_model_prepare(&g_m, g_arena, sizeof g_arena, err, sizeof err), 0);
    /* the operator table's name of each op is the schema's name */
    for (uint32_t k = 0; k < cai_model_num_ops(&g_m); k++) {
        cai_op_info_t op;
        assert_int_equal(cai_model_op(&g_m, k, &op), CAI_INFER_OK);
        assert_string_equal(op.name, cai_builtin_name(op.builtin));
    }
    for (uint32_t i = 0; i < cai_model_num_inputs(&g_m); i++) {
        cai_tensor_info_t t;
        cai_model_input(&g_m, i, &t);
        memcpy(t.buffer, inputs[i], t.bytes);
    }
    assert_int_equal(cai_model_invoke(&g_m), CAI_INFER_OK);
}

static const void *output(uint32_t i)
{
    cai_tensor_info_t t;
    assert_int_equal(cai_model_output(&g_m, i, &t), CAI_INFER_OK);
    return t.data;
}

static void expect_s8(uint32_t out, const int8_t *want, int n)
{
    const int8_t *y = output(out);
    for (int i = 0; i < n; i++) {
        if (y[i] != want[i])
            print_error("output %u [%d]: got %d, want %d\n", out, i, y[i], want[i]);
        assert_int_equal(y[i], want[i]);
    }
}

/* float QUANTIZE -> RELU -> DEQUANTIZE, every stage an output */
static void test_quantize_relu_dequantize(void **state)
{
    (void)state;
    begin();
    const int32_t d[2] = { 1, 6 };
    int x = add_tensor(T_F32, 2, d, 0, 0);
    int q = add_tensor(T_S8, 2, d, 0.5f, 3);
    int r = add_tensor(T_S8, 2, d, 0.5f, 3);
    int y = add_tensor(T_F32, 2, d, 0, 0);
    add_op(114, 1, (int32_t[]){ x }, q, 0, 0, NULL); /* QUANTIZE */
    add_op(19, 1, (int32_t[]){ q }, r, 0, 0, NULL);  /* RELU */
    add_op(6, 1, (int32_t[]){ r }, y, 0, 0, NULL);   /* DEQUANTIZE */
    io(1, (int32_t[]){ x }, 3, (int32_t[]){ q, r, y });
    const float in[6] = { 1.2f, -0.3f, 100.0f, -100.0f, 0.7f, -3.1f };
    run((const void *[]){ in });
    /* q = clamp(round(x / 0.5) + 3): 2.4->2, -0.6->-1, 200, -200, 1.4->1, -6.2->-6 */
    expect_s8(0, (const int8_t[]){ 5, 2, 127, -128, 4, -3 }, 6);
    /* RELU clamps at the zero point 3 */
    expect_s8(1, (const int8_t[]){ 5, 3, 127, 3, 4, 3 }, 6);
    const float *f = output(2);
    const float want[6] = { 1.0f, 0.0f, 62.0f, 0.0f, 0.5f, 0.0f };
    for (int i = 0; i < 6; i++)
        assert_true(f[i] == want[i]);
}

static void test_relu6_and_requantize(void **state)
{
    (void)state;
    begin();
    const int32_t d[1] = { 6 };
    int x = add_tensor(T_S8, 1, d, 0.05f, -128);
    int r6 = add_tensor(T_S8, 1, d, 0.05f, -128);
    int x2 = add_tensor(T_S8, 1, d, 1.0f, 0);
    int rq = add_tensor(T_S8, 1, d, 2.0f, 10);
    add_op(21, 1, (int32_t[]){ x }, r6, 0, 0, NULL);   /* RELU6 */
    add_op(114, 1, (int32_t[]){ x2 }, rq, 0, 0, NULL); /* QUANTIZE int8 -> int8 */
    io(2, (int32_t[]){ x, x2 }, 2, (int32_t[]){ r6, rq });
    const int8_t a[6] = { -128, -50, -8, 0, 127, -100 };
    const int8_t b[6] = { 0, 4, 6, -6, -128, 126 };
    run((const void *[]){ a, b });
    /* RELU6: clamp to [zp, zp + 6 / 0.05] = [-128, -8] */
    expect_s8(0, (const int8_t[]){ -128, -50, -8, -8, -8, -100 }, 6);
    /* requantize: x * 1 / 2 + 10 (no ties) */
    expect_s8(1, (const int8_t[]){ 10, 12, 13, 7, -54, 73 }, 6);
}

static void test_add_mul_int8(void **state)
{
    (void)state;
    begin();
    const int32_t d[4] = { 1, 2, 2, 1 };
    const int32_t one[1] = { 1 };
    int a = add_tensor(T_S8, 4, d, 1.0f, 0);
    int b = add_tensor(T_S8, 4, d, 1.0f, 0);
    int s = add_tensor(T_S8, 4, d, 1.0f, 0);
    int p = add_tensor(T_S8, 4, d, 1.0f, 0);
    static const int8_t k5[1] = { 5 };
    int c = add_const(T_S8, 1, one, 1.0f, k5, 1);
    int bc = add_tensor(T_S8, 4, d, 1.0f, 0);
    const tflw_field_t none[1] = { { 0, 1, 0 } };
    const tflw_field_t relu[1] = { { 0, 1, 1 } };
    add_op(0, 2, (int32_t[]){ a, b }, s, 11, 1, none);  /* ADD */
    add_op(18, 2, (int32_t[]){ a, b }, p, 21, 1, none); /* MUL */
    add_op(0, 2, (int32_t[]){ a, c }, bc, 11, 1, relu); /* ADD broadcast + fused RELU */
    io(2, (int32_t[]){ a, b }, 3, (int32_t[]){ s, p, bc });
    const int8_t x[4] = { 1, 2, 100, -100 };
    const int8_t y[4] = { 3, -5, 100, -100 };
    run((const void *[]){ x, y });
    expect_s8(0, (const int8_t[]){ 4, -3, 127, -128 }, 4);
    expect_s8(1, (const int8_t[]){ 3, -10, 127, 127 }, 4);
    expect_s8(2, (const int8_t[]){ 6, 7, 105, 0 }, 4);
}

static void test_logistic_tanh_int8(void **state)
{
    (void)state;
    begin();
    const int32_t d[1] = { 256 };
    int x = add_tensor(T_S8, 1, d, 0.1f, 0);
    int sg = add_tensor(T_S8, 1, d, 1.0f / 256, -128);
    int th = add_tensor(T_S8, 1, d, 1.0f / 128, 0);
    add_op(14, 1, (int32_t[]){ x }, sg, 0, 0, NULL); /* LOGISTIC */
    add_op(28, 1, (int32_t[]){ x }, th, 0, 0, NULL); /* TANH */
    io(1, (int32_t[]){ x }, 2, (int32_t[]){ sg, th });
    int8_t in[256];
    for (int i = 0; i < 256; i++)
        in[i] = (int8_t)(i - 128);
    run((const void *[]){ in });
    const int8_t *ys = output(0), *yt = output(1);
    for (int i = 0; i < 256; i++) {
        double v = 0.1 * in[i];
        double es = fmin(127, round(256.0 / (1.0 + exp(-v))) - 128);
        double et = fmax(-128, fmin(127, round(128.0 * tanh(v))));
        /* fixed-point approximations: within 1 LSB of the exact value */
        if (fabs(ys[i] - es) > 1 || fabs(yt[i] - et) > 1)
            print_error("x %d: logistic %d (%g), tanh %d (%g)\n", in[i], ys[i], es, yt[i], et);
        assert_true(fabs(ys[i] - es) <= 1);
        assert_true(fabs(yt[i] - et) <= 1);
    }
}

static void test_float_ops(void **state)
{
    (void)state;
    begin();
    const int32_t d[2] = { 2, 3 };
    const int32_t r[1] = { 3 };
    int a = add_tensor(T_F32, 2, d, 0, 0);
    int b = add_tensor(T_F32, 1, r, 0, 0);
    int s = add_tensor(T_F32, 2, d, 0, 0);
    int p = add_tensor(T_F32, 2, d, 0, 0);
    int r1 = add_tensor(T_F32, 2, d, 0, 0);
    int r6 = add_tensor(T_F32, 2, d, 0, 0);
    int lg = add_tensor(T_F32, 2, d, 0, 0);
    int th = add_tensor(T_F32, 2, d, 0, 0);
    int sm = add_tensor(T_F32, 2, d, 0, 0);
    const tflw_field_t none[1] = { { 0, 1, 0 } };
    float beta = 1.0f;
    uint32_t beta_bits;
    memcpy(&beta_bits, &beta, 4);
    const tflw_field_t soft[1] = { { 0, 4, beta_bits } };
    add_op(0, 2, (int32_t[]){ a, b }, s, 11, 1, none);  /* ADD, broadcast [3] */
    add_op(18, 2, (int32_t[]){ a, b }, p, 21, 1, none); /* MUL */
    add_op(19, 1, (int32_t[]){ s }, r1, 0, 0, NULL);    /* RELU */
    add_op(21, 1, (int32_t[]){ p }, r6, 0, 0, NULL);    /* RELU6 */
    add_op(14, 1, (int32_t[]){ a }, lg, 0, 0, NULL);    /* LOGISTIC */
    add_op(28, 1, (int32_t[]){ a }, th, 0, 0, NULL);    /* TANH */
    add_op(25, 1, (int32_t[]){ a }, sm, 9, 1, soft);    /* SOFTMAX */
    io(2, (int32_t[]){ a, b }, 7, (int32_t[]){ s, p, r1, r6, lg, th, sm });
    const float x[6] = { -2.0f, 0.5f, 3.0f, 1.0f, -0.25f, 8.0f };
    const float y[3] = { 1.0f, -1.0f, 2.0f };
    run((const void *[]){ x, y });
    const float *fs = output(0), *fp = output(1), *f1 = output(2), *f6 = output(3);
    const float *fl = output(4), *ft = output(5), *fm = output(6);
    for (int i = 0; i < 6; i++) {
        float sum = x[i] + y[i % 3], prod = x[i] * y[i % 3];
        assert_true(fs[i] == sum);
        assert_true(fp[i] == prod);
        assert_true(f1[i] == (sum > 0 ? sum : 0));
        assert_true(f6[i] == (prod < 0 ? 0 : prod > 6 ? 6 : prod));
        assert_true(fabs(fl[i] - 1.0 / (1.0 + exp(-x[i]))) < 1e-6);
        assert_true(fabs(ft[i] - tanh(x[i])) < 1e-6);
    }
    for (int row = 0; row < 2; row++) {
        double den = 0;
        for (int c = 0; c < 3; c++)
            den += exp(x[row * 3 + c]);
        for (int c = 0; c < 3; c++)
            assert_true(fabs(fm[row * 3 + c] - exp(x[row * 3 + c]) / den) < 1e-6);
    }
}

static void test_pools(void **state)
{
    (void)state;
    begin();
    const int32_t din[4] = { 1, 4, 4, 1 }, dout[4] = { 1, 2, 2, 1 };
    int x = add_tensor(T_S8, 4, din, 0.5f, -3);
    int mp = add_tensor(T_S8, 4, dout, 0.5f, -3);
    int xf = add_tensor(T_F32, 4, din, 0, 0);
    int ap = add_tensor(T_F32, 4, dout, 0, 0);
    /* VALID padding, stride 2x2, filter 2x2, no activation */
    const tflw_field_t pool[6] = { { 0, 1, 1 }, { 1, 4, 2 }, { 2, 4, 2 },
                                   { 3, 4, 2 }, { 4, 4, 2 }, { 5, 1, 0 } };
    add_op(17, 1, (int32_t[]){ x }, mp, 5, 6, pool); /* MAX_POOL_2D */
    add_op(1, 1, (int32_t[]){ xf }, ap, 5, 6, pool); /* AVERAGE_POOL_2D float */
    io(2, (int32_t[]){ x, xf }, 2, (int32_t[]){ mp, ap });
    int8_t xi[16];
    float xff[16];
    for (int i = 0; i < 16; i++) {
        xi[i] = (int8_t)((i * 37) % 256 - 128);
        xff[i] = (float)i;
    }
    run((const void *[]){ xi, xff });
    const int8_t *y = output(0);
    const float *ya = output(1);
    for (int oy = 0; oy < 2; oy++)
        for (int ox = 0; ox < 2; ox++) {
            int m = -128;
            float s = 0;
            for (int ky = 0; ky < 2; ky++)
                for (int kx = 0; kx < 2; kx++) {
                    int idx = (2 * oy + ky) * 4 + 2 * ox + kx;
                    m = xi[idx] > m ? xi[idx] : m;
                    s += xff[idx];
                }
            assert_int_equal(y[oy * 2 + ox], m);
            assert_true(ya[oy * 2 + ox] == s / 4);
        }
}

static void test_rejections(void **state)
{
    (void)state;
    static uint8_t tmp[65536];
    char err[256];
    /* ADD with shapes that do not broadcast */
    begin();
    int a = add_tensor(T_S8, 1, (const int32_t[]){ 3 }, 1.0f, 0);
    int b = add_tensor(T_S8, 1, (const int32_t[]){ 2 }, 1.0f, 0);
    int c = add_tensor(T_S8, 1, (const int32_t[]){ 3 }, 1.0f, 0);
    add_op(0, 2, (int32_t[]){ a, b }, c, 0, 0, NULL);
    io(2, (int32_t[]){ a, b }, 1, (int32_t[]){ c });
    size_t n = tflw_build(&g_s, tmp, sizeof tmp);
    assert_int_equal(cai_model_load(tmp, n, &g_m, g_state, sizeof g_state, err, sizeof err),
                     CAI_INFER_ERR_MALFORMED);
    /* SOFTMAX int8 with an output scale other than 1/256 */
    begin();
    a = add_tensor(T_S8, 2, (const int32_t[]){ 1, 4 }, 0.1f, 0);
    c = add_tensor(T_S8, 2, (const int32_t[]){ 1, 4 }, 0.1f, 0);
    float beta = 1.0f;
    uint32_t bits;
    memcpy(&bits, &beta, 4);
    add_op(25, 1, (int32_t[]){ a }, c, 9, 1, (const tflw_field_t[]){ { 0, 4, bits } });
    io(1, (int32_t[]){ a }, 1, (int32_t[]){ c });
    n = tflw_build(&g_s, tmp, sizeof tmp);
    assert_true(cai_model_load(tmp, n, &g_m, g_state, sizeof g_state, err, sizeof err) < 0);
    assert_non_null(strstr(err, "SOFTMAX"));
    /* DEQUANTIZE into int8 */
    begin();
    a = add_tensor(T_S8, 1, (const int32_t[]){ 3 }, 1.0f, 0);
    c = add_tensor(T_S8, 1, (const int32_t[]){ 3 }, 1.0f, 0);
    add_op(6, 1, (int32_t[]){ a }, c, 0, 0, NULL);
    io(1, (int32_t[]){ a }, 1, (int32_t[]){ c });
    n = tflw_build(&g_s, tmp, sizeof tmp);
    assert_int_equal(cai_model_load(tmp, n, &g_m, g_state, sizeof g_state, err, sizeof err),
                     CAI_INFER_ERR_UNSUPPORTED);
    /* RESHAPE changing the size */
    begin();
    a = add_tensor(T_S8, 1, (const int32_t[]){ 3 }, 1.0f, 0);
    c = add_tensor(T_S8, 1, (const int32_t[]){ 4 }, 1.0f, 0);
    add_op(22, 1, (int32_t[]){ a }, c, 0, 0, NULL);
    io(1, (int32_t[]){ a }, 1, (int32_t[]){ c });
    n = tflw_build(&g_s, tmp, sizeof tmp);
    assert_int_equal(cai_model_load(tmp, n, &g_m, g_state, sizeof g_state, err, sizeof err),
                     CAI_INFER_ERR_MALFORMED);
    assert_non_null(strstr(err, "sizes differ"));
}

static int teardown(void **state)
{
    (void)state;
    free(g_bytes);
    g_bytes = NULL;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantize_relu_dequantize),
        cmocka_unit_test(test_relu6_and_requantize),
        cmocka_unit_test(test_add_mul_int8),
        cmocka_unit_test(test_logistic_tanh_int8),
        cmocka_unit_test(test_float_ops),
        cmocka_unit_test(test_pools),
        cmocka_unit_test(test_rejections),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
