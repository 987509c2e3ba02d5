/* SPDX-License-Identifier: Apache-2.0 */
/*
 * THE operator table: one row per TFLite builtin operator the engine runs.
 * Everything else is generated from it (docs/engine.md, "Adding an
 * operator"):
 *   - the OP_<NAME> builtin-code constants (model_int.h),
 *   - the prototypes of the setup and eval functions (op_setup.h),
 *   - the table the loader and the operator setup look rows up in
 *     (ops_setup.c: version check, expected BuiltinOptions type, setup),
 *   - the direct dispatch switch of invoke (interp.c: no function pointers
 *     on the run path; a duplicate code is a duplicate case, a compile error).
 *
 * CAI_OP(NAME, code, max_version, options, setup, eval)
 *   NAME         BuiltinOperator name (schema spelling; also the message name)
 *   code         BuiltinOperator value (schema; < 256)
 *   max_version  highest operator version accepted (later versions add
 *                int16/int4, hybrid or sparse semantics the engine lacks)
 *   options      BuiltinOptions union type the op's options table must have
 *                (OPT_NONE: the op takes no options; any present are ignored)
 *   setup        int setup(op_ctx_t *): check operands, fill op->params,
 *                variant, scratch size; 0 or -1 with the error in x->c
 *   eval         void eval(const cai_op_rec_t *): run the kernel(s)
 * Setup and eval live in ops/<file>.c next to nothing else.
 *
 * X-macro file: no include guard, included with CAI_OP defined.
 */
/* clang-format off */
/*     NAME               code  max_v options               setup                          eval */
CAI_OP(ADD,                  0,  4,  OPT_ADD,              infer_setup_add,               infer_eval_add)
CAI_OP(AVERAGE_POOL_2D,      1,  3,  OPT_POOL2D,           infer_setup_average_pool_2d,   infer_eval_average_pool_2d)
CAI_OP(CONV_2D,              3,  5,  OPT_CONV2D,           infer_setup_conv_2d,           infer_eval_conv_2d)
CAI_OP(DEPTHWISE_CONV_2D,    4,  6,  OPT_DEPTHWISE_CONV2D, infer_setup_depthwise_conv_2d, infer_eval_depthwise_conv_2d)
CAI_OP(DEQUANTIZE,           6,  4,  OPT_NONE,             infer_setup_dequantize,        infer_eval_dequantize)
CAI_OP(FULLY_CONNECTED,      9,  9,  OPT_FULLY_CONNECTED,  infer_setup_fully_connected,   infer_eval_fully_connected)
CAI_OP(LOGISTIC,            14,  3,  OPT_NONE,             infer_setup_logistic,          infer_eval_logistic)
CAI_OP(MAX_POOL_2D,         17,  3,  OPT_POOL2D,           infer_setup_max_pool_2d,       infer_eval_max_pool_2d)
CAI_OP(MUL,                 18,  5,  OPT_MUL,              infer_setup_mul,               infer_eval_mul)
CAI_OP(RELU,                19,  3,  OPT_NONE,             infer_setup_relu,              infer_eval_relu)
CAI_OP(RELU6,               21,  3,  OPT_NONE,             infer_setup_relu6,             infer_eval_relu6)
CAI_OP(RESHAPE,             22,  2,  OPT_RESHAPE,          infer_setup_reshape,           infer_eval_reshape)
CAI_OP(SOFTMAX,             25,  3,  OPT_SOFTMAX,          infer_setup_softmax,           infer_eval_softmax)
CAI_OP(TANH,                28,  3,  OPT_NONE,             infer_setup_tanh,              infer_eval_tanh)
CAI_OP(QUANTIZE,           114,  2,  OPT_NONE,             infer_setup_quantize,          infer_eval_quantize)
/* clang-format on */
