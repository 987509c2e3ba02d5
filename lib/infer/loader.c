/* SPDX-License-Identifier: Apache-2.0 */
/*
 * .tflite loader: walks the flatbuffer once with the checked reader (fb.c),
 * verifying the structure, then the semantics the engine relies on (tensor
 * indices, shapes, buffer sizes, quantization, data flow), before anything
 * else may use the model. Operator-specific checks live in ops_setup.c.
 */
#include <math.h>
#include <string.h>

#include "model_int.h"

/* Field ids of the TFLite schema tables used here (declaration order). */
enum {
    MODEL_VERSION = 0,
    MODEL_OPCODES = 1,
    MODEL_SUBGRAPHS = 2,
    MODEL_DESCRIPTION = 3,
    MODEL_BUFFERS = 4
};
enum {
    OPC_DEPRECATED = 0,
    OPC_CUSTOM = 1,
    OPC_VERSION = 2,
    OPC_BUILTIN = 3
};
enum {
    SG_TENSORS = 0,
    SG_INPUTS = 1,
    SG_OUTPUTS = 2,
    SG_OPERATORS = 3
};
enum {
    TEN_SHAPE = 0,
    TEN_TYPE = 1,
    TEN_BUFFER = 2,
    TEN_NAME = 3,
    TEN_QUANT = 4,
    TEN_VARIABLE = 5,
    TEN_SPARSITY = 6
};
enum {
    QP_SCALE = 2,
    QP_ZERO_POINT = 3,
    QP_DETAILS_TYPE = 4,
    QP_QDIM = 6
};
enum {
    OPR_OPCODE = 0,
    OPR_INPUTS = 1,
    OPR_OUTPUTS = 2,
    OPR_OPTIONS_TYPE = 3,
    OPR_OPTIONS = 4
};
enum {
    BUF_DATA = 0,
    BUF_OFFSET = 1,
    BUF_SIZE = 2
};

#define SCHEMA_VERSION 3u

/* The phases of load_model are kept out of line so that their locals (a
 * decoded operator, a decoded tensor) are never on the stack together:
 * loading runs on the secure side's small stack (docs/engine.md, Memory). */
#if defined(__GNUC__)
#define INFER_NOINLINE __attribute__((noinline))
#else
#define INFER_NOINLINE
#endif

/* Largest runtime tensor accepted (keeps every size and offset far from
 * 32-bit overflow in the planner and the kernels). */
#define MAX_TENSOR_BYTES 0x10000000u

static const char *tname(const fb_ctx_t *c, const cai_tensor_rec_t *t)
{
    return t->name_off ? (const char *)c->buf + t->name_off : "";
}

static int load_quantization(fb_ctx_t *c, uint32_t i, cai_tensor_rec_t *t, const fb_table_t *qt)
{
    fb_vec_t sv, zv;
    bool has_s, has_z;
    uint8_t details;
    int32_t qdim;
    if (fb_vector(c, qt, QP_SCALE, 4, "quantization scale", &sv, &has_s) != 0 ||
        fb_vector(c, qt, QP_ZERO_POINT, 8, "quantization zero_point", &zv, &has_z) != 0 ||
        fb_u8(c, qt, QP_DETAILS_TYPE, 0, &details) != 0 || fb_i32(c, qt, QP_QDIM, 0, &qdim) != 0) {
        return -1;
    }
    if (details != 0) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED,
                        "unsupported quantization details (type %u) on tensor #%u '%s'",
                        (unsigned)details, (unsigned)i, tname(c, t));
    }
    if (sv.count == 0 && zv.count == 0) {
        return 0; /* present but empty: not quantized */
    }
    if (sv.count != zv.count) {
        return fb_fail(c, "tensor #%u '%s': %u scales but %u zero points", (unsigned)i, tname(c, t),
                       (unsigned)sv.count, (unsigned)zv.count);
    }
    if (sv.count > 1) {
        /* Old converters (TOCO) copy the filter's quantized_dimension (3 for
         * depthwise) onto the 1-D bias: a 1-D tensor with one scale per
         * element is unambiguous, so accept it as dimension 0. */
        int32_t eff = (t->rank == 1 && (uint32_t)t->dims[0] == sv.count) ? 0 : qdim;
        if (eff < 0 || (uint32_t)eff >= t->rank || (uint32_t)t->dims[eff] != sv.count) {
            return fb_fail(c,
                           "tensor #%u '%s': %u per-channel scales do not match "
                           "quantized_dimension %d",
                           (unsigned)i, tname(c, t), (unsigned)sv.count, (int)qdim);
        }
    } else if (qdim != 0 && (qdim < 0 || (uint32_t)qdim >= t->rank)) {
        return fb_fail(c, "tensor #%u '%s': quantized_dimension %d out of range", (unsigned)i,
                       tname(c, t), (int)qdim);
    }
    for (uint32_t k = 0; k < sv.count; k++) {
        float s = fb_vec_f32(c, &sv, k);
        int64_t z = fb_vec_i64(c, &zv, k);
        if (!(isfinite(s) && s > 0.0f)) {
            return fb_fail(c, "tensor #%u '%s': scale #%u is not a positive finite number",
                           (unsigned)i, tname(c, t), (unsigned)k);
        }
        int64_t zlo = t->type == CAI_DTYPE_INT8 ? -128 : 0;
        int64_t zhi = t->type == CAI_DTYPE_INT8 ? 127 : 0;
        if (t->type == CAI_DTYPE_FLOAT32) {
            zlo = INT32_MIN;
            zhi = INT32_MAX;
        }
        if (z < zlo || z > zhi) {
            return fb_fail(c, "tensor #%u '%s': zero point #%u (%ld) out of range for %s",
                           (unsigned)i, tname(c, t), (unsigned)k, (long)z, cai_dtype_name(t->type));
        }
    }
    t->num_scales = sv.count;
    t->scales_off = sv.pos;
    t->zps_off = zv.pos;
    t->scale = fb_vec_f32(c, &sv, 0);
    t->zero_point = (int32_t)fb_vec_i64(c, &zv, 0);
    t->quantized_dim = qdim;
    return 0;
}

