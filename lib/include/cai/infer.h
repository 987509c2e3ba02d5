/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai inference engine: a TensorFlow Lite (.tflite flatbuffer) interpreter for
 * the secure side. Portable C11, no heap, no stdio: all memory is the caller's.
 *
 * Life cycle (every step reports errors through a caller buffer `err`, which
 * may be NULL; messages name the offending op/tensor):
 *
 *   cai_model_mem_t need;
 *   cai_model_plan(buf, len, &need, err, sizeof err);  // verifies everything
 *   // provide need.state_bytes (8-aligned) and need.arena_bytes (16-aligned)
 *   cai_model_t m;                              // small handle (48 bytes)
 *   cai_model_load(buf, len, &m, state, state_len, err, sizeof err);
 *   cai_model_prepare(&m, arena, arena_len, err, sizeof err);
 *   cai_tensor_info_t in, out;
 *   cai_model_input(&m, 0, &in);  memcpy(in.buffer, ..., in.bytes);
 *   cai_model_invoke(&m);
 *   cai_model_output(&m, 0, &out);  read out.data (out.bytes) ...
 *
 * Input tensors are consumed: the memory plan reuses their bytes once no
 * operator needs them, so write the inputs before every invoke. Outputs stay
 * valid until the next invoke (of any model prepared on the same arena).
 *
 * The model bytes are used in place (weights are never copied): `buf` must
 * stay valid and unchanged for the life of `m`, and must be aligned to at
 * least 4 bytes (16 recommended, as TFLite aligns weight data to 16 relative
 * to the file start; the loader refuses constant data that is not aligned for
 * its element type). The host must be little-endian, as .tflite data is.
 *
 * cai_model_plan() and cai_model_load() parse and verify the whole
 * flatbuffer before anything else uses it: every offset, vtable, vector and string is bounds- and
 * alignment-checked, tensor indices, shapes, buffer sizes and quantization
 * parameters are validated, and operators/types/versions the engine does not
 * run are refused with a message naming them. After a successful load no
 * later step reads outside `buf`, the state or the arena, whatever the file
 * contains.
 *
 * Supported: one subgraph; int8 (per-tensor and per-channel) and float32
 * tensors; the builtin operators (and versions) of the engine's operator
 * table, lib/infer/op_table.h (listed in docs/engine.md), with fused
 * activations. int8 arithmetic is bit-exact
 * with the reference TFLM kernels (double-rounding requantization).
 */
#ifndef CAI_INFER_H
#define CAI_INFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits (compile-time) ----
 * None of them sizes a structure: a model's memory is sized to the model
 * (cai_model_plan). They bound the work of verification and planning (which
 * recompute from the verified model bytes instead of storing, so some checks
 * are quadratic in the operator count) and the planner's working set on the
 * stack. A model over any limit is refused with a message naming it. They
 * may be overridden with -D for the library alone. */
#ifndef CAI_INFER_MAX_TENSORS
#define CAI_INFER_MAX_TENSORS 128u
#endif
#ifndef CAI_INFER_MAX_OPS
#define CAI_INFER_MAX_OPS 64u
#endif
/* Buffers the planner places: runtime tensors (subgraph inputs and operator
 * outputs, in-place RESHAPE outputs included) plus operators with scratch
 * (every int8 FC/convolution has some: its requantization multipliers).
 * person_detect needs 60. The working set is 12 bytes per item on the stack
 * of cai_model_plan/cai_model_load (768 bytes for 64). */
#ifndef CAI_INFER_MAX_PLAN_ITEMS
#define CAI_INFER_MAX_PLAN_ITEMS 64u
#endif
#define CAI_INFER_MAX_DIMS       6u   /* tensor rank */
#define CAI_INFER_MAX_IO         8u   /* subgraph inputs / outputs */
#define CAI_INFER_MAX_OP_INPUTS  4u   /* inputs per operator */
#define CAI_INFER_OP_PARAM_BYTES 128u /* largest kernel parameter struct of an op */
#define CAI_INFER_ARENA_ALIGN    16u  /* required alignment of the arena */

/* ---- status codes ----
 * Every function below that can fail returns a cai_infer_err_t: CAI_INFER_OK
 * or a negative CAI_INFER_ERR_*. cai_infer_to_psa() gives the psa_status_t a
 * secure partition returns for it (docs/engine.md, "Status codes"). */
typedef enum cai_infer_err {
    CAI_INFER_OK = 0,
    CAI_INFER_ERR_MALFORMED = -1,   /* not a valid/safe .tflite flatbuffer */
    CAI_INFER_ERR_UNSUPPORTED = -2, /* valid, but uses something not supported */
    CAI_INFER_ERR_LIMIT = -3,       /* over a CAI_INFER_MAX_* or kernel limit */
    CAI_INFER_ERR_ARENA = -4,       /* arena too small or misaligned */
    CAI_INFER_ERR_STATE = -5,       /* call out of order (e.g. invoke before prepare) */
    CAI_INFER_ERR_ARG = -6,         /* bad argument (NULL, index out of range) */
} cai_infer_err_t;

