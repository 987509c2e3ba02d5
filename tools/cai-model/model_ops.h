/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The operators of a .tflite file the engine refused: `cai-model info` lists
 * them all, marking the ones the engine does not run. A small bounds-checked
 * flatbuffer walk of its own (Model.operator_codes, subgraphs[0].operators),
 * independent of the engine's loader, which stops at the first problem.
 */
#ifndef CAI_MODEL_OPS_H
#define CAI_MODEL_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Prints "operators (N):" and one line per operator of the first subgraph
 * ("  k NAME vV [unsupported ...]"), or returns false (nothing printed) when
 * the file is not a flatbuffer this walk can read. json: a JSON object
 * {"operators": [...]} instead. */
bool model_ops_list(FILE *f, const uint8_t *buf, size_t len, bool json);

#endif