static int load_tensor(fb_ctx_t *c, uint32_t i, const fb_table_t *tt, const fb_vec_t *buffers,
                       cai_tensor_rec_t *t)
{
    fb_vec_t shape;
    bool has_shape, has_q, has_sparsity;
    uint8_t type, variable;
    uint32_t bufidx, name_len;
    fb_table_t qt, sp;

    memset(t, 0, sizeof *t);
    if (fb_string(c, tt, TEN_NAME, "tensor name", &t->name_off, &name_len) != 0 ||
        fb_vector(c, tt, TEN_SHAPE, 4, "tensor shape", &shape, &has_shape) != 0 ||
        fb_u8(c, tt, TEN_TYPE, 0, &type) != 0 || fb_u32(c, tt, TEN_BUFFER, 0, &bufidx) != 0 ||
        fb_u8(c, tt, TEN_VARIABLE, 0, &variable) != 0 ||
        fb_subtable(c, tt, TEN_SPARSITY, "tensor sparsity", &sp, &has_sparsity) != 0 ||
        fb_subtable(c, tt, TEN_QUANT, "tensor quantization", &qt, &has_q) != 0) {
        return -1;
    }
    t->type = type;
    if (infer_dtype_size(type) == 0) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED,
                        "unsupported tensor type %s (%u) of tensor #%u '%s'", cai_dtype_name(type),
                        (unsigned)type, (unsigned)i, tname(c, t));
    }
    if (variable) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "unsupported variable tensor #%u '%s'",
                        (unsigned)i, tname(c, t));
    }
    if (has_sparsity) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "unsupported sparse tensor #%u '%s'",
                        (unsigned)i, tname(c, t));
    }
    if (shape.count > CAI_INFER_MAX_DIMS) {
        return fb_failc(c, CAI_INFER_ERR_LIMIT, "tensor #%u '%s' has rank %u, over the limit of %u",
                        (unsigned)i, tname(c, t), (unsigned)shape.count,
                        (unsigned)CAI_INFER_MAX_DIMS);
    }
    t->rank = (uint8_t)shape.count;
    uint64_t elems = 1;
    for (uint32_t d = 0; d < shape.count; d++) {
        int32_t v = fb_vec_i32(c, &shape, d);
        if (v <= 0) {
            return fb_fail(c, "tensor #%u '%s': dimension %u is %d (must be positive)", (unsigned)i,
                           tname(c, t), (unsigned)d, (int)v);
        }
        t->dims[d] = v;
        elems *= (uint64_t)v; /* <= 2^28 * 2^31: no 64-bit overflow */
        if (elems * infer_dtype_size(type) > MAX_TENSOR_BYTES) {
            return fb_failc(c, CAI_INFER_ERR_LIMIT, "tensor #%u '%s' is larger than %lu bytes",
                            (unsigned)i, tname(c, t), (unsigned long)MAX_TENSOR_BYTES);
        }
    }
    t->bytes = (uint32_t)(elems * infer_dtype_size(type));

    if (has_q && load_quantization(c, i, t, &qt) != 0) {
        return -1;
    }
    if (type == CAI_DTYPE_INT8 && t->num_scales == 0) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED,
                        "int8 tensor #%u '%s' has no quantization parameters", (unsigned)i,
                        tname(c, t));
    }

    /* Its buffer: empty = runtime tensor, otherwise constant data of exactly
     * the tensor's size, used in place. */
    if (bufidx >= buffers->count) {
        return fb_fail(c, "tensor #%u '%s': buffer index %u out of range (%u buffers)", (unsigned)i,
                       tname(c, t), (unsigned)bufidx, (unsigned)buffers->count);
    }
    fb_table_t bt;
    fb_vec_t data;
    bool has_data;
    uint64_t ext_off, ext_size;
    if (fb_vec_table(c, buffers, bufidx, "buffer", &bt) != 0 ||
        fb_vector(c, &bt, BUF_DATA, 1, "buffer data", &data, &has_data) != 0 ||
        fb_u64(c, &bt, BUF_OFFSET, 0, &ext_off) != 0 ||
        fb_u64(c, &bt, BUF_SIZE, 0, &ext_size) != 0) {
        return -1;
    }
    if (ext_off != 0 || ext_size != 0) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED,
                        "unsupported external buffer %u (data outside the flatbuffer)",
                        (unsigned)bufidx);
    }
    if (data.count != 0) {
        if (data.count != t->bytes) {
            return fb_fail(c, "tensor #%u '%s': buffer %u holds %u bytes, the tensor needs %u",
                           (unsigned)i, tname(c, t), (unsigned)bufidx, (unsigned)data.count,
                           (unsigned)t->bytes);
        }
        /* Kernels read int32/float constants in place: they must be aligned
         * (the buffer start is checked to be 4-aligned). */
        if (data.pos % infer_dtype_size(type) != 0) {
            return fb_fail(c, "tensor #%u '%s': constant data at 0x%x is misaligned", (unsigned)i,
                           tname(c, t), (unsigned)data.pos);
        }
        t->const_data = c->buf + data.pos;
        t->flags |= TF_CONST;
    }
    return 0;
}

