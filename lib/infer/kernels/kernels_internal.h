/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inline helpers shared by the kernel files (not part of the API).
 *
 * These are the hot-path forms of the fixed-point primitives of quant.c.
 * They assume what prepare guarantees: multipliers are >= 0 and shifts are
 * in [-31, 30]. Signed right shifts of negative values are arithmetic on
 * every compiler we target (gcc, clang, armclang); the kernels rely on it.
 */
#ifndef CAI_INFER_KERNELS_INTERNAL_H
#define CAI_INFER_KERNELS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels.h"

/* Shared by CONV_2D and DEPTHWISE_CONV_2D prepare (conv.c): geometry,
 * multipliers and activation range. */
cai_k_err_t cai_k_conv_common_prepare(cai_k_conv_s8_params_t *p, int padding, float in_scale,
                                      const float *w_scales, int32_t n_w_scales, float out_scale,
                                      int activation, int32_t *mult, int32_t *shift);

/* The im2col + dot-product engine of CONV_2D (conv.c), also used by
 * DEPTHWISE_CONV_2D with a single input channel. filter rows are
 * [out_c][filter_h * filter_w * in_c]. */
size_t k_conv_core_scratch_size(const cai_k_conv_s8_params_t *p);
void k_conv_core(const cai_k_conv_s8_params_t *p, const int8_t *in, const int8_t *filter,
                 const int32_t *bias, int8_t *out, void *scratch);

/* a + b with int32 wrap-around, without signed-overflow UB. */
static inline int32_t k_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

/* SaturatingRoundingDoublingHighMul for b >= 0 (never both INT32_MIN).
 * TFLM computes trunc((ab + nudge) / 2^31) with nudge = +2^30 for ab >= 0
 * and 1 - 2^30 otherwise. For ab < 0 the truncating division equals
 * floor((ab + 1 - 2^30 + 2^31 - 1) / 2^31) = floor((ab + 2^30) / 2^31), the
 * same expression as for ab >= 0, so one add and one arithmetic shift do. */
static inline int32_t k_srdhm_pos(int32_t a, int32_t b)
{
    int64_t ab = (int64_t)a * (int64_t)b;
    return (int32_t)((ab + ((int64_t)1 << 30)) >> 31);
}

/* RoundingDivideByPOT, branch-free: rounds half away from zero. */
static inline int32_t k_rdbpot(int32_t x, int e)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << e) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0);
    return (x >> e) + (remainder > threshold);
}

/* MultiplyByQuantizedMultiplier (double rounding). A positive shift is a
 * left shift of x first; like TFLM it wraps on overflow (done unsigned here
 * to stay defined). */
static inline int32_t k_mbqm(int32_t x, int32_t mult, int32_t shift)
{
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    const int32_t xs = (int32_t)((uint32_t)x << left);
    return k_rdbpot(k_srdhm_pos(xs, mult), right);
}

static inline int32_t k_clamp(int32_t v, int32_t lo, int32_t hi)
{
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
}

/* Requantize one int32 accumulator to int8 (mult/shift of one channel). */
static inline int8_t k_requant_s8(int32_t acc, int32_t mult, int32_t shift, int32_t out_zp,
                                  int32_t act_min, int32_t act_max)
{
    return (int8_t)k_clamp(k_mbqm(acc, mult, shift) + out_zp, act_min, act_max);
}

/* Per-channel requantization parameters in the form the hot loops want,
 * derived once per run from TFLM's (multiplier, shift), with left = max(shift,
 * 0) and r = max(-shift, 0). TFLM computes
 *   hi  = SRDHM(x << left, M)  = floor((x M + 2^30) / 2^31)   (see k_srdhm_pos)
 *   out = RDBPOT(hi, r)        = floor((hi + 2^(r-1) - [hi < 0]) / 2^r)  (r > 0)
 * Nested floors merge (floor((floor(u / a) + k) / b) = floor((u + k a) / (a b))),
 * and hi < 0 exactly when u = x M + 2^30 < 0, so with one 64-bit value:
 *   out = (u + rp31 - (u < 0 ? corr : 0)) >> (31 + r)
 * where rp31 = 2^(r-1) * 2^31 and corr = 2^31 for r > 0, both 0 for r = 0.
 * That is one multiply, one sign mask and one shift per output. */
