/*
 * Per-operator verification and preparation. For each operator this checks
 * everything its kernel trusts (arity, tensor types, ranks, shapes, constant
 * weights, quantization) and fills the kernel's parameter struct, the
 * per-channel multipliers and the scratch size, once, so invoke only
 * dispatches. The kernels do no checking of their own: a shape this file
 * lets through must be one the kernel handles inside its buffers.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "kernels/kernels.h"
#include "model_int.h"
#include "op_params.h"

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
enum {
    POOL_PADDING = 0,
    POOL_STRIDE_W = 1,
    POOL_STRIDE_H = 2,
    POOL_FILTER_W = 3,
    POOL_FILTER_H = 4,
    POOL_ACT = 5
};
enum {
    FC_ACT = 0,
    FC_WEIGHTS_FORMAT = 1
}; /* both byte enums */
enum {
    SOFTMAX_BETA = 0
};
enum {
    BINARY_ACT = 0
}; /* AddOptions and MulOptions */

_Static_assert(sizeof(cai_k_conv_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "conv params");
_Static_assert(sizeof(cai_k_fc_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "fc params");
_Static_assert(sizeof(cai_k_fc_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES, "fc f32 params");
_Static_assert(sizeof(cai_k_pool_params_t) <= CAI_INFER_OP_PARAM_BYTES, "pool params");
_Static_assert(sizeof(cai_k_softmax_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "softmax params");
_Static_assert(sizeof(cai_k_softmax_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES, "softmax f32");
_Static_assert(sizeof(cai_k_quantize_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES, "quantize");
_Static_assert(sizeof(cai_k_requantize_params_t) <= CAI_INFER_OP_PARAM_BYTES, "requantize");
_Static_assert(sizeof(cai_k_dequantize_params_t) <= CAI_INFER_OP_PARAM_BYTES, "dequantize");
_Static_assert(sizeof(cai_k_add_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "add params");
_Static_assert(sizeof(cai_k_mul_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "mul params");
_Static_assert(sizeof(cai_k_binary_f32_params_t) <= CAI_INFER_OP_PARAM_BYTES, "binary f32");
_Static_assert(sizeof(cai_k_sigmoid_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "sigmoid");
_Static_assert(sizeof(cai_k_relu_s8_params_t) <= CAI_INFER_OP_PARAM_BYTES, "relu");
_Static_assert(sizeof(infer_count_params_t) <= CAI_INFER_OP_PARAM_BYTES, "count");
_Static_assert(sizeof(infer_clamp_params_t) <= CAI_INFER_OP_PARAM_BYTES, "clamp");

/* What one operator's setup works on. */
typedef struct op_ctx {
    cai_model_t *m;
    fb_ctx_t *c;
    cai_op_rec_t *op;
    uint32_t k;
    const char *name;
    fb_table_t opt;
    bool has_opt;
} op_ctx_t;

static int bad(op_ctx_t *x, const char *what)
{
    return fb_fail(x->c, "op #%u %s: %s", (unsigned)x->k, x->name, what);
}

static int unsup(op_ctx_t *x, const char *what)
{
    return fb_failc(x->c, CAI_INFER_ERR_UNSUPPORTED, "unsupported: op #%u %s: %s", (unsigned)x->k,
                    x->name, what);
}

/* Map a kernel prepare helper's status to a load error (the mapping
 * kernels.h documents): 0, or -1 with the status recorded in x->c. */
static int kstatus(op_ctx_t *x, cai_k_err_t st)
{
    if (st == CAI_K_OK) {
        return 0;
    }
    if (st == CAI_K_ERR_UNSUPPORTED) {
        return unsup(x, "parameters not supported by the kernel");
    }
    if (st == CAI_K_ERR_RANGE) {
        return fb_failc(x->c, CAI_INFER_ERR_LIMIT,
                        "op #%u %s: accumulation depth over the kernel's limit", (unsigned)x->k,
                        x->name);
    }
    return bad(x, "parameters rejected by the kernel (dimension, stride or scale out of range)");
}

/* Operand j, or NULL when absent. Absent required operands fail. */
static cai_tensor_rec_t *operand(op_ctx_t *x, uint32_t j, bool required)
{
    if (j < x->op->num_inputs && x->op->inputs[j] >= 0) {
        return &x->m->tensors[x->op->inputs[j]];
    }
    if (required) {
        fb_fail(x->c, "op #%u %s: required input #%u is missing", (unsigned)x->k, x->name,
                (unsigned)j);
    }
    return NULL;
}

static int arity(op_ctx_t *x, uint32_t lo, uint32_t hi)
{
    if (x->op->num_inputs < lo || x->op->num_inputs > hi) {
        return fb_fail(x->c, "op #%u %s: %u inputs (expected %u to %u)", (unsigned)x->k, x->name,
                       (unsigned)x->op->num_inputs, (unsigned)lo, (unsigned)hi);
    }
    return 0;
}

static cai_tensor_rec_t *output(op_ctx_t *x)
{
    return &x->m->tensors[x->op->output];
}

static int opt_i32(op_ctx_t *x, unsigned id, int32_t def, int32_t *v)
{
    if (!x->has_opt) {
        *v = def;
        return 0;
    }
    return fb_i32(x->c, &x->opt, id, def, v);
}

static int opt_act(op_ctx_t *x, unsigned id, int *act)
{
    uint8_t a = 0;
    if (x->has_opt && fb_u8(x->c, &x->opt, id, 0, &a) != 0) {
        return -1;
    }
    if (a > CAI_K_ACT_RELU6) {
        return unsup(x, "fused activation other than NONE, RELU, RELU_N1_TO_1, RELU6");
    }
    *act = a;
    x->op->opts.activation = (int8_t)a;
    return 0;
}

static int require_options(op_ctx_t *x)
{
    return x->has_opt ? 0 : bad(x, "builtin options are missing");
}

static bool same_dims(const cai_tensor_rec_t *a, const cai_tensor_rec_t *b)
{
    if (a->rank != b->rank) {
        return false;
    }
    for (uint32_t d = 0; d < a->rank; d++) {
        if (a->dims[d] != b->dims[d]) {
            return false;
        }
    }
    return true;
}

static const float *scales_of(const cai_model_t *m, const cai_tensor_rec_t *t)
{
    /* 4-byte aligned in place: fb.c checked the vector, load checked buf. */
    return (const float *)(const void *)(m->buf + t->scales_off);
}

static bool per_tensor(const cai_tensor_rec_t *t)
{
    return t->num_scales == 1;
}

/* int8 weights must have zero points 0 on every channel (the kernels never
 * subtract a weight zero point, as TFLM). */
static bool weights_zp_zero(const cai_model_t *m, const cai_tensor_rec_t *t)
{
    for (uint32_t i = 0; i < t->num_scales; i++) {
        const uint8_t *p = m->buf + t->zps_off + 8u * i;
        if (fb_ld64(p) != 0) {
            return false;
        }
    }
    return true;
}

static int32_t *chan_alloc(op_ctx_t *x, uint32_t n, int32_t **shift)
{
    cai_model_t *m = x->m;
    if (n > CAI_INFER_MAX_CHANNELS - m->chan_used) {
        fb_failc(x->c, CAI_INFER_ERR_LIMIT,
                 "op #%u %s: over the limit of %u requantization channels", (unsigned)x->k, x->name,
                 (unsigned)CAI_INFER_MAX_CHANNELS);
        return NULL;
    }
    x->op->chan_first = m->chan_used;
    x->op->chan_count = n;
    *shift = &m->chan_shift[m->chan_used];
    int32_t *mult = &m->chan_mult[m->chan_used];
    m->chan_used += n;
    return mult;
}

static bool is_s8(const cai_tensor_rec_t *t)
{
    return t->type == CAI_DTYPE_INT8;
}

static bool is_f32(const cai_tensor_rec_t *t)
{
    return t->type == CAI_DTYPE_FLOAT32;
}

/* Weights/bias of FC and convolutions: constants of the expected type. */
static int check_weights(op_ctx_t *x, const cai_tensor_rec_t *w, const cai_tensor_rec_t *b,
                         uint32_t out_c, bool quantized, int32_t channel_dim)
{
    if (!(w->flags & TF_CONST)) {
        return unsup(x, "weights that are not constant");
    }
    if (quantized) {
        if (!is_s8(w)) {
            return unsup(x, "weights that are not int8");
        }
        if (w->num_scales != 1 && w->num_scales != out_c) {
            return bad(x, "weight scales are neither per-tensor nor one per output channel");
        }
        /* per-channel scales must run along the output-channel dimension
         * (0 for FC and CONV_2D filters, 3 for DEPTHWISE filters) */
        if (w->num_scales > 1 && w->quantized_dim != channel_dim) {
            return bad(x, "per-channel weight scales along the wrong quantized_dimension");
        }
        if (!weights_zp_zero(x->m, w)) {
            return unsup(x, "int8 weights with a non-zero zero point");
        }
    } else if (!is_f32(w)) {
        return unsup(x, "float op with non-float weights");
    }
    if (b != NULL) {
        if (!(b->flags & TF_CONST)) {
            return unsup(x, "bias that is not constant");
        }
        if (b->type != (quantized ? CAI_DTYPE_INT32 : CAI_DTYPE_FLOAT32)) {
            return unsup(x, quantized ? "bias that is not int32" : "bias that is not float32");
        }
        if (infer_elements(b) != out_c) {
            return bad(x, "bias size does not match the output channels");
        }
    }
    return 0;
}

static int setup_fc(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *w, *b, *out = output(x);
    int act = 0;
    if (arity(x, 2, 3) != 0 || (in = operand(x, 0, true)) == NULL ||
        (w = operand(x, 1, true)) == NULL) {
        return -1;
    }
    b = operand(x, 2, false);
    if (opt_act(x, FC_ACT, &act) != 0) {
        return -1;
    }
    if (x->has_opt) {
        uint8_t f8;
        if (fb_u8(x->c, &x->opt, FC_WEIGHTS_FORMAT, 0, &f8) != 0) {
            return -1;
        }
        if (f8 != 0) {
            return unsup(x, "shuffled weights format");
        }
    }
    if (w->rank != 2) {
        return bad(x, "weights are not 2-D");
    }
    int32_t out_depth = w->dims[0], depth = w->dims[1];
    uint32_t in_n = infer_elements(in);
    if (in_n % (uint32_t)depth != 0) {
        return bad(x, "input size is not a multiple of the weights' depth");
    }
    uint32_t batches = in_n / (uint32_t)depth;
    if ((uint64_t)batches * (uint32_t)out_depth != infer_elements(out)) {
        return bad(x, "output size does not match batches x units");
    }
    if (is_s8(in) && is_s8(out)) {
        if (check_weights(x, w, b, (uint32_t)out_depth, true, 0) != 0) {
            return -1;
        }
        if (!per_tensor(in) || !per_tensor(out)) {
            return unsup(x, "per-channel quantized activations");
        }
        int32_t *shift, *mult = chan_alloc(x, (uint32_t)out_depth, &shift);
        if (mult == NULL) {
            return -1;
        }
        cai_k_fc_s8_params_t *p = (cai_k_fc_s8_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->batches = (int32_t)batches;
        p->accum_depth = depth;
        p->out_depth = out_depth;
        p->in_zp = in->zero_point;
        p->out_zp = out->zero_point;
        if (kstatus(x, cai_k_fc_s8_prepare(p, in->scale, scales_of(x->m, w), (int32_t)w->num_scales,
                                           out->scale, act, mult, shift)) != 0) {
            return -1;
        }
        x->op->kind = K_FC_S8;
        x->op->scratch_bytes = (uint32_t)cai_k_fc_s8_scratch_size(p);
        return 0;
    }
    if (is_f32(in) && is_f32(out)) {
        if (check_weights(x, w, b, (uint32_t)out_depth, false, 0) != 0) {
            return -1;
        }
        cai_k_fc_f32_params_t *p = (cai_k_fc_f32_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->batches = (int32_t)batches;
        p->accum_depth = depth;
        p->out_depth = out_depth;
        if (kstatus(x, cai_k_fc_f32_prepare(p, act)) != 0) {
            return -1;
        }
        x->op->kind = K_FC_F32;
        return 0;
    }
    return unsup(x, "input/output types other than int8->int8 or float32->float32");
}

/* CONV_2D and DEPTHWISE_CONV_2D (int8). */
static int setup_conv(op_ctx_t *x, bool depthwise)
{
    cai_tensor_rec_t *in, *w, *b, *out = output(x);
    int32_t sw, sh, dw, dh, dm = 1;
    uint8_t padding = 0;
    int act = 0;
    if (arity(x, 2, 3) != 0 || (in = operand(x, 0, true)) == NULL ||
        (w = operand(x, 1, true)) == NULL) {
        return -1;
    }
    b = operand(x, 2, false);
    if (require_options(x) != 0) {
        return -1;
    }
    if (depthwise) {
        if (fb_u8(x->c, &x->opt, DW_PADDING, 0, &padding) != 0 ||
            opt_i32(x, DW_STRIDE_W, 0, &sw) != 0 || opt_i32(x, DW_STRIDE_H, 0, &sh) != 0 ||
            opt_i32(x, DW_MULT, 0, &dm) != 0 || opt_act(x, DW_ACT, &act) != 0 ||
            opt_i32(x, DW_DIL_W, 1, &dw) != 0 || opt_i32(x, DW_DIL_H, 1, &dh) != 0) {
            return -1;
        }
    } else {
        if (fb_u8(x->c, &x->opt, CONV_PADDING, 0, &padding) != 0 ||
            opt_i32(x, CONV_STRIDE_W, 0, &sw) != 0 || opt_i32(x, CONV_STRIDE_H, 0, &sh) != 0 ||
            opt_act(x, CONV_ACT, &act) != 0 || opt_i32(x, CONV_DIL_W, 1, &dw) != 0 ||
            opt_i32(x, CONV_DIL_H, 1, &dh) != 0) {
            return -1;
        }
    }
    if (!is_s8(in) || !is_s8(out)) {
        return unsup(x, "types other than int8 (float convolutions are not implemented)");
    }
    if (in->rank != 4 || w->rank != 4 || out->rank != 4) {
        return bad(x, "input, filter and output must be 4-D (NHWC)");
    }
    if (padding != CAI_K_PAD_SAME && padding != CAI_K_PAD_VALID) {
        return bad(x, "unknown padding");
    }
    if (sw < 1 || sh < 1 || dw < 1 || dh < 1) {
        return bad(x, "strides and dilations must be >= 1");
    }
    int32_t out_c = out->dims[3];
    if (depthwise) {
        if (w->dims[0] != 1 || w->dims[3] != out_c) {
            return bad(x, "filter shape is not [1, KH, KW, out_channels]");
        }
        if (dm < 1 || (int64_t)in->dims[3] * dm != out_c) {
            return bad(x, "output channels != input channels x depth_multiplier");
        }
    } else {
        if (w->dims[0] != out_c) {
            return bad(x, "filter outputs do not match the output channels");
        }
        if (w->dims[3] != in->dims[3]) {
            return unsup(x, "grouped convolution (filter depth != input depth)");
        }
    }
    if (in->dims[0] != out->dims[0]) {
        return bad(x, "batch sizes of input and output differ");
    }
    x->op->opts.padding = (int8_t)padding;
    x->op->opts.stride_w = sw;
    x->op->opts.stride_h = sh;
    x->op->opts.dilation_w = dw;
    x->op->opts.dilation_h = dh;
    x->op->opts.depth_multiplier = depthwise ? dm : 0;
    if (check_weights(x, w, b, (uint32_t)out_c, true, depthwise ? 3 : 0) != 0) {
        return -1;
    }
    if (!per_tensor(in) || !per_tensor(out)) {
        return unsup(x, "per-channel quantized activations");
    }
    int32_t *shift, *mult = chan_alloc(x, (uint32_t)out_c, &shift);
    if (mult == NULL) {
        return -1;
    }
    cai_k_conv_s8_params_t *p = (cai_k_conv_s8_params_t *)(void *)x->op->params;
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
        depthwise ? cai_k_dwconv_s8_prepare(p, padding, in->scale, scales_of(x->m, w),
                                            (int32_t)w->num_scales, out->scale, act, mult, shift)
                  : cai_k_conv_s8_prepare(p, padding, in->scale, scales_of(x->m, w),
                                          (int32_t)w->num_scales, out->scale, act, mult, shift);
    if (kstatus(x, st) != 0) {
        return -1;
    }
    if (p->out_h != out->dims[1] || p->out_w != out->dims[2]) {
        return bad(x, "output height/width do not match the padding and strides");
    }
    x->op->kind = depthwise ? K_DWCONV_S8 : K_CONV_S8;
    x->op->scratch_bytes =
        (uint32_t)(depthwise ? cai_k_dwconv_s8_scratch_size(p) : cai_k_conv_s8_scratch_size(p));
    return 0;
}

static int setup_pool(op_ctx_t *x, bool average)
{
    cai_tensor_rec_t *in, *out = output(x);
    int32_t sw, sh, fw, fh;
    uint8_t padding = 0;
    int act = 0;
    if (arity(x, 1, 1) != 0 || (in = operand(x, 0, true)) == NULL || require_options(x) != 0) {
        return -1;
    }
    if (fb_u8(x->c, &x->opt, POOL_PADDING, 0, &padding) != 0 ||
        opt_i32(x, POOL_STRIDE_W, 0, &sw) != 0 || opt_i32(x, POOL_STRIDE_H, 0, &sh) != 0 ||
        opt_i32(x, POOL_FILTER_W, 0, &fw) != 0 || opt_i32(x, POOL_FILTER_H, 0, &fh) != 0 ||
        opt_act(x, POOL_ACT, &act) != 0) {
        return -1;
    }
    x->op->opts.padding = (int8_t)padding;
    x->op->opts.stride_w = sw;
    x->op->opts.stride_h = sh;
    x->op->opts.filter_w = fw;
    x->op->opts.filter_h = fh;
    if (in->type != out->type || (!is_s8(in) && !is_f32(in))) {
        return unsup(x, "types other than int8 or float32 (same for input and output)");
    }
    if (in->rank != 4 || out->rank != 4) {
        return bad(x, "input and output must be 4-D (NHWC)");
    }
    if (padding != CAI_K_PAD_SAME && padding != CAI_K_PAD_VALID) {
        return bad(x, "unknown padding");
    }
    if (sw < 1 || sh < 1 || fw < 1 || fh < 1) {
        return bad(x, "strides and filter sizes must be >= 1");
    }
    if (in->dims[0] != out->dims[0] || in->dims[3] != out->dims[3]) {
        return bad(x, "batch or channels of input and output differ");
    }
    float in_s = 1.0f, out_s = 1.0f;
    int32_t in_zp = 0, out_zp = 0;
    if (is_s8(in)) {
        if (!per_tensor(in) || !per_tensor(out)) {
            return unsup(x, "per-channel quantized activations");
        }
        /* no requantization in TFLM's int8 pooling: same scale and zp */
        if (fabsf(in->scale - out->scale) > 1e-6f || in->zero_point != out->zero_point) {
            return unsup(x, "input and output quantization differ");
        }
        in_s = in->scale;
        out_s = out->scale;
        in_zp = in->zero_point;
        out_zp = out->zero_point;
    }
    cai_k_pool_params_t *p = (cai_k_pool_params_t *)(void *)x->op->params;
    memset(p, 0, sizeof *p);
    p->batches = in->dims[0];
    p->in_h = in->dims[1];
    p->in_w = in->dims[2];
    p->channels = in->dims[3];
    p->filter_h = fh;
    p->filter_w = fw;
    p->stride_h = sh;
    p->stride_w = sw;
    if (kstatus(x, cai_k_pool_prepare(p, padding, act, in_s, in_zp, out_s, out_zp)) != 0) {
        return -1;
    }
    if (p->out_h != out->dims[1] || p->out_w != out->dims[2]) {
        return bad(x, "output height/width do not match the padding and strides");
    }
    if (is_s8(in)) {
        x->op->kind = average ? K_AVGPOOL_S8 : K_MAXPOOL_S8;
    } else {
        x->op->kind = average ? K_AVGPOOL_F32 : K_MAXPOOL_F32;
    }
    return 0;
}

static int setup_reshape(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *shape, *out = output(x);
    if (arity(x, 1, 2) != 0 || (in = operand(x, 0, true)) == NULL) {
        return -1;
    }
    shape = operand(x, 1, false);
    if (shape != NULL && shape->type != CAI_DTYPE_INT32) {
        return bad(x, "the shape operand is not int32");
    }
    if (in->type != out->type) {
        return bad(x, "input and output types differ");
    }
    if (in->bytes != out->bytes) {
        return bad(x, "input and output sizes differ");
    }
    infer_count_params_t *p = (infer_count_params_t *)(void *)x->op->params;
    memset(p, 0, sizeof *p);
    p->count = (int32_t)in->bytes;
    x->op->kind = K_RESHAPE;
    return 0;
}

static int setup_softmax(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = output(x);
    float beta;
    if (arity(x, 1, 1) != 0 || (in = operand(x, 0, true)) == NULL || require_options(x) != 0 ||
        fb_f32(x->c, &x->opt, SOFTMAX_BETA, 0.0f, &beta) != 0) {
        return -1;
    }
    x->op->opts.beta = beta;
    if (!isfinite(beta) || beta <= 0.0f) {
        return bad(x, "beta is not a positive finite number");
    }
    if (in->rank < 1 || !same_dims(in, out)) {
        return bad(x, "input and output shapes differ");
    }
    int32_t depth = in->dims[in->rank - 1];
    int32_t rows = (int32_t)(infer_elements(in) / (uint32_t)depth);
    if (is_s8(in) && is_s8(out)) {
        if (!per_tensor(in) || !per_tensor(out)) {
            return unsup(x, "per-channel quantized activations");
        }
        cai_k_softmax_s8_params_t *p = (cai_k_softmax_s8_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->rows = rows;
        p->depth = depth;
        if (kstatus(x, cai_k_softmax_s8_prepare(p, beta, in->scale, out->scale, out->zero_point)) !=
            0) {
            return -1;
        }
        x->op->kind = K_SOFTMAX_S8;
        return 0;
    }
    if (is_f32(in) && is_f32(out)) {
        cai_k_softmax_f32_params_t *p = (cai_k_softmax_f32_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->rows = rows;
        p->depth = depth;
        p->beta = beta;
        x->op->kind = K_SOFTMAX_F32;
        return 0;
    }
    return unsup(x, "types other than int8->int8 or float32->float32");
}

static int setup_quantize(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = output(x);
    if (arity(x, 1, 1) != 0 || (in = operand(x, 0, true)) == NULL) {
        return -1;
    }
    if (infer_elements(in) != infer_elements(out)) {
        return bad(x, "input and output sizes differ");
    }
    if (!is_s8(out) || !per_tensor(out)) {
        return unsup(x, "output that is not per-tensor int8");
    }
    if (is_f32(in)) {
        cai_k_quantize_f32_params_t *p = (cai_k_quantize_f32_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->count = (int32_t)infer_elements(in);
        p->scale = out->scale;
        p->zp = out->zero_point;
        x->op->kind = K_QUANTIZE_F32_S8;
        return 0;
    }
    if (is_s8(in) && per_tensor(in)) {
        cai_k_requantize_params_t *p = (cai_k_requantize_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->count = (int32_t)infer_elements(in);
        p->in_zp = in->zero_point;
        p->out_zp = out->zero_point;
        if (kstatus(x, cai_k_requantize_s8_prepare(p, in->scale, out->scale)) != 0) {
            return -1;
        }
        x->op->kind = K_REQUANTIZE_S8;
        return 0;
    }
    return unsup(x, "input that is not float32 or per-tensor int8");
}

static int setup_dequantize(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = output(x);
    if (arity(x, 1, 1) != 0 || (in = operand(x, 0, true)) == NULL) {
        return -1;
    }
    if (infer_elements(in) != infer_elements(out)) {
        return bad(x, "input and output sizes differ");
    }
    if (!is_s8(in) || !per_tensor(in) || !is_f32(out)) {
        return unsup(x, "types other than per-tensor int8 -> float32");
    }
    cai_k_dequantize_params_t *p = (cai_k_dequantize_params_t *)(void *)x->op->params;
    memset(p, 0, sizeof *p);
    p->count = (int32_t)infer_elements(in);
    p->scale = (double)in->scale;
    p->zp = in->zero_point;
    x->op->kind = K_DEQUANTIZE_S8_F32;
    return 0;
}

/* ADD and MUL with NumPy broadcasting up to 4-D. */
static int setup_binary(op_ctx_t *x, bool is_add)
{
    cai_tensor_rec_t *a, *b, *out = output(x);
    int act = 0;
    if (arity(x, 2, 2) != 0 || (a = operand(x, 0, true)) == NULL ||
        (b = operand(x, 1, true)) == NULL || opt_act(x, BINARY_ACT, &act) != 0) {
        return -1;
    }
    if (a->type != out->type || b->type != out->type || (!is_s8(out) && !is_f32(out))) {
        return unsup(x, "types other than int8 or float32 (same for all operands)");
    }
    if (a->rank > 4 || b->rank > 4 || out->rank > 4) {
        return unsup(x, "operands of rank > 4");
    }
    cai_k_bcast4_t bc;
    if (kstatus(x, cai_k_bcast4_prepare(&bc, a->dims, a->rank, b->dims, b->rank)) != 0) {
        return -1;
    }
    for (uint32_t d = 0; d < 4; d++) {
        int32_t want = d + out->rank >= 4 ? out->dims[d + out->rank - 4] : 1;
        if (bc.out_dims[d] != want) {
            return bad(x, "output shape is not the broadcast of the input shapes");
        }
    }
    if ((uint32_t)cai_k_bcast4_count(&bc) != infer_elements(out)) {
        return bad(x, "output size is not the broadcast size");
    }
    if (is_s8(out)) {
        if (!per_tensor(a) || !per_tensor(b) || !per_tensor(out)) {
            return unsup(x, "per-channel quantized activations");
        }
        if (is_add) {
            cai_k_add_s8_params_t *p = (cai_k_add_s8_params_t *)(void *)x->op->params;
            memset(p, 0, sizeof *p);
            p->bc = bc;
            if (kstatus(x, cai_k_add_s8_prepare(p, a->scale, a->zero_point, b->scale, b->zero_point,
                                                out->scale, out->zero_point, act)) != 0) {
                return -1;
            }
            x->op->kind = K_ADD_S8;
        } else {
            cai_k_mul_s8_params_t *p = (cai_k_mul_s8_params_t *)(void *)x->op->params;
            memset(p, 0, sizeof *p);
            p->bc = bc;
            if (kstatus(x, cai_k_mul_s8_prepare(p, a->scale, a->zero_point, b->scale, b->zero_point,
                                                out->scale, out->zero_point, act)) != 0) {
                return -1;
            }
            x->op->kind = K_MUL_S8;
        }
        return 0;
    }
    cai_k_binary_f32_params_t *p = (cai_k_binary_f32_params_t *)(void *)x->op->params;
    memset(p, 0, sizeof *p);
    p->bc = bc;
    if (kstatus(x, cai_k_act_range_f32(act, &p->act_min, &p->act_max)) != 0) {
        return -1;
    }
    x->op->kind = is_add ? K_ADD_F32 : K_MUL_F32;
    return 0;
}

/* LOGISTIC, TANH, RELU, RELU6: element-wise, same shape in and out. */
static int setup_unary(op_ctx_t *x)
{
    cai_tensor_rec_t *in, *out = output(x);
    if (arity(x, 1, 1) != 0 || (in = operand(x, 0, true)) == NULL) {
        return -1;
    }
    if (infer_elements(in) != infer_elements(out)) {
        return bad(x, "input and output sizes differ");
    }
    if (in->type != out->type || (!is_s8(in) && !is_f32(in))) {
        return unsup(x, "types other than int8 or float32 (same for input and output)");
    }
    int32_t n = (int32_t)infer_elements(in);
    uint8_t code = x->op->builtin;
    if (is_s8(in)) {
        if (!per_tensor(in) || !per_tensor(out)) {
            return unsup(x, "per-channel quantized activations");
        }
        if (code == OP_LOGISTIC || code == OP_TANH) {
            cai_k_sigmoid_s8_params_t *p = (cai_k_sigmoid_s8_params_t *)(void *)x->op->params;
            memset(p, 0, sizeof *p);
            p->count = n;
            cai_k_err_t st = code == OP_LOGISTIC
                                 ? cai_k_logistic_s8_prepare(p, in->scale, in->zero_point,
                                                             out->scale, out->zero_point)
                                 : cai_k_tanh_s8_prepare(p, in->scale, in->zero_point, out->scale,
                                                         out->zero_point);
            if (kstatus(x, st) != 0) {
                return -1;
            }
            x->op->kind = code == OP_LOGISTIC ? K_LOGISTIC_S8 : K_TANH_S8;
            return 0;
        }
        cai_k_relu_s8_params_t *p = (cai_k_relu_s8_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->count = n;
        if (kstatus(x, cai_k_relu_s8_prepare(p, code == OP_RELU ? CAI_K_ACT_RELU : CAI_K_ACT_RELU6,
                                             in->scale, in->zero_point, out->scale,
                                             out->zero_point)) != 0) {
            return -1;
        }
        x->op->kind = K_RELU_S8;
        return 0;
    }
    if (code == OP_LOGISTIC || code == OP_TANH) {
        infer_count_params_t *p = (infer_count_params_t *)(void *)x->op->params;
        memset(p, 0, sizeof *p);
        p->count = n;
        x->op->kind = code == OP_LOGISTIC ? K_LOGISTIC_F32 : K_TANH_F32;
        return 0;
    }
    infer_clamp_params_t *p = (infer_clamp_params_t *)(void *)x->op->params;
    memset(p, 0, sizeof *p);
    p->count = n;
    if (kstatus(x, cai_k_act_range_f32(code == OP_RELU ? CAI_K_ACT_RELU : CAI_K_ACT_RELU6, &p->lo,
                                       &p->hi)) != 0) {
        return -1;
    }
    x->op->kind = K_CLAMP_F32;
    return 0;
}

int infer_ops_setup(cai_model_t *m, fb_ctx_t *c)
{
    m->chan_used = 0;
    for (uint32_t k = 0; k < m->num_ops; k++) {
        op_ctx_t x;
        memset(&x, 0, sizeof x);
        x.m = m;
        x.c = c;
        x.op = &m->ops[k];
        x.k = k;
        x.name = cai_builtin_name(x.op->builtin);
        x.op->kind = K_NONE;
        memset(&x.op->opts, 0, sizeof x.op->opts);
        x.op->opts.padding = -1;
        x.op->scratch_bytes = 0;
        x.op->chan_count = 0;
        if (x.op->options_off != 0) {
            if (fb_table_at(c, x.op->options_off, "builtin options", &x.opt) != 0) {
                return -1;
            }
            x.has_opt = true;
        }
        int rc;
        switch (x.op->builtin) {
        case OP_FULLY_CONNECTED:
            rc = setup_fc(&x);
            break;
        case OP_CONV_2D:
            rc = setup_conv(&x, false);
            break;
        case OP_DEPTHWISE_CONV_2D:
            rc = setup_conv(&x, true);
            break;
        case OP_AVERAGE_POOL_2D:
            rc = setup_pool(&x, true);
            break;
        case OP_MAX_POOL_2D:
            rc = setup_pool(&x, false);
            break;
        case OP_RESHAPE:
            rc = setup_reshape(&x);
            break;
        case OP_SOFTMAX:
            rc = setup_softmax(&x);
            break;
        case OP_QUANTIZE:
            rc = setup_quantize(&x);
            break;
        case OP_DEQUANTIZE:
            rc = setup_dequantize(&x);
            break;
        case OP_ADD:
            rc = setup_binary(&x, true);
            break;
        case OP_MUL:
            rc = setup_binary(&x, false);
            break;
        case OP_LOGISTIC:
        case OP_TANH:
        case OP_RELU:
        case OP_RELU6:
            rc = setup_unary(&x);
            break;
        default:
            rc = unsup(&x, "no kernel");
            break;
        }
        if (rc != 0 || c->failed) {
            return -1;
        }
        if (x.op->scratch_bytes > 0x10000000u) {
            return fb_failc(c, CAI_INFER_ERR_LIMIT, "op #%u %s: scratch too large", (unsigned)k,
                            x.name);
        }
    }
    return 0;
}
