/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CONV_2D and DEPTHWISE_CONV_2D (int8, per-channel), one shared setup.
 * Setup and eval of the op_table.h rows; arithmetic in kernels/conv.c and
 * kernels/depthwise_conv.c.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "op_setup.h"

/* Option field ids (TFLite schema declaration order). */
enum {
    CONV_PADDING = 0,
    CONV_STRIDE_W = 1,
    CONV_STRIDE_H = 2,
    CONV_ACT = 3,
    CONV_DIL_W = 4,
    CONV_DIL_H = 5
};
enum {
    DW_PADDING = 0,
    DW_STRIDE_W = 1,
    DW_STRIDE_H = 2,
    DW_MULT = 3,
    DW_ACT = 4,
    DW_DIL_W = 5,
    DW_DIL_H = 6
};
_Static_assert(sizeof(cai_k_conv_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES,
               "cai_k_conv_s8_params_t");

/* CONV_2D and DEPTHWISE_CONV_2D (int8). */
static int setup_conv(op_ctx_t *x, bool depthwise)
{
    cai_tensor_rec_t *in, *w, *b, *out = infer_op_output(x);
    int32_t sw, sh, dw, dh, dm = 1;
    uint8_t padding = 0;
    int act = 0;
    if (infer_op_arity(x, 2, 3) != 0 || (in = infer_op_operand(x, 0, true)) == NULL ||
        (w = infer_op_operand(x, 1, true)) == NULL) {
        return -1;
    }
    b = infer_op_operand(x, 2, false);
    if (infer_op_require_options(x) != 0) {
        return -1;
    }
    if (depthwise) {
        if (fb_u8(x->c, &x->opt, DW_PADDING, 0, &padding) != 0 ||
            infer_op_opt_i32(x, DW_STRIDE_W, 0, &sw) != 0 ||
            infer_op_opt_i32(x, DW_STRIDE_H, 0, &sh) != 0 ||
            infer_op_opt_i32(x, DW_MULT, 0, &dm) != 0 || infer_op_opt_act(x, DW_ACT, &act) != 0 ||
            infer_op_opt_i32(x, DW_DIL_W, 1, &dw) != 0 ||
            infer_op_opt_i32(x, DW_DIL_H, 1, &dh) != 0) {
            return -1;
        }
    } else {
        if (fb_u8(x->c, &x->opt, CONV_PADDING, 0, &padding) != 0 ||
            infer_op_opt_i32(x, CONV_STRIDE_W, 0, &sw) != 0 ||
            infer_op_opt_i32(x, CONV_STRIDE_H, 0, &sh) != 0 ||
            infer_op_opt_act(x, CONV_ACT, &act) != 0 ||
            infer_op_opt_i32(x, CONV_DIL_W, 1, &dw) != 0 ||
            infer_op_opt_i32(x, CONV_DIL_H, 1, &dh) != 0) {
            return -1;
        }
    }
    if (!infer_op_is_s8(in) || !infer_op_is_s8(out)) {
        return infer_op_unsup(x, "types other than int8 (float convolutions are not implemented)");
    }
    if (in->rank != 4 || w->rank != 4 || out->rank != 4) {
        return infer_op_bad(x, "input, filter and output must be 4-D (NHWC)");
    }
    if (padding != CAI_K_PAD_SAME && padding != CAI_K_PAD_VALID) {
        return infer_op_bad(x, "unknown padding");
    }
    if (sw < 1 || sh < 1 || dw < 1 || dh < 1) {
        return infer_op_bad(x, "strides and dilations must be >= 1");
    }
    int32_t out_c = out->dims[3];
    if (depthwise) {
        if (w->dims[0] != 1 || w->dims[3] != out_c) {
            return infer_op_bad(x, "filter shape is not [1, KH, KW, out_channels]");
        }
        if (dm < 1 || (int64_t)in->dims[3] * dm != out_c) {
            return infer_op_bad(x, "output channels != input channels x depth_multiplier");
        }
    } else {
        if (w->dims[0] != out_c) {
            return infer_op_bad(x, "filter outputs do not match the output channels");
        }
        if (w->dims[3] != in->dims[3]) {
            return infer_op_unsup(x, "grouped convolution (filter depth != input depth)");
        }
    }
    if (in->dims[0] != out->dims[0]) {
        return infer_op_bad(x, "batch sizes of input and output differ");
    }
    x->op->opts.padding = (int8_t)padding;
    x->op->opts.stride_w = sw;
    x->op->opts.stride_h = sh;
    x->op->opts.dilation_w = dw;
    x->op->opts.dilation_h = dh;
    x->op->opts.depth_multiplier = depthwise ? dm : 0;
    if (infer_op_check_weights(x, w, b, (uint32_t)out_c, true, depthwise ? 3 : 0) != 0) {
        return -1;
    }
    if (!infer_op_per_tensor(in) || !infer_op_per_tensor(out)) {
        return infer_op_unsup(x, "per-channel quantized activations");
    }
    cai_k_conv_s8_params_t *p = INFER_OP_PARAMS(x, cai_k_conv_s8_params_t);
    memset(p, 0, sizeof *p);
    p->batches = in->dims[0];
    p->in_h = in->dims[1];
    p->in_w = in->dims[2];
    p->in_c = in->dims[3];
    p->filter_h = w->dims[1];
    p->filter_w = w->dims[2];
    p->out_c = out_c;
    p->stride_h = sh;
    p->stride_w = sw;
    p->dilation_h = dh;
    p->dilation_w = dw;
    p->depth_multiplier = dm;
    p->in_zp = in->zero_point;
    p->out_zp = out->zero_point;
    cai_k_err_t st =
        depthwise ? cai_k_dwconv_s8_prepare(p, padding, in->scale, infer_op_scales(x, w),
                                            (int32_t)w->num_scales, out->scale, act, NULL, NULL)
                  : cai_k_conv_s8_prepare(p, padding, in->scale, infer_op_scales(x, w),
                                          (int32_t)w->num_scales, out->scale, act, NULL, NULL);
    bool uniform;
    if (infer_op_kstatus(x, st) != 0 ||
        infer_op_requant(x, in, w, out, (uint32_t)out_c, &uniform) != 0) {
        return -1;
    }
    if (p->out_h != out->dims[1] || p->out_w != out->dims[2]) {
        return infer_op_bad(x, "output height/width do not match the padding and strides");
    }
    x->op->variant = INFER_VARIANT_S8;
    x->op->scratch_bytes =
        (uint32_t)(depthwise ? cai_k_dwconv_s8_scratch_size(p) : cai_k_conv_s8_scratch_size(p));
    return 0;
}

int infer_setup_conv_2d(op_ctx_t *x)
{
    return setup_conv(x, false);
}

int infer_setup_depthwise_conv_2d(op_ctx_t *x)
{
    return setup_conv(x, true);
}

/* The per-channel multipliers are computed into the op's scratch as it runs
 * (infer_requant_run), from the float scales in the model buffer. */
void infer_eval_conv_2d(const cai_op_rec_t *op)
{
    cai_k_conv_s8_params_t p = *(const cai_k_conv_s8_params_t *)op->params;
    void *scratch = infer_requant_run(op, sizeof p, &p.out_mult, &p.out_shift);
    cai_k_conv_s8(&p, op->in[0], op->in[1], op->in[2], op->out, scratch);
}

void infer_eval_depthwise_conv_2d(const cai_op_rec_t *op)
{
    cai_k_conv_s8_params_t p = *(const cai_k_conv_s8_params_t *)op->params;
    void *scratch = infer_requant_run(op, sizeof p, &p.out_mult, &p.out_shift);
    cai_k_dwconv_s8(&p, op->in[0], op->in[1], op->in[2], op->out, scratch);
}
