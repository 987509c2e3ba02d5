/*
 * Engine-internal declarations shared by the loader, the operator setup, the
 * memory planner and the interpreter. Not part of the public API.
 */
#ifndef CAI_INFER_MODEL_INT_H
#define CAI_INFER_MODEL_INT_H

#include "cai/infer.h"
#include "fb.h"

/* BuiltinOperator codes the engine knows by name (TFLite schema values). */
enum {
    OP_ADD = 0,
    OP_AVERAGE_POOL_2D = 1,
    OP_CONCATENATION = 2,
    OP_CONV_2D = 3,
    OP_DEPTHWISE_CONV_2D = 4,
    OP_DEQUANTIZE = 6,
    OP_FULLY_CONNECTED = 9,
    OP_LOGISTIC = 14,
    OP_MAX_POOL_2D = 17,
    OP_MUL = 18,
    OP_RELU = 19,
    OP_RELU6 = 21,
    OP_RESHAPE = 22,
    OP_SOFTMAX = 25,
    OP_TANH = 28,
    OP_CUSTOM = 32,
    OP_QUANTIZE = 114
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

/* cai_op_rec.kind: the kernel an operator dispatches to. */
enum {
    K_NONE = 0,
    K_FC_S8,
    K_FC_F32,
    K_CONV_S8,
    K_DWCONV_S8,
    K_AVGPOOL_S8,
    K_MAXPOOL_S8,
    K_AVGPOOL_F32,
    K_MAXPOOL_F32,
    K_RESHAPE,
    K_SOFTMAX_S8,
    K_SOFTMAX_F32,
    K_QUANTIZE_F32_S8,
    K_REQUANTIZE_S8,
    K_DEQUANTIZE_S8_F32,
    K_ADD_S8,
    K_ADD_F32,
    K_MUL_S8,
    K_MUL_F32,
    K_LOGISTIC_S8,
    K_LOGISTIC_F32,
    K_TANH_S8,
    K_TANH_F32,
    K_RELU_S8,
    K_CLAMP_F32
};

/* ---- tensor.c ---- */

/* Bytes per element of a supported dtype (0 for others). */
uint32_t infer_dtype_size(uint32_t type);

/* Number of elements of a verified tensor. */
uint32_t infer_elements(const cai_tensor_rec_t *t);

/* Validate each operator's operands and options against its kernel and fill
 * its kind, kernel parameters, per-channel multipliers and scratch size.
 * Needs the tensors and op operand lists already verified. Idempotent: also
 * rerun by prepare so parameter pointers refer to the model's final address. */
int infer_ops_setup(cai_model_t *m, fb_ctx_t *c);

/* Lifetime-based placement of runtime tensors and scratch buffers; sets
 * arena offsets and m->arena_size. */
int infer_plan(cai_model_t *m, fb_ctx_t *c);

/* Point every runtime tensor and op operand at its place in m->arena. */
void infer_bind(cai_model_t *m);

#endif /* CAI_INFER_MODEL_INT_H */
