/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ADD and MUL, int8 (TFLM reference integer_ops arithmetic) and float32,
 * with NumPy broadcasting over up to 4 dimensions (TFLM's "4DSlow" path).
 *
 * int8 ADD (add_common.cc / integer_ops/add.h): both inputs are moved to a
 * common scale with 20 bits of headroom, added, then rescaled:
 *   a = MBQM((x1 - zp1) << 20, m1, s1),  b = MBQM((x2 - zp2) << 20, m2, s2)
 *   y = clamp(MBQM(a + b, mo, so) + out_zp)
 * with m1 = s1/(2 max(s1,s2)), m2 = s2/(2 max), mo = 2 max / (2^20 out_s).
 * int8 MUL: y = clamp(MBQM((x1 - zp1) * (x2 - zp2), m, s) + out_zp) with
 * m = s1 * s2 / out_s.
 */
#include "kernels.h"
#include "kernels_internal.h"

#include <math.h>

cai_k_err_t cai_k_bcast4_prepare(cai_k_bcast4_t *b, const int32_t *dims1, int rank1,
                                 const int32_t *dims2, int rank2)
{
    int32_t d1[4] = { 1, 1, 1, 1 }, d2[4] = { 1, 1, 1, 1 };
    if (rank1 < 0 || rank1 > 4 || rank2 < 0 || rank2 > 4) {
        return CAI_K_ERR_UNSUPPORTED;
    }
    for (int i = 0; i < rank1; ++i) {
        d1[4 - rank1 + i] = dims1[i];
    }
    for (int i = 0; i < rank2; ++i) {
        d2[4 - rank2 + i] = dims2[i];
    }
    int64_t total = 1;
    for (int i = 0; i < 4; ++i) {
        if (d1[i] <= 0 || d2[i] <= 0) {
            return CAI_K_ERR_INVALID;
        }
        if (d1[i] != d2[i] && d1[i] != 1 && d2[i] != 1) {
            return CAI_K_ERR_INVALID;
        }
        b->out_dims[i] = d1[i] > d2[i] ? d1[i] : d2[i];
        total *= b->out_dims[i];
        if (total > INT32_MAX / 2) {
            return CAI_K_ERR_INVALID;
        }
    }
    int32_t s1 = 1, s2 = 1;
    b->flat = 1;
    for (int i = 3; i >= 0; --i) {
        b->in1_strides[i] = d1[i] == 1 ? 0 : s1;
        b->in2_strides[i] = d2[i] == 1 ? 0 : s2;
        s1 *= d1[i];
        s2 *= d2[i];
        if (d1[i] != d2[i]) {
            b->flat = 0;
        }
    }
    return CAI_K_OK;
}

int32_t cai_k_bcast4_count(const cai_k_bcast4_t *b)
{
    return b->out_dims[0] * b->out_dims[1] * b->out_dims[2] * b->out_dims[3];
}

/* Visits every output element in order with the two input indices. The
 * callback style would cost a call per element; instead each op below
 * expands this loop nest around its inline element function. */
#define BCAST4_LOOP(b, BODY)                                                     \
    do {                                                                         \
        size_t o_ = 0;                                                           \
        for (int32_t i0 = 0; i0 < (b)->out_dims[0]; ++i0)                        \
            for (int32_t i1 = 0; i1 < (b)->out_dims[1]; ++i1)                    \
                for (int32_t i2 = 0; i2 < (b)->out_dims[2]; ++i2) {              \
                    size_t a_ = (size_t)i0 * (b)->in1_strides[0] +               \
                                (size_t)i1 * (b)->in1_strides[1] +               \
                                (size_t)i2 * (b)->in1_strides[2];                \
                    size_t c_ = (size_t)i0 * (b)->in2_strides[0] +               \
                                (size_t)i1 * (b)->in2_strides[1] +               \
                                (size_t)i2 * (b)->in2_strides[2];                \
                    for (int32_t i3 = 0; i3 < (b)->out_dims[3]; ++i3, ++o_) {    \
                        const size_t ia = a_ + (size_t)i3 * (b)->in1_strides[3]; \
                        const size_t ib = c_ + (size_t)i3 * (b)->in2_strides[3]; \
                        BODY;                                                    \
                    }                                                            \
                }                                                                \
    } while (0)

static cai_k_err_t smaller_than_one(double real, int32_t *mult, int32_t *shift)
{
    int s = 0;
    if (!(real > 0.0) || !(real < 1.0)) {
        return CAI_K_ERR_UNSUPPORTED; /* QuantizeMultiplierSmallerThanOneExp's checks */
    }
    cai_quantize_multiplier(real, mult, &s);
    if (s > 0 || s < -31) {
        return CAI_K_ERR_UNSUPPORTED;
    }
    *shift = s;
    return CAI_K_OK;
}

static bool zp_ok(int32_t zp)
{
    return zp >= INT8_MIN && zp <= INT8_MAX;
}

cai_k_err_t cai_k_add_s8_prepare(cai_k_add_s8_params_t *p, float in1_scale, int32_t in1_zp,
                                 float in2_scale, int32_t in2_zp, float out_scale, int32_t out_zp,
                                 int activation)
{
    if (!(in1_scale > 0.0f) || !(in2_scale > 0.0f) || !(out_scale > 0.0f) || !isfinite(in1_scale) ||
        !isfinite(in2_scale) || !zp_ok(in1_zp) || !zp_ok(in2_zp)) {
        return CAI_K_ERR_INVALID;
    }
    p->in1_offset = -in1_zp;
    p->in2_offset = -in2_zp;
    p->out_zp = out_zp;
    p->left_shift = 20;
    const double twice_max = 2.0 * (double)(in1_scale > in2_scale ? in1_scale : in2_scale);
    int rc = smaller_than_one((double)in1_scale / twice_max, &p->in1_mult, &p->in1_shift);
    if (rc == CAI_K_OK) {
        rc = smaller_than_one((double)in2_scale / twice_max, &p->in2_mult, &p->in2_shift);
    }
    if (rc == CAI_K_OK) {
        rc = smaller_than_one(twice_max / ((double)(1 << 20) * (double)out_scale), &p->out_mult,
                              &p->out_shift);
    }
    if (rc != CAI_K_OK) {
        return rc;
    }
    return cai_k_act_range_s8(activation, out_scale, out_zp, &p->act_min, &p->act_max);
}

static inline int8_t add_s8(const cai_k_add_s8_params_t *p, int32_t x1, int32_t x2)
{
    const int32_t a =
        k_mbqm((x1 + p->in1_offset) * (1 << p->left_shift), p->in1_mult, p->in1_shift);
    const int32_t b =
        k_mbqm((x2 + p->in2_offset) * (1 << p->left_shift), p->in2_mult, p->in2_shift);
    const int32_t y = k_mbqm(a + b, p->out_mult, p->out_shift) + p->out_zp;
    return (int8_t)k_clamp(y, p->act_min, p->act_max);
}

void cai_k_add_s8(const cai_k_add_s8_params_t *p, const int8_t *in1, const int8_t *in2, int8_t *out)
{
    if (p->bc.flat) {
        const int32_t n = cai_k_bcast4_count(&p->bc);
        for (int32_t i = 0; i < n; ++i) {
            out[i] = add_s8(p, in1[i], in2[i]);
        }
        return;
    }
    BCAST4_LOOP(&p->bc, out[o_] = add_s8(p, in1[ia], in2[ib]));
}

cai_k_err_t cai_k_mul_s8_prepare(cai_k_mul_s8_params_t *p, float in1_scale, int32_t in1_zp,
                                 float in2_scale, int32_t in2_zp, float out_scale, int32_t out_zp,
                                 int activation)
{
    if (!(in1_scale > 0.0f) || !(in2_scale > 0.0f) || !(out_scale > 0.0f) || !isfinite(in1_scale) ||
        !isfinite(in2_scale) || !zp_ok(in1_zp) || !zp_ok(in2_zp)) {
        return CAI_K_ERR_INVALID;
    }
    p->in1_offset = -in1_zp;
    p->in2_offset = -in2_zp;
    p->out_zp = out_zp;
    const double real = (double)in1_scale * (double)in2_scale / (double)out_scale;
    int s = 0;
    cai_quantize_multiplier(real, &p->out_mult, &s);
    if (s > 30 || s < -31) {
        return CAI_K_ERR_UNSUPPORTED;
    }
    p->out_shift = s;
    return cai_k_act_range_s8(activation, out_scale, out_zp, &p->act_min, &p->act_max);
}

static inline int8_t mul_s8(const cai_k_mul_s8_params_t *p, int32_t x1, int32_t x2)
{
    const int32_t prod = (x1 + p->in1_offset) * (x2 + p->in2_offset);
    const int32_t y = k_mbqm(prod, p->out_mult, p->out_shift) + p->out_zp;
    return (int8_t)k_clamp(y, p->act_min, p->act_max);
}

void cai_k_mul_s8(const cai_k_mul_s8_params_t *p, const int8_t *in1, const int8_t *in2, int8_t *out)
{
    if (p->bc.flat) {
        const int32_t n = cai_k_bcast4_count(&p->bc);
        for (int32_t i = 0; i < n; ++i) {
            out[i] = mul_s8(p, in1[i], in2[i]);
        }
        return;
    }
    BCAST4_LOOP(&p->bc, out[o_] = mul_s8(p, in1[ia], in2[ib]));
}

static inline float clampf(float v, float lo, float hi)
{
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
}

void cai_k_add_f32(const cai_k_binary_f32_params_t *p, const float *in1, const float *in2,
                   float *out)
{
    BCAST4_LOOP(&p->bc, out[o_] = clampf(in1[ia] + in2[ib], p->act_min, p->act_max));
}

void cai_k_mul_f32(const cai_k_binary_f32_params_t *p, const float *in1, const float *in2,
                   float *out)
{
    BCAST4_LOOP(&p->bc, out[o_] = clampf(in1[ia] * in2[ib], p->act_min, p->act_max));
}
