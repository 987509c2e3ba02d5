/* SPDX-License-Identifier: Apache-2.0 */
#include "ts_tflite.h"

#include <stdlib.h>
#include <string.h>

#include "tflite_writer.h"

/* Schema constants (tflite schema.fbs; see docs/models.md). The bytes are
 * laid out by tools/lib/tflite_writer (its header documents the order). */
enum {
    TFLITE_SCHEMA_VERSION = 3,
    TT_INT32 = 2,
    TT_INT8 = 9,
    OP_FULLY_CONNECTED = 9,
    OP_FC_VERSION = 4,       /* what the converter writes for int8 FC */
    OPT_FULLY_CONNECTED = 8, /* BuiltinOptions union index */
    ACT_NONE = 0,
    ACT_RELU = 1
};

#define NUM_TENSORS 10
#define NUM_BUFFERS (NUM_TENSORS + 1)

typedef struct tensor_desc {
    const char *name;
    int32_t shape[2];
    unsigned rank;
    int type;
    float scale;
    int32_t zero_point;
    const uint8_t *data; /* constant bytes (little-endian), NULL at run time */
    size_t bytes;
} tensor_desc_t;

/* int32 biases as little-endian bytes, independent of the host's order. */
static void le32(const int32_t *v, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        for (int b = 0; b < 4; b++) {
            out[4 * i + b] = (uint8_t)((uint32_t)v[i] >> (8 * b));
        }
    }
}

int ts_tflite_write(const ts_qmodel_t *q, const char *description, uint8_t **out, size_t *out_len)
{
    const ts_qlayer_t *l = q->layer;
    uint8_t bias_bytes[3][4 * TS_H2];
    for (int i = 0; i < 3; i++) {
        le32(l[i].b, l[i].out, bias_bytes[i]);
    }

    const tensor_desc_t t[NUM_TENSORS] = {
        { "sine/input", { 1, 1 }, 2, TT_INT8, q->act[0].scale, q->act[0].zero_point, NULL, 0 },
        { "sine/dense_1/weights",
          { TS_H1, 1 },
          2,
          TT_INT8,
          l[0].w_scale,
          0,
          (const uint8_t *)l[0].w,
          TS_H1 },
        { "sine/dense_1/bias",
          { TS_H1, 0 },
          1,
          TT_INT32,
          l[0].b_scale,
          0,
          bias_bytes[0],
          4 * TS_H1 },
        { "sine/dense_1/relu",
          { 1, TS_H1 },
          2,
          TT_INT8,
          q->act[1].scale,
          q->act[1].zero_point,
          NULL,
          0 },
        { "sine/dense_2/weights",
          { TS_H2, TS_H1 },
          2,
          TT_INT8,
          l[1].w_scale,
          0,
          (const uint8_t *)l[1].w,
          TS_H2 * TS_H1 },
        { "sine/dense_2/bias",
          { TS_H2, 0 },
          1,
          TT_INT32,
          l[1].b_scale,
          0,
          bias_bytes[1],
          4 * TS_H2 },
        { "sine/dense_2/relu",
          { 1, TS_H2 },
          2,
          TT_INT8,
          q->act[2].scale,
          q->act[2].zero_point,
          NULL,
          0 },
        { "sine/dense_3/weights",
          { 1, TS_H2 },
          2,
          TT_INT8,
          l[2].w_scale,
          0,
          (const uint8_t *)l[2].w,
          TS_H2 },
        { "sine/dense_3/bias", { 1, 0 }, 1, TT_INT32, l[2].b_scale, 0, bias_bytes[2], 4 },
        { "sine/output", { 1, 1 }, 2, TT_INT8, q->act[3].scale, q->act[3].zero_point, NULL, 0 },
    };
    static const int32_t op_in[3][3] = { { 0, 1, 2 }, { 3, 4, 5 }, { 6, 7, 8 } };
    static const int32_t op_out[3] = { 3, 6, 9 };
    static const int op_act[3] = { ACT_RELU, ACT_RELU, ACT_NONE };

    tflw_model_t *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return -1;
    }
    m->version = TFLITE_SCHEMA_VERSION;
    m->description = description;
    /* operator_codes: one FULLY_CONNECTED, written both ways (the int8
     * deprecated field and the int32 field), as current converters do. */
    m->n_opcodes = 1;
    m->opc[0] =
        (tflw_opcode_t){ OP_FULLY_CONNECTED, true, OP_FULLY_CONNECTED, true, OP_FC_VERSION, NULL };
    m->n_subgraphs = 1;
    m->subgraph_name = "main";
    m->pad_end = true; /* the file length a multiple of 16, like the constant data */
    /* buffers: 0 is the empty sentinel; buffer i+1 belongs to tensor i and
     * is empty for run-time tensors. */
    m->n_tensors = NUM_TENSORS;
    m->n_buffers = NUM_BUFFERS;
    for (unsigned i = 0; i < NUM_TENSORS; i++) {
        tflw_tensor_t *tt = &m->t[i];
        tt->type = (int8_t)t[i].type;
        tt->rank = (int)t[i].rank;
        memcpy(tt->dims, t[i].shape, sizeof t[i].shape);
        tt->buffer = i + 1;
        tt->name = t[i].name;
        tt->has_quant = true;
        tt->n_scales = tt->n_zps = 1;
        tt->scales[0] = t[i].scale;
        tt->zps[0] = t[i].zero_point;
        if (t[i].data != NULL) {
            m->buf[i + 1] = (tflw_buffer_t){ true, (uint32_t)t[i].bytes, t[i].data };
        }
    }
    m->n_inputs = 1;
    m->inputs[0] = TS_TENSOR_INPUT;
    m->n_outputs = 1;
    m->outputs[0] = TS_TENSOR_OUTPUT;
    /* FullyConnectedOptions: 0 fused_activation_function (weights_format,
     * keep_num_dims... keep their defaults). */
    m->n_ops = 3;
    for (unsigned i = 0; i < 3; i++) {
        tflw_op_t *op = &m->op[i];
        op->opcode_index = 0;
        op->n_in = 3;
        memcpy(op->in, op_in[i], sizeof op_in[i]);
        op->n_out = 1;
        op->out[0] = op_out[i];
        op->options_type = OPT_FULLY_CONNECTED;
        op->has_options = true;
        op->n_opt = 1;
        op->opt[0] = (tflw_field_t){ 0, 1, (uint64_t)op_act[i] };
    }
    int rc = tflw_build_alloc(m, out, out_len);
    free(m);
    return rc;
}
