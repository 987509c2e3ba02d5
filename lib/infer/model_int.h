/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Engine-internal declarations shared by the loader, the operator setup, the
 * memory planner and the interpreter. Not part of the public API.
 */
#ifndef CAI_INFER_MODEL_INT_H
#define CAI_INFER_MODEL_INT_H

#include "cai/infer.h"
#include "fb.h"

/* BuiltinOperator codes of the operators in op_table.h, plus CUSTOM. */
enum {
#define CAI_OP(NAME, CODE, MAXV, OPT, SETUP, EVAL) OP_##NAME = CODE,
#include "op_table.h"
#undef CAI_OP
    OP_CUSTOM = 32
};

/* BuiltinOptions union member index (TFLite schema values). */
enum {
    OPT_NONE = 0,
    OPT_CONV2D = 1,
    OPT_DEPTHWISE_CONV2D = 2,
    OPT_POOL2D = 5,
    OPT_FULLY_CONNECTED = 8,
    OPT_SOFTMAX = 9,
    OPT_ADD = 11,
    OPT_RESHAPE = 17,
    OPT_MUL = 21
};

/* cai_tensor_rec.flags */
enum {
    TF_CONST = 1,   /* data in the model buffer */
    TF_INPUT = 2,   /* subgraph input */
    TF_OUTPUT = 4,  /* subgraph output */
    TF_WRITTEN = 8, /* output of some operator */
    TF_PLANNED = 16 /* has arena storage (input or written) */
};

/* cai_op_rec.variant: the kernel flavour an operator's setup picked (by
 * tensor type), read only by the same operator's eval. */
enum {
    INFER_VARIANT_NONE = 0,
    INFER_VARIANT_S8 = 1,
    INFER_VARIANT_F32 = 2
};

/* One row of op_table.h, as the loader and the operator setup see it. */
struct op_ctx;
typedef struct infer_op_def {
    uint32_t builtin;
    int32_t max_version;
    uint8_t options_type;
    int (*setup)(struct op_ctx *x);
    const char *name;
} infer_op_def_t;

/* ---- tensor.c ---- */

/* Bytes per element of a supported dtype (0 for others). */
uint32_t infer_dtype_size(uint32_t type);

/* Number of elements of a verified tensor. */
uint32_t infer_elements(const cai_tensor_rec_t *t);

/* ---- ops_setup.c ---- */

/* The row of a builtin code, or NULL when the engine does not run it. */
const infer_op_def_t *infer_op_find(uint32_t builtin);

/* Validate each operator's operands and options against its kernel and fill
 * its variant, kernel parameters, per-channel multipliers and scratch size.
 * Needs the tensors and op operand lists already verified. Idempotent: also
 * rerun by prepare so parameter pointers refer to the model's final address. */
int infer_ops_setup(cai_model_t *m, fb_ctx_t *c);

/* ---- planner.c ---- */

/* Lifetime-based placement of runtime tensors and scratch buffers; sets
 * arena offsets and m->arena_size. */
int infer_plan(cai_model_t *m, fb_ctx_t *c);

/* Point every runtime tensor and op operand at its place in m->arena. */
void infer_bind(cai_model_t *m);

#endif /* CAI_INFER_MODEL_INT_H */
