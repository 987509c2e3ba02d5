/* SPDX-License-Identifier: Apache-2.0 */
/*
 * FULLY_CONNECTED, int8 (per-tensor or per-channel weights) and float32.
 * Setup and eval of the op_table.h rows; arithmetic in kernels/fully_connected.c.
 */
#include <string.h>

#include "op_setup.h"

/* Option field ids (TFLite schema declaration order). */
enum {
    FC_ACT = 0,
    FC_WEIGHTS_FORMAT = 1
}; /* both byte enums */
_Static_assert(sizeof(cai_k_fc_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "cai_k_fc_s8_params_t");
_Static_assert(sizeof(cai_k_fc_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES, "cai_k_fc_f32_params_t");

int infer_setup_fully_connected(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *w, *b, *out = infer_op_output(x);
    int act = 0;
    if (infer_op_arity(x, 2, 3) != 0 || (in = infer_op_operand(x, 0, true)) == NULL ||
        (w = infer_op_operand(x, 1, true)) == NULL) {
        return -1;
    }
    b = infer_op_operand(x, 2, false);
    if (infer_op_opt_act(x, FC_ACT, &act) != 0) {
        return -1;
    }
    if (x->has_opt) {
        uint8_t f8;
        if (fb_u8(x->c, &x->opt, FC_WEIGHTS_FORMAT, 0, &f8) != 0) {
            return -1;
        }
        if (f8 != 0) {
            return infer_op_unsup(x, "shuffled weights format");
        }
    }
    if (w->rank != 2) {
        return infer_op_bad(x, "weights are not 2-D");
    }
    int32_t out_depth = w->dims[0], depth = w->dims[1];
    uint32_t in_n = infer_elements(in);
    if (in_n % (uint32_t)depth != 0) {
        return infer_op_bad(x, "input size is not a multiple of the weights' depth");
    }
    uint32_t batches = in_n / (uint32_t)depth;
    if ((uint64_t)batches * (uint32_t)out_depth != infer_elements(out)) {
        return infer_op_bad(x, "output size does not match batches x units");
    }
    if (infer_op_is_s8(in) && infer_op_is_s8(out)) {
        if (infer_op_check_weights(x, w, b, (uint32_t)out_depth, true, 0) != 0) {
            return -1;
        }
        if (!infer_op_per_tensor(in) || !infer_op_per_tensor(out)) {
            return infer_op_unsup(x, "per-channel quantized activations");
        }
        cai_k_fc_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_fc_s8_params_t);
        memset(p, 0, sizeof *p);
        p->batches = (int32_t)batches;
        p->accum_depth = depth;
        p->out_depth = out_depth;
        p->in_zp = in->zero_point;
        p->out_zp = out->zero_point;
        bool uniform;
        if (infer_op_kstatus(x, cai_k_fc_s8_prepare(p, in->scale, infer_op_scales(x, w),
                                                    (int32_t)w->num_scales, out->scale, act, NULL,
                                                    NULL)) != 0 ||
            infer_op_requant(x, in, w, out, (uint32_t)out_depth, &uniform) != 0) {
            return -1;
        }
        /* the kernel's speed hint, as its prepare sets it from the stored
         * multipliers; then only channel 0's multiplier is read */
        p->per_tensor = uniform;
        if (uniform) {
            x->op->requant.n_channels = 1;
        }
        x->op->variant = INFER_VARIANT_S8;
        x->op->scratch_bytes = (uint32_t)cai_k_fc_s8_scratch_size(p);
        return 0;
    }
    if (infer_op_is_f32(in) && infer_op_is_f32(out)) {
        if (infer_op_check_weights(x, w, b, (uint32_t)out_depth, false, 0) != 0) {
            return -1;
        }
        cai_k_fc_f32_params_t *p = INFER_OP_PARAMS(x, cai_k_fc_f32_params_t);
        memset(p, 0, sizeof *p);
        p->batches = (int32_t)batches;
        p->accum_depth = depth;
        p->out_depth = out_depth;
        if (infer_op_kstatus(x, cai_k_fc_f32_prepare(p, act)) != 0) {
            return -1;
        }
        x->op->variant = INFER_VARIANT_F32;
        return 0;
    }
    return infer_op_unsup(x, "input/output types other than int8->int8 or float32->float32");
}

void infer_eval_fully_connected(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_fc_s8_params_t p = *(const cai_k_fc_s8_params_t *)op->params;
        void *scratch = infer_requant_run(op, sizeof p, &p.out_mult, &p.out_shift);
        cai_k_fc_s8(&p, op->in[0], op->in[1], op->in[2], op->out, scratch);
    } else {
        cai_k_fc_f32((const void *)op->params, op->in[0], op->in[1], op->in[2], op->out);
    }
}
