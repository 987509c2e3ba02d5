/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SOFTMAX, int8 and float32, over the last dimension.
 * Setup and eval of the op_table.h rows; arithmetic in kernels/softmax.c.
 */
#include <math.h>
#include <string.h>

#include "op_setup.h"

/* Option field ids (TFLite schema declaration order). */
enum {
    SOFTMAX_BETA = 0
};
_Static_assert(sizeof(cai_k_softmax_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_softmax_s8_params_t");
_Static_assert(sizeof(cai_k_softmax_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_softmax_f32_params_t");

int infer_setup_softmax(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = infer_op_output(x);
    float beta;
    if (infer_op_arity(x, 1, 1) != 0 || (in = infer_op_operand(x, 0, true)) == NULL ||
        infer_op_require_options(x) != 0 || fb_f32(x->c, &x->opt, SOFTMAX_BETA, 0.0f, &beta) != 0) {
        return -1;
    }
    x->op->opts.beta = beta;
    if (!isfinite(beta) || beta <= 0.0f) {
        return infer_op_bad(x, "beta is not a positive finite number");
    }
    if (in->rank < 1 || !infer_op_same_dims(in, out)) {
        return infer_op_bad(x, "input and output shapes differ");
    }
    int32_t depth = in->dims[in->rank - 1];
    int32_t rows = (int32_t)(infer_elements(in) / (uint32_t)depth);
    if (infer_op_is_s8(in) && infer_op_is_s8(out)) {
        if (!infer_op_per_tensor(in) || !infer_op_per_tensor(out)) {
            return infer_op_unsup(x, "per-channel quantized activations");
        }
        cai_k_softmax_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_softmax_s8_params_t);
        memset(p, 0, sizeof *p);
        p->rows = rows;
        p->depth = depth;
        if (infer_op_kstatus(x, cai_k_softmax_s8_prepare(p, beta, in->scale, out->scale,
                                                         out->zero_point)) != 0) {
            return -1;
        }
        x->op->variant = INFER_VARIANT_S8;
        return 0;
    }
    if (infer_op_is_f32(in) && infer_op_is_f32(out)) {
        cai_k_softmax_f32_params_t *p = INFER_OP_PARAMS(x, cai_k_softmax_f32_params_t);
        memset(p, 0, sizeof *p);
        p->rows = rows;
        p->depth = depth;
        p->beta = beta;
        x->op->variant = INFER_VARIANT_F32;
        return 0;
    }
    return infer_op_unsup(x, "types other than int8->int8 or float32->float32");
}

void infer_eval_softmax(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_softmax_s8((const void *)op->params, op->in[0], op->out);
    } else {
        cai_k_softmax_f32((const void *)op->params, op->in[0], op->out);
    }
}