int infer_tensor_get(fb_ctx_t *c, const infer_state_t *g, uint32_t i, cai_tensor_rec_t *t)
{
    fb_table_t tt;
    if (fb_vec_table(c, &g->tensors, i, "tensor", &tt) != 0) {
        memset(t, 0, sizeof *t);
        return -1;
    }
    return load_tensor(c, i, &tt, &g->buffers, t);
}

static INFER_NOINLINE int load_io(fb_ctx_t *c, const infer_state_t *g, uint32_t num_tensors,
                                  const fb_table_t *sg, unsigned id, const char *what,
                                  int16_t *list, uint8_t *count)
{
    fb_vec_t v;
    bool present;
    if (fb_vector(c, sg, id, 4, what, &v, &present) != 0) {
        return -1;
    }
    if (v.count == 0) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "the subgraph has no %s", what);
    }
    if (v.count > CAI_INFER_MAX_IO) {
        return fb_failc(c, CAI_INFER_ERR_LIMIT, "the subgraph has %u %s, over the limit of %u",
                        (unsigned)v.count, what, (unsigned)CAI_INFER_MAX_IO);
    }
    for (uint32_t k = 0; k < v.count; k++) {
        int32_t ti = fb_vec_i32(c, &v, k);
        if (ti < 0 || (uint32_t)ti >= num_tensors) {
            return fb_fail(c, "subgraph %s #%u: tensor index %d out of range", what, (unsigned)k,
                           (int)ti);
        }
        cai_tensor_rec_t t;
        if (infer_tensor_get(c, g, (uint32_t)ti, &t) != 0) {
            return -1;
        }
        if (t.flags & TF_CONST) {
            return fb_fail(c, "subgraph %s #%u: tensor #%d is a constant", what, (unsigned)k,
                           (int)ti);
        }
        for (uint32_t j = 0; j < k; j++) {
            if (list[j] == ti) {
                return fb_fail(c, "subgraph %s: tensor #%d listed twice", what, (int)ti);
            }
        }
        list[k] = (int16_t)ti;
    }
    *count = (uint8_t)v.count;
    return 0;
}

