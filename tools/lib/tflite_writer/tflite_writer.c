/* SPDX-License-Identifier: Apache-2.0 */
/* See tflite_writer.h: a model description serialized on fb_writer.h. */
#include "tflite_writer.h"

#include <stdlib.h>
#include <string.h>

#include "fb_writer.h"

static tflw_fb_field_t scalar(unsigned size, uint64_t v)
{
    tflw_fb_field_t f = { (uint8_t)size, false, v };
    return f;
}

static tflw_fb_field_t ref(void)
{
    tflw_fb_field_t f = { 4, true, 0 };
    return f;
}

static tflw_fb_field_t absent(void)
{
    tflw_fb_field_t f = { 0, false, 0 };
    return f;
}

/* Reference slot i of a vector of references at v. */
static size_t elem_slot(size_t v, size_t i)
{
    return v + 4 + 4 * i;
}

static void write_quant(tflw_fb_t *fb, size_t slot, const tflw_tensor_t *st)
{
    /* QuantizationParameters: 2 scale [float], 3 zero_point [long],
     * 6 quantized_dimension. */
    tflw_fb_field_t f[7] = { absent(),
                             absent(),
                             ref(),
                             ref(),
                             absent(),
                             absent(),
                             st->qdim != 0 ? scalar(4, (uint32_t)st->qdim) : absent() };
    size_t s[TFLW_FB_MAX_FIELDS];
    tflw_fb_patch(fb, slot, tflw_fb_table(fb, f, 7, s));
    tflw_fb_patch(fb, s[2], tflw_fb_vec_f32(fb, st->scales, (size_t)st->n_scales));
    tflw_fb_patch(fb, s[3], tflw_fb_vec_i64(fb, st->zps, (size_t)st->n_zps));
}

static void write_tensor(tflw_fb_t *fb, size_t slot, const tflw_tensor_t *st)
{
    /* Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization, 5 is_variable. */
    tflw_fb_field_t f[6] = { st->rank >= 0 ? ref() : absent(),
                             scalar(1, (uint8_t)st->type),
                             scalar(4, st->buffer),
                             st->name != NULL ? ref() : absent(),
                             st->has_quant ? ref() : absent(),
                             st->is_variable ? scalar(1, 1) : absent() };
    size_t s[TFLW_FB_MAX_FIELDS];
    tflw_fb_patch(fb, slot, tflw_fb_table(fb, f, 6, s));
    if (st->rank >= 0) {
        tflw_fb_patch(fb, s[0], tflw_fb_vec_i32(fb, st->dims, (size_t)st->rank));
    }
    if (st->name != NULL) {
        tflw_fb_patch(fb, s[3], tflw_fb_string(fb, st->name));
    }
    if (st->has_quant) {
        write_quant(fb, s[4], st);
    }
}

static void write_op(tflw_fb_t *fb, size_t slot, const tflw_op_t *so)
{
    /* Operator: 0 opcode_index, 1 inputs, 2 outputs, 3 builtin_options_type,
     * 4 builtin_options. */
    tflw_fb_field_t f[5] = { scalar(4, so->opcode_index), ref(), ref(), scalar(1, so->options_type),
                             so->has_options ? ref() : absent() };
    size_t s[TFLW_FB_MAX_FIELDS];
    tflw_fb_patch(fb, slot, tflw_fb_table(fb, f, 5, s));
    tflw_fb_patch(fb, s[1], tflw_fb_vec_i32(fb, so->in, (size_t)so->n_in));
    tflw_fb_patch(fb, s[2], tflw_fb_vec_i32(fb, so->out, (size_t)so->n_out));
    if (so->has_options) {
        tflw_fb_field_t o[TFLW_FB_MAX_FIELDS];
        unsigned n = 0;
        for (unsigned id = 0; id < TFLW_FB_MAX_FIELDS; id++) {
            o[id] = absent();
        }
        for (int i = 0; i < so->n_opt; i++) {
            const tflw_field_t *sf = &so->opt[i];
            if (sf->id < 0 || sf->id >= (int)TFLW_FB_MAX_FIELDS) {
                fb->failed = true;
                return;
            }
            o[sf->id] = scalar((unsigned)sf->size, sf->value);
            if ((unsigned)sf->id + 1 > n) {
                n = (unsigned)sf->id + 1;
            }
        }
        tflw_fb_patch(fb, s[4], tflw_fb_table(fb, o, n, NULL));
    }
}

