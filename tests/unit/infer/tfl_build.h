/*
 * A small .tflite writer for tests: builds flatbuffers front to back from a
 * plain description (spec_model), so loader tests can make a valid model and
 * then change exactly one thing. It writes what the TFLite schema says, not
 * what the engine expects: the expected values in tests come from the spec.
 */
#ifndef CAI_TEST_TFL_BUILD_H
#define CAI_TEST_TFL_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define SPEC_MAX         24
#define SPEC_MAX_TENSORS 140 /* room to exceed CAI_INFER_MAX_TENSORS */
#define SPEC_MAX_OPS     70  /* room to exceed CAI_INFER_MAX_OPS */

/* A raw table field: id, byte size (1, 4 or 8) and value. */
typedef struct spec_field {
    int id;
    int size;
    uint64_t value;
} spec_field;

typedef struct spec_tensor {
    int8_t type; /* TensorType */
    int rank;    /* -1: no shape vector */
    int32_t dims[8];
    uint32_t buffer;
    const char *name; /* NULL: no name */
    int has_quant;
    int n_scales, n_zps;
    float scales[8];
    int64_t zps[8];
    int32_t qdim;
    int is_variable;
} spec_tensor;

typedef struct spec_op {
    uint32_t opcode_index;
    int n_in;
    int32_t in[6];
    int n_out;
    int32_t out[2];
    uint8_t options_type; /* BuiltinOptions union index */
    int has_options;
    int n_opt;
    spec_field opt[8]; /* fields of the options table */
} spec_op;

typedef struct spec_opcode {
    int8_t dep;
    int has_builtin;
    int32_t builtin;
    int has_version;
    int32_t version;
    const char *custom;
} spec_opcode;

typedef struct spec_buffer {
    int has_data;
    uint32_t len;
    const uint8_t *data; /* NULL: zero bytes */
} spec_buffer;

typedef struct spec_model {
    uint32_t version;
    const char *description;
    int n_opcodes;
    spec_opcode opc[16];
    int n_subgraphs; /* copies of the one subgraph */
    int n_tensors;
    spec_tensor t[SPEC_MAX_TENSORS];
    int n_buffers;
    spec_buffer buf[SPEC_MAX];
    int n_inputs, n_outputs;
    int32_t inputs[8], outputs[8];
    int n_ops;
    spec_op op[SPEC_MAX_OPS];
} spec_model;

/* Serialize; returns the size, or 0 if cap is too small. */
size_t spec_build(const spec_model *s, uint8_t *out, size_t cap);

/* The reference test model: one FULLY_CONNECTED int8 op, input [1,2]
 * (scale 1, zp 0), weights [3,2] = {1,2, 3,4, -1,0} (scale 1), bias [3] =
 * {10, 0, -5}, output [1,3] (scale 1, zp 0): y = W x + b exactly. */
void spec_fc_model(spec_model *s);

/* One CONV_2D (depthwise = 0) or DEPTHWISE_CONV_2D (1) int8 op: input
 * [1,4,4,2], 1x1 filter with 2 (conv) or 4 (depthwise, multiplier 2)
 * output channels, SAME padding, stride 1, all scales 1 and zero points 0.
 * Option fields: 0 padding, 1 stride_w, 2 stride_h, then activation (3 for
 * conv; depthwise has 3 depth_multiplier and 4 activation). */
void spec_conv_model(spec_model *s, int depthwise);

/* A tensor with per-tensor quantization. */
void spec_tensor_set(spec_tensor *t, int8_t type, int rank, const int32_t *dims, uint32_t buffer,
                     const char *name, float scale, int64_t zp);

/* Incremental graph building (used by the operator tests and the fuzz
 * seeds): runtime tensors use buffer 0, the empty sentinel; each op gets its
 * own operator code (version 1). Return the new tensor's index. */
void spec_begin(spec_model *s);
int spec_add_tensor(spec_model *s, int8_t type, int rank, const int32_t *dims, float scale,
                    int64_t zp); /* float32 tensors get no quantization */
int spec_add_const(spec_model *s, int8_t type, int rank, const int32_t *dims, float scale,
                   const void *data, uint32_t bytes);
void spec_add_op(spec_model *s, int builtin, int n_in, const int32_t *in, int out, uint8_t opt_type,
                 int n_opt, const spec_field *opt);
void spec_io(spec_model *s, int n_in, const int32_t *in, int n_out, const int32_t *out);

/* Position helpers on a built model, for byte-level corruption tests. */
uint32_t tb_root(const uint8_t *b);
/* Position of the vtable of the table at `table`. */
uint32_t tb_vtable(const uint8_t *b, uint32_t table);
/* Position of field `id` of the table at `table` (0 when absent). */
uint32_t tb_field(const uint8_t *b, uint32_t table, int id);
/* Target of the reference field `id` of the table at `table`. */
uint32_t tb_deref(const uint8_t *b, uint32_t table, int id);
/* Table referenced by element i of the vector at vec (count position). */
uint32_t tb_vec_elem(const uint8_t *b, uint32_t vec, uint32_t i);
void tb_put32(uint8_t *b, uint32_t pos, uint32_t v);
uint32_t tb_get32(const uint8_t *b, uint32_t pos);

#endif