/* Effective opcode of operator_codes[idx]: max(deprecated_builtin_code,
 * builtin_code), as TFLite's GetBuiltinCode. */
static int load_opcode(fb_ctx_t *c, const fb_vec_t *opcodes, uint32_t idx, uint32_t op_index,
                       infer_op_t *op)
{
    fb_table_t ot;
    uint8_t dep_raw;
    int32_t builtin, version;
    uint32_t cpos, clen;
    if (idx >= opcodes->count) {
        return fb_fail(c, "op #%u: opcode index %u out of range (%u operator codes)",
                       (unsigned)op_index, (unsigned)idx, (unsigned)opcodes->count);
    }
    if (fb_vec_table(c, opcodes, idx, "operator code", &ot) != 0 ||
        fb_u8(c, &ot, OPC_DEPRECATED, 0, &dep_raw) != 0 ||
        fb_string(c, &ot, OPC_CUSTOM, "custom code", &cpos, &clen) != 0 ||
        fb_i32(c, &ot, OPC_VERSION, 1, &version) != 0 ||
        fb_i32(c, &ot, OPC_BUILTIN, 0, &builtin) != 0) {
        return -1;
    }
    int32_t dep = (int8_t)dep_raw;
    int32_t code = dep > builtin ? dep : builtin;
    if (code == OP_CUSTOM) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "unsupported custom operator '%s' at op #%u",
                        cpos ? (const char *)c->buf + cpos : "", (unsigned)op_index);
    }
    /* the operator table (op_table.h) holds the versions accepted */
    const infer_op_def_t *def = code < 0 ? NULL : infer_op_find((uint32_t)code);
    if (def == NULL) {
        return fb_failc(
            c, CAI_INFER_ERR_UNSUPPORTED, "unsupported operator %s (opcode %d) v%d at op #%u",
            cai_builtin_name((uint32_t)code), (int)code, (int)version, (unsigned)op_index);
    }
    if (version < 1 || version > def->max_version) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED,
                        "unsupported operator %s (opcode %d) v%d at op #%u (versions 1-%d)",
                        cai_builtin_name((uint32_t)code), (int)code, (int)version,
                        (unsigned)op_index, (int)def->max_version);
    }
    op->builtin = (uint8_t)code;
    op->version = version;
    return 0;
}

static int load_operator(fb_ctx_t *c, const infer_state_t *g, uint32_t num_tensors, uint32_t k,
                         const fb_table_t *ot, infer_op_t *op)
{
    uint32_t opcode_idx;
    fb_vec_t ins, outs;
    bool has_in, has_out, has_opt;
    uint8_t opt_type;
    fb_table_t opt;
    if (fb_u32(c, ot, OPR_OPCODE, 0, &opcode_idx) != 0 ||
        load_opcode(c, &g->opcodes, opcode_idx, k, op) != 0 ||
        fb_vector(c, ot, OPR_INPUTS, 4, "operator inputs", &ins, &has_in) != 0 ||
        fb_vector(c, ot, OPR_OUTPUTS, 4, "operator outputs", &outs, &has_out) != 0 ||
        fb_u8(c, ot, OPR_OPTIONS_TYPE, 0, &opt_type) != 0 ||
        fb_subtable(c, ot, OPR_OPTIONS, "builtin options", &opt, &has_opt) != 0) {
        return -1;
    }
    const char *name = cai_builtin_name(op->builtin);
    if (ins.count > CAI_INFER_MAX_OP_INPUTS) {
        return fb_fail(c, "op #%u %s has %u inputs", (unsigned)k, name, (unsigned)ins.count);
    }
    if (outs.count != 1) {
        return fb_fail(c, "op #%u %s has %u outputs (expected 1)", (unsigned)k, name,
                       (unsigned)outs.count);
    }
    for (uint32_t j = 0; j < CAI_INFER_MAX_OP_INPUTS; j++) {
        op->inputs[j] = -1;
    }
    for (uint32_t j = 0; j < ins.count; j++) {
        int32_t ti = fb_vec_i32(c, &ins, j);
        if (ti < -1 || ti >= (int32_t)num_tensors) {
            return fb_fail(c, "op #%u %s: input #%u tensor index %d out of range", (unsigned)k,
                           name, (unsigned)j, (int)ti);
        }
        op->inputs[j] = (int16_t)ti;
    }
    op->num_inputs = (uint8_t)ins.count;
    int32_t to = fb_vec_i32(c, &outs, 0);
    if (to < 0 || to >= (int32_t)num_tensors) {
        return fb_fail(c, "op #%u %s: output tensor index %d out of range", (unsigned)k, name,
                       (int)to);
    }
    op->output = (int16_t)to;
    /* The options table, when present, must be the one of this operator. */
    const uint8_t want = infer_op_find(op->builtin)->options_type; /* load_opcode found it */
    if (has_opt) {
        if (opt_type != want && want != OPT_NONE) {
            return fb_fail(c, "op #%u %s: builtin options of type %u (expected %u)", (unsigned)k,
                           name, (unsigned)opt_type, (unsigned)want);
        }
        if (want != OPT_NONE) {
            op->options_off = opt.pos;
        }
    } else if (opt_type != OPT_NONE) {
        return fb_fail(c, "op #%u %s: builtin options type %u without options", (unsigned)k, name,
                       (unsigned)opt_type);
    }
    return 0;
}

