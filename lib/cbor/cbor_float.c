/* SPDX-License-Identifier: Apache-2.0 */
/*
 * IEEE 754 binary16/32/64 conversions on bit patterns. CBOR's preferred
 * serialization (RFC 8949 §4.1) picks the shortest width that keeps the value
 * exactly; deciding that on the bits avoids C float conversions, which are
 * undefined for out-of-range values and may alter NaN payloads.
 */
#include <string.h>

#include "cbor_internal.h"

#define D_EXP_MASK  0x7ffu
#define D_MANT_BITS 52
#define D_MANT_MASK ((UINT64_C(1) << D_MANT_BITS) - 1u)

double cai_cbor_bits_to_double(uint64_t bits)
{
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

uint64_t cai_cbor_double_to_bits(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

/* Builds a double from sign, unbiased exponent and significand bits below the
 * leading 1 (left-aligned to 52 bits). */
static uint64_t make_double(uint64_t sign, int exp, uint64_t mant52)
{
    return (sign << 63) | ((uint64_t)(exp + 1023) << D_MANT_BITS) | mant52;
}

/* A subnormal of another width: value = frac * 2^(min_exp_unit), frac != 0.
 * Normalise it into a double (always normal in binary64). */
static uint64_t subnormal_to_double(uint64_t sign, uint64_t frac, int unit_exp)
{
    int top = 63;
    while (!(frac & (UINT64_C(1) << top))) {
        top--;
    }
    /* value = 1.xxx * 2^(top + unit_exp); bits below the leading one: */
    uint64_t rest = frac & ~(UINT64_C(1) << top);
    return make_double(sign, top + unit_exp, rest << (D_MANT_BITS - top));
}

uint64_t cai_cbor_half_to_double_bits(uint16_t h)
{
    uint64_t sign = (uint64_t)(h >> 15);
    unsigned exp = (h >> 10) & 0x1fu;
    uint64_t mant = h & 0x3ffu;
    if (exp == 0x1f) { /* Inf / NaN: payload moves to the top of the double's */
        return (sign << 63) | ((uint64_t)D_EXP_MASK << D_MANT_BITS) | (mant << 42);
    }
    if (exp == 0) {
        return mant ? subnormal_to_double(sign, mant, -24) : sign << 63;
    }
    return make_double(sign, (int)exp - 15, mant << 42);
}

uint64_t cai_cbor_single_to_double_bits(uint32_t s)
{
    uint64_t sign = (uint64_t)(s >> 31);
    unsigned exp = (s >> 23) & 0xffu;
    uint64_t mant = s & 0x7fffffu;
    if (exp == 0xff) {
        return (sign << 63) | ((uint64_t)D_EXP_MASK << D_MANT_BITS) | (mant << 29);
    }
    if (exp == 0) {
        return mant ? subnormal_to_double(sign, mant, -149) : sign << 63;
    }
    return make_double(sign, (int)exp - 127, mant << 29);
}

/* Low `n` bits of x are all zero. */
static bool low_zero(uint64_t x, unsigned n)
{
    return n >= 64 ? x == 0 : (x & ((UINT64_C(1) << n) - 1u)) == 0;
}

unsigned cai_cbor_shortest_float(uint64_t d, uint64_t *out)
{
    uint64_t sign = d >> 63;
    unsigned dexp = (unsigned)((d >> D_MANT_BITS) & D_EXP_MASK);
    uint64_t mant = d & D_MANT_MASK;

    if (dexp == D_EXP_MASK) { /* Inf or NaN: keep the payload if it fits */
        if (low_zero(mant, 42)) {
            *out = (sign << 15) | 0x7c00u | (mant >> 42);
            return 2;
        }
        if (low_zero(mant, 29)) {
            *out = (sign << 31) | 0x7f800000u | (mant >> 29);
            return 4;
        }
        *out = d;
        return 8;
    }
    if (dexp == 0 && mant == 0) { /* ±0 */
        *out = sign << 15;
        return 2;
    }
    if (dexp == 0) { /* double subnormals are far below the other ranges */
        *out = d;
        return 8;
    }
    int e = (int)dexp - 1023;
    uint64_t sig = (UINT64_C(1) << D_MANT_BITS) | mant; /* 53-bit significand */

    /* binary16: normal for e in [-14, 15], subnormal in units of 2^-24. */
    if (e >= -14 && e <= 15 && low_zero(mant, 42)) {
        *out = (sign << 15) | ((uint64_t)(e + 15) << 10) | (mant >> 42);
        return 2;
    }
    if (e >= -24 && e < -14) {
        unsigned shift = (unsigned)(28 - e); /* 43..52 */
        if (low_zero(sig, shift)) {
            *out = (sign << 15) | (sig >> shift);
            return 2;
        }
    }
    /* binary32: normal for e in [-126, 127], subnormal in units of 2^-149. */
    if (e >= -126 && e <= 127 && low_zero(mant, 29)) {
        *out = (sign << 31) | ((uint64_t)(e + 127) << 23) | (mant >> 29);
        return 4;
    }
    if (e >= -149 && e < -126) {
        unsigned shift = (unsigned)(-97 - e); /* 30..52 */
        if (low_zero(sig, shift)) {
            *out = (sign << 31) | (sig >> shift);
            return 4;
        }
    }
    *out = d;
    return 8;
}