typedef struct {
    int64_t mult;
    int64_t rp31;
    int64_t corr;
    int32_t shift31; /* 31 + r */
    int32_t left;
} k_rq_t;

static inline void k_rq_init(k_rq_t *q, int32_t mult, int32_t shift)
{
    const int32_t right = shift > 0 ? 0 : -shift;
    q->mult = mult;
    q->left = shift > 0 ? shift : 0;
    q->shift31 = 31 + right;
    q->rp31 = right > 0 ? (int64_t)1 << (right - 1 + 31) : 0;
    q->corr = right > 0 ? (int64_t)1 << 31 : 0;
}

/* Fills the table; returns 1 if some channel needs a left shift (a
 * multiplier above 1, rare), so callers can pick the loop without it. */
static inline int k_rq_table(k_rq_t *t, const int32_t *mult, const int32_t *shift, int32_t n)
{
    int any_left = 0;
    for (int32_t c = 0; c < n; ++c) {
        k_rq_init(&t[c], mult[c], shift[c]);
        any_left |= t[c].left != 0;
    }
    return any_left;
}

static inline int32_t k_rq_apply(int32_t acc, const k_rq_t *q)
{
    const int64_t x = (int32_t)((uint32_t)acc << q->left);
    const int64_t u = x * q->mult + ((int64_t)1 << 30);
    return (int32_t)((u + q->rp31 - ((u >> 63) & q->corr)) >> q->shift31);
}

static inline int8_t k_rq_s8(int32_t acc, const k_rq_t *q, int32_t zp, int32_t lo, int32_t hi)
{
    return (int8_t)k_clamp(k_rq_apply(acc, q) + zp, lo, hi);
}

/* k_rq_s8 for a channel known to have no left shift. */
static inline int8_t k_rq_s8_nl(int32_t acc, const k_rq_t *q, int32_t zp, int32_t lo, int32_t hi)
{
    const int64_t u = (int64_t)acc * q->mult + ((int64_t)1 << 30);
    const int32_t v = (int32_t)((u + q->rp31 - ((u >> 63) & q->corr)) >> q->shift31);
    return (int8_t)k_clamp(v + zp, lo, hi);
}

/* Requantizes a row of n accumulators (+ bias, may be NULL) with one table
 * entry per element. The variant without left shifts is what runs for
 * almost every layer; `any_left` selects the general one. */
static inline void k_rq_row(const int32_t *restrict acc, const int32_t *restrict bias,
                            const k_rq_t *restrict q, int any_left, int8_t *restrict y, int32_t n,
                            int32_t zp, int32_t lo, int32_t hi)
{
    if (any_left) {
        for (int32_t c = 0; c < n; ++c) {
            y[c] = k_rq_s8(k_wrap_add(acc[c], bias != NULL ? bias[c] : 0), &q[c], zp, lo, hi);
        }
        return;
    }
    if (bias != NULL) {
        for (int32_t c = 0; c < n; ++c) {
            y[c] = k_rq_s8_nl(k_wrap_add(acc[c], bias[c]), &q[c], zp, lo, hi);
        }
    } else {
        for (int32_t c = 0; c < n; ++c) {
            y[c] = k_rq_s8_nl(acc[c], &q[c], zp, lo, hi);
        }
    }
}

/* Tensor sizes the kernels index with int32/size_t arithmetic: prepare
 * rejects anything whose element count does not fit comfortably in int32. */
#define K_MAX_ELEMS ((int64_t)1 << 30)

static inline bool k_elems_ok(int64_t a, int64_t b, int64_t c, int64_t d)
{
    return a > 0 && b > 0 && c > 0 && d > 0 && a * b <= K_MAX_ELEMS && a * b * c <= K_MAX_ELEMS &&
           a * b * c * d <= K_MAX_ELEMS;
}

/* Byte size rounded up to a multiple of 16 (scratch sub-buffer layout). */
static inline size_t k_align16(size_t n)
{
    return (n + 15u) & ~(size_t)15u;
}

#endif /* CAI_INFER_KERNELS_INTERNAL_H */