int infer_op_get(fb_ctx_t *c, const infer_state_t *g, uint32_t num_tensors, uint32_t k,
                 infer_op_t *op)
{
    fb_table_t ot;
    memset(op, 0, sizeof *op);
    if (fb_vec_table(c, &g->ops, k, "operator", &ot) != 0) {
        return -1;
    }
    return load_operator(c, g, num_tensors, k, &ot, op);
}

static uint32_t round16(uint32_t v)
{
    return (v + 15u) & ~15u;
}

/* 1 + the index of the op before op `before` that writes tensor t (with its
 * builtin code and first input), 0 if none, -1 on failure. */
static INFER_NOINLINE int written_before(fb_ctx_t *c, const infer_state_t *g, uint32_t t,
                                         uint32_t before, uint8_t *builtin, int16_t *input0)
{
    infer_op_t w;
    for (uint32_t k = 0; k < before; k++) {
        if (infer_op_get(c, g, g->tensors.count, k, &w) != 0) {
            return -1;
        }
        if (w.output == (int16_t)t) {
            *builtin = w.builtin;
            *input0 = w.inputs[0];
            return (int)k + 1;
        }
    }
    return 0;
}

/* The plan item holding tensor t's bytes once the ops before `before` have
 * run, or -1 (a constant, or not written yet). RESHAPE of a runtime tensor
 * runs in place: its output has no item of its own but shares its input's
 * (the root of a chain of such RESHAPEs), which lives as long as any of
 * them; the chain is followed back through the writers. */
static int buffer_of(fb_ctx_t *c, const infer_state_t *g, const infer_plan_t *p, uint32_t t,
                     uint32_t before)
{
    for (;;) {
        int it = infer_plan_find(p, t);
        if (it >= 0) {
            return it;
        }
        uint8_t builtin = 0;
        int16_t input0 = -1;
        int k = written_before(c, g, t, before, &builtin, &input0);
        if (k <= 0 || builtin != OP_RESHAPE || input0 < 0) {
            return -1;
        }
        t = (uint32_t)input0;
        before = (uint32_t)k - 1; /* strictly earlier: the chain ends */
    }
}

/* Operators run in file order: every operand must be a constant, a subgraph
 * input or the output of an earlier op; every op writes a fresh runtime
 * tensor. Adds every runtime tensor to the plan with its lifetime: from the
 * op that writes it (op 0 for subgraph inputs) to the last op reading it
 * (past the last op for subgraph outputs). The plan's items are the record
 * of which tensors are written (no per-tensor storage). */
