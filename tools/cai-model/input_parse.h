/* SPDX-License-Identifier: Apache-2.0 */
/* Filling an input tensor from a file of raw bytes or from a list of values. */
#ifndef CAI_MODEL_INPUT_PARSE_H
#define CAI_MODEL_INPUT_PARSE_H

#include "cai/infer.h"

/* arg is "-" (raw bytes from stdin) or names an existing file: its raw
 * bytes (exactly t->bytes, laid out as the tensor holds them: int8, or
 * little-endian float32/int32). Otherwise arg is comma-separated numbers,
 * one per element; int8 tensors get them quantized the way TFLM's QUANTIZE
 * kernel does (round_half_away(x / scale) + zero_point, float32 division).
 * NaN and infinities are refused; so is a value whose quantized form falls
 * outside -128..127 (the tensor cannot hold it), unless clamp is set: then
 * it is clamped to the nearest end, with a warning on stderr.
 * Returns 0, or -1 after printing why to stderr. */
int fill_input(const cai_tensor_info_t *t, const char *arg, int clamp);

/* TFLM QUANTIZE rounding of one value for an int8 tensor. */
int8_t quantize_tflm(float x, float scale, int32_t zero_point);

#endif
