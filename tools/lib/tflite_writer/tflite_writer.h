/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The project's one .tflite writer (host-only: tools and tests). A model is
 * described as plain data (tflw_model_t: the schema's tables with every field
 * explicit, including absent ones and values a reader must refuse) and
 * serialized front to back by tflw_build*() on the flatbuffer byte layer
 * (fb_writer.h). It writes what the description says, not what the engine
 * expects, so loader tests can make a valid model and then change exactly
 * one thing; the sine trainer writes models/sine.tflite with it.
 *
 * Layout (deterministic; models/sine.tflite depends on it byte for byte):
 * header; Model; operator codes (each followed by its custom-code string);
 * subgraphs, each: the SubGraph table, the tensors (each followed by its
 * shape, name and quantization), inputs, outputs, the operators (each
 * followed by its inputs, outputs and options), the subgraph name; the
 * description; the buffers (data 16-byte aligned from the file start); with
 * pad_end, zeros to a multiple of 16 (without, no byte follows the last
 * item, so every prefix of the file is a truncated model). Tables are laid out as fb_writer.h says.
 */
#ifndef CAI_TFLITE_WRITER_H
#define CAI_TFLITE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFLW_MAX_BUFFERS 24
#define TFLW_MAX_TENSORS 140 /* room to exceed CAI_INFER_MAX_TENSORS */
#define TFLW_MAX_OPS     70  /* room to exceed CAI_INFER_MAX_OPS */

/* A raw table field: id, byte size (1, 4 or 8) and value. */
typedef struct tflw_field {
    int id;
    int size;
    uint64_t value;
} tflw_field_t;

typedef struct tflw_tensor {
    int8_t type; /* TensorType */
    int rank;    /* -1: no shape vector */
    int32_t dims[8];
    uint32_t buffer;
    const char *name; /* NULL: no name */
    bool has_quant;
    int n_scales, n_zps;
    float scales[8];
    int64_t zps[8];
    int32_t qdim; /* quantized_dimension: written only when non-zero */
    bool is_variable;
} tflw_tensor_t;

typedef struct tflw_op {
    uint32_t opcode_index;
    int n_in;
    int32_t in[6];
    int n_out;
    int32_t out[2];
    uint8_t options_type; /* BuiltinOptions union index */
    bool has_options;
    int n_opt;
    tflw_field_t opt[8]; /* fields of the options table */
} tflw_op_t;

typedef struct tflw_opcode {
    int8_t dep;
    bool has_builtin;
    int32_t builtin;
    bool has_version;
    int32_t version;
    const char *custom;
} tflw_opcode_t;

typedef struct tflw_buffer {
    bool has_data;
    uint32_t len;
    const uint8_t *data; /* NULL: zero bytes */
} tflw_buffer_t;

typedef struct tflw_model {
    uint32_t version;
    const char *description;
    int n_opcodes;
    tflw_opcode_t opc[16];
    int n_subgraphs; /* copies of the one subgraph */
    int n_tensors;
    tflw_tensor_t t[TFLW_MAX_TENSORS];
    int n_buffers;
    tflw_buffer_t buf[TFLW_MAX_BUFFERS];
    int n_inputs, n_outputs;
    int32_t inputs[8], outputs[8];
    int n_ops;
    tflw_op_t op[TFLW_MAX_OPS];
    const char *subgraph_name; /* NULL: no name */
    bool pad_end;              /* pad the file to a multiple of 16 (as the converter does) */
} tflw_model_t;

/* Serialize into out[cap]; returns the size, or 0 if cap is too small (or
 * out of memory). */
size_t tflw_build(const tflw_model_t *s, uint8_t *out, size_t cap);

/* Serialize into a malloc'ed buffer (*out, *len) the caller frees; 0 on
 * success, -1 when out of memory. */
int tflw_build_alloc(const tflw_model_t *s, uint8_t **out, size_t *len);

/* The reference test model: one FULLY_CONNECTED int8 op, input [1,2]
 * (scale 1, zp 0), weights [3,2] = {1,2, 3,4, -1,0} (scale 1), bias [3] =
 * {10, 0, -5}, output [1,3] (scale 1, zp 0): y = W x + b exactly. */
void tflw_fc_model(tflw_model_t *s);

/* One CONV_2D (depthwise = 0) or DEPTHWISE_CONV_2D (1) int8 op: input
 * [1,4,4,2], 1x1 filter with 2 (conv) or 4 (depthwise, multiplier 2)
 * output channels, SAME padding, stride 1, all scales 1 and zero points 0.
 * Option fields: 0 padding, 1 stride_w, 2 stride_h, then activation (3 for
 * conv; depthwise has 3 depth_multiplier and 4 activation). */
void tflw_conv_model(tflw_model_t *s, int depthwise);

/* A tensor with per-tensor quantization. */
void tflw_tensor_set(tflw_tensor_t *t, int8_t type, int rank, const int32_t *dims, uint32_t buffer,
                     const char *name, float scale, int64_t zp);

/* Incremental graph building (used by the operator tests and the fuzz
 * seeds): runtime tensors use buffer 0, the empty sentinel; each op gets its
 * own operator code (version 1). Return the new tensor's index. */
void tflw_begin(tflw_model_t *s);
int tflw_add_tensor(tflw_model_t *s, int8_t type, int rank, const int32_t *dims, float scale,
                    int64_t zp); /* float32 tensors get no quantization */
int tflw_add_const(tflw_model_t *s, int8_t type, int rank, const int32_t *dims, float scale,
                   const void *data, uint32_t bytes);
void tflw_add_op(tflw_model_t *s, int builtin, int n_in, const int32_t *in, int out,
                 uint8_t opt_type, int n_opt, const tflw_field_t *opt);
void tflw_io(tflw_model_t *s, int n_in, const int32_t *in, int n_out, const int32_t *out);

/* Position helpers on a built model, for byte-level corruption tests. */
uint32_t tflw_root(const uint8_t *b);
/* Position of the vtable of the table at `table`. */
uint32_t tflw_vtable(const uint8_t *b, uint32_t table);
/* Position of field `id` of the table at `table` (0 when absent). */
uint32_t tflw_field(const uint8_t *b, uint32_t table, int id);
/* Target of the reference field `id` of the table at `table`. */
uint32_t tflw_deref(const uint8_t *b, uint32_t table, int id);
/* Table referenced by element i of the vector at vec (count position). */
uint32_t tflw_vec_elem(const uint8_t *b, uint32_t vec, uint32_t i);
void tflw_put32(uint8_t *b, uint32_t pos, uint32_t v);
uint32_t tflw_get32(const uint8_t *b, uint32_t pos);

#endif /* CAI_TFLITE_WRITER_H */
