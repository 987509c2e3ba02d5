/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Parameter structs of the few operators whose kernels take plain
 * arguments instead of a kernels.h params struct (stored in
 * cai_op_rec.params like the others).
 */
#ifndef CAI_INFER_OP_PARAMS_H
#define CAI_INFER_OP_PARAMS_H

#include <stdint.h>

typedef struct infer_count_params {
    int32_t count; /* elements (LOGISTIC/TANH float) or bytes (RESHAPE) */
} infer_count_params_t;

typedef struct infer_clamp_params {
    int32_t count;
    float lo, hi; /* float RELU / RELU6 range */
} infer_clamp_params_t;

#endif /* CAI_INFER_OP_PARAMS_H */
