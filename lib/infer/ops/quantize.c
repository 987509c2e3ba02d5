/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QUANTIZE (float32 -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float32).
 * Setup and eval of the op_table.h rows; arithmetic in kernels/quantize.c.
 */
#include <string.h>

#include "op_setup.h"

_Static_assert(sizeof(cai_k_quantize_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_quantize_f32_params_t");
_Static_assert(sizeof(cai_k_requantize_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_requantize_params_t");
_Static_assert(sizeof(cai_k_dequantize_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_dequantize_params_t");

int infer_setup_quantize(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = infer_op_output(x);
    if (infer_op_arity(x, 1, 1) != 0 || (in = infer_op_operand(x, 0, true)) == NULL) {
        return -1;
    }
    if (infer_elements(in) != infer_elements(out)) {
        return infer_op_bad(x, "input and output sizes differ");
    }
    if (!infer_op_is_s8(out) || !infer_op_per_tensor(out)) {
        return infer_op_unsup(x, "output that is not per-tensor int8");
    }
    if (infer_op_is_f32(in)) {
        cai_k_quantize_f32_params_t *p = INFER_OP_PARAMS(x, cai_k_quantize_f32_params_t);
        memset(p, 0, sizeof *p);
        p->count = (int32_t)infer_elements(in);
        p->scale = out->scale;
        p->zp = out->zero_point;
        x->op->variant = INFER_VARIANT_F32;
        return 0;
    }
    if (infer_op_is_s8(in) && infer_op_per_tensor(in)) {
        cai_k_requantize_params_t *p = INFER_OP_PARAMS(x, cai_k_requantize_params_t);
        memset(p, 0, sizeof *p);
        p->count = (int32_t)infer_elements(in);
        p->in_zp = in->zero_point;
        p->out_zp = out->zero_point;
        if (infer_op_kstatus(x, cai_k_requantize_s8_prepare(p, in->scale, out->scale)) != 0) {
            return -1;
        }
        x->op->variant = INFER_VARIANT_S8;
        return 0;
    }
    return infer_op_unsup(x, "input that is not float32 or per-tensor int8");
}

int infer_setup_dequantize(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = infer_op_output(x);
    if (infer_op_arity(x, 1, 1) != 0 || (in = infer_op_operand(x, 0, true)) == NULL) {
        return -1;
    }
    if (infer_elements(in) != infer_elements(out)) {
        return infer_op_bad(x, "input and output sizes differ");
    }
    if (!infer_op_is_s8(in) || !infer_op_per_tensor(in) || !infer_op_is_f32(out)) {
        return infer_op_unsup(x, "types other than per-tensor int8 -> float32");
    }
    cai_k_dequantize_params_t *p = INFER_OP_PARAMS(x, cai_k_dequantize_params_t);
    memset(p, 0, sizeof *p);
    p->count = (int32_t)infer_elements(in);
    p->scale = (double)in->scale;
    p->zp = in->zero_point;
    x->op->variant = INFER_VARIANT_S8;
    return 0;
}

/* QUANTIZE: float32 -> int8 (variant F32), or int8 -> int8 requantization
 * (variant S8); the variant names the input type. */
void infer_eval_quantize(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_F32) {
        cai_k_quantize_f32_s8((const void *)op->params, op->in[0], op->out);
    } else {
        cai_k_requantize_s8((const void *)op->params, op->in[0], op->out);
    }
}

void infer_eval_dequantize(const cai_op_rec_t *op)
{
    cai_k_dequantize_s8_f32((const void *)op->params, op->in[0], op->out);
}
