/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Deterministic pseudo-random numbers for the sine trainer: xoshiro256**
 * seeded through splitmix64. Not for cryptography; its only job is to make
 * the weight initialisation a pure function of --seed on every platform.
 */
#ifndef CAI_TS_PRNG_H
#define CAI_TS_PRNG_H

#include <stdint.h>

typedef struct ts_prng {
    uint64_t s[4];
} ts_prng_t;

/* Expand a 64-bit seed into the 256-bit state (splitmix64, as its authors
 * recommend, so that nearby seeds give unrelated streams). */
void ts_prng_seed(ts_prng_t *p, uint64_t seed);

/* Next 64 random bits. */
uint64_t ts_prng_next(ts_prng_t *p);

/* Uniform double in [0, 1): the top 53 bits scaled by 2^-53 (exact). */
double ts_prng_uniform(ts_prng_t *p);

#endif /* CAI_TS_PRNG_H */
