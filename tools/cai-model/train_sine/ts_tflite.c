#include "ts_tflite.h"

#include <stdlib.h>
#include <string.h>

#include "ts_fb.h"

/* Schema constants (tflite schema.fbs; see docs/models.md). */
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

static ts_fb_field_t scalar(unsigned size, uint64_t v)
{
    ts_fb_field_t f = { (uint8_t)size, 0, v };
    return f;
}

static ts_fb_field_t ref(void)
{
    ts_fb_field_t f = { 4, 1, 0 };
    return f;
}

static void write_quant(ts_fb_t *fb, size_t slot, float scale, int32_t zp)
{
    /* QuantizationParameters: 2 scale [float], 3 zero_point [long]. */
    ts_fb_field_t f[4] = { { 0 } };
    size_t s[TS_FB_MAX_FIELDS];
    f[2] = ref();
    f[3] = ref();
    ts_fb_patch(fb, slot, ts_fb_table(fb, f, 4, s));
    ts_fb_patch(fb, s[2], ts_fb_vec_f32(fb, &scale, 1));
    int64_t z = zp;
    ts_fb_patch(fb, s[3], ts_fb_vec_i64(fb, &z, 1));
}

static void write_tensor(ts_fb_t *fb, size_t slot, const tensor_desc_t *t, unsigned buffer)
{
    /* Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization. */
    ts_fb_field_t f[5] = { ref(), scalar(1, (uint64_t)t->type), scalar(4, buffer), ref(), ref() };
    size_t s[TS_FB_MAX_FIELDS];
    ts_fb_patch(fb, slot, ts_fb_table(fb, f, 5, s));
    ts_fb_patch(fb, s[0], ts_fb_vec_i32(fb, t->shape, t->rank));
    ts_fb_patch(fb, s[3], ts_fb_string(fb, t->name));
    write_quant(fb, s[4], t->scale, t->zero_point);
}

static void write_operator(ts_fb_t *fb, size_t slot, const int32_t in[3], int32_t out, int act)
{
    /* Operator: 0 opcode_index, 1 inputs, 2 outputs, 3 builtin_options_type,
     * 4 builtin_options. */
    ts_fb_field_t f[5] = { scalar(4, 0), ref(), ref(), scalar(1, OPT_FULLY_CONNECTED), ref() };
    size_t s[TS_FB_MAX_FIELDS];
    ts_fb_patch(fb, slot, ts_fb_table(fb, f, 5, s));
    ts_fb_patch(fb, s[1], ts_fb_vec_i32(fb, in, 3));
    ts_fb_patch(fb, s[2], ts_fb_vec_i32(fb, &out, 1));
    /* FullyConnectedOptions: 0 fused_activation_function (weights_format,
     * keep_num_dims... keep their defaults). */
    ts_fb_field_t o[1] = { scalar(1, (uint64_t)act) };
    ts_fb_patch(fb, s[4], ts_fb_table(fb, o, 1, NULL));
}

/* int32 biases as little-endian bytes, independent of the host's order. */
static void le32(const int32_t *v, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 4; b++)
            out[4 * i + b] = (uint8_t)((uint32_t)v[i] >> (8 * b));
}

int ts_tflite_write(const ts_qmodel_t *q, const char *description, uint8_t **out, size_t *out_len)
{
    const ts_qlayer_t *l = q->layer;
    uint8_t bias_bytes[3][4 * TS_H2];
    for (int i = 0; i < 3; i++)
        le32(l[i].b, l[i].out, bias_bytes[i]);

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

    ts_fb_t fb;
    ts_fb_init(&fb);
    size_t root = ts_fb_header(&fb, "TFL3");
    size_t s[TS_FB_MAX_FIELDS];

    /* Model: 0 version, 1 operator_codes, 2 subgraphs, 3 description, 4 buffers. */
    ts_fb_field_t mf[5] = { scalar(4, TFLITE_SCHEMA_VERSION), ref(), ref(), ref(), ref() };
    size_t model_slots[TS_FB_MAX_FIELDS];
    ts_fb_patch(&fb, root, ts_fb_table(&fb, mf, 5, model_slots));

    /* operator_codes: one FULLY_CONNECTED, written both ways (the int8
     * deprecated field and the int32 field), as current converters do. */
    size_t v = ts_fb_vec_refs(&fb, 1);
    ts_fb_patch(&fb, model_slots[1], v);
    ts_fb_field_t oc[4] = { scalar(1, OP_FULLY_CONNECTED),
                            { 0 },
                            scalar(4, OP_FC_VERSION),
                            scalar(4, OP_FULLY_CONNECTED) };
    ts_fb_patch(&fb, v + 4, ts_fb_table(&fb, oc, 4, NULL));

    /* subgraphs: one. SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators, 4 name. */
    v = ts_fb_vec_refs(&fb, 1);
    ts_fb_patch(&fb, model_slots[2], v);
    ts_fb_field_t sg[5] = { ref(), ref(), ref(), ref(), ref() };
    ts_fb_patch(&fb, v + 4, ts_fb_table(&fb, sg, 5, s));
    size_t sg_slots[5];
    memcpy(sg_slots, s, sizeof sg_slots);

    v = ts_fb_vec_refs(&fb, NUM_TENSORS);
    ts_fb_patch(&fb, sg_slots[0], v);
    for (unsigned i = 0; i < NUM_TENSORS; i++)
        write_tensor(&fb, v + 4 + 4 * i, &t[i], i + 1);
    const int32_t in_idx = TS_TENSOR_INPUT, out_idx = TS_TENSOR_OUTPUT;
    ts_fb_patch(&fb, sg_slots[1], ts_fb_vec_i32(&fb, &in_idx, 1));
    ts_fb_patch(&fb, sg_slots[2], ts_fb_vec_i32(&fb, &out_idx, 1));
    v = ts_fb_vec_refs(&fb, 3);
    ts_fb_patch(&fb, sg_slots[3], v);
    for (unsigned i = 0; i < 3; i++)
        write_operator(&fb, v + 4 + 4 * i, op_in[i], op_out[i], op_act[i]);
    ts_fb_patch(&fb, sg_slots[4], ts_fb_string(&fb, "main"));

    ts_fb_patch(&fb, model_slots[3], ts_fb_string(&fb, description));

    /* buffers: 0 is the empty sentinel; buffer i+1 belongs to tensor i and
     * is empty for run-time tensors. Buffer: 0 data [ubyte] (force_align 16). */
    v = ts_fb_vec_refs(&fb, NUM_BUFFERS);
    ts_fb_patch(&fb, model_slots[4], v);
    for (unsigned b = 0; b < NUM_BUFFERS; b++) {
        const tensor_desc_t *td = b ? &t[b - 1] : NULL;
        if (!td || !td->data) {
            ts_fb_patch(&fb, v + 4 + 4 * b, ts_fb_table(&fb, NULL, 0, NULL));
            continue;
        }
        ts_fb_field_t bf[1] = { ref() };
        ts_fb_patch(&fb, v + 4 + 4 * b, ts_fb_table(&fb, bf, 1, s));
        ts_fb_patch(&fb, s[0], ts_fb_vec_bytes(&fb, td->data, td->bytes, 16));
    }
    /* Keep the file length a multiple of 16, like the constant data. */
    ts_fb_align_end(&fb, 16);
    if (fb.failed) {
        ts_fb_free(&fb);
        return -1;
    }
    *out = fb.buf;
    *out_len = fb.len;
    return 0;
}
