/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LOGISTIC, TANH, RELU and RELU6: element-wise, int8 and float32; one shared setup.
 * Setup and eval of the op_table.h rows; arithmetic in kernels/activations.c.
 */
#include <stdint.h>
#include <string.h>

#include "op_setup.h"

_Static_assert(sizeof(cai_k_sigmoid_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_sigmoid_s8_params_t");
_Static_assert(sizeof(cai_k_relu_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_relu_s8_params_t");
_Static_assert(sizeof(infer_count_params_t) <= CAI_INFER_OP_PARAM_BYTES, "infer_count_params_t");
_Static_assert(sizeof(infer_clamp_params_t) <= CAI_INFER_OP_PARAM_BYTES, "infer_clamp_params_t");

/* LOGISTIC, TANH, RELU, RELU6: element-wise, same shape in and out. */
static int setup_unary(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = infer_op_output(x);
    if (infer_op_arity(x, 1, 1) != 0 || (in = infer_op_operand(x, 0, true)) == NULL) {
        return -1;
    }
    if (infer_elements(in) != infer_elements(out)) {
        return infer_op_bad(x, "input and output sizes differ");
    }
    if (in->type != out->type || (!infer_op_is_s8(in) && !infer_op_is_f32(in))) {
        return infer_op_unsup(x, "types other than int8 or float32 (same for input and output)");
    }
    int32_t n = (int32_t)infer_elements(in);
    uint8_t code = x->op->builtin;
    if (infer_op_is_s8(in)) {
        if (!infer_op_per_tensor(in) || !infer_op_per_tensor(out)) {
            return infer_op_unsup(x, "per-channel quantized activations");
        }
        if (code == OP_LOGISTIC || code == OP_TANH) {
            cai_k_sigmoid_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_sigmoid_s8_params_t);
            memset(p, 0, sizeof *p);
            p->count = n;
            cai_k_err_t st = code == OP_LOGISTIC
                                 ? cai_k_logistic_s8_prepare(p, in->scale, in->zero_point,
                                                             out->scale, out->zero_point)
                                 : cai_k_tanh_s8_prepare(p, in->scale, in->zero_point, out->scale,
                                                         out->zero_point);
            if (infer_op_kstatus(x, st) != 0) {
                return -1;
            }
            x->op->variant = INFER_VARIANT_S8;
            return 0;
        }
        cai_k_relu_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_relu_s8_params_t);
        memset(p, 0, sizeof *p);
        p->count = n;
        if (infer_op_kstatus(x, cai_k_relu_s8_prepare(
                                    p, code == OP_RELU ? CAI_K_ACT_RELU : CAI_K_ACT_RELU6,
                                    in->scale, in->zero_point, out->scale, out->zero_point)) != 0) {
            return -1;
        }
        x->op->variant = INFER_VARIANT_S8;
        return 0;
    }
    if (code == OP_LOGISTIC || code == OP_TANH) {
        infer_count_params_t *p = INFER_OP_PARAMS(x, infer_count_params_t);
        memset(p, 0, sizeof *p);
        p->count = n;
        x->op->variant = INFER_VARIANT_F32;
        return 0;
    }
    infer_clamp_params_t *p = INFER_OP_PARAMS(x, infer_clamp_params_t);
    memset(p, 0, sizeof *p);
    p->count = n;
    if (infer_op_kstatus(x, cai_k_act_range_f32(code == OP_RELU ? CAI_K_ACT_RELU : CAI_K_ACT_RELU6,
                                                &p->lo, &p->hi)) != 0) {
        return -1;
    }
    x->op->variant = INFER_VARIANT_F32;
    return 0;
}

int infer_setup_logistic(op_ctx_t *x)
{
    return setup_unary(x);
}

int infer_setup_tanh(op_ctx_t *x)
{
    return setup_unary(x);
}

int infer_setup_relu(op_ctx_t *x)
{
    return setup_unary(x);
}

int infer_setup_relu6(op_ctx_t *x)
{
    return setup_unary(x);
}

static int32_t count_of(const cai_op_rec_t *op)
{
    return ((const infer_count_params_t *)(const void *)op->params)->count;
}

void infer_eval_logistic(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_logistic_s8((const void *)op->params, op->in[0], op->out);
    } else {
        cai_k_logistic_f32(count_of(op), op->in[0], op->out);
    }
}

void infer_eval_tanh(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_tanh_s8((const void *)op->params, op->in[0], op->out);
    } else {
        cai_k_tanh_f32(count_of(op), op->in[0], op->out);
    }
}

/* RELU and RELU6 share the kernels (the int8 parameters or the float clamp
 * range set up for the op). */
static void relu_family(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_relu_s8((const void *)op->params, op->in[0], op->out);
    } else {
        const infer_clamp_params_t *cp = (const void *)op->params;
        cai_k_clamp_f32(cp->count, cp->lo, cp->hi, op->in[0], op->out);
    }
}

void infer_eval_relu(const cai_op_rec_t *op)
{
    relu_family(op);
}

void infer_eval_relu6(const cai_op_rec_t *op)
{
    relu_family(op);
}
