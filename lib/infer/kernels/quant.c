/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Quantization arithmetic shared by all int8 kernels: multiplier/shift
 * derivation, the gemmlowp fixed-point primitives, activation ranges and
 * convolution output geometry. Bit-exact with TFLM (docs/kernels.md section 1).
 */
#include "kernels.h"
#include "kernels_internal.h"

#include <float.h>
#include <math.h>

void cai_quantize_multiplier(double real, int32_t *mult, int *shift)
{
    if (real == 0.0) {
        *mult = 0;
        *shift = 0;
        return;
    }
    int exp = 0;
    const double q = frexp(real, &exp); /* real = q * 2^exp, |q| in [0.5, 1) */
    int64_t q_fixed = (int64_t)round(q * 2147483648.0);
    if (q_fixed == ((int64_t)1 << 31)) { /* q rounded up to 1.0 */
        q_fixed /= 2;
        ++exp;
    }
    if (exp < -31) { /* too small to represent: flush to zero */
        exp = 0;
        q_fixed = 0;
    }
    *mult = (int32_t)q_fixed;
    *shift = exp;
}

int32_t cai_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

int32_t cai_rdbpot(int32_t x, int exponent)
{
    return k_rdbpot(x, exponent);
}

int32_t cai_mul_by_quantized_multiplier(int32_t x, int32_t mult, int shift)
{
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    return cai_rdbpot(cai_srdhm((int32_t)((uint32_t)x << left), mult), right);
}

/* zp + round_half_away(f / scale), in float32 like TFLM; fails instead of
 * invoking an undefined float->int conversion for absurd scales. */
static cai_k_err_t quantize_float(float f, float scale, int32_t zp, int32_t *q)
{
    const float r = roundf(f / scale);
    if (!(r > -1e9f && r < 1e9f)) {
        return CAI_K_ERR_INVALID;
    }
    *q = zp + (int32_t)r;
    return CAI_K_OK;
}

static bool scale_ok(float s)
{
    return s > 0.0f && s <= FLT_MAX;
}

cai_k_err_t cai_k_act_range_s8(int activation, float out_scale, int32_t out_zp, int32_t *act_min,
                               int32_t *act_max)
{
    int32_t lo = INT8_MIN, hi = INT8_MAX, q = 0;
    if (!scale_ok(out_scale) || out_zp < INT8_MIN || out_zp > INT8_MAX) {
        return CAI_K_ERR_INVALID;
    }
    switch (activation) {
    case CAI_K_ACT_NONE:
        break;
    case CAI_K_ACT_RELU:
    case CAI_K_ACT_RELU6:
    case CAI_K_ACT_RELU_N1_TO_1:
        if (quantize_float(activation == CAI_K_ACT_RELU_N1_TO_1 ? -1.0f : 0.0f, out_scale, out_zp,
                           &q) != CAI_K_OK) {
            return CAI_K_ERR_INVALID;
        }
        lo = q > lo ? q : lo;
        if (activation != CAI_K_ACT_RELU) {
            if (quantize_float(activation == CAI_K_ACT_RELU6 ? 6.0f : 1.0f, out_scale, out_zp,
                               &q) != CAI_K_OK) {
                return CAI_K_ERR_INVALID;
            }
            hi = q < hi ? q : hi;
        }
        break;
    default:
        return CAI_K_ERR_UNSUPPORTED;
    }
    *act_min = lo;
    *act_max = hi;
    return CAI_K_OK;
}

cai_k_err_t cai_k_act_range_f32(int activation, float *act_min, float *act_max)
{
    switch (activation) {
    case CAI_K_ACT_NONE:
        *act_min = -FLT_MAX;
        *act_max = FLT_MAX;
        return CAI_K_OK;
    case CAI_K_ACT_RELU:
        *act_min = 0.0f;
        *act_max = FLT_MAX;
        return CAI_K_OK;
    case CAI_K_ACT_RELU_N1_TO_1:
        *act_min = -1.0f;
        *act_max = 1.0f;
        return CAI_K_OK;
    case CAI_K_ACT_RELU6:
        *act_min = 0.0f;
        *act_max = 6.0f;
        return CAI_K_OK;
    default:
        return CAI_K_ERR_UNSUPPORTED;
    }
}

