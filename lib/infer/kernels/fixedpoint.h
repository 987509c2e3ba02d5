/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gemmlowp-style fixed-point helpers (int32 raw values, Qm.n with m integer
 * bits), as used by TFLM's SOFTMAX, LOGISTIC and TANH int8 kernels.
 * Written from the arithmetic description in docs/kernels.md 1.8. Additions wrap
 * (gemmlowp's int32 "+" wraps in practice), done in uint32 to avoid UB.
 */
#ifndef CAI_INFER_KERNELS_FIXEDPOINT_H
#define CAI_INFER_KERNELS_FIXEDPOINT_H

#include <stdint.h>

#include "kernels_internal.h"

static inline int32_t fp_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t fp_sub(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a - (uint32_t)b);
}

/* Full SaturatingRoundingDoublingHighMul (either operand may be negative). */
static inline int32_t fp_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    return k_srdhm_pos(a, b); /* the one-add formula holds for any sign */
}

/* SaturatingRoundingMultiplyByPOT with a positive exponent: x * 2^k,
 * saturating when |x| > 2^(31-k) - 1. */
static inline int32_t fp_sat_shl(int32_t x, int k)
{
    const int32_t threshold = (int32_t)(((uint32_t)1 << (31 - k)) - 1u);
    if (x > threshold) {
        return INT32_MAX;
    }
    if (x < -threshold) {
        return INT32_MIN;
    }
    return (int32_t)((uint32_t)x << k);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out. */
static inline int32_t fp_exp_quarter(int32_t a)
{
    const int32_t c_e = 1895147668;       /* exp(-1/8) */
    const int32_t c_third = 715827883;    /* 1/3 */
    const int32_t x = fp_add(a, 1 << 28); /* + 1/8 */
    const int32_t x2 = fp_mul(x, x);
    const int32_t x3 = fp_mul(x2, x);
    const int32_t x4 = fp_mul(x2, x2);
    const int32_t x4_4 = k_rdbpot(x4, 2);
    const int32_t t = k_rdbpot(fp_add(fp_mul(fp_add(x4_4, x3), c_third), x2), 1);
    return fp_add(c_e, fp_mul(c_e, fp_add(x, t)));
}

/* exp(a) for a <= 0 given with `ib` integer bits (Q(ib).(31-ib)); Q0.31 out. */
static inline int32_t fp_exp_on_negative_values(int32_t a, int ib)
{
    static const int32_t mult[7] = { 1672461947, 1302514674, 790015084, 290630308,
                                     39332535,   720401,     242 };
    const int fb = 31 - ib;
    const int32_t quarter = (int32_t)1 << (fb - 2);
    const int32_t a_mod = fp_sub(a & (quarter - 1), quarter);
    int32_t result = fp_exp_quarter(fp_sat_shl(a_mod, ib));
    const int32_t rem = fp_sub(a_mod, a);
    for (int e = -2; e <= 4; ++e) {
        if (ib > e && (rem & (int32_t)((uint32_t)1 << (fb + e))) != 0) {
            result = fp_mul(result, mult[e + 2]);
        }
    }
    if (ib > 5) {
        const int32_t clamp = -(int32_t)((uint32_t)1 << (36 - ib)); /* -32.0 */
        if (a < clamp) {
            result = 0;
        }
    }
    if (a == 0) {
        result = INT32_MAX;
    }
    return result;
}

/* 1 / (1 + a) for a in [0, 1), Q0.31 in and out (Newton-Raphson). */
static inline int32_t fp_one_over_one_plus_x(int32_t a)
{
    const int64_t sum = (int64_t)a + INT32_MAX;
    const int32_t half_den = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = fp_add(1515870810, fp_mul(half_den, -1010580540)); /* Q2.29 */
    for (int i = 0; i < 3; ++i) {
        const int32_t hx = fp_mul(half_den, x);
        const int32_t one_minus = fp_sub(1 << 29, hx);
        x = fp_add(x, fp_sat_shl(fp_mul(x, one_minus), 2));
    }
    return fp_sat_shl(x, 1);
}

static inline int k_clz32(uint32_t x)
{
    int n = 0;
    if (x == 0) {
        return 32;
    }
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        ++n;
    }
    return n;
}

#endif /* CAI_INFER_KERNELS_FIXEDPOINT_H */
