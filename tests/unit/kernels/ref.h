/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Independent reference arithmetic for the kernel tests: textbook forms of
 * the TFLM formulas (docs/kernels.md section 1), written without looking at the
 * optimised kernels, plus a small deterministic PRNG.
 */
#ifndef CAI_TEST_KERNELS_REF_H
#define CAI_TEST_KERNELS_REF_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static uint32_t ref_rng_state = 0x12345678u;

static inline void ref_seed(uint32_t s)
{
    ref_rng_state = s ? s : 1u;
}

static inline uint32_t ref_rand(void)
{
    uint32_t x = ref_rng_state; /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    ref_rng_state = x;
    return x;
}

/* Uniform integer in [lo, hi]. */
static inline int32_t ref_range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(ref_rand() % (uint32_t)(hi - lo + 1));
}

static inline int8_t ref_s8(void)
{
    return (int8_t)ref_range(-128, 127);
}

/* SaturatingRoundingDoublingHighMul as in gemmlowp: round to nearest with
 * the nudge, then truncating division. */
static inline int32_t ref_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN)
        return INT32_MAX;
    const int64_t ab = (int64_t)a * b;
    if (ab >= 0)
        return (int32_t)((ab + (1LL << 30)) / (1LL << 31));
    /* negative: trunc((ab + 1 - 2^30) / 2^31) = -floor((-ab - 1 + 2^30) / 2^31) */
    return (int32_t)(-((-ab - 1 + (1LL << 30)) / (1LL << 31)));
}

/* x / 2^e rounded half away from zero, computed exactly in long double. */
static inline int32_t ref_rdbpot(int32_t x, int e)
{
    const long double q = (long double)x / (long double)(1ULL << e);
    return (int32_t)roundl(q);
}

static inline int32_t ref_mbqm(int32_t x, int32_t m, int shift)
{
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    const int64_t xl = (int64_t)x * ((int64_t)1 << left);
    return ref_rdbpot(ref_srdhm((int32_t)xl, m), right);
}

static inline int32_t ref_clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* A random valid (multiplier, shift) pair; `wide` also draws the extremes. */
static inline void ref_rand_mult(int32_t *m, int32_t *s)
{
    const uint32_t r = ref_rand() % 8;
    if (r == 0)
        *m = INT32_MAX;
    else if (r == 1)
        *m = 1 << 30;
    else
        *m = ref_range(1 << 30, INT32_MAX);
    const uint32_t t = ref_rand() % 8;
    if (t == 0)
        *s = -31;
    else if (t == 1)
        *s = ref_range(0, 2);
    else
        *s = ref_range(-14, -1);
}

#endif
