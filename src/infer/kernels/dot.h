/*
 * The multiply-accumulate core shared by FULLY_CONNECTED and CONV_2D.
 *
 * One operand is int16 (input minus its zero point, widened once into the
 * caller's scratch), the other int8 weights read in place. Written so that
 * gcc's vectorizer recognises a widening dot product: on SSE2 it becomes
 * pmaddwd (8 MACs per instruction), on Armv8-M MVE the analogous
 * multiply-accumulate-across. No branch in the loop body.
 */
#ifndef CAI_INFER_KERNELS_DOT_H
#define CAI_INFER_KERNELS_DOT_H

#include <stdint.h>

static inline int32_t k_dot_s16_s8(const int16_t *restrict x, const int8_t *restrict w,
                                   int32_t n)
{
  int32_t acc = 0;
  for (int32_t i = 0; i < n; ++i)
    acc += (int32_t)x[i] * (int32_t)w[i];
  return acc;
}

/* xs[i] = x[i] - zp as int16 (|value| <= 255). */
static inline void k_widen_minus_zp(const int8_t *restrict x, int32_t zp, int16_t *restrict xs,
                                    int32_t n)
{
  const int16_t z = (int16_t)zp;
  for (int32_t i = 0; i < n; ++i)
    xs[i] = (int16_t)(x[i] - z);
}

#endif /* CAI_INFER_KERNELS_DOT_H */
