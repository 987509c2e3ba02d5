/*
 * The multiply-accumulate core shared by FULLY_CONNECTED, CONV_2D and
 * single-input-channel DEPTHWISE_CONV_2D.
 *
 * One operand is int16 (input minus its zero point, widened once into the
 * caller's scratch), the other int8 weights read in place. The loops are
 * written so that gcc's vectorizer recognises a widening dot product: on
 * SSE2 each 16 weights are sign-extended once and feed pmaddwd (8 MACs per
 * instruction) for every input row that shares them. Computing 4 rows
 * against one weight row (k_dot4) shares that widening and the loop
 * overhead: about 0.6 instructions per MAC for long rows.
 *
 * Tails: the vector loop handles multiples of 16; a remaining block of 8 is
 * done with the weights first copied to int16 (so the vectorizer sees an
 * 8 x int16 problem, one SSE vector), then a scalar loop for the rest.
 */
#ifndef CAI_INFER_KERNELS_DOT_H
#define CAI_INFER_KERNELS_DOT_H

#include <stdint.h>

static inline void k_dot4_run(const int16_t *restrict r0, const int16_t *restrict r1,
                              const int16_t *restrict r2, const int16_t *restrict r3,
                              const int8_t *restrict w, int32_t n, int32_t *restrict a)
{
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (int32_t i = 0; i < n; ++i) {
    const int16_t wi = w[i];
    a0 += r0[i] * wi;
    a1 += r1[i] * wi;
    a2 += r2[i] * wi;
    a3 += r3[i] * wi;
  }
  a[0] += a0;
  a[1] += a1;
  a[2] += a2;
  a[3] += a3;
}

static inline void k_dot4_block8(const int16_t *restrict r0, const int16_t *restrict r1,
                                 const int16_t *restrict r2, const int16_t *restrict r3,
                                 const int8_t *restrict w, int32_t *restrict a)
{
  int16_t wv[8];
  for (int j = 0; j < 8; ++j)
    wv[j] = w[j];
  int32_t b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  for (int j = 0; j < 8; ++j) {
    b0 += r0[j] * wv[j];
    b1 += r1[j] * wv[j];
    b2 += r2[j] * wv[j];
    b3 += r3[j] * wv[j];
  }
  a[0] += b0;
  a[1] += b1;
  a[2] += b2;
  a[3] += b3;
}

/* a[k] = sum_i rk[i] * w[i] for the rows r0..r3 (stride `stride` apart). */
static inline void k_dot4(const int16_t *rows, int32_t stride, const int8_t *w, int32_t n,
                          int32_t *a)
{
  const int16_t *r0 = rows, *r1 = rows + stride, *r2 = rows + 2 * stride,
                *r3 = rows + 3 * stride;
  a[0] = a[1] = a[2] = a[3] = 0;
  const int32_t n16 = n & ~15;
  k_dot4_run(r0, r1, r2, r3, w, n16, a);
  int32_t i = n16;
  if (n - i >= 8) {
    k_dot4_block8(r0 + i, r1 + i, r2 + i, r3 + i, w + i, a);
    i += 8;
  }
  for (; i < n; ++i) {
    const int32_t wi = w[i];
    a[0] += r0[i] * wi;
    a[1] += r1[i] * wi;
    a[2] += r2[i] * wi;
    a[3] += r3[i] * wi;
  }
}

static inline int32_t k_dot1_run(const int16_t *restrict x, const int8_t *restrict w, int32_t n)
{
  int32_t acc = 0;
  for (int32_t i = 0; i < n; ++i)
    acc += x[i] * (int16_t)w[i];
  return acc;
}

static inline int32_t k_dot1(const int16_t *x, const int8_t *w, int32_t n)
{
  const int32_t n16 = n & ~15;
  int32_t acc = k_dot1_run(x, w, n16);
  int32_t i = n16;
  if (n - i >= 8) {
    int16_t wv[8];
    for (int j = 0; j < 8; ++j)
      wv[j] = w[i + j];
    int32_t b = 0;
    for (int j = 0; j < 8; ++j)
      b += x[i + j] * wv[j];
    acc += b;
    i += 8;
  }
  for (; i < n; ++i)
    acc += x[i] * w[i];
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
