/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ADD and MUL, int8 and float32, with broadcasting up to 4-D; one shared setup.
 * Setup and eval of the op_table.h rows; arithmetic in kernels/elementwise.c.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "op_setup.h"

/* Option field ids (TFLite schema declaration order). */
enum {
    BINARY_ACT = 0
}; /* AddOptions and MulOptions */

_Static_assert(sizeof(cai_k_add_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "cai_k_add_s8_params_t");
_Static_assert(sizeof(cai_k_mul_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "cai_k_mul_s8_params_t");
_Static_assert(sizeof(cai_k_binary_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_binary_f32_params_t");

/* ADD and MUL with NumPy broadcasting up to 4-D. */
static int setup_binary(op_ctx_t *x, bool is_add)
{
    cai_tensor_rec_t *a, *b, *out = infer_op_output(x);
    int act = 0;
    if (infer_op_arity(x, 2, 2) != 0 || (a = infer_op_operand(x, 0, true)) == NULL ||
        (b = infer_op_operand(x, 1, true)) == NULL || infer_op_opt_act(x, BINARY_ACT, &act) != 0) {
        return -1;
    }
    if (a->type != out->type || b->type != out->type ||
        (!infer_op_is_s8(out) && !infer_op_is_f32(out))) {
        return infer_op_unsup(x, "types other than int8 or float32 (same for all operands)");
    }
    if (a->rank > 4 || b->rank > 4 || out->rank > 4) {
        return infer_op_unsup(x, "operands of rank > 4");
    }
    cai_k_bcast4_t bc;
    if (infer_op_kstatus(x, cai_k_bcast4_prepare(&bc, a->dims, a->rank, b->dims, b->rank)) != 0) {
        return -1;
    }
    for (uint32_t d = 0; d < 4; d++) {
        int32_t want = d + out->rank >= 4 ? out->dims[d + out->rank - 4] : 1;
        if (bc.out_dims[d] != want) {
            return infer_op_bad(x, "output shape is not the broadcast of the input shapes");
        }
    }
    if ((uint32_t)cai_k_bcast4_count(&bc) != infer_elements(out)) {
        return infer_op_bad(x, "output size is not the broadcast size");
    }
    if (infer_op_is_s8(out)) {
        if (!infer_op_per_tensor(a) || !infer_op_per_tensor(b) || !infer_op_per_tensor(out)) {
            return infer_op_unsup(x, "per-channel quantized activations");
        }
        if (is_add) {
            cai_k_add_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_add_s8_params_t);
            memset(p, 0, sizeof *p);
            p->bc = bc;
            if (infer_op_kstatus(x, cai_k_add_s8_prepare(p, a->scale, a->zero_point, b->scale,
                                                         b->zero_point, out->scale, out->zero_point,
                                                         act)) != 0) {
                return -1;
            }
            x->op->variant = INFER_VARIANT_S8;
        } else {
            cai_k_mul_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_mul_s8_params_t);
            memset(p, 0, sizeof *p);
            p->bc = bc;
            if (infer_op_kstatus(x, cai_k_mul_s8_prepare(p, a->scale, a->zero_point, b->scale,
                                                         b->zero_point, out->scale, out->zero_point,
                                                         act)) != 0) {
                return -1;
            }
            x->op->variant = INFER_VARIANT_S8;
        }
        return 0;
    }
    cai_k_binary_f32_params_t *p = INFER_OP_PARAMS(x, cai_k_binary_f32_params_t);
    memset(p, 0, sizeof *p);
    p->bc = bc;
    if (infer_op_kstatus(x, cai_k_act_range_f32(act, &p->act_min, &p->act_max)) != 0) {
        return -1;
    }
    x->op->variant = INFER_VARIANT_F32;
    return 0;
}

int infer_setup_add(op_ctx_t *x)
{
    return setup_binary(x, true);
}

int infer_setup_mul(op_ctx_t *x)
{
    return setup_binary(x, false);
}

void infer_eval_add(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_add_s8((const void *)op->params, op->in[0], op->in[1], op->out);
    } else {
        cai_k_add_f32((const void *)op->params, op->in[0], op->in[1], op->out);
    }
}

void infer_eval_mul(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_mul_s8((const void *)op->params, op->in[0], op->in[1], op->out);
    } else {
        cai_k_mul_f32((const void *)op->params, op->in[0], op->in[1], op->out);
    }
}
