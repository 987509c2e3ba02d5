/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai inference engine: a TensorFlow Lite (.tflite flatbuffer) interpreter for
 * the secure side. Portable C11, no heap, no stdio: all memory is the caller's.
 *
 * Life cycle (every step reports errors through a caller buffer `err`, which
 * may be NULL; messages name the offending op/tensor):
 *
 *   static cai_model_t m;                       // fixed-size caller storage
 *   cai_model_load(buf, len, &m, err, sizeof err);   // verifies everything
 *   size_t need = cai_model_arena_size(&m);     // activations + kernel scratch
 *   cai_model_prepare(&m, arena, arena_len, err, sizeof err);
 *   cai_tensor_info_t in, out;
 *   cai_model_input(&m, 0, &in);  memcpy(in.buffer, ..., in.bytes);
 *   cai_model_invoke(&m);
 *   cai_model_output(&m, 0, &out);  read out.data (out.bytes) ...
 *
 * Input tensors are consumed: the memory plan reuses their bytes once no
 * operator needs them, so write the inputs before every invoke. Outputs stay
 * valid until the next invoke.
 *
 * The model bytes are used in place (weights are never copied): `buf` must
 * stay valid and unchanged for the life of `m`, and must be aligned to at
 * least 4 bytes (16 recommended, as TFLite aligns weight data to 16 relative
 * to the file start; the loader refuses constant data that is not aligned for
 * its element type). The host must be little-endian, as .tflite data is.
 *
 * cai_model_load() parses and verifies the whole flatbuffer before anything
 * else uses it: every offset, vtable, vector and string is bounds- and
 * alignment-checked, tensor indices, shapes, buffer sizes and quantization
 * parameters are validated, and operators/types/versions the engine does not
 * run are refused with a message naming them. After a successful load no
 * later step reads outside `buf` or the arena, whatever the file contains.
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

/* ---- limits (compile-time; the model struct is fixed-size caller storage) ----
 * Chosen to fit person_detect (89 tensors, 31 ops, 2738 per-channel
 * quantized output channels, rank 4) with headroom. A model over any limit
 * is refused at load time with a message naming the limit. Overriding one
 * changes the layout of cai_model_t: define it identically for the library
 * and every user (a PUBLIC compile definition of cai_infer). */
#ifndef CAI_INFER_MAX_TENSORS
#define CAI_INFER_MAX_TENSORS 128u
#endif
#ifndef CAI_INFER_MAX_OPS
#define CAI_INFER_MAX_OPS 64u
#endif
#ifndef CAI_INFER_MAX_CHANNELS /* requantization multipliers, summed over ops */
#define CAI_INFER_MAX_CHANNELS 4096u
#endif
#define CAI_INFER_MAX_DIMS       6u   /* tensor rank */
#define CAI_INFER_MAX_IO         8u   /* subgraph inputs / outputs */
#define CAI_INFER_MAX_OP_INPUTS  4u   /* inputs per operator */
#define CAI_INFER_OP_PARAM_BYTES 128u /* prepared kernel parameters per op */
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

/* ---- internal state: fields are private, use the functions below ---- */
typedef struct cai_tensor_rec {
    const uint8_t *const_data; /* constant data in the model buffer, or NULL */
    uint8_t *data;             /* runtime tensor storage in the arena (prepare) */
    uint32_t arena_offset;     /* planned offset of a runtime tensor */
    uint32_t bytes;
    int32_t dims[CAI_INFER_MAX_DIMS];
    uint32_t name_off;   /* file offset of the name string (0: none) */
    uint32_t scales_off; /* file offset of the float scale array */
    uint32_t zps_off;    /* file offset of the int64 zero-point array */
    uint32_t num_scales;
    float scale;
    int32_t zero_point;
    int32_t quantized_dim;
    int16_t first_op, last_op; /* lifetime over op indices (planner) */
    int16_t alias_of;          /* RESHAPE in place: shares this tensor's memory */
    uint8_t type;
    uint8_t rank;
    uint8_t flags;
    uint8_t pad_;
} cai_tensor_rec_t;

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

typedef struct cai_op_rec {
    _Alignas(8) unsigned char params[CAI_INFER_OP_PARAM_BYTES];
    const void *in[3]; /* resolved operand pointers (prepare) */
    void *out;
    void *scratch;
    uint32_t scratch_bytes;
    uint32_t scratch_off;                    /* planned arena offset of the scratch buffer */
    int16_t inputs[CAI_INFER_MAX_OP_INPUTS]; /* -1 = optional input absent */
    int16_t output;
    uint8_t num_inputs;
    uint8_t builtin; /* effective BuiltinOperator code */
    uint8_t variant; /* kernel flavour chosen by the op's setup (INFER_VARIANT_*) */
    cai_op_options_t opts;
    int32_t version;
    uint32_t options_off; /* file offset of the builtin options table (0: none) */
    uint32_t chan_first;  /* first slot in the per-channel pools */
    uint32_t chan_count;
} cai_op_rec_t;

/* Life cycle of a cai_model_t: load -> LOADED, prepare -> PREPARED. A failed
 * load leaves EMPTY; a failed prepare leaves LOADED. */
typedef enum cai_model_state {
    CAI_MODEL_EMPTY = 0, /* zeroed storage, or a failed load */
    CAI_MODEL_LOADED = 1,
    CAI_MODEL_PREPARED = 2
} cai_model_state_t;

typedef struct cai_model {
    const uint8_t *buf;
    size_t len;
    uint32_t num_tensors, num_ops, num_inputs, num_outputs;
    uint32_t chan_used;
    uint32_t arena_size;
    uint8_t *arena; /* set by prepare */
    cai_model_state_t state;
    uint32_t description_off;
    int16_t inputs[CAI_INFER_MAX_IO];
    int16_t outputs[CAI_INFER_MAX_IO];
    cai_tensor_rec_t tensors[CAI_INFER_MAX_TENSORS];
    cai_op_rec_t ops[CAI_INFER_MAX_OPS];
    int32_t chan_mult[CAI_INFER_MAX_CHANNELS];
    int32_t chan_shift[CAI_INFER_MAX_CHANNELS];
} cai_model_t;

/* ---- loading and running ---- */

/* Parse and fully verify `buf` (see top). No allocation, no copy of weights.
 * Returns CAI_INFER_OK or a negative CAI_INFER_ERR_* with a message in err. */
cai_infer_err_t cai_model_load(const uint8_t *buf, size_t len, cai_model_t *model, char *err,
                               size_t errcap);

/* Bytes of arena cai_model_prepare() needs (activations, after lifetime-based
 * memory planning; computed by cai_model_load). 0 if not loaded. */
size_t cai_model_arena_size(const cai_model_t *model);

/* Place every runtime tensor in `arena` (CAI_INFER_ARENA_ALIGN-aligned,
 * >= cai_model_arena_size bytes) and precompute per-op parameters
 * (multipliers, shifts, clamp ranges). The arena must stay valid until the
 * model is no longer used. May be called again with another arena. */
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