static INFER_NOINLINE int check_dataflow(fb_ctx_t *c, const infer_state_t *g,
                                         const infer_model_t *m, infer_plan_t *p)
{
    cai_tensor_rec_t t;
    infer_op_t op;
    for (uint32_t i = 0; i < m->num_inputs; i++) {
        if (infer_tensor_get(c, g, (uint32_t)g->inputs[i], &t) != 0 ||
            infer_plan_add(c, p, (uint32_t)g->inputs[i], round16(t.bytes), 0, 0) != 0) {
            return -1;
        }
    }
    for (uint32_t k = 0; k < m->num_ops; k++) {
        if (infer_op_get(c, g, m->num_tensors, k, &op) != 0) {
            return -1;
        }
        const char *name = cai_builtin_name(op.builtin);
        for (uint32_t j = 0; j < op.num_inputs; j++) {
            if (op.inputs[j] < 0) {
                continue;
            }
            int it = buffer_of(c, g, p, (uint32_t)op.inputs[j], k);
            if (it >= 0) {
                p->items[it].last = (uint8_t)k;
                continue;
            }
            if (infer_tensor_get(c, g, (uint32_t)op.inputs[j], &t) != 0) {
                return -1;
            }
            if (!(t.flags & TF_CONST)) {
                return fb_fail(c, "op #%u %s reads tensor #%d before anything writes it",
                               (unsigned)k, name, (int)op.inputs[j]);
            }
        }
        if (infer_tensor_get(c, g, (uint32_t)op.output, &t) != 0) {
            return -1;
        }
        if (t.flags & TF_CONST) {
            return fb_fail(c, "op #%u %s writes constant tensor #%d", (unsigned)k, name,
                           (int)op.output);
        }
        bool is_input = false;
        for (uint32_t i = 0; i < m->num_inputs; i++) {
            is_input |= g->inputs[i] == op.output;
        }
        uint8_t wb;
        int16_t wi;
        int again = is_input ? 0 : written_before(c, g, (uint32_t)op.output, k, &wb, &wi);
        if (again < 0) {
            return -1;
        }
        if (is_input || again > 0) {
            return fb_fail(c, "op #%u %s writes tensor #%d, which is already written or an input",
                           (unsigned)k, name, (int)op.output);
        }
        /* an in-place RESHAPE output shares its input's item (buffer_of) */
        bool in_place = op.builtin == OP_RESHAPE && op.inputs[0] >= 0 &&
                        buffer_of(c, g, p, (uint32_t)op.inputs[0], k) >= 0;
        if (!in_place && infer_plan_add(c, p, (uint32_t)op.output, round16(t.bytes), (int32_t)k,
                                        (int32_t)k) != 0) {
            return -1;
        }
    }
    for (uint32_t i = 0; i < m->num_outputs; i++) {
        int it = buffer_of(c, g, p, (uint32_t)g->outputs[i], m->num_ops);
        if (it < 0) {
            return fb_fail(c, "subgraph output tensor #%d is never written", (int)g->outputs[i]);
        }
        /* outputs stay valid after invoke: alive past the last op */
        p->items[it].last = (uint8_t)m->num_ops;
    }
    return c->failed ? -1 : 0;
}

/* Bytes of an op's parameter blob in the state. */
static uint32_t params_blob(const infer_op_t *op)
{
    return infer_align8(op->params_bytes) +
           (op->has_requant ? infer_align8((uint32_t)sizeof(infer_requant_t)) : 0u);
}

/* Model header: schema version, the tables' positions, limits. */
static INFER_NOINLINE int load_header(fb_ctx_t *c, infer_state_t *g, fb_table_t *sg)
{
    fb_table_t root;
    fb_vec_t subgraphs;
    bool present;
    uint32_t version, dlen;

    if (fb_root(c, &root) != 0 || fb_u32(c, &root, MODEL_VERSION, 0, &version) != 0) {
        return -1;
    }
    if (version != SCHEMA_VERSION) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "unsupported schema version %u (expected %u)",
                        (unsigned)version, SCHEMA_VERSION);
    }
    if (fb_vector(c, &root, MODEL_OPCODES, 4, "operator codes", &g->opcodes, &present) != 0 ||
        fb_vector(c, &root, MODEL_SUBGRAPHS, 4, "subgraphs", &subgraphs, &present) != 0 ||
        fb_string(c, &root, MODEL_DESCRIPTION, "description", &g->description_off, &dlen) != 0 ||
        fb_vector(c, &root, MODEL_BUFFERS, 4, "buffers", &g->buffers, &present) != 0) {
        return -1;
    }
    if (subgraphs.count != 1) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED,
                        "unsupported: %u subgraphs (exactly 1 needed)", (unsigned)subgraphs.count);
    }
    if (fb_vec_table(c, &subgraphs, 0, "subgraph", sg) != 0 ||
        fb_vector(c, sg, SG_TENSORS, 4, "tensors", &g->tensors, &present) != 0 ||
        fb_vector(c, sg, SG_OPERATORS, 4, "operators", &g->ops, &present) != 0) {
        return -1;
    }
    if (g->tensors.count > CAI_INFER_MAX_TENSORS) {
        return fb_failc(c, CAI_INFER_ERR_LIMIT, "%u tensors, over the limit of %u",
                        (unsigned)g->tensors.count, (unsigned)CAI_INFER_MAX_TENSORS);
    }
    if (g->ops.count > CAI_INFER_MAX_OPS) {
        return fb_failc(c, CAI_INFER_ERR_LIMIT, "%u operators, over the limit of %u",
                        (unsigned)g->ops.count, (unsigned)CAI_INFER_MAX_OPS);
    }
    if (g->ops.count == 0) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "the subgraph has no operators");
    }
    return 0;
}

