/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The float64 network the sine model is trained as: 1 -> 16 -> 16 -> 1,
 * ReLU after the two hidden layers, none after the output (the same shape as
 * TFLM's hello_world). Parameters live in one flat array so the optimiser
 * can treat them uniformly; the TS_* offsets say where each layer is.
 * Weights are stored [out][in], row-major, as TFLite's FULLY_CONNECTED wants.
 */
#ifndef CAI_TS_MLP_H
#define CAI_TS_MLP_H

#include "ts_prng.h"

#define TS_H1 16
#define TS_H2 16

#define TS_W1     0                       /* [TS_H1][1]     */
#define TS_B1     (TS_W1 + TS_H1)         /* [TS_H1]        */
#define TS_W2     (TS_B1 + TS_H1)         /* [TS_H2][TS_H1] */
#define TS_B2     (TS_W2 + TS_H2 * TS_H1) /* [TS_H2]        */
#define TS_W3     (TS_B2 + TS_H2)         /* [1][TS_H2]     */
#define TS_B3     (TS_W3 + TS_H2)         /* [1]            */
#define TS_NPARAM (TS_B3 + 1)

typedef struct ts_mlp {
    double p[TS_NPARAM];
} ts_mlp_t;

/* Random initialisation from the seeded generator (see ts_mlp.c for why
 * the first layer is initialised the way it is). */
void ts_mlp_init(ts_mlp_t *m, ts_prng_t *rng);

/* Forward pass; h1/h2 receive the hidden activations (after ReLU) when not
 * NULL. */
double ts_mlp_forward(const ts_mlp_t *m, double x, double *h1, double *h2);

#endif /* CAI_TS_MLP_H */