/* A short constant description ("unknown inference status" outside the enum). */
const char *cai_infer_strerror(cai_infer_err_t err);

/* The PSA status a partition returns for `err`:
 *   CAI_INFER_OK              PSA_SUCCESS
 *   CAI_INFER_ERR_MALFORMED   PSA_ERROR_DATA_INVALID      (the model bytes are not a valid model)
 *   CAI_INFER_ERR_UNSUPPORTED PSA_ERROR_NOT_SUPPORTED     (valid, but not run by this engine)
 *   CAI_INFER_ERR_LIMIT       PSA_ERROR_NOT_SUPPORTED     (over a compile-time limit of this build)
 *   CAI_INFER_ERR_ARENA       PSA_ERROR_INSUFFICIENT_MEMORY
 *   CAI_INFER_ERR_STATE       PSA_ERROR_BAD_STATE
 *   CAI_INFER_ERR_ARG         PSA_ERROR_INVALID_ARGUMENT
 *   anything else             PSA_ERROR_GENERIC_ERROR */
psa_status_t cai_infer_to_psa(cai_infer_err_t err);

/* TensorType values of the TFLite schema (only those the engine knows). */
typedef enum cai_dtype {
    CAI_DTYPE_FLOAT32 = 0,
    CAI_DTYPE_INT32 = 2,
    CAI_DTYPE_INT8 = 9
} cai_dtype_t;

/* A tensor as seen by callers (inputs, outputs, visitor, host tools). */
typedef struct cai_tensor_info {
    int index; /* tensor index in the subgraph */
    cai_dtype_t type;
    uint32_t rank;
    int32_t dims[CAI_INFER_MAX_DIMS];
    size_t elements;
    size_t bytes;
    bool is_constant; /* data lives in the (read-only) model buffer */
    /* Quantization: real = scale * (q - zero_point). num_scales == 0: none;
     * 1: per-tensor; > 1: per-channel along quantized_dim (query each channel
     * with cai_model_tensor_scale()). scale/zero_point give channel 0. */
    uint32_t num_scales;
    float scale;
    int32_t zero_point;
    int32_t quantized_dim;
    const char *name; /* NUL-terminated, inside the model buffer; "" if none */
    const void *data; /* contents; NULL for runtime tensors before prepare */
    void *buffer;     /* writable storage (runtime tensors after prepare), else NULL */
} cai_tensor_info_t;

/* ---- the model handle and its memory ----
 * A loaded model is three pieces of memory, all the caller's:
 *   - the handle, a cai_model_t (small, fixed size, fields private);
 *   - the state: records that persist for the life of the model (per
 *     tensor one 32-bit location, per operator its run record and kernel
 *     parameters), sized to the model: cai_model_plan() says how much;
 *   - the arena: activations and kernel scratch (including the per-channel
 *     requantization multipliers, computed from the model's float scales as
 *     each operator runs). Only per-invoke data lives there: nothing in it
 *     must survive from one invoke to the next, so several prepared models
 *     may share one arena and be invoked alternately (write the inputs,
 *     invoke, read the outputs, before invoking another model).
 * The handle may be copied (a copy refers to the same state); the state and
 * the arena must stay in place while the model is used. */
typedef struct cai_model {
    uint64_t opaque_[6]; /* private (lib/infer/model_int.h) */
} cai_model_t;

#define CAI_INFER_STATE_ALIGN 8u /* required alignment of the state memory */

/* Memory a model needs (cai_model_plan, cai_model_mem). */
typedef struct cai_model_mem {
    size_t state_bytes; /* caller state memory, CAI_INFER_STATE_ALIGN-aligned, life of the model */
    size_t arena_bytes; /* arena, CAI_INFER_ARENA_ALIGN-aligned, per invoke */
} cai_model_mem_t;

/* ---- loading and running ---- */

/* Parse and fully verify `buf` (the checks of cai_model_load, see top) and
 * report the memory the model needs in *need. Needs no memory of its own
 * besides a bounded stack (the planner's working set, see
 * CAI_INFER_MAX_PLAN_ITEMS). Returns CAI_INFER_OK or a negative
 * CAI_INFER_ERR_* with a message in err; *need is zeroed on failure. */
cai_infer_err_t cai_model_plan(const uint8_t *buf, size_t len, cai_model_mem_t *need, char *err,
                               size_t errcap);