/* Every operator, then every tensor, decoded once (verification only).
 * Operators first, so that a model with an unsupported operator is refused
 * with that operator's name rather than a tensor detail. */
static INFER_NOINLINE int verify_records(fb_ctx_t *c, const infer_state_t *g)
{
    for (uint32_t k = 0; k < g->ops.count; k++) {
        infer_op_t op;
        if (infer_op_get(c, g, g->tensors.count, k, &op) != 0) {
            return -1;
        }
    }
    for (uint32_t i = 0; i < g->tensors.count; i++) {
        cai_tensor_rec_t t;
        if (infer_tensor_get(c, g, i, &t) != 0) {
            return -1;
        }
    }
    return 0;
}

/* Each operator against its kernel: parameters, scratch; its run record
 * and parameters into `state` when given. Returns the state bytes used, or
 * 0 on failure. */
static INFER_NOINLINE uint32_t setup_ops(fb_ctx_t *c, const infer_state_t *g, infer_plan_t *p,
                                         uint8_t *state)
{
    const uint32_t nt = g->tensors.count, nk = g->ops.count;
    const uint32_t fixed = (uint32_t)sizeof(infer_state_t) + infer_align8(4u * nt) +
                           nk * (uint32_t)sizeof(cai_op_rec_t);
    uint32_t pos = fixed;
    cai_op_rec_t *recs =
        state != NULL ? (cai_op_rec_t *)(void *)(state + fixed - nk * sizeof *recs) : NULL;
    infer_op_t op;
    for (uint32_t k = 0; k < nk; k++) {
        if (infer_op_get(c, g, nt, k, &op) != 0 || infer_op_setup(c, g, k, &op) != 0) {
            return 0;
        }
        uint32_t scratch = infer_op_scratch_total(&op);
        if (scratch != 0 && infer_plan_add(c, p, nt + k, scratch, (int32_t)k, (int32_t)k) != 0) {
            return 0;
        }
        if (recs != NULL) {
            cai_op_rec_t *r = &recs[k];
            memset(r, 0, sizeof *r);
            memcpy(state + pos, op.params, op.params_bytes);
            if (op.has_requant) {
                memcpy(state + pos + infer_align8(op.params_bytes), &op.requant, sizeof op.requant);
            }
            r->params = state + pos;
            r->scratch_bytes = scratch;
            for (uint32_t j = 0; j < 3; j++) {
                r->inputs[j] = j < op.num_inputs ? op.inputs[j] : -1;
            }
            r->output = op.output;
            r->builtin = op.builtin;
            r->variant = op.variant;
        }
        pos += params_blob(&op);
    }
    return pos;
}

/* After placement: the header, every tensor's location, every op's
 * scratch offset. */
static INFER_NOINLINE int write_state(fb_ctx_t *c, const infer_state_t *g, const infer_plan_t *p,
                                      uint8_t *state)
{
    const uint32_t nt = g->tensors.count, nk = g->ops.count;
    memcpy(state, g, sizeof *g);
    uint32_t *loc = (uint32_t *)(void *)(state + sizeof *g);
    cai_op_rec_t *recs = (cai_op_rec_t *)(void *)(state + sizeof *g + infer_align8(4u * nt));
    for (uint32_t i = 0; i < nt; i++) {
        cai_tensor_rec_t t;
        if (infer_tensor_get(c, g, i, &t) != 0) {
            return -1;
        }
        if (t.flags & TF_CONST) {
            loc[i] = INFER_LOC_CONST | (uint32_t)(t.const_data - c->buf);
            continue;
        }
        int it = buffer_of(c, g, p, i, nk);
        loc[i] = it >= 0 ? p->items[it].off : INFER_LOC_NONE;
    }
    for (uint32_t k = 0; k < nk; k++) {
        int it = infer_plan_find(p, nt + k);
        recs[k].scratch_off = it >= 0 ? p->items[it].off : 0;
    }
    return c->failed ? -1 : 0;
}

/* Verify the whole model, plan its memory and, when `state` is not NULL (it
 * has m->state_bytes, from an earlier run without it), build the state. */
