/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Element-wise activations: RELU / RELU6 int8 (TFLM's standalone ops),
 * LOGISTIC and TANH int8 (TFLM reference_integer_ops: gemmlowp fixed point
 * on a Q4.27 input) and their float32 versions, and the float clamp.
 */
#include "fixedpoint.h"
#include "kernels.h"
#include "kernels_internal.h"

#include <math.h>

cai_k_err_t cai_k_relu_s8_prepare(cai_k_relu_s8_params_t *p, int activation, float in_scale,
                                  int32_t in_zp, float out_scale, int32_t out_zp)
{
    if (!(in_scale > 0.0f) || !(out_scale > 0.0f) || !isfinite(in_scale) || in_zp < INT8_MIN ||
        in_zp > INT8_MAX || out_zp < INT8_MIN || out_zp > INT8_MAX || p->count < 0) {
        return CAI_K_ERR_INVALID;
    }
    p->in_zp = in_zp;
    p->out_zp = out_zp;
    if (activation == CAI_K_ACT_RELU) {
        /* CalculateReluOpData: requantize in -> out, clamp at Q_out(0). */
        int s = 0;
        cai_quantize_multiplier((double)in_scale / (double)out_scale, &p->mult, &s);
        if (s > 30 || s < -31) {
            return CAI_K_ERR_UNSUPPORTED;
        }
        p->shift = s;
        p->requantize = 1;
        const float z = roundf(0.0f / out_scale);
        p->act_min = out_zp + (int32_t)z > INT8_MIN ? out_zp + (int32_t)z : INT8_MIN;
        p->act_max = INT8_MAX;
        return CAI_K_OK;
    }
    if (activation == CAI_K_ACT_RELU6) {
        /* Relu6Prepare: clamp to [in_zp, FloatToQuantizedType(6, in_scale, in_zp)]
     * in the input's quantization (that helper clamps to the int8 range). */
        const float six = roundf(6.0f / in_scale);
        const int32_t q6 =
            six >= 1000.0f ? INT8_MAX : k_clamp(in_zp + (int32_t)six, INT8_MIN, INT8_MAX);
        p->requantize = 0;
        p->mult = 0;
        p->shift = 0;
        p->act_min = in_zp;
        p->act_max = q6;
        return CAI_K_OK;
    }
    return CAI_K_ERR_UNSUPPORTED;
}

void cai_k_relu_s8(const cai_k_relu_s8_params_t *p, const int8_t *in, int8_t *out)
{
    if (p->requantize) {
        for (int32_t i = 0; i < p->count; ++i) {
            out[i] = k_requant_s8(in[i] - p->in_zp, p->mult, p->shift, p->out_zp, p->act_min,
                                  p->act_max);
        }
    } else {
        for (int32_t i = 0; i < p->count; ++i) {
            out[i] = (int8_t)k_clamp(in[i], p->act_min, p->act_max);
        }
    }
}

enum {
    SIGMOID_INPUT_INT_BITS = 4
};

/* The shared prepare of LOGISTIC and TANH int8: input multiplier of
 * in_scale * 2^27 from a bare frexp (no 2^31 fix-up in TFLM here) and the
 * input radius beyond which the output saturates. */
static cai_k_err_t sigmoid_prepare(cai_k_sigmoid_s8_params_t *p, float in_scale, int32_t in_zp)
{
    if (!(in_scale > 0.0f) || !isfinite(in_scale) || in_zp < INT8_MIN || in_zp > INT8_MAX ||
        p->count < 0) {
        return CAI_K_ERR_INVALID;
    }
    const double real = (double)in_scale * (double)(1 << (31 - SIGMOID_INPUT_INT_BITS));
    int ls = 0;
    const double q = frexp(real, &ls);
    const double m = round(q * 2147483648.0);
    if (m >= 2147483648.0 || ls < -31) {
        return CAI_K_ERR_UNSUPPORTED; /* TFLM would overflow its int32 conversion here */
    }
    p->in_zp = in_zp;
    p->input_mult = (int32_t)m;
    p->input_left_shift = ls;
    /* CalculateInputRadius(4, ls, 31) = floor(15 * 2^27 / 2^ls); inputs are
   * int8 differences (|x| <= 255), so cap it where it no longer matters. */
    const double radius = floor(ldexp(15.0, 27 - ls));
    p->input_range_radius = radius > 1024.0 ? 1024 : (int32_t)radius;
    return CAI_K_OK;
}

cai_k_err_t cai_k_logistic_s8_prepare(cai_k_sigmoid_s8_params_t *p, float in_scale, int32_t in_zp,
                                      float out_scale, int32_t out_zp)
{
    (void)out_scale; /* TFLM assumes 1/256 and only checks the zero point */
    if (out_zp != INT8_MIN) {
        return CAI_K_ERR_UNSUPPORTED;
    }
    return sigmoid_prepare(p, in_scale, in_zp);
}

cai_k_err_t cai_k_tanh_s8_prepare(cai_k_sigmoid_s8_params_t *p, float in_scale, int32_t in_zp,
                                  float out_scale, int32_t out_zp)
{
    (void)out_scale; /* TFLM assumes scale 1/128, zp 0, and checks neither */
    (void)out_zp;
    return sigmoid_prepare(p, in_scale, in_zp);
}

/* The Q4.27 input of element x, only called inside the radius, where
 * |x - zp| << left_shift cannot overflow. */
static int32_t sigmoid_input(const cai_k_sigmoid_s8_params_t *p, int32_t d)
{
    return k_mbqm(d, p->input_mult, p->input_left_shift);
}

/* gemmlowp logistic(a), a in Q4.27, result Q0.31. */
static int32_t fp_logistic_q4(int32_t a)
{
    const int32_t abs_a = a > 0 ? a : fp_sub(0, a);
    const int32_t pos =
        fp_one_over_one_plus_x(fp_exp_on_negative_values(fp_sub(0, abs_a), SIGMOID_INPUT_INT_BITS));
    if (a == 0) {
        return 1 << 30;
    }
    return a > 0 ? pos : fp_sub(INT32_MAX, pos);
}

/* gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1, Q0.31. */
static int32_t fp_one_minus_x_over_one_plus_x(int32_t a)
{
    const int64_t sum = (int64_t)a + INT32_MAX;
    const int32_t half_den = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = fp_add(1515870810, fp_mul(half_den, -1010580540));
    for (int i = 0; i < 3; ++i) {
        const int32_t hx = fp_mul(half_den, x);
        const int32_t one_minus = fp_sub(1 << 29, hx);
        x = fp_add(x, fp_sat_shl(fp_mul(x, one_minus), 2));
    }
    return fp_sat_shl(fp_sub(x, 1 << 29), 2);
}

/* gemmlowp tanh(a), a in Q4.27, result Q0.31. */
static int32_t fp_tanh_q4(int32_t a)
{
    const int32_t n = a < 0 ? a : fp_sub(0, a); /* -|a| */
    /* ExactMulByPot<1>: the same raw value read with 5 integer bits = 2n */
    const int32_t t =
        fp_one_minus_x_over_one_plus_x(fp_exp_on_negative_values(n, SIGMOID_INPUT_INT_BITS + 1));
    if (a == 0) {
        return 0;
    }
    return a < 0 ? fp_sub(0, t) : t;
}

void cai_k_logistic_s8(const cai_k_sigmoid_s8_params_t *p, const int8_t *in, int8_t *out)
{
    for (int32_t i = 0; i < p->count; ++i) {
        const int32_t d = in[i] - p->in_zp;
        if (d <= -p->input_range_radius) {
            out[i] = INT8_MIN;
        } else if (d >= p->input_range_radius) {
            out[i] = INT8_MAX;
        } else {
            const int32_t q0 = fp_logistic_q4(sigmoid_input(p, d));
            out[i] = (int8_t)k_clamp(k_rdbpot(q0, 31 - 8) - 128, INT8_MIN, INT8_MAX);
        }
    }
}

void cai_k_tanh_s8(const cai_k_sigmoid_s8_params_t *p, const int8_t *in, int8_t *out)
{
    for (int32_t i = 0; i < p->count; ++i) {
        const int32_t d = in[i] - p->in_zp;
        if (d <= -p->input_range_radius) {
            out[i] = INT8_MIN;
        } else if (d >= p->input_range_radius) {
            out[i] = INT8_MAX;
        } else {
            const int32_t q0 = fp_tanh_q4(sigmoid_input(p, d));
            out[i] = (int8_t)k_clamp(k_rdbpot(q0, 31 - 7), INT8_MIN, INT8_MAX);
        }
    }
}

/* reference_ops::Logistic (float): cut-offs, then 1 / (1 + exp(-x)). */
void cai_k_logistic_f32(int32_t count, const float *in, float *out)
{
    const float cutoff_upper = 16.619047164916992188f;
    const float cutoff_lower = -9.0f;
    for (int32_t i = 0; i < count; ++i) {
        const float v = in[i];
        if (v > cutoff_upper) {
            out[i] = 1.0f;
        } else if (v < cutoff_lower) {
            out[i] = expf(v);
        } else {
            out[i] = 1.0f / (1.0f + expf(-v));
        }
    }
}

void cai_k_tanh_f32(int32_t count, const float *in, float *out)
{
    for (int32_t i = 0; i < count; ++i) {
        out[i] = tanhf(in[i]);
    }
}

void cai_k_clamp_f32(int32_t count, float lo, float hi, const float *in, float *out)
{
    for (int32_t i = 0; i < count; ++i) {
        float v = in[i];
        v = v < lo ? lo : v;
        out[i] = v > hi ? hi : v;
    }
}
