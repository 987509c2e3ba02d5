/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Training of the sine network: full-batch Adam on an even grid of [0, 2*pi]
 * (targets from ts_sine), in two phases:
 *  1. float: plain float64 training, mean squared error;
 *  2. quantization-aware fine-tuning: the forward pass rounds weights and
 *     activations exactly as the int8 model will (per-tensor symmetric
 *     weights, asymmetric activations from the ranges seen in the previous
 *     epoch) and gradients pass straight through the rounding. This is what
 *     brings the int8 model's max error close to the float model's.
 * Everything is deterministic: fixed order, no threads, and no libm call
 * other than sqrt() and round(), which IEEE-754 defines exactly.
 */
#ifndef CAI_TS_TRAIN_H
#define CAI_TS_TRAIN_H

#include "ts_mlp.h"
#include "ts_quant.h"

typedef struct ts_train_cfg {
    unsigned epochs;     /* float phase: Adam steps */
    unsigned qat_epochs; /* quantization-aware phase: Adam steps (0: none) */
    unsigned grid;       /* training points, evenly spaced over [0, 2*pi] */
    double lr;           /* float phase: decays linearly from lr to lr/100 */
    double qat_lr;       /* quantization-aware phase: same decay */
} ts_train_cfg_t;

typedef struct ts_train_result {
    double mse;         /* after the float phase */
    double qat_mse;     /* after the quantization-aware phase (of the
                           * fake-quantized outputs) */
    int have_ranges;    /* 1 after a quantization-aware phase: */
    ts_qparam_t act[4]; /* the activation parameters its last epoch used
                           * (input, hidden 1, hidden 2, output), which the
                           * int8 model must use too (as a TFLite converter
                           * takes a QAT model's fake-quant ranges) */
} ts_train_result_t;

/* Phase 1 (sets res->mse). Returns 0, or -1 when out of memory. */
int ts_train_float(ts_mlp_t *m, const ts_train_cfg_t *cfg, ts_train_result_t *res);

/* Phase 2, after phase 1 (sets res->qat_mse, have_ranges, act). Nothing to
 * do when cfg->qat_epochs is 0. Returns 0, or -1 when out of memory. */
int ts_train_qat(ts_mlp_t *m, const ts_train_cfg_t *cfg, ts_train_result_t *res);

#endif /* CAI_TS_TRAIN_H */