static void write_subgraph(tflw_fb_t *fb, size_t slot, const tflw_model_t *m)
{
    /* SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators, 4 name. */
    tflw_fb_field_t f[5] = { ref(), ref(), ref(), ref(),
                             m->subgraph_name != NULL ? ref() : absent() };
    size_t s[TFLW_FB_MAX_FIELDS];
    tflw_fb_patch(fb, slot, tflw_fb_table(fb, f, 5, s));
    size_t v = tflw_fb_vec_refs(fb, (size_t)m->n_tensors);
    tflw_fb_patch(fb, s[0], v);
    for (int i = 0; i < m->n_tensors; i++) {
        write_tensor(fb, elem_slot(v, (size_t)i), &m->t[i]);
    }
    tflw_fb_patch(fb, s[1], tflw_fb_vec_i32(fb, m->inputs, (size_t)m->n_inputs));
    tflw_fb_patch(fb, s[2], tflw_fb_vec_i32(fb, m->outputs, (size_t)m->n_outputs));
    v = tflw_fb_vec_refs(fb, (size_t)m->n_ops);
    tflw_fb_patch(fb, s[3], v);
    for (int i = 0; i < m->n_ops; i++) {
        write_op(fb, elem_slot(v, (size_t)i), &m->op[i]);
    }
    if (m->subgraph_name != NULL) {
        tflw_fb_patch(fb, s[4], tflw_fb_string(fb, m->subgraph_name));
    }
}

int tflw_build_alloc(const tflw_model_t *m, uint8_t **out, size_t *len)
{
    tflw_fb_t fb;
    tflw_fb_init(&fb);
    size_t root = tflw_fb_header(&fb, "TFL3");
    /* Model: 0 version, 1 operator_codes, 2 subgraphs, 3 description, 4 buffers. */
    tflw_fb_field_t mf[5] = { scalar(4, m->version), ref(), ref(),
                              m->description != NULL ? ref() : absent(), ref() };
    size_t ms[TFLW_FB_MAX_FIELDS];
    tflw_fb_patch(&fb, root, tflw_fb_table(&fb, mf, 5, ms));

    /* OperatorCode: 0 deprecated_builtin_code (int8), 1 custom_code,
     * 2 version, 3 builtin_code (int32). */
    size_t v = tflw_fb_vec_refs(&fb, (size_t)m->n_opcodes);
    tflw_fb_patch(&fb, ms[1], v);
    for (int i = 0; i < m->n_opcodes; i++) {
        const tflw_opcode_t *c = &m->opc[i];
        tflw_fb_field_t f[4] = { scalar(1, (uint8_t)c->dep), c->custom != NULL ? ref() : absent(),
                                 c->has_version ? scalar(4, (uint32_t)c->version) : absent(),
                                 c->has_builtin ? scalar(4, (uint32_t)c->builtin) : absent() };
        size_t s[TFLW_FB_MAX_FIELDS];
        tflw_fb_patch(&fb, elem_slot(v, (size_t)i), tflw_fb_table(&fb, f, 4, s));
        if (c->custom != NULL) {
            tflw_fb_patch(&fb, s[1], tflw_fb_string(&fb, c->custom));
        }
    }

    /* n_subgraphs copies of the one subgraph */
    v = tflw_fb_vec_refs(&fb, (size_t)m->n_subgraphs);
    tflw_fb_patch(&fb, ms[2], v);
    for (int i = 0; i < m->n_subgraphs; i++) {
        write_subgraph(&fb, elem_slot(v, (size_t)i), m);
    }

    if (m->description != NULL) {
        tflw_fb_patch(&fb, ms[3], tflw_fb_string(&fb, m->description));
    }

    /* Buffer: 0 data [ubyte] (force_align: 16); NULL data = zero bytes. */
    v = tflw_fb_vec_refs(&fb, (size_t)m->n_buffers);
    tflw_fb_patch(&fb, ms[4], v);
    for (int i = 0; i < m->n_buffers; i++) {
        const tflw_buffer_t *sb = &m->buf[i];
        if (!sb->has_data) {
            tflw_fb_patch(&fb, elem_slot(v, (size_t)i), tflw_fb_table(&fb, NULL, 0, NULL));
            continue;
        }
        tflw_fb_field_t bf[1] = { ref() };
        size_t s[TFLW_FB_MAX_FIELDS];
        tflw_fb_patch(&fb, elem_slot(v, (size_t)i), tflw_fb_table(&fb, bf, 1, s));
        tflw_fb_patch(&fb, s[0], tflw_fb_vec_bytes(&fb, sb->data, sb->len, 16));
    }
    if (m->pad_end) {
        tflw_fb_align_end(&fb, 16);
    }
    if (fb.failed) {
        tflw_fb_free(&fb);
        return -1;
    }
    *out = fb.buf;
    *len = fb.len;
    return 0;
}

