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

#include <stdint.h>

#include "kernels.h"

/* Shared by CONV_2D and DEPTHWISE_CONV_2D prepare (conv.c): geometry,
 * multipliers and activation range. */
int cai_k_conv_common_prepare(cai_k_conv_s8_params *p, int padding, float in_scale,
                              const float *w_scales, int32_t n_w_scales, float out_scale,
                              int activation, int32_t *mult, int32_t *shift);

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

#endif /* CAI_INFER_KERNELS_INTERNAL_H */