/* Verify `buf` as cai_model_plan() does and build the model's records in
 * `state` (CAI_INFER_STATE_ALIGN-aligned, >= need.state_bytes; it must stay
 * valid and in place while the model is used). No allocation, no copy of
 * weights. A state that is too small or misaligned fails with
 * CAI_INFER_ERR_ARENA ("the state memory has N bytes, the model needs M").
 * Returns CAI_INFER_OK or a negative CAI_INFER_ERR_* with a message in err;
 * on failure the handle is left empty. */
cai_infer_err_t cai_model_load(const uint8_t *buf, size_t len, cai_model_t *model, void *state,
                               size_t state_len, char *err, size_t errcap);

/* Bytes of arena cai_model_prepare() needs (activations and kernel scratch
 * after lifetime-based memory planning), 0 if not loaded. */
size_t cai_model_arena_size(const cai_model_t *model);

/* Bytes of state the loaded model uses, 0 if not loaded. */
size_t cai_model_state_size(const cai_model_t *model);

/* Both figures of a loaded model (zeros if not loaded); their sum is the
 * model's whole RAM besides the handle: need.state_bytes + need.arena_bytes. */
void cai_model_mem(const cai_model_t *model, cai_model_mem_t *mem);

/* Bind every runtime tensor and operator operand to its place in `arena`
 * (CAI_INFER_ARENA_ALIGN-aligned, >= cai_model_arena_size bytes). The arena
 * must stay valid until the model is no longer used or prepared again; it
 * may be shared with other models (see above). May be called again with
 * another arena. */
cai_infer_err_t cai_model_prepare(cai_model_t *model, void *arena, size_t arena_len, char *err,
                                  size_t errcap);

/* Run the graph once on the current input tensor contents. */
cai_infer_err_t cai_model_invoke(cai_model_t *model);

/* Called after each operator with the tensor it wrote (tensors share arena
 * memory, so a later op may overwrite it: copy what you need). */
typedef void (*cai_tensor_visitor_t)(void *ctx, uint32_t op_index, const cai_tensor_info_t *tensor);

/* cai_model_invoke() that also calls `visit` after each operator. */
cai_infer_err_t cai_model_invoke_visit(cai_model_t *model, cai_tensor_visitor_t visit, void *ctx);

/* ---- introspection ---- */

uint32_t cai_model_num_inputs(const cai_model_t *model);
uint32_t cai_model_num_outputs(const cai_model_t *model);
uint32_t cai_model_num_tensors(const cai_model_t *model);
uint32_t cai_model_num_ops(const cai_model_t *model);

/* Fill `out` for the i-th subgraph input / output / tensor index. */
cai_infer_err_t cai_model_input(const cai_model_t *model, uint32_t i, cai_tensor_info_t *out);
cai_infer_err_t cai_model_output(const cai_model_t *model, uint32_t i, cai_tensor_info_t *out);
cai_infer_err_t cai_model_tensor(const cai_model_t *model, uint32_t index, cai_tensor_info_t *out);

/* Scale and zero point of channel `ch` of a (per-channel) quantized tensor. */
cai_infer_err_t cai_model_tensor_scale(const cai_model_t *model, uint32_t index, uint32_t ch,
                                       float *scale, int32_t *zero_point);

/* Builtin options of an operator as the loader read them. */
typedef struct cai_op_options {
    int8_t padding;             /* 0 SAME, 1 VALID; -1 when the op has no padding */
    int8_t activation;          /* fused ActivationFunctionType (0 NONE) */
    int32_t stride_w, stride_h; /* 0 when not applicable */
    int32_t dilation_w, dilation_h;
    int32_t depth_multiplier;
    int32_t filter_w, filter_h; /* pooling */
    float beta;                 /* SOFTMAX */
} cai_op_options_t;

/* An operator as seen by host tools. */
typedef struct cai_op_info {
    uint32_t builtin; /* BuiltinOperator code */
    const char *name; /* e.g. "CONV_2D" */
    int32_t version;
    uint32_t num_inputs;
    int inputs[CAI_INFER_MAX_OP_INPUTS]; /* -1 = absent optional input */
    int output;
    cai_op_options_t options;
} cai_op_info_t;

cai_infer_err_t cai_model_op(const cai_model_t *model, uint32_t index, cai_op_info_t *out);

/* Model description string from the file ("" when absent). */
const char *cai_model_description(const cai_model_t *model);

/* Name of a BuiltinOperator code ("?" when unknown to the engine). */
const char *cai_builtin_name(uint32_t code);
/* Highest version of a BuiltinOperator the engine runs, 0 when it does not
 * run that operator at all (the operator table, docs/engine.md). */
int32_t cai_infer_op_max_version(uint32_t code);
/* Name of a TensorType code ("?" when unknown). */
const char *cai_dtype_name(uint32_t type);

/* Engine name/version for results, e.g. "cai-tflite/0.1.0". */
const char *cai_infer_engine_name(void);

#ifdef __cplusplus
}
#endif

#endif /* CAI_INFER_H */
