/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SOFTMAX int8 -> int8 (TFLM reference, docs/kernels.md 1.8), and float32.
 *
 * The exponentials are gemmlowp fixed point (fixedpoint.h). Depth is small
 * in the models (2 to 4 classes), so exp is recomputed in the second pass
 * rather than stored, as the reference does: no scratch needed.
 */
#include "fixedpoint.h"
#include "kernels.h"
#include "kernels_internal.h"

#include <math.h>

enum {
    SCALED_DIFF_INT_BITS = 5,
    ACCUM_INT_BITS = 12
};

cai_k_err_t cai_k_softmax_s8_prepare(cai_k_softmax_s8_params_t *p, float beta, float in_scale,
                                     float out_scale, int32_t out_zp)
{
    if (!k_elems_ok(p->rows, p->depth, 1, 1) || !(in_scale > 0.0f) || !(beta > 0.0f) ||
        !(in_scale < 1e30f) || !(beta < 1e30f)) {
        return CAI_K_ERR_INVALID;
    }
    if (out_zp != -128 || out_scale != 1.0f / 256.0f) {
        return CAI_K_ERR_UNSUPPORTED; /* TFLM's int8 softmax only produces this quantization */
    }
    double real = (double)beta * (double)in_scale * (double)(1 << (31 - SCALED_DIFF_INT_BITS));
    if (real > 2147483647.0) {
        real = 2147483647.0;
    }
    if (!(real > 1.0)) {
        return CAI_K_ERR_UNSUPPORTED; /* QuantizeMultiplierGreaterThanOne requires > 1 */
    }
    int32_t mult = 0;
    int shift = 0;
    cai_quantize_multiplier(real, &mult, &shift);
    if (shift < 0 || shift > 30) {
        return CAI_K_ERR_UNSUPPORTED;
    }
    p->input_mult = mult;
    p->input_left_shift = shift;
    /* CalculateInputRadius(5, shift): floor((2^5 - 1) * 2^26 / 2^shift). */
    const double radius =
        31.0 * (double)(1 << (31 - SCALED_DIFF_INT_BITS)) / (double)((int64_t)1 << shift);
    p->diff_min = -(int32_t)floor(radius);
    return CAI_K_OK;
}

/* exp(beta * in_scale * diff) in Q0.31 for diff <= 0. */
static int32_t scaled_exp(const cai_k_softmax_s8_params_t *p, int32_t diff)
{
    /* MultiplyByQuantizedMultiplierGreaterThanOne: Q5.26 result. */
    const int32_t scaled = fp_mul((int32_t)((uint32_t)diff << p->input_left_shift), p->input_mult);
    return fp_exp_on_negative_values(scaled, SCALED_DIFF_INT_BITS);
}

void cai_k_softmax_s8(const cai_k_softmax_s8_params_t *p, const int8_t *in, int8_t *out)
{
    const int32_t depth = p->depth;
    for (int32_t r = 0; r < p->rows; ++r) {
        const int8_t *x = in + (size_t)r * depth;
        int8_t *y = out + (size_t)r * depth;
        int32_t max = INT8_MIN;
        for (int32_t c = 0; c < depth; ++c) {
            max = x[c] > max ? x[c] : max;
        }
        int32_t sum = 0; /* Q12.19 */
        for (int32_t c = 0; c < depth; ++c) {
            const int32_t diff = x[c] - max;
            if (diff >= p->diff_min) {
                sum = fp_add(sum, k_rdbpot(scaled_exp(p, diff), ACCUM_INT_BITS));
            }
        }
        /* GetReciprocal: 1 / sum as a Q0.31 mantissa and a power of two. */
        const int headroom = k_clz32((uint32_t)sum);
        const int bits_over_unit = ACCUM_INT_BITS - headroom;
        const int32_t shifted_minus_one =
            (int32_t)(((uint32_t)sum << headroom) - ((uint32_t)1 << 31));
        const int32_t inv = fp_one_over_one_plus_x(shifted_minus_one);
        /* TFLM aborts (TFLITE_CHECK) when this leaves [0, 31], which needs a
     * sum of exps above 2^27 (hundreds of near-maximal classes); we cap it
     * to stay defined instead. bits_over_unit >= 0 since sum >= 2^19. */
        int exponent = bits_over_unit + 31 - 8;
        exponent = exponent > 31 ? 31 : exponent;
        for (int32_t c = 0; c < depth; ++c) {
            const int32_t diff = x[c] - max;
            if (diff >= p->diff_min) {
                const int32_t v = k_rdbpot(fp_mul(inv, scaled_exp(p, diff)), exponent) - 128;
                y[c] = (int8_t)k_clamp(v, INT8_MIN, INT8_MAX);
            } else {
                y[c] = INT8_MIN;
            }
        }
    }
}

void cai_k_softmax_f32(const cai_k_softmax_f32_params_t *p, const float *in, float *out)
{
    const int32_t depth = p->depth;
    for (int32_t r = 0; r < p->rows; ++r) {
        const float *x = in + (size_t)r * depth;
        float *y = out + (size_t)r * depth;
        float max = -3.40282347e38f;
        for (int32_t c = 0; c < depth; ++c) {
            max = x[c] > max ? x[c] : max;
        }
        float sum = 0.0f;
        for (int32_t c = 0; c < depth; ++c) {
            const float e = expf((x[c] - max) * p->beta);
            y[c] = e;
            sum += e;
        }
        for (int32_t c = 0; c < depth; ++c) {
            y[c] = y[c] / sum;
        }
    }
}
