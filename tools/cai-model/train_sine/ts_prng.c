/* SPDX-License-Identifier: Apache-2.0 */
/* xoshiro256** with splitmix64 seeding (public-domain algorithms by Blackman
 * and Vigna, written here from their published description). */
#include "ts_prng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void ts_prng_seed(ts_prng_t *p, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        p->s[i] = splitmix64(&x);
}

uint64_t ts_prng_next(ts_prng_t *p)
{
    uint64_t *s = p->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double ts_prng_uniform(ts_prng_t *p)
{
    return (double)(ts_prng_next(p) >> 11) * 0x1.0p-53;
}
