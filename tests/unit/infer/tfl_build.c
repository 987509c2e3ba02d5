/* See tfl_build.h. Layout: every parent table is written before its
 * children, so all references point forward, as in real files. */
#include "tfl_build.h"

#include <string.h>

typedef struct tb {
    uint8_t *b;
    size_t cap, len;
    int overflow;
} tb;

static size_t tb_alloc(tb *t, size_t n, size_t align)
{
    size_t pos = (t->len + align - 1) / align * align;
    if (pos + n > t->cap) {
        t->overflow = 1;
        return 0;
    }
    memset(t->b + t->len, 0, pos + n - t->len);
    t->len = pos + n;
    return pos;
}

static void wr(tb *t, size_t pos, uint64_t v, int size)
{
    if (t->overflow)
        return;
    for (int i = 0; i < size; i++)
        t->b[pos + (size_t)i] = (uint8_t)(v >> (8 * i));
}

uint32_t tb_get32(const uint8_t *b, uint32_t pos)
{
    return (uint32_t)b[pos] | (uint32_t)b[pos + 1] << 8 | (uint32_t)b[pos + 2] << 16 |
           (uint32_t)b[pos + 3] << 24;
}

void tb_put32(uint8_t *b, uint32_t pos, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[pos + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}

/* A table whose fields (ids 0..n-1) have the given sizes (0 = absent).
 * Returns the table position; fields are found again through the vtable. */
static size_t table(tb *t, int n, const int *sizes)
{
    size_t vt = tb_alloc(t, 4 + 2 * (size_t)n, 2);
    uint16_t offs[16] = { 0 };
    size_t cur = 4;
    for (int i = 0; i < n; i++) {
        if (sizes[i] == 0)
            continue;
        cur = (cur + (size_t)sizes[i] - 1) / (size_t)sizes[i] * (size_t)sizes[i];
        offs[i] = (uint16_t)cur;
        cur += (size_t)sizes[i];
    }
    size_t tab = tb_alloc(t, cur, 8);
    wr(t, vt, 4 + 2 * (uint64_t)n, 2);
    wr(t, vt + 2, cur, 2);
    for (int i = 0; i < n; i++)
        wr(t, vt + 4 + 2 * (size_t)i, offs[i], 2);
    wr(t, tab, (uint32_t)(tab - vt), 4);
    return tab;
}

static size_t field(const tb *t, size_t tab, int id)
{
    if (t->overflow)
        return 0;
    size_t vt = tab - tb_get32(t->b, (uint32_t)tab);
    uint16_t vtb = (uint16_t)(t->b[vt] | t->b[vt + 1] << 8);
    if (4 + 2 * (size_t)id >= vtb)
        return 0;
    uint16_t off = (uint16_t)(t->b[vt + 4 + 2 * id] | t->b[vt + 5 + 2 * id] << 8);
    return off ? tab + off : 0;
}

static void set(tb *t, size_t tab, int id, uint64_t v, int size)
{
    size_t p = field(t, tab, id);
    if (p)
        wr(t, p, v, size);
}

static void ref(tb *t, size_t tab, int id, size_t target)
{
    size_t p = field(t, tab, id);
    if (p)
        wr(t, p, (uint32_t)(target - p), 4);
}

/* Vector: returns the position of its count; elements follow. */
static size_t vec(tb *t, uint32_t count, size_t elem, size_t align)
{
    /* the elements (after the 4-byte count) must be aligned to `align` */
    if (align < 4)
        align = 4;
    tb_alloc(t, 0, align);
    tb_alloc(t, (align - 4) % align, 1);
    size_t pos = tb_alloc(t, 4 + count * elem, 4);
    wr(t, pos, count, 4);
    return pos;
}

static size_t str(tb *t, const char *s)
{
    size_t n = strlen(s);
    size_t pos = tb_alloc(t, 4 + n + 1, 4);
    wr(t, pos, n, 4);
    if (!t->overflow)
        memcpy(t->b + pos + 4, s, n + 1);
    return pos;
}

static size_t i32_vec(tb *t, int n, const int32_t *v)
{
    size_t p = vec(t, (uint32_t)n, 4, 4);
    for (int i = 0; i < n; i++)
        wr(t, p + 4 + 4 * (size_t)i, (uint32_t)v[i], 4);
    return p;
}

/* Vector of tables: reserve the offset slots; patch them as tables come. */
static void vec_slot(tb *t, size_t v, uint32_t i, size_t target)
{
    size_t slot = v + 4 + 4 * (size_t)i;
    wr(t, slot, (uint32_t)(target - slot), 4);
}

static size_t write_tensor(tb *t, const spec_tensor *st)
{
    int sz[5] = { st->rank >= 0 ? 4 : 0, 1, 4, st->name ? 4 : 0, st->has_quant ? 4 : 0 };
    int n = 5;
    int szv[6] = { sz[0], sz[1], sz[2], sz[3], sz[4], 1 };
    size_t tab = st->is_variable ? table(t, 6, szv) : table(t, n, sz);
    set(t, tab, 1, (uint8_t)st->type, 1);
    set(t, tab, 2, st->buffer, 4);
    if (st->is_variable)
        set(t, tab, 5, 1, 1);
    if (st->rank >= 0)
        ref(t, tab, 0, i32_vec(t, st->rank, st->dims));
    if (st->name)
        ref(t, tab, 3, str(t, st->name));
    if (st->has_quant) {
        int qs[7] = { 0, 0, 4, 4, 0, 0, 4 };
        size_t q = table(t, 7, qs);
        set(t, q, 6, (uint32_t)st->qdim, 4);
        size_t sv = vec(t, (uint32_t)st->n_scales, 4, 4);
        for (int i = 0; i < st->n_scales; i++) {
            uint32_t bits;
            memcpy(&bits, &st->scales[i], 4);
            wr(t, sv + 4 + 4 * (size_t)i, bits, 4);
        }
        ref(t, q, 2, sv);
        size_t zv = vec(t, (uint32_t)st->n_zps, 8, 8);
        for (int i = 0; i < st->n_zps; i++)
            wr(t, zv + 4 + 8 * (size_t)i, (uint64_t)st->zps[i], 8);
        ref(t, q, 3, zv);
        ref(t, tab, 4, q);
    }
    return tab;
}

static size_t write_op(tb *t, const spec_op *so)
{
    int sz[5] = { 4, 4, 4, 1, so->has_options ? 4 : 0 };
    size_t tab = table(t, 5, sz);
    set(t, tab, 0, so->opcode_index, 4);
    set(t, tab, 3, so->options_type, 1);
    ref(t, tab, 1, i32_vec(t, so->n_in, so->in));
    ref(t, tab, 2, i32_vec(t, so->n_out, so->out));
    if (so->has_options) {
        int osz[10] = { 0 };
        int n = 0;
        for (int i = 0; i < so->n_opt; i++) {
            osz[so->opt[i].id] = so->opt[i].size;
            if (so->opt[i].id + 1 > n)
                n = so->opt[i].id + 1;
        }
        size_t o = table(t, n, osz);
        for (int i = 0; i < so->n_opt; i++)
            set(t, o, so->opt[i].id, so->opt[i].value, so->opt[i].size);
        ref(t, tab, 4, o);
    }
    return tab;
}

static size_t write_subgraph(tb *t, const spec_model *s)
{
    int sz[4] = { 4, 4, 4, 4 };
    size_t sg = table(t, 4, sz);
    ref(t, sg, 1, i32_vec(t, s->n_inputs, s->inputs));
    ref(t, sg, 2, i32_vec(t, s->n_outputs, s->outputs));
    size_t tv = vec(t, (uint32_t)s->n_tensors, 4, 4);
    ref(t, sg, 0, tv);
    size_t ov = vec(t, (uint32_t)s->n_ops, 4, 4);
    ref(t, sg, 3, ov);
    for (int i = 0; i < s->n_tensors; i++)
        vec_slot(t, tv, (uint32_t)i, write_tensor(t, &s->t[i]));
    for (int i = 0; i < s->n_ops; i++)
        vec_slot(t, ov, (uint32_t)i, write_op(t, &s->op[i]));
    return sg;
}

size_t spec_build(const spec_model *s, uint8_t *out, size_t cap)
{
    tb t = { out, cap, 0, 0 };
    size_t hdr = tb_alloc(&t, 8, 4);
    int msz[5] = { 4, 4, 4, s->description ? 4 : 0, 4 };
    size_t model = table(&t, 5, msz);
    wr(&t, hdr, (uint32_t)model, 4);
    if (!t.overflow)
        memcpy(out + 4, "TFL3", 4);
    set(&t, model, 0, s->version, 4);
    if (s->description)
        ref(&t, model, 3, str(&t, s->description));

    size_t oc = vec(&t, (uint32_t)s->n_opcodes, 4, 4);
    ref(&t, model, 1, oc);
    for (int i = 0; i < s->n_opcodes; i++) {
        const spec_opcode *c = &s->opc[i];
        int sz[4] = { 1, c->custom ? 4 : 0, c->has_version ? 4 : 0, c->has_builtin ? 4 : 0 };
        size_t tab = table(&t, 4, sz);
        set(&t, tab, 0, (uint8_t)c->dep, 1);
        set(&t, tab, 2, (uint32_t)c->version, 4);
        set(&t, tab, 3, (uint32_t)c->builtin, 4);
        if (c->custom)
            ref(&t, tab, 1, str(&t, c->custom));
        vec_slot(&t, oc, (uint32_t)i, tab);
    }

    size_t sgv = vec(&t, (uint32_t)s->n_subgraphs, 4, 4);
    ref(&t, model, 2, sgv);
    for (int i = 0; i < s->n_subgraphs; i++)
        vec_slot(&t, sgv, (uint32_t)i, write_subgraph(&t, s));

    size_t bv = vec(&t, (uint32_t)s->n_buffers, 4, 4);
    ref(&t, model, 4, bv);
    for (int i = 0; i < s->n_buffers; i++) {
        const spec_buffer *sb = &s->buf[i];
        int sz[1] = { sb->has_data ? 4 : 0 };
        size_t tab = table(&t, 1, sz);
        if (sb->has_data) {
            size_t d = vec(&t, sb->len, 1, 16); /* force_align: 16 */
            if (!t.overflow && sb->data)
                memcpy(out + d + 4, sb->data, sb->len);
            ref(&t, tab, 0, d);
        }
        vec_slot(&t, bv, (uint32_t)i, tab);
    }
    return t.overflow ? 0 : t.len;
}

static const int8_t k_fc_weights[6] = { 1, 2, 3, 4, -1, 0 };
static const int32_t k_fc_bias[3] = { 10, 0, -5 };

void spec_tensor_set(spec_tensor *t, int8_t type, int rank, const int32_t *dims, uint32_t buffer,
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

void spec_fc_model(spec_model *s)
{
    memset(s, 0, sizeof *s);
    s->version = 3;
    s->description = "cai test";
    s->n_opcodes = 1;
    s->opc[0] = (spec_opcode){ 9, 1, 9, 1, 4, NULL };
    s->n_subgraphs = 1;
    s->n_tensors = 4;
    spec_tensor_set(&s->t[0], 9, 2, (const int32_t[]){ 1, 2 }, 1, "input", 1.0f, 0);
    spec_tensor_set(&s->t[1], 9, 2, (const int32_t[]){ 3, 2 }, 2, "weights", 1.0f, 0);
    spec_tensor_set(&s->t[2], 2, 1, (const int32_t[]){ 3 }, 3, "bias", 1.0f, 0);
    spec_tensor_set(&s->t[3], 9, 2, (const int32_t[]){ 1, 3 }, 4, "output", 1.0f, 0);
    s->n_buffers = 5;
    s->buf[2] = (spec_buffer){ 1, 6, (const uint8_t *)k_fc_weights };
    s->buf[3] = (spec_buffer){ 1, 12, (const uint8_t *)k_fc_bias };
    s->n_inputs = 1;
    s->inputs[0] = 0;
    s->n_outputs = 1;
    s->outputs[0] = 3;
    s->n_ops = 1;
    s->op[0] = (spec_op){ 0, 3, { 0, 1, 2 }, 1, { 3 }, 8, 1, 1, { { 0, 1, 0 } } };
}

uint32_t tb_root(const uint8_t *b)
{
    return tb_get32(b, 0);
}

uint32_t tb_field(const uint8_t *b, uint32_t tab, int id)
{
    uint32_t vt = tab - tb_get32(b, tab);
    uint16_t vtb = (uint16_t)(b[vt] | b[vt + 1] << 8);
    if (4u + 2u * (uint32_t)id >= vtb)
        return 0;
    uint16_t off = (uint16_t)(b[vt + 4 + 2 * id] | b[vt + 5 + 2 * id] << 8);
    return off ? tab + off : 0;
}

uint32_t tb_vtable(const uint8_t *b, uint32_t tab)
{
    return tab - tb_get32(b, tab);
}

uint32_t tb_deref(const uint8_t *b, uint32_t tab, int id)
{
    uint32_t p = tb_field(b, tab, id);
    return p ? p + tb_get32(b, p) : 0;
}

uint32_t tb_vec_elem(const uint8_t *b, uint32_t vec, uint32_t i)
{
    uint32_t slot = vec + 4 + 4 * i;
    return slot + tb_get32(b, slot);
}

static const int8_t k_conv_weights[4] = { 1, -1, 2, 3 };

void spec_conv_model(spec_model *s, int depthwise)
{
    memset(s, 0, sizeof *s);
    s->version = 3;
    s->n_opcodes = 1;
    s->opc[0] =
        depthwise ? (spec_opcode){ 4, 1, 4, 1, 3, NULL } : (spec_opcode){ 3, 1, 3, 1, 3, NULL };
    s->n_subgraphs = 1;
    s->n_tensors = 3;
    int32_t oc = depthwise ? 4 : 2;
    spec_tensor_set(&s->t[0], 9, 4, (const int32_t[]){ 1, 4, 4, 2 }, 1, "in", 1.0f, 0);
    if (depthwise)
        spec_tensor_set(&s->t[1], 9, 4, (const int32_t[]){ 1, 1, 1, 4 }, 2, "w", 1.0f, 0);
    else
        spec_tensor_set(&s->t[1], 9, 4, (const int32_t[]){ 2, 1, 1, 2 }, 2, "w", 1.0f, 0);
    spec_tensor_set(&s->t[2], 9, 4, (const int32_t[]){ 1, 4, 4, oc }, 3, "out", 1.0f, 0);
    s->n_buffers = 4;
    s->buf[2] = (spec_buffer){ 1, 4, (const uint8_t *)k_conv_weights };
    s->n_inputs = 1;
    s->inputs[0] = 0;
    s->n_outputs = 1;
    s->outputs[0] = 2;
    s->n_ops = 1;
    if (depthwise)
        s->op[0] = (spec_op){
            0, 2,     { 0, 1 },
            1, { 2 }, 2,
            1, 5,     { { 0, 1, 0 }, { 1, 4, 1 }, { 2, 4, 1 }, { 3, 4, 2 }, { 4, 1, 0 } }
        };
    else
        s->op[0] = (spec_op){ 0, 2,     { 0, 1 },
                              1, { 2 }, 1,
                              1, 4,     { { 0, 1, 0 }, { 1, 4, 1 }, { 2, 4, 1 }, { 3, 1, 0 } } };
}

void spec_begin(spec_model *s)
{
    memset(s, 0, sizeof *s);
    s->version = 3;
    s->n_subgraphs = 1;
    s->n_buffers = 1;
}

int spec_add_tensor(spec_model *s, int8_t type, int rank, const int32_t *dims, float scale,
                    int64_t zp)
{
    int i = s->n_tensors++;
    spec_tensor_set(&s->t[i], type, rank, dims, 0, "t", scale, zp);
    if (type == 0)
        s->t[i].has_quant = 0;
    return i;
}

int spec_add_const(spec_model *s, int8_t type, int rank, const int32_t *dims, float scale,
                   const void *data, uint32_t bytes)
{
    int i = spec_add_tensor(s, type, rank, dims, scale, 0);
    int b = s->n_buffers++;
    s->buf[b] = (spec_buffer){ 1, bytes, data };
    s->t[i].buffer = (uint32_t)b;
    return i;
}

void spec_add_op(spec_model *s, int builtin, int n_in, const int32_t *in, int out, uint8_t opt_type,
                 int n_opt, const spec_field *opt)
{
    int c = s->n_opcodes++;
    s->opc[c] = (spec_opcode){ (int8_t)(builtin < 127 ? builtin : 127), 1, builtin, 1, 1, NULL };
    spec_op *op = &s->op[s->n_ops++];
    memset(op, 0, sizeof *op);
    op->opcode_index = (uint32_t)c;
    op->n_in = n_in;
    memcpy(op->in, in, sizeof(int32_t) * (size_t)n_in);
    op->n_out = 1;
    op->out[0] = out;
    op->options_type = opt_type;
    op->has_options = opt_type != 0;
    op->n_opt = n_opt;
    if (n_opt)
        memcpy(op->opt, opt, sizeof(spec_field) * (size_t)n_opt);
}

void spec_io(spec_model *s, int n_in, const int32_t *in, int n_out, const int32_t *out)
{
    s->n_inputs = n_in;
    memcpy(s->inputs, in, sizeof(int32_t) * (size_t)n_in);
    s->n_outputs = n_out;
    memcpy(s->outputs, out, sizeof(int32_t) * (size_t)n_out);
}
