/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QUANTIZE (float -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float),
 * docs/kernels.md 1.9, plus the RESHAPE copy helper.
 */
#include "kernels.h"
#include "kernels_internal.h"

#include <math.h>
#include <string.h>

/* AffineQuantize: float32 division, round half away from zero, clamp.
 * The float value is clamped before the conversion so that huge inputs or
 * NaN cannot invoke an undefined float -> int conversion (NaN gives zp). */
void cai_k_quantize_f32_s8(const cai_k_quantize_f32_params_t *p, const float *in, int8_t *out)
{
    for (int32_t i = 0; i < p->count; ++i) {
        float r = roundf(in[i] / p->scale);
        int32_t q;
        if (r >= 1000.0f) {
            q = 1000;
        } else if (r <= -1000.0f) {
            q = -1000;
        } else if (r == r) {
            q = (int32_t)r;
        } else {
            q = 0;
        }
        out[i] = (int8_t)k_clamp(q + p->zp, INT8_MIN, INT8_MAX);
    }
}

cai_k_err_t cai_k_requantize_s8_prepare(cai_k_requantize_params_t *p, float in_scale,
                                        float out_scale)
{
    if (p->count < 0 || !(in_scale > 0.0f) || !(out_scale > 0.0f) || p->in_zp < INT8_MIN ||
        p->in_zp > INT8_MAX || p->out_zp < INT8_MIN || p->out_zp > INT8_MAX) {
        return CAI_K_ERR_INVALID;
    }
    const double real = (double)in_scale / (double)out_scale;
    int32_t mult = 0;
    int shift = 0;
    cai_quantize_multiplier(real, &mult, &shift);
    if (shift > 30 || shift < -31) {
        return CAI_K_ERR_INVALID;
    }
    p->mult = mult;
    p->shift = shift;
    return CAI_K_OK;
}

void cai_k_requantize_s8(const cai_k_requantize_params_t *p, const int8_t *in, int8_t *out)
{
    for (int32_t i = 0; i < p->count; ++i) {
        out[i] = k_requant_s8(in[i] - p->in_zp, p->mult, p->shift, p->out_zp, INT8_MIN, INT8_MAX);
    }
}

void cai_k_dequantize_s8_f32(const cai_k_dequantize_params_t *p, const int8_t *in, float *out)
{
    for (int32_t i = 0; i < p->count; ++i) {
        out[i] = (float)(p->scale * (double)(in[i] - p->zp));
    }
}

void cai_k_copy(const void *in, void *out, size_t bytes)
{
    if (in != out && bytes > 0) {
        memmove(out, in, bytes);
    }
}
