/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Serialise the quantized sine network as a .tflite flatbuffer (schema
 * version 3, identifier "TFL3"): one subgraph, three FULLY_CONNECTED
 * operators (RELU, RELU, NONE), ten tensors, eleven buffers (buffer 0 the
 * empty sentinel, constant data 16-byte aligned from the file start).
 */
#ifndef CAI_TS_TFLITE_H
#define CAI_TS_TFLITE_H

#include <stddef.h>
#include <stdint.h>

#include "ts_quant.h"

/* Tensor indices of the written model (inputs/outputs of the subgraph). */
#define TS_TENSOR_INPUT  0
#define TS_TENSOR_OUTPUT 9

/* On success returns 0 and a malloc'ed buffer the caller frees. */
int ts_tflite_write(const ts_qmodel_t *q, const char *description, uint8_t **out, size_t *out_len);

#endif /* CAI_TS_TFLITE_H */