size_t tflw_build(const tflw_model_t *m, uint8_t *out, size_t cap)
{
    uint8_t *b;
    size_t n;
    if (tflw_build_alloc(m, &b, &n) != 0) {
        return 0;
    }
    if (n > cap) {
        n = 0;
    } else {
        memcpy(out, b, n);
    }
    free(b);
    return n;
}

uint32_t tflw_get32(const uint8_t *b, uint32_t pos)
{
    return (uint32_t)b[pos] | (uint32_t)b[pos + 1] << 8 | (uint32_t)b[pos + 2] << 16 |
           (uint32_t)b[pos + 3] << 24;
}

void tflw_put32(uint8_t *b, uint32_t pos, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        b[pos + (uint32_t)i] = (uint8_t)(v >> (8 * i));
    }
}

static const int8_t k_fc_weights[6] = { 1, 2, 3, 4, -1, 0 };
static const int32_t k_fc_bias[3] = { 10, 0, -5 };

void tflw_tensor_set(tflw_tensor_t *t, int8_t type, int rank, const int32_t *dims, uint32_t buffer,
                     const char *name, float scale, int64_t zp)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    t->rank = rank;
    memcpy(t->dims, dims, sizeof(int32_t) * (size_t)rank);
    t->buffer = buffer;
    t->name = name;
    t->has_quant = 1;
    t->n_scales = t->n_zps = 1;
    t->scales[0] = scale;
    t->zps[0] = zp;
}

void tflw_fc_model(tflw_model_t *s)
{
    memset(s, 0, sizeof *s);
    s->version = 3;
    s->description = "cai test";
    s->n_opcodes = 1;
    s->opc[0] = (tflw_opcode_t){ 9, 1, 9, 1, 4, NULL };
    s->n_subgraphs = 1;
    s->n_tensors = 4;
    tflw_tensor_set(&s->t[0], 9, 2, (const int32_t[]){ 1, 2 }, 1, "input", 1.0f, 0);
    tflw_tensor_set(&s->t[1], 9, 2, (const int32_t[]){ 3, 2 }, 2, "weights", 1.0f, 0);
    tflw_tensor_set(&s->t[2], 2, 1, (const int32_t[]){ 3 }, 3, "bias", 1.0f, 0);
    tflw_tensor_set(&s->t[3], 9, 2, (const int32_t[]){ 1, 3 }, 4, "output", 1.0f, 0);
    s->n_buffers = 5;
    s->buf[2] = (tflw_buffer_t){ 1, 6, (const uint8_t *)k_fc_weights };
    s->buf[3] = (tflw_buffer_t){ 1, 12, (const uint8_t *)k_fc_bias };
    s->n_inputs = 1;
    s->inputs[0] = 0;
    s->n_outputs = 1;
    s->outputs[0] = 3;
    s->n_ops = 1;
    s->op[0] = (tflw_op_t){ 0, 3, { 0, 1, 2 }, 1, { 3 }, 8, 1, 1, { { 0, 1, 0 } } };
}

uint32_t tflw_root(const uint8_t *b)
{
    return tflw_get32(b, 0);
}

uint32_t tflw_field(const uint8_t *b, uint32_t tab, int id)
{
    uint32_t vt = tab - tflw_get32(b, tab);
    uint16_t vtb = (uint16_t)(b[vt] | b[vt + 1] << 8);
    if (4u + 2u * (uint32_t)id >= vtb) {
        return 0;
    }
    uint16_t off = (uint16_t)(b[vt + 4 + 2 * id] | b[vt + 5 + 2 * id] << 8);
    return off ? tab + off : 0;
}

uint32_t tflw_vtable(const uint8_t *b, uint32_t tab)
{
    return tab - tflw_get32(b, tab);
}

uint32_t tflw_deref(const uint8_t *b, uint32_t tab, int id)
{
    uint32_t p = tflw_field(b, tab, id);
    return p ? p + tflw_get32(b, p) : 0;
}

uint32_t tflw_vec_elem(const uint8_t *b, uint32_t vec, uint32_t i)
{
    uint32_t slot = vec + 4 + 4 * i;
    return slot + tflw_get32(b, slot);
}

