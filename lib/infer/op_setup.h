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
    cai_model_t *m;
    fb_ctx_t *c;
    cai_op_rec_t *op;
    uint32_t k;       /* operator index */
    const char *name; /* its op_table.h name */
    fb_table_t opt;   /* its builtin options table, when has_opt */
    bool has_opt;
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
const float *infer_op_scales(const cai_model_t *m, const cai_tensor_rec_t *t);
bool infer_op_per_tensor(const cai_tensor_rec_t *t);
bool infer_op_is_s8(const cai_tensor_rec_t *t);
bool infer_op_is_f32(const cai_tensor_rec_t *t);
/* n per-channel multiplier slots (the shifts in *shift), or NULL on failure. */
int32_t *infer_op_chan_alloc(op_ctx_t *x, uint32_t n, int32_t **shift);
/* Weights/bias of FC and convolutions: constants of the expected type, int8
 * weights per-tensor or per-channel along channel_dim with zero points 0. */
int infer_op_check_weights(op_ctx_t *x, const cai_tensor_rec_t *w, const cai_tensor_rec_t *b,
                           uint32_t out_c, bool quantized, int32_t channel_dim);

/* The kernel parameters of an operator (storage in cai_op_rec.params). */
#define INFER_OP_PARAMS(op, type) ((type *)(void *)(op)->params)

#endif /* CAI_INFER_OP_SETUP_H */
