/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Accuracy of a sine model file as the cai engine runs it: every grid point
 * is quantized the way TFLM's QUANTIZE kernel does it, run through the
 * engine, dequantized and compared with the C library's sin().
 */
#ifndef CAI_TS_EVAL_H
#define CAI_TS_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "ts_mlp.h"

/* Dense evaluation grid: x_i = (float)(2*pi*i/(TS_EVAL_POINTS-1)). */
#define TS_EVAL_POINTS 10001u

double ts_eval_grid_x(unsigned i);

/* Max |y - sin x| of the float64 network over the grid (worst x in *at). */
double ts_eval_float(const ts_mlp_t *m, double *at);

/* Load `model` (len bytes) into the engine and measure max |y - sin x| over
 * the grid. With `table`, also run every int8 input q (-128..127) and store
 * the raw int8 output in table[q + 128]: the complete function the model
 * computes. Returns 0 and the error in *max_err (worst x in *at), or -1
 * with a message in err (also when the engine is not part of this build). */
int ts_eval_engine(const uint8_t *model, size_t len, double *max_err, double *at, int8_t *table,
                   char *err, size_t errcap);

#endif /* CAI_TS_EVAL_H */
