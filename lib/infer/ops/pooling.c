/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AVERAGE_POOL_2D and MAX_POOL_2D, int8 and float32, one shared setup.
 * Setup and eval of the op_table.h rows; arithmetic in kernels/pooling.c.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "op_setup.h"

/* Option field ids (TFLite schema declaration order). */
enum {
    POOL_PADDING = 0,
    POOL_STRIDE_W = 1,
    POOL_STRIDE_H = 2,
    POOL_FILTER_W = 3,
    POOL_FILTER_H = 4,
    POOL_ACT = 5
};
_Static_assert(sizeof(cai_k_pool_params_t) <= CAI_INFER_OP_PARAM_BYTES, "cai_k_pool_params_t");

static int setup_pool(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = infer_op_output(x);
    int32_t sw, sh, fw, fh;
    uint8_t padding = 0;
    int act = 0;
    if (infer_op_arity(x, 1, 1) != 0 || (in = infer_op_operand(x, 0, true)) == NULL ||
        infer_op_require_options(x) != 0) {
        return -1;
    }
    if (fb_u8(x->c, &x->opt, POOL_PADDING, 0, &padding) != 0 ||
        infer_op_opt_i32(x, POOL_STRIDE_W, 0, &sw) != 0 ||
        infer_op_opt_i32(x, POOL_STRIDE_H, 0, &sh) != 0 ||
        infer_op_opt_i32(x, POOL_FILTER_W, 0, &fw) != 0 ||
        infer_op_opt_i32(x, POOL_FILTER_H, 0, &fh) != 0 ||
        infer_op_opt_act(x, POOL_ACT, &act) != 0) {
        return -1;
    }
    x->op->opts.padding = (int8_t)padding;
    x->op->opts.stride_w = sw;
    x->op->opts.stride_h = sh;
    x->op->opts.filter_w = fw;
    x->op->opts.filter_h = fh;
    if (in->type != out->type || (!infer_op_is_s8(in) && !infer_op_is_f32(in))) {
        return infer_op_unsup(x, "types other than int8 or float32 (same for input and output)");
    }
    if (in->rank != 4 || out->rank != 4) {
        return infer_op_bad(x, "input and output must be 4-D (NHWC)");
    }
    if (padding != CAI_K_PAD_SAME && padding != CAI_K_PAD_VALID) {
        return infer_op_bad(x, "unknown padding");
    }
    if (sw < 1 || sh < 1 || fw < 1 || fh < 1) {
        return infer_op_bad(x, "strides and filter sizes must be >= 1");
    }
    if (in->dims[0] != out->dims[0] || in->dims[3] != out->dims[3]) {
        return infer_op_bad(x, "batch or channels of input and output differ");
    }
    float in_s = 1.0f, out_s = 1.0f;
    int32_t in_zp = 0, out_zp = 0;
    if (infer_op_is_s8(in)) {
        if (!infer_op_per_tensor(in) || !infer_op_per_tensor(out)) {
            return infer_op_unsup(x, "per-channel quantized activations");
        }
        /* no requantization in TFLM's int8 pooling: same scale and zp */
        if (fabsf(in->scale - out->scale) > 1e-6f || in->zero_point != out->zero_point) {
            return infer_op_unsup(x, "input and output quantization differ");
        }
        in_s = in->scale;
        out_s = out->scale;
        in_zp = in->zero_point;
        out_zp = out->zero_point;
    }
    cai_k_pool_params_t *p = INFER_OP_PARAMS(x, cai_k_pool_params_t);
    memset(p, 0, sizeof *p);
    p->batches = in->dims[0];
    p->in_h = in->dims[1];
    p->in_w = in->dims[2];
    p->channels = in->dims[3];
    p->filter_h = fh;
    p->filter_w = fw;
    p->stride_h = sh;
    p->stride_w = sw;
    if (infer_op_kstatus(x, cai_k_pool_prepare(p, padding, act, in_s, in_zp, out_s, out_zp)) != 0) {
        return -1;
    }
    if (p->out_h != out->dims[1] || p->out_w != out->dims[2]) {
        return infer_op_bad(x, "output height/width do not match the padding and strides");
    }
    if (infer_op_is_s8(in)) {
        x->op->variant = INFER_VARIANT_S8;
    } else {
        x->op->variant = INFER_VARIANT_F32;
    }
    return 0;
}

int infer_setup_average_pool_2d(op_ctx_t *x)
{
    return setup_pool(x);
}

int infer_setup_max_pool_2d(op_ctx_t *x)
{
    return setup_pool(x);
}

void infer_eval_average_pool_2d(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_avgpool_s8((const void *)op->params, op->in[0], op->out);
    } else {
        cai_k_avgpool_f32((const void *)op->params, op->in[0], op->out);
    }
}

void infer_eval_max_pool_2d(const cai_op_rec_t *op)
{
    if (op->variant == INFER_VARIANT_S8) {
        cai_k_maxpool_s8((const void *)op->params, op->in[0], op->out);
    } else {
        cai_k_maxpool_f32((const void *)op->params, op->in[0], op->out);
    }
}