/* Geometry limit: keeps every index product in the kernels well inside int32. */
#define GEOM_MAX 65536

cai_k_err_t cai_k_conv_out_size(int padding, int32_t in, int32_t filter, int32_t stride,
                                int32_t dilation, int32_t *out, int32_t *pad)
{
    if (in <= 0 || filter <= 0 || stride <= 0 || dilation <= 0 || in > GEOM_MAX ||
        filter > GEOM_MAX || stride > GEOM_MAX || dilation > GEOM_MAX) {
        return CAI_K_ERR_INVALID;
    }
    const int64_t eff = (int64_t)(filter - 1) * dilation + 1;
    int64_t o;
    if (padding == CAI_K_PAD_SAME) {
        o = ((int64_t)in + stride - 1) / stride;
    } else if (padding == CAI_K_PAD_VALID) {
        o = ((int64_t)in + stride - eff) / stride;
    } else {
        return CAI_K_ERR_INVALID;
    }
    if (o <= 0) {
        return CAI_K_ERR_INVALID;
    }
    int64_t total = (o - 1) * stride + eff - in;
    if (total < 0) {
        total = 0;
    }
    if (total / 2 > GEOM_MAX) {
        return CAI_K_ERR_INVALID;
    }
    *out = (int32_t)o;
    *pad = (int32_t)(total / 2);
    return CAI_K_OK;
}

/* Multiplier of one real scale factor for a kernel: rejects values that the
 * hot loops cannot apply (shift beyond [-31, 30]). */
static cai_k_err_t kernel_multiplier(double real, int32_t *mult, int32_t *shift)
{
    int s = 0;
    if (!(real > 0.0) || real >= 1073741824.0) { /* 2^30 */
        return CAI_K_ERR_INVALID;
    }
    cai_quantize_multiplier(real, mult, &s);
    if (s > 30 || s < -31) {
        return CAI_K_ERR_INVALID;
    }
    *shift = s;
    return CAI_K_OK;
}

cai_k_err_t cai_k_channel_multipliers(float in_scale, const float *w_scales, int32_t n_w_scales,
                                      float out_scale, int32_t n_channels, int32_t *mult,
                                      int32_t *shift)
{
    if (!scale_ok(in_scale) || !scale_ok(out_scale) || n_channels <= 0 || w_scales == NULL ||
        (n_w_scales != 1 && n_w_scales != n_channels)) {
        return CAI_K_ERR_INVALID;
    }
    for (int32_t c = 0; c < n_channels; ++c) {
        const float ws = w_scales[n_w_scales == 1 ? 0 : c];
        if (!scale_ok(ws)) {
            return CAI_K_ERR_INVALID;
        }
        const double real = (double)in_scale * (double)ws / (double)out_scale;
        int32_t m_only, s_only; /* mult/shift NULL: check only */
        if (kernel_multiplier(real, mult != NULL ? &mult[c] : &m_only,
                              shift != NULL ? &shift[c] : &s_only) != CAI_K_OK) {
            return CAI_K_ERR_INVALID;
        }
    }
    return CAI_K_OK;
}

const char *cai_k_strerror(cai_k_err_t err)
{
    switch (err) {
    case CAI_K_OK:
        return "ok";
    case CAI_K_ERR_INVALID:
        return "a dimension, stride or scale is out of range";
    case CAI_K_ERR_UNSUPPORTED:
        return "parameters not supported by the kernel";
    case CAI_K_ERR_RANGE:
        return "accumulation depth over the kernel's limit";
    }
    return "unknown kernel status";
}
