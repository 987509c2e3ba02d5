/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tensor helpers shared by the loader, the operator setup and the
 * introspection functions (declared in model_int.h). They sit in their own
 * file so that loader.c -> ops_setup.c stays a one-way dependency.
 */
#include "model_int.h"

uint32_t infer_dtype_size(uint32_t type)
{
    switch (type) {
    case CAI_DTYPE_FLOAT32:
        return 4;
    case CAI_DTYPE_INT32:
        return 4;
    case CAI_DTYPE_INT8:
        return 1;
    default:
        return 0;
    }
}

uint32_t infer_elements(const cai_tensor_rec_t *t)
{
    uint32_t n = 1;
    for (uint32_t d = 0; d < t->rank; d++) {
        n *= (uint32_t)t->dims[d];
    }
    return n;
}