static const int8_t k_conv_weights[4] = { 1, -1, 2, 3 };

void tflw_conv_model(tflw_model_t *s, int depthwise)
{
    memset(s, 0, sizeof *s);
    s->version = 3;
    s->n_opcodes = 1;
    s->opc[0] =
        depthwise ? (tflw_opcode_t){ 4, 1, 4, 1, 3, NULL } : (tflw_opcode_t){ 3, 1, 3, 1, 3, NULL };
    s->n_subgraphs = 1;
    s->n_tensors = 3;
    int32_t oc = depthwise ? 4 : 2;
    tflw_tensor_set(&s->t[0], 9, 4, (const int32_t[]){ 1, 4, 4, 2 }, 1, "in", 1.0f, 0);
    if (depthwise) {
        tflw_tensor_set(&s->t[1], 9, 4, (const int32_t[]){ 1, 1, 1, 4 }, 2, "w", 1.0f, 0);
    } else {
        tflw_tensor_set(&s->t[1], 9, 4, (const int32_t[]){ 2, 1, 1, 2 }, 2, "w", 1.0f, 0);
    }
    tflw_tensor_set(&s->t[2], 9, 4, (const int32_t[]){ 1, 4, 4, oc }, 3, "out", 1.0f, 0);
    s->n_buffers = 4;
    s->buf[2] = (tflw_buffer_t){ 1, 4, (const uint8_t *)k_conv_weights };
    s->n_inputs = 1;
    s->inputs[0] = 0;
    s->n_outputs = 1;
    s->outputs[0] = 2;
    s->n_ops = 1;
    if (depthwise) {
        s->op[0] = (tflw_op_t){
            0, 2,     { 0, 1 },
            1, { 2 }, 2,
            1, 5,     { { 0, 1, 0 }, { 1, 4, 1 }, { 2, 4, 1 }, { 3, 4, 2 }, { 4, 1, 0 } }
        };
    } else {
        s->op[0] = (tflw_op_t){ 0, 2,     { 0, 1 },
                                1, { 2 }, 1,
                                1, 4,     { { 0, 1, 0 }, { 1, 4, 1 }, { 2, 4, 1 }, { 3, 1, 0 } } };
    }
}

void tflw_begin(tflw_model_t *s)
{
    memset(s, 0, sizeof *s);
    s->version = 3;
    s->n_subgraphs = 1;
    s->n_buffers = 1;
}

int tflw_add_tensor(tflw_model_t *s, int8_t type, int rank, const int32_t *dims, float scale,
                    int64_t zp)
{
    int i = s->n_tensors++;
    tflw_tensor_set(&s->t[i], type, rank, dims, 0, "t", scale, zp);
    if (type == 0) {
        s->t[i].has_quant = 0;
    }
    return i;
}

int tflw_add_const(tflw_model_t *s, int8_t type, int rank, const int32_t *dims, float scale,
                   const void *data, uint32_t bytes)
{
    int i = tflw_add_tensor(s, type, rank, dims, scale, 0);
    int b = s->n_buffers++;
    s->buf[b] = (tflw_buffer_t){ 1, bytes, data };
    s->t[i].buffer = (uint32_t)b;
    return i;
}

void tflw_add_op(tflw_model_t *s, int builtin, int n_in, const int32_t *in, int out,
                 uint8_t opt_type, int n_opt, const tflw_field_t *opt)
{
    int c = s->n_opcodes++;
    s->opc[c] = (tflw_opcode_t){ (int8_t)(builtin < 127 ? builtin : 127), 1, builtin, 1, 1, NULL };
    tflw_op_t *op = &s->op[s->n_ops++];
    memset(op, 0, sizeof *op);
    op->opcode_index = (uint32_t)c;
    op->n_in = n_in;
    memcpy(op->in, in, sizeof(int32_t) * (size_t)n_in);
    op->n_out = 1;
    op->out[0] = out;
    op->options_type = opt_type;
    op->has_options = opt_type != 0;
    op->n_opt = n_opt;
    if (n_opt) {
        memcpy(op->opt, opt, sizeof(tflw_field_t) * (size_t)n_opt);
    }
}

void tflw_io(tflw_model_t *s, int n_in, const int32_t *in, int n_out, const int32_t *out)
{
    s->n_inputs = n_in;
    memcpy(s->inputs, in, sizeof(int32_t) * (size_t)n_in);
    s->n_outputs = n_out;
    memcpy(s->outputs, out, sizeof(int32_t) * (size_t)n_out);
}
