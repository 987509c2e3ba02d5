/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What an operator's setup function (ops/NAME.c) works with: the context of one
 * operator and the checks shared by all of them (defined in ops_setup.c).
 * The prototypes of every setup and eval function come from op_table.h.
 * Engine-internal.
 */
#ifndef CAI_INFER_OP_SETUP_H
#define CAI_INFER_OP_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernels/kernels.h"
#include "model_int.h"
#include "op_params.h"

/* What one operator's setup works on. */
typedef struct op_ctx {
    const infer_state_t *g; /* the model's tables */
    fb_ctx_t *c;
    infer_op_t *op;
    uint32_t k;       /* operator index */
    const char *name; /* its op_table.h name */
    fb_table_t opt;   /* its builtin options table, when has_opt */
    bool has_opt;
    /* operands decoded on demand (infer_op_operand / infer_op_output) */
    cai_tensor_rec_t opnd[3]; /* no operator takes a 4th input */
    cai_tensor_rec_t out;
} op_ctx_t;

#define CAI_OP(NAME, CODE, MAXV, OPT, SETUP, EVAL) \
    int SETUP(op_ctx_t *x);                        \
    void EVAL(const cai_op_rec_t *op);
#include "op_table.h"
#undef CAI_OP

/* Each returns 0, or -1 with the failure recorded in x->c. */

/* "op #k NAME: what" as CAI_INFER_ERR_MALFORMED / CAI_INFER_ERR_UNSUPPORTED. */
int infer_op_bad(op_ctx_t *x, const char *what);
int infer_op_unsup(op_ctx_t *x, const char *what);
/* A kernel prepare helper's status as a load error (mapping in kernels.h). */
int infer_op_kstatus(op_ctx_t *x, cai_k_err_t st);
/* Operand j, or NULL when absent (a failure too when `required`). */
cai_tensor_rec_t *infer_op_operand(op_ctx_t *x, uint32_t j, bool required);
/* The number of inputs is in [lo, hi]. */
int infer_op_arity(op_ctx_t *x, uint32_t lo, uint32_t hi);
cai_tensor_rec_t *infer_op_output(op_ctx_t *x);
/* An int32 option field (def when absent or the op has no options). */
int infer_op_opt_i32(op_ctx_t *x, unsigned id, int32_t def, int32_t *v);
/* The fused activation field `id` (NONE, RELU, RELU_N1_TO_1, RELU6 only);
 * also recorded in op->opts. */
int infer_op_opt_act(op_ctx_t *x, unsigned id, int *act);
int infer_op_require_options(op_ctx_t *x);
bool infer_op_same_dims(const cai_tensor_rec_t *a, const cai_tensor_rec_t *b);
/* The tensor's float scales, in place in the model buffer. */
const float *infer_op_scales(const op_ctx_t *x, const cai_tensor_rec_t *t);
bool infer_op_per_tensor(const cai_tensor_rec_t *t);
bool infer_op_is_s8(const cai_tensor_rec_t *t);
bool infer_op_is_f32(const cai_tensor_rec_t *t);
/* Per-channel requantization of an int8 FC/convolution with out_c output
 * channels: checks every channel's multiplier as the kernel's prepare would
 * (cai_k_channel_multipliers) and records what the eval needs to compute
 * them as the op runs (into its scratch; the state holds only the scale
 * pointer and two floats). *uniform: all channels get the same multiplier
 * and shift, which is then kept instead (8 bytes) and only copied into the
 * scratch as the op runs. 0, or -1 with the error recorded. */
int infer_op_requant(op_ctx_t *x, const cai_tensor_rec_t *in, const cai_tensor_rec_t *w,
                     const cai_tensor_rec_t *out, uint32_t out_c, bool *uniform);
/* Weights/bias of FC and convolutions: constants of the expected type, int8
 * weights per-tensor or per-channel along channel_dim with zero points 0. */
int infer_op_check_weights(op_ctx_t *x, const cai_tensor_rec_t *w, const cai_tensor_rec_t *b,
                           uint32_t out_c, bool quantized, int32_t channel_dim);

/* The kernel parameters of an operator being set up: zeroed storage of
 * `bytes` (<= CAI_INFER_OP_PARAM_BYTES) that the load copies into the state. */
void *infer_op_params(op_ctx_t *x, size_t bytes);
#define INFER_OP_PARAMS(x, type) ((type *)infer_op_params((x), sizeof(type)))

#endif /* CAI_INFER_OP_SETUP_H */
