/* SPDX-License-Identifier: Apache-2.0 */
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

#include <stddef.h>
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
    for (int j = 0; j < 8; ++j) {
        wv[j] = w[j];
    }
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
    const int16_t *r0 = rows, *r1 = rows + stride, *r2 = rows + 2 * stride, *r3 = rows + 3 * stride;
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

/* a[k] = sum_i x[i] * wk[i] for 4 weight rows w0..w3 sharing one input
 * row (FULLY_CONNECTED with one batch): the int16 input is loaded once per
 * 4 rows. Same tail strategy as k_dot4. */
static inline void k_dot4w_run(const int16_t *restrict x, const int8_t *restrict w0,
                               const int8_t *restrict w1, const int8_t *restrict w2,
                               const int8_t *restrict w3, int32_t n, int32_t *restrict a)
{
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int32_t i = 0; i < n; ++i) {
        const int16_t xi = x[i];
        a0 += xi * (int16_t)w0[i];
        a1 += xi * (int16_t)w1[i];
        a2 += xi * (int16_t)w2[i];
        a3 += xi * (int16_t)w3[i];
    }
    a[0] += a0;
    a[1] += a1;
    a[2] += a2;
    a[3] += a3;
}

static inline void k_dot4w(const int16_t *x, const int8_t *w, int32_t stride, int32_t n, int32_t *a)
{
    const int8_t *w0 = w, *w1 = w + stride, *w2 = w + 2 * (size_t)stride,
                 *w3 = w + 3 * (size_t)stride;
    a[0] = a[1] = a[2] = a[3] = 0;
    const int32_t n16 = n & ~15;
    k_dot4w_run(x, w0, w1, w2, w3, n16, a);
    int32_t i = n16;
    if (n - i >= 8) {
        int16_t v0[8], v1[8], v2[8], v3[8];
        for (int j = 0; j < 8; ++j) {
            v0[j] = w0[i + j];
            v1[j] = w1[i + j];
            v2[j] = w2[i + j];
            v3[j] = w3[i + j];
        }
        int32_t b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (int j = 0; j < 8; ++j) {
            b0 += x[i + j] * v0[j];
            b1 += x[i + j] * v1[j];
            b2 += x[i + j] * v2[j];
            b3 += x[i + j] * v3[j];
        }
        a[0] += b0;
        a[1] += b1;
        a[2] += b2;
        a[3] += b3;
        i += 8;
    }
    for (; i < n; ++i) {
        const int32_t xi = x[i];
        a[0] += xi * w0[i];
        a[1] += xi * w1[i];
        a[2] += xi * w2[i];
        a[3] += xi * w3[i];
    }
}

static inline int32_t k_dot1_run(const int16_t *restrict x, const int8_t *restrict w, int32_t n)
{
    int32_t acc = 0;
    for (int32_t i = 0; i < n; ++i) {
        acc += x[i] * (int16_t)w[i];
    }
    return acc;
}

static inline int32_t k_dot1(const int16_t *x, const int8_t *w, int32_t n)
{
    const int32_t n16 = n & ~15;
    int32_t acc = k_dot1_run(x, w, n16);
    int32_t i = n16;
    if (n - i >= 8) {
        int16_t wv[8];
        for (int j = 0; j < 8; ++j) {
            wv[j] = w[i + j];
        }
        int32_t b = 0;
        for (int j = 0; j < 8; ++j) {
            b += x[i + j] * wv[j];
        }
        acc += b;
        i += 8;
    }
    for (; i < n; ++i) {
        acc += x[i] * w[i];
    }
    return acc;
}

/* xs[i] = x[i] - zp as int16 (|value| <= 255). */
static inline void k_widen_minus_zp(const int8_t *restrict x, int32_t zp, int16_t *restrict xs,
                                    int32_t n)
{
    const int16_t z = (int16_t)zp;
    for (int32_t i = 0; i < n; ++i) {
        xs[i] = (int16_t)(x[i] - z);
    }
}

#endif /* CAI_INFER_KERNELS_DOT_H */
