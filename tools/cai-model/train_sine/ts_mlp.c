/* SPDX-License-Identifier: Apache-2.0 */
#include "ts_mlp.h"

#include <string.h>

#define TS_TWO_PI 6.28318530717958647692

void ts_mlp_init(ts_mlp_t *m, ts_prng_t *rng)
{
    memset(m, 0, sizeof *m);
    /* First layer: each unit gets its kink (where w*x + b crosses 0) at a
     * random point of [0, 2*pi] and a random slope sign. With the usual
     * zero-bias initialisation every unit with a negative weight would be
     * dead on x >= 0 from the start and never recover. */
    for (int i = 0; i < TS_H1; i++) {
        double kink = TS_TWO_PI * ts_prng_uniform(rng);
        double w = 0.5 + ts_prng_uniform(rng);
        if (ts_prng_uniform(rng) < 0.5)
            w = -w;
        m->p[TS_W1 + i] = w;
        m->p[TS_B1 + i] = -w * kink;
    }
    /* Hidden and output layers: He-uniform bound sqrt(6/16) = 0.612..., a
     * constant so that no sqrt() of a non-square is needed; small positive
     * biases keep the second-layer units alive at the start. */
    const double bound = 0.61237243569579452455;
    for (int i = 0; i < TS_H2 * TS_H1; i++)
        m->p[TS_W2 + i] = bound * (2.0 * ts_prng_uniform(rng) - 1.0);
    for (int i = 0; i < TS_H2; i++)
        m->p[TS_B2 + i] = 0.1;
    for (int i = 0; i < TS_H2; i++)
        m->p[TS_W3 + i] = bound * (2.0 * ts_prng_uniform(rng) - 1.0);
    m->p[TS_B3] = 0.0;
}

double ts_mlp_forward(const ts_mlp_t *m, double x, double *h1, double *h2)
{
    double a1[TS_H1], a2[TS_H2];
    const double *p = m->p;
    for (int i = 0; i < TS_H1; i++) {
        double z = p[TS_W1 + i] * x + p[TS_B1 + i];
        a1[i] = z > 0.0 ? z : 0.0;
    }
    double y = p[TS_B3];
    for (int o = 0; o < TS_H2; o++) {
        double z = p[TS_B2 + o];
        for (int i = 0; i < TS_H1; i++)
            z += p[TS_W2 + o * TS_H1 + i] * a1[i];
        a2[o] = z > 0.0 ? z : 0.0;
        y += p[TS_W3 + o] * a2[o];
    }
    if (h1)
        memcpy(h1, a1, sizeof a1);
    if (h2)
        memcpy(h2, a2, sizeof a2);
    return y;
}
