/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Full-integer (int8) quantization of the trained network, following the
 * conventions of the TensorFlow Lite converter so that any TFLite-compatible
 * engine runs the result:
 *  - activations (input, both hidden layers, output): int8, asymmetric,
 *    per-tensor, from the min/max seen on a calibration grid, the range
 *    widened to include 0 and the zero point rounded so 0.0 is exact;
 *  - weights: int8, symmetric per-tensor, zero point 0, scale max|w|/127;
 *  - biases: int32, zero point 0, scale input_scale * weight_scale.
 */
#ifndef CAI_TS_QUANT_H
#define CAI_TS_QUANT_H

#include <stddef.h>
#include <stdint.h>

#include "ts_mlp.h"

/* real = scale * (q - zero_point) */
typedef struct ts_qparam {
    float scale;
    int32_t zero_point;
    double min, max; /* calibrated float range (after widening to 0) */
} ts_qparam_t;

typedef struct ts_qlayer {
    unsigned in, out; /* weights are [out][in] */
    int8_t w[TS_H2 * TS_H1];
    int32_t b[TS_H2];
    float w_scale;
    float b_scale;
    int fused_relu; /* 1: RELU, 0: NONE */
} ts_qlayer_t;

typedef struct ts_qmodel {
    ts_qparam_t act[4]; /* input, hidden 1, hidden 2, output */
    ts_qlayer_t layer[3];
} ts_qmodel_t;

/* TFLite's asymmetric int8 parameters for the float range [lo, hi]: widen
 * to include 0, scale = (hi - lo)/255, zero point = round(-128 - lo/scale).
 * Returns -1 for an empty range. */
int ts_quant_activation_param(double lo, double hi, ts_qparam_t *qp);

/* Number of calibration points (the golden grid's convention: x_i =
 * (float)(2*pi*i/(n-1))). */
#define TS_CALIB_POINTS 1000u

/* Quantize `m`. With `ranges` (input, hidden 1, hidden 2, output) the
 * activation parameters are taken from there, else they are calibrated on
 * the float network over TS_CALIB_POINTS inputs. Returns 0, or -1 with a message in err when a range is
 * degenerate (a layer that is all zero) or a bias does not fit int32. */
int ts_quantize(const ts_mlp_t *m, const ts_qparam_t *ranges, ts_qmodel_t *q, char *err,
                size_t errcap);

#endif /* CAI_TS_QUANT_H */
