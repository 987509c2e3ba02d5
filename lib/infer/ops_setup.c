/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Operator verification and preparation: the operator table (op_table.h)
 * and the checks every operator's setup (ops/NAME.c) shares. For each operator
 * its setup checks everything its kernel trusts (arity, tensor types, ranks,
 * shapes, constant weights, quantization) and fills the kernel's parameter
 * struct, the requantization record and the scratch size, once, so invoke
 * only dispatches (and computes per-channel multipliers, infer_requant_run). The kernels do no checking of their own: a shape a setup
 * lets through must be one the kernel handles inside its buffers.
 */
#include <string.h>

#include "op_setup.h"

static const infer_op_def_t k_ops[] = {
#define CAI_OP(NAME, CODE, MAXV, OPT, SETUP, EVAL) { CODE, MAXV, OPT, SETUP, #NAME },
#include "op_table.h"
#undef CAI_OP
};

/* cai_op_rec.builtin is a uint8_t. */
#define CAI_OP(NAME, CODE, MAXV, OPT, SETUP, EVAL) \
    _Static_assert(CODE >= 0 && CODE < 256 && MAXV >= 1, #NAME ": code or version");
#include "op_table.h"
#undef CAI_OP

const infer_op_def_t *infer_op_find(uint32_t builtin)
{
    for (size_t i = 0; i < sizeof k_ops / sizeof k_ops[0]; i++) {
        if (k_ops[i].builtin == builtin) {
            return &k_ops[i];
        }
    }
    return NULL;
}

int32_t cai_infer_op_max_version(uint32_t code)
{
    const infer_op_def_t *def = infer_op_find(code);
    return def != NULL ? def->max_version : 0;
}

int infer_op_bad(op_ctx_t *x, const char *what)
{
    return fb_fail(x->c, "op #%u %s: %s", (unsigned)x->k, x->name, what);
}

int infer_op_unsup(op_ctx_t *x, const char *what)
{
    return fb_failc(x->c, CAI_INFER_ERR_UNSUPPORTED, "unsupported: op #%u %s: %s", (unsigned)x->k,
                    x->name, what);
}

/* Map a kernel prepare helper's status to a load error (the mapping
 * kernels.h documents): 0, or -1 with the status recorded in x->c. */
int infer_op_kstatus(op_ctx_t *x, cai_k_err_t st)
{
    if (st == CAI_K_OK) {
        return 0;
    }
    if (st == CAI_K_ERR_UNSUPPORTED) {
        return infer_op_unsup(x, "parameters not supported by the kernel");
    }
    if (st == CAI_K_ERR_RANGE) {
        return fb_failc(x->c, CAI_INFER_ERR_LIMIT,
                        "op #%u %s: accumulation depth over the kernel's limit", (unsigned)x->k,
                        x->name);
    }
    return infer_op_bad(
        x, "parameters rejected by the kernel (dimension, stride or scale out of range)");
}

/* Operand j, or NULL when absent. Absent required operands fail. */
cai_tensor_rec_t *infer_op_operand(op_ctx_t *x, uint32_t j, bool required)
{
    if (j < x->op->num_inputs && j < 3 && x->op->inputs[j] >= 0) {
        cai_tensor_rec_t *t = &x->opnd[j];
        return infer_tensor_get(x->c, x->g, (uint32_t)x->op->inputs[j], t) == 0 ? t : NULL;
    }
    if (required) {
        fb_fail(x->c, "op #%u %s: required input #%u is missing", (unsigned)x->k, x->name,
                (unsigned)j);
    }
    return NULL;
}

int infer_op_arity(op_ctx_t *x, uint32_t lo, uint32_t hi)
{
    if (x->op->num_inputs < lo || x->op->num_inputs > hi) {
        return fb_fail(x->c, "op #%u %s: %u inputs (expected %u to %u)", (unsigned)x->k, x->name,
                       (unsigned)x->op->num_inputs, (unsigned)lo, (unsigned)hi);
    }
    return 0;
}

cai_tensor_rec_t *infer_op_output(op_ctx_t *x)
{
    /* verified before any setup runs: cannot fail (the context would say) */
    infer_tensor_get(x->c, x->g, (uint32_t)x->op->output, &x->out);
    return &x->out;
}

void *infer_op_params(op_ctx_t *x, size_t bytes)
{
    /* every params struct is _Static_assert'ed to fit */
    x->op->params_bytes = (uint32_t)bytes;
    memset(x->op->params, 0, sizeof x->op->params);
    return x->op->params;
}

int infer_op_opt_i32(op_ctx_t *x, unsigned id, int32_t def, int32_t *v)
{
    if (!x->has_opt) {
        *v = def;
        return 0;
    }
    return fb_i32(x->c, &x->opt, id, def, v);
}

int infer_op_opt_act(op_ctx_t *x, unsigned id, int *act)
{
    uint8_t a = 0;
    if (x->has_opt && fb_u8(x->c, &x->opt, id, 0, &a) != 0) {
        return -1;
    }
    if (a > CAI_K_ACT_RELU6) {
        return infer_op_unsup(x, "fused activation other than NONE, RELU, RELU_N1_TO_1, RELU6");
    }
    *act = a;
    x->op->opts.activation = (int8_t)a;
    return 0;
}

int infer_op_require_options(op_ctx_t *x)
{
    return x->has_opt ? 0 : infer_op_bad(x, "builtin options are missing");
}

bool infer_op_same_dims(const cai_tensor_rec_t *a, const cai_tensor_rec_t *b)
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

const float *infer_op_scales(const op_ctx_t *x, const cai_tensor_rec_t *t)
{
    /* 4-byte aligned in place: fb.c checked the vector, load checked buf. */
    return (const float *)(const void *)(x->c->buf + t->scales_off);
}

bool infer_op_per_tensor(const cai_tensor_rec_t *t)
{
    return t->num_scales == 1;
}

/* int8 weights must have zero points 0 on every channel (the kernels never
 * subtract a weight zero point, as TFLM). */
static bool weights_zp_zero(const op_ctx_t *x, const cai_tensor_rec_t *t)
{
    for (uint32_t i = 0; i < t->num_scales; i++) {
        const uint8_t *p = x->c->buf + t->zps_off + 8u * i;
        if (fb_ld64(p) != 0) {
            return false;
        }
    }
    return true;
}

int infer_op_requant(op_ctx_t *x, const cai_tensor_rec_t *in, const cai_tensor_rec_t *w,
                     const cai_tensor_rec_t *out, uint32_t out_c, bool *uniform)
{
    const float *ws = infer_op_scales(x, w);
    const int32_t n_w = (int32_t)w->num_scales;
    int32_t m0 = 0, s0 = 0;
    *uniform = true;
    /* channel by channel with the kernels' own function, so that a model is
     * refused exactly when the kernel's prepare would refuse it */
    for (uint32_t ch = 0; ch < out_c; ch++) {
        int32_t mu, sh;
        cai_k_err_t st = cai_k_channel_multipliers(in->scale, n_w == 1 ? ws : ws + ch, 1,
                                                   out->scale, 1, &mu, &sh);
        if (infer_op_kstatus(x, st) != 0) {
            return -1;
        }
        if (ch == 0) {
            m0 = mu;
            s0 = sh;
        } else if (mu != m0 || sh != s0) {
            *uniform = false;
        }
    }
    infer_requant_t *r = &x->op->requant;
    if (*uniform) {
        /* one multiplier for all: kept (8 bytes), nothing to compute */
        r->w_scales = NULL;
        r->u.fixed.mult = m0;
        r->u.fixed.shift = s0;
    } else {
        r->w_scales = ws;
        r->u.scales.in_scale = in->scale;
        r->u.scales.out_scale = out->scale;
    }
    r->n_w_scales = n_w;
    r->n_channels = (int32_t)out_c;
    x->op->has_requant = true;
    return 0;
}

uint32_t infer_op_scratch_total(const infer_op_t *op)
{
    uint32_t s = (op->scratch_bytes + 15u) & ~15u;
    if (op->has_requant) {
        s += 2u * ((4u * (uint32_t)op->requant.n_channels + 15u) & ~15u);
    }
    return s;
}

bool infer_op_is_s8(const cai_tensor_rec_t *t)
{
    return t->type == CAI_DTYPE_INT8;
}

bool infer_op_is_f32(const cai_tensor_rec_t *t)
{
    return t->type == CAI_DTYPE_FLOAT32;
}

/* Weights/bias of FC and convolutions: constants of the expected type. */
int infer_op_check_weights(op_ctx_t *x, const cai_tensor_rec_t *w, const cai_tensor_rec_t *b,
                           uint32_t out_c, bool quantized, int32_t channel_dim)
{
    if (!(w->flags & TF_CONST)) {
        return infer_op_unsup(x, "weights that are not constant");
    }
    if (quantized) {
        if (!infer_op_is_s8(w)) {
            return infer_op_unsup(x, "weights that are not int8");
        }
        if (w->num_scales != 1 && w->num_scales != out_c) {
            return infer_op_bad(x,
                                "weight scales are neither per-tensor nor one per output channel");
        }
        /* per-channel scales must run along the output-channel dimension
         * (0 for FC and CONV_2D filters, 3 for DEPTHWISE filters) */
        if (w->num_scales > 1 && w->quantized_dim != channel_dim) {
            return infer_op_bad(x, "per-channel weight scales along the wrong quantized_dimension");
        }
        if (!weights_zp_zero(x, w)) {
            return infer_op_unsup(x, "int8 weights with a non-zero zero point");
        }
    } else if (!infer_op_is_f32(w)) {
        return infer_op_unsup(x, "float op with non-float weights");
    }
    if (b != NULL) {
        if (!(b->flags & TF_CONST)) {
            return infer_op_unsup(x, "bias that is not constant");
        }
        if (b->type != (quantized ? CAI_DTYPE_INT32 : CAI_DTYPE_FLOAT32)) {
            return infer_op_unsup(x, quantized ? "bias that is not int32"
                                               : "bias that is not float32");
        }
        if (infer_elements(b) != out_c) {
            return infer_op_bad(x, "bias size does not match the output channels");
        }
    }
    return 0;
}

int infer_op_setup(fb_ctx_t *c, const infer_state_t *g, uint32_t k, infer_op_t *op)
{
    op_ctx_t x;
    memset(&x, 0, sizeof x);
    x.g = g;
    x.c = c;
    x.op = op;
    x.k = k;
    const infer_op_def_t *def = infer_op_find(op->builtin);
    x.name = def != NULL ? def->name : cai_builtin_name(op->builtin);
    op->variant = INFER_VARIANT_NONE;
    memset(&op->opts, 0, sizeof op->opts);
    op->opts.padding = -1;
    op->scratch_bytes = 0;
    op->params_bytes = 0;
    op->has_requant = false;
    memset(&op->requant, 0, sizeof op->requant);
    if (op->options_off != 0) {
        if (fb_table_at(c, op->options_off, "builtin options", &x.opt) != 0) {
            return -1;
        }
        x.has_opt = true;
    }
    /* the loader refuses codes without a row: def is never NULL here */
    int rc = def != NULL ? def->setup(&x) : infer_op_unsup(&x, "no kernel");
    if (rc != 0 || c->failed) {
        return -1;
    }
    if (op->scratch_bytes > 0x10000000u) {
        return fb_failc(c, CAI_INFER_ERR_LIMIT, "op #%u %s: scratch too large", (unsigned)k,
                        x.name);
    }
    return 0;
}