static int load_model(fb_ctx_t *c, infer_model_t *m, infer_state_t *g, infer_plan_t *p,
                      uint8_t *state)
{
    fb_table_t sg;
    if (load_header(c, g, &sg) != 0) {
        return -1;
    }
    m->num_tensors = (uint16_t)g->tensors.count;
    m->num_ops = (uint16_t)g->ops.count;
    p->num_tensors = g->tensors.count;
    p->n = 0;
    if (verify_records(c, g) != 0 ||
        load_io(c, g, g->tensors.count, &sg, SG_INPUTS, "inputs", g->inputs, &m->num_inputs) != 0 ||
        load_io(c, g, g->tensors.count, &sg, SG_OUTPUTS, "outputs", g->outputs, &m->num_outputs) !=
            0 ||
        check_dataflow(c, g, m, p) != 0) {
        return -1;
    }
    uint32_t used = setup_ops(c, g, p, state);
    if (used == 0 || infer_plan_place(c, p) != 0) {
        return -1;
    }
    m->state_bytes = used;
    m->arena_bytes = p->total;
    if (state != NULL && write_state(c, g, p, state) != 0) {
        return -1;
    }
    return 0;
}

static cai_infer_err_t begin(const uint8_t *buf, fb_ctx_t *c)
{
    if (buf == NULL) {
        fb_failc(c, CAI_INFER_ERR_ARG, "no model buffer");
        return c->status;
    }
    if ((uintptr_t)buf % 4 != 0) {
        fb_failc(c, CAI_INFER_ERR_ARG, "the model buffer must be 4-byte aligned (16 recommended)");
        return c->status;
    }
    return CAI_INFER_OK;
}

/* The planner's working set (CAI_INFER_MAX_PLAN_ITEMS items) is on the stack
 * of these two functions: no heap, no static state. */
cai_infer_err_t cai_model_plan(const uint8_t *buf, size_t len, cai_model_mem_t *need, char *err,
                               size_t errcap)
{
    if (err != NULL && errcap > 0) {
        err[0] = '\0';
    }
    if (need == NULL) {
        return CAI_INFER_ERR_ARG;
    }
    memset(need, 0, sizeof *need);
    fb_ctx_t c = { buf, len, err, errcap, false, CAI_INFER_OK };
    if (begin(buf, &c) != CAI_INFER_OK) {
        return c.status;
    }
    infer_model_t m;
    infer_state_t g;
    infer_plan_t p;
    memset(&m, 0, sizeof m);
    memset(&g, 0, sizeof g);
    p.n = 0;
    if (load_model(&c, &m, &g, &p, NULL) != 0) {
        return c.status;
    }
    need->state_bytes = m.state_bytes;
    need->arena_bytes = m.arena_bytes;
    return CAI_INFER_OK;
}

cai_infer_err_t cai_model_load(const uint8_t *buf, size_t len, cai_model_t *model, void *state,
                               size_t state_len, char *err, size_t errcap)
{
    if (err != NULL && errcap > 0) {
        err[0] = '\0';
    }
    if (model == NULL) {
        return CAI_INFER_ERR_ARG;
    }
    infer_model_t *m = infer_m(model);
    memset(model, 0, sizeof *model);
    fb_ctx_t c = { buf, len, err, errcap, false, CAI_INFER_OK };
    if (begin(buf, &c) != CAI_INFER_OK) {
        return c.status;
    }
    infer_state_t g;
    infer_plan_t p;
    memset(&g, 0, sizeof g);
    p.n = 0;
    /* first verify and size without writing, then build the state */
    if (load_model(&c, m, &g, &p, NULL) != 0) {
        memset(model, 0, sizeof *model);
        return c.status;
    }
    if (state == NULL || (uintptr_t)state % CAI_INFER_STATE_ALIGN != 0) {
        memset(model, 0, sizeof *model);
        fb_failc(&c, CAI_INFER_ERR_ARENA, "the state memory must be a %u-byte aligned buffer",
                 (unsigned)CAI_INFER_STATE_ALIGN);
        return c.status;
    }
    if (state_len < m->state_bytes) {
        unsigned long want = m->state_bytes;
        memset(model, 0, sizeof *model);
        fb_failc(&c, CAI_INFER_ERR_ARENA, "the state memory has %lu bytes, the model needs %lu",
                 (unsigned long)state_len, want);
        return c.status;
    }
    memset(&g, 0, sizeof g);
    p.n = 0;
    if (load_model(&c, m, &g, &p, (uint8_t *)state) != 0) {
        memset(model, 0, sizeof *model);
        return c.status;
    }
    m->buf = buf;
    m->len = (uint32_t)len;
    m->state = (uint8_t *)state;
    m->status = INFER_LOADED;
    return CAI_INFER_OK;
}
