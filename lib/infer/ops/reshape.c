/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RESHAPE: a byte copy, or nothing when the planner runs it in place.
 * Setup and eval of the op_table.h row; the copy is cai_k_copy (kernels/quantize.c).
 */
#include <string.h>

#include "op_setup.h"

_Static_assert(sizeof(infer_count_params_t) <= CAI_INFER_OP_PARAM_BYTES, "infer_count_params_t");

int infer_setup_reshape(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *shape, *out = infer_op_output(x);
    if (infer_op_arity(x, 1, 2) != 0 || (in = infer_op_operand(x, 0, true)) == NULL) {
        return -1;
    }
    shape = infer_op_operand(x, 1, false);
    if (shape != NULL && shape->type != CAI_DTYPE_INT32) {
        return infer_op_bad(x, "the shape operand is not int32");
    }
    if (in->type != out->type) {
        return infer_op_bad(x, "input and output types differ");
    }
    if (in->bytes != out->bytes) {
        return infer_op_bad(x, "input and output sizes differ");
    }
    infer_count_params_t *p = INFER_OP_PARAMS(x, infer_count_params_t);
    memset(p, 0, sizeof *p);
    p->count = (int32_t)in->bytes;
    return 0;
}

void infer_eval_reshape(const cai_op_rec_t *op)
{
    /* in place when the planner aliased the two tensors */
    if (op->in[0] != op->out) {
        cai_k_copy(op->in[0], op->out,
                   (size_t)((const infer_count_params_t *)(const void *)op->params)->count);
    }
}
