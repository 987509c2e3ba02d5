/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writes small valid .tflite models that exercise every operator kind the
 * engine supports (the shared models only use some), as extra seeds for
 * fuzz_infer_model. Built with the project's .tflite writer
 * (tools/lib/tflite_writer); the output directory is in the build tree,
 * nothing is stored in the repo.
 *   make_infer_fuzz_seeds DIR
 */
#include <stdio.h>
#include <string.h>

#include "tflite_writer.h"

static tflw_model_t g_s;
static uint8_t g_buf[65536];
static int g_count;

static int save(const char *dir, const char *name)
{
    char path[1024];
    size_t n = tflw_build(&g_s, g_buf, sizeof g_buf);
    snprintf(path, sizeof path, "%s/%s.tflite", dir, name);
    FILE *f = fopen(path, "wb");
    if (n == 0 || f == NULL || fwrite(g_buf, 1, n, f) != n) {
        fprintf(stderr, "make_infer_fuzz_seeds: cannot write %s\n", path);
        if (f)
            fclose(f);
        return 1;
    }
    g_count++;
    return fclose(f) != 0;
}

static uint32_t f32_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_infer_fuzz_seeds DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    int bad = 0;
    const tflw_field_t none[1] = { { 0, 1, 0 } };
    const tflw_field_t relu[1] = { { 0, 1, 1 } };
    const tflw_field_t beta[1] = { { 0, 4, f32_bits(1.0f) } };
    const tflw_field_t pool[6] = { { 0, 1, 1 }, /* VALID */ { 1, 4, 2 },
                                   { 2, 4, 2 }, { 3, 4, 3 },
                                   { 4, 4, 3 }, { 5, 1, 3 } };
    static const int8_t k5[1] = { 5 };

    tflw_fc_model(&g_s);
    bad |= save(dir, "fc_int8");
    tflw_conv_model(&g_s, 0);
    bad |= save(dir, "conv_int8");
    tflw_conv_model(&g_s, 1);
    bad |= save(dir, "dwconv_int8");

    /* float -> QUANTIZE -> RELU -> RELU6 -> requantize -> DEQUANTIZE */
    tflw_begin(&g_s);
    {
        const int32_t d[2] = { 2, 3 };
        int x = tflw_add_tensor(&g_s, 0, 2, d, 0, 0);
        int q = tflw_add_tensor(&g_s, 9, 2, d, 0.05f, -10);
        int r = tflw_add_tensor(&g_s, 9, 2, d, 0.05f, -10);
        int r6 = tflw_add_tensor(&g_s, 9, 2, d, 0.05f, -10);
        int rq = tflw_add_tensor(&g_s, 9, 2, d, 0.1f, 3);
        int y = tflw_add_tensor(&g_s, 0, 2, d, 0, 0);
        tflw_add_op(&g_s, 114, 1, (int32_t[]){ x }, q, 0, 0, NULL);
        tflw_add_op(&g_s, 19, 1, (int32_t[]){ q }, r, 0, 0, NULL);
        tflw_add_op(&g_s, 21, 1, (int32_t[]){ r }, r6, 0, 0, NULL);
        tflw_add_op(&g_s, 114, 1, (int32_t[]){ r6 }, rq, 0, 0, NULL);
        tflw_add_op(&g_s, 6, 1, (int32_t[]){ rq }, y, 0, 0, NULL);
        tflw_io(&g_s, 1, (int32_t[]){ x }, 1, (int32_t[]){ y });
    }
    bad |= save(dir, "quantize_chain");

    /* int8 ADD / MUL with broadcasting, LOGISTIC, TANH, SOFTMAX */
    tflw_begin(&g_s);
    {
        const int32_t d[4] = { 1, 2, 2, 3 }, c3[1] = { 1 };
        int a = tflw_add_tensor(&g_s, 9, 4, d, 0.1f, 0);
        int b = tflw_add_const(&g_s, 9, 1, c3, 0.1f, k5, 1);
        int s = tflw_add_tensor(&g_s, 9, 4, d, 0.2f, 1);
        int p = tflw_add_tensor(&g_s, 9, 4, d, 0.05f, -2);
        int lg = tflw_add_tensor(&g_s, 9, 4, d, 1.0f / 256, -128);
        int th = tflw_add_tensor(&g_s, 9, 4, d, 1.0f / 128, 0);
        int sm = tflw_add_tensor(&g_s, 9, 4, d, 1.0f / 256, -128);
        tflw_add_op(&g_s, 0, 2, (int32_t[]){ a, b }, s, 11, 1, relu);
        tflw_add_op(&g_s, 18, 2, (int32_t[]){ s, a }, p, 21, 1, none);
        tflw_add_op(&g_s, 14, 1, (int32_t[]){ p }, lg, 0, 0, NULL);
        tflw_add_op(&g_s, 28, 1, (int32_t[]){ p }, th, 0, 0, NULL);
        tflw_add_op(&g_s, 25, 1, (int32_t[]){ p }, sm, 9, 1, beta);
        tflw_io(&g_s, 1, (int32_t[]){ a }, 3, (int32_t[]){ lg, th, sm });
    }
    bad |= save(dir, "elementwise_int8");

    /* float ADD / MUL / RELU / LOGISTIC / TANH / SOFTMAX / pools / RESHAPE */
    tflw_begin(&g_s);
    {
        const int32_t d[4] = { 1, 4, 4, 2 }, r[1] = { 2 }, po[4] = { 1, 1, 1, 2 };
        const int32_t flat[2] = { 1, 2 };
        int a = tflw_add_tensor(&g_s, 0, 4, d, 0, 0);
        int b = tflw_add_tensor(&g_s, 0, 1, r, 0, 0);
        int s = tflw_add_tensor(&g_s, 0, 4, d, 0, 0);
        int p = tflw_add_tensor(&g_s, 0, 4, d, 0, 0);
        int lg = tflw_add_tensor(&g_s, 0, 4, d, 0, 0);
        int th = tflw_add_tensor(&g_s, 0, 4, d, 0, 0);
        int ap = tflw_add_tensor(&g_s, 0, 4, po, 0, 0);
        int mp = tflw_add_tensor(&g_s, 0, 4, po, 0, 0);
        int rs = tflw_add_tensor(&g_s, 0, 2, flat, 0, 0);
        int sm = tflw_add_tensor(&g_s, 0, 2, flat, 0, 0);
        tflw_add_op(&g_s, 0, 2, (int32_t[]){ a, b }, s, 11, 1, relu);
        tflw_add_op(&g_s, 18, 2, (int32_t[]){ s, a }, p, 21, 1, none);
        tflw_add_op(&g_s, 14, 1, (int32_t[]){ p }, lg, 0, 0, NULL);
        tflw_add_op(&g_s, 28, 1, (int32_t[]){ lg }, th, 0, 0, NULL);
        tflw_add_op(&g_s, 1, 1, (int32_t[]){ th }, ap, 5, 6, pool);
        tflw_add_op(&g_s, 17, 1, (int32_t[]){ th }, mp, 5, 6, pool);
        tflw_add_op(&g_s, 22, 1, (int32_t[]){ ap }, rs, 0, 0, NULL);
        tflw_add_op(&g_s, 25, 1, (int32_t[]){ rs }, sm, 9, 1, beta);
        tflw_io(&g_s, 2, (int32_t[]){ a, b }, 2, (int32_t[]){ sm, mp });
    }
    bad |= save(dir, "float_ops");

    /* int8 pools + RESHAPE + SOFTMAX */
    tflw_begin(&g_s);
    {
        const int32_t d[4] = { 1, 5, 5, 2 }, po[4] = { 1, 2, 2, 2 }, flat[2] = { 1, 8 };
        int x = tflw_add_tensor(&g_s, 9, 4, d, 0.1f, -5);
        int ap = tflw_add_tensor(&g_s, 9, 4, po, 0.1f, -5);
        int mp = tflw_add_tensor(&g_s, 9, 4, po, 0.1f, -5);
        int rs = tflw_add_tensor(&g_s, 9, 2, flat, 0.1f, -5);
        int sm = tflw_add_tensor(&g_s, 9, 2, flat, 1.0f / 256, -128);
        tflw_add_op(&g_s, 1, 1, (int32_t[]){ x }, ap, 5, 6, pool);
        tflw_add_op(&g_s, 17, 1, (int32_t[]){ x }, mp, 5, 6, pool);
        tflw_add_op(&g_s, 22, 1, (int32_t[]){ ap }, rs, 0, 0, NULL);
        tflw_add_op(&g_s, 25, 1, (int32_t[]){ rs }, sm, 9, 1, beta);
        tflw_io(&g_s, 1, (int32_t[]){ x }, 2, (int32_t[]){ sm, mp });
    }
    bad |= save(dir, "pools_int8");

    printf("make_infer_fuzz_seeds: %d models in %s\n", g_count, dir);
    return bad;
}
