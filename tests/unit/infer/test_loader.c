/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loader verification tests: a valid model built from a description (tools/lib/tflite_writer)
 * loads and computes y = Wx + b exactly; every single fault injected into it
 * (structure, indices, shapes, quantization, buffers, operators, data flow)
 * is refused with the right status and a message naming the problem.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cai/infer.h"
#include "tflite_writer.h"

static cai_model_t g_m;
/* the model's state memory (cai_model_plan says how much; 64 KiB fits every test model) */
static _Alignas(8) uint8_t g_state[65536];
static char g_err[256];

/* Build into an exactly-sized heap buffer so ASan sees any over-read. */
static uint8_t *build(const tflw_model_t *s, size_t *len)
{
    static uint8_t tmp[65536];
    size_t n = tflw_build(s, tmp, sizeof tmp);
    assert_true(n > 0);
    uint8_t *b = malloc(n);
    assert_non_null(b);
    assert_int_equal((uintptr_t)b % 4, 0);
    memcpy(b, tmp, n);
    *len = n;
    return b;
}

static int load(const tflw_model_t *s)
{
    size_t n;
    uint8_t *b = build(s, &n);
    int rc = cai_model_load(b, n, &g_m, g_state, sizeof g_state, g_err, sizeof g_err);
    free(b); /* on failure nothing may refer to it; on success tests reload */
    return rc;
}

static void expect(const tflw_model_t *s, int rc, const char *msg)
{
    int got = load(s);
    if (got != rc || strstr(g_err, msg) == NULL)
        print_error("got %d '%s', expected %d containing '%s'\n", got, g_err, rc, msg);
    assert_int_equal(got, rc);
    assert_non_null(strstr(g_err, msg));
}

static void test_valid_model_runs(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *b = build(&s, &n);
    assert_int_equal(cai_model_load(b, n, &g_m, g_state, sizeof g_state, g_err, sizeof g_err),
                     CAI_INFER_OK);
    assert_string_equal(g_err, "");
    assert_string_equal(cai_model_description(&g_m), "cai test");
    assert_int_equal(cai_model_num_tensors(&g_m), 4);
    assert_int_equal(cai_model_num_ops(&g_m), 1);
    size_t need = cai_model_arena_size(&g_m);
    assert_true(need > 0 && need <= 256);
    _Alignas(16) static uint8_t arena[256];
    assert_int_equal(cai_model_invoke(&g_m), CAI_INFER_ERR_STATE);
    assert_int_equal(cai_model_prepare(&g_m, arena, need - 1, g_err, sizeof g_err),
                     CAI_INFER_ERR_ARENA);
    assert_int_equal(cai_model_prepare(&g_m, arena + 1, need, g_err, sizeof g_err),
                     CAI_INFER_ERR_ARENA);
    assert_int_equal(cai_model_prepare(&g_m, arena, need, g_err, sizeof g_err), CAI_INFER_OK);
    cai_tensor_info_t in, out;
    assert_int_equal(cai_model_input(&g_m, 0, &in), CAI_INFER_OK);
    assert_int_equal(cai_model_output(&g_m, 0, &out), CAI_INFER_OK);
    assert_int_equal(cai_model_input(&g_m, 1, &in), CAI_INFER_ERR_ARG);
    assert_int_equal(in.bytes, 2);
    assert_int_equal(out.bytes, 3);
    assert_string_equal(in.name, "input");
    ((int8_t *)in.buffer)[0] = 3;
    ((int8_t *)in.buffer)[1] = -2;
    assert_int_equal(cai_model_invoke(&g_m), CAI_INFER_OK);
    const int8_t *y = out.data;
    /* W = {1,2; 3,4; -1,0}, b = {10,0,-5}, x = {3,-2} */
    assert_int_equal(y[0], 3 - 4 + 10);
    assert_int_equal(y[1], 9 - 8 + 0);
    assert_int_equal(y[2], -3 + 0 - 5);
    free(b);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    static const uint8_t small[8] = { 0 };
    assert_int_equal(cai_model_load(NULL, 100, &g_m, g_state, sizeof g_state, g_err, sizeof g_err),
                     CAI_INFER_ERR_ARG);
    assert_int_equal(cai_model_load(small, 8, NULL, g_state, sizeof g_state, g_err, sizeof g_err),
                     CAI_INFER_ERR_ARG);
    _Alignas(16) static uint8_t buf[64];
    assert_int_equal(
        cai_model_load(buf + 1, 32, &g_m, g_state, sizeof g_state, g_err, sizeof g_err),
        CAI_INFER_ERR_ARG);
    assert_non_null(strstr(g_err, "aligned"));
    assert_int_equal(cai_model_load(buf, 4, &g_m, g_state, sizeof g_state, NULL, 0),
                     CAI_INFER_ERR_MALFORMED);
    assert_int_equal(cai_model_arena_size(&g_m), 0);
    assert_int_equal(cai_model_invoke(&g_m), CAI_INFER_ERR_STATE);
    /* a tiny error buffer is always NUL-terminated */
    char tiny[5];
    assert_int_equal(cai_model_load(buf, 4, &g_m, g_state, sizeof g_state, tiny, sizeof tiny),
                     CAI_INFER_ERR_MALFORMED);
    assert_int_equal(strlen(tiny), 4);
}

static void test_header(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *b = build(&s, &n);
    memcpy(b + 4, "TFL2", 4);
    assert_int_equal(cai_model_load(b, n, &g_m, g_state, sizeof g_state, g_err, sizeof g_err),
                     CAI_INFER_ERR_MALFORMED);
    assert_non_null(strstr(g_err, "TFL3"));
    free(b);
    s.version = 2;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "schema version 2");
}

/* Every prefix of a valid model is refused, without reading past it. */
static void test_truncated(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *full = build(&s, &n);
    for (size_t len = 0; len < n; len++) {
        uint8_t *b = malloc(len ? len : 1);
        memcpy(b, full, len);
        int rc = cai_model_load(b, len, &g_m, g_state, sizeof g_state, g_err, sizeof g_err);
        if (rc == CAI_INFER_OK)
            print_error("prefix of %zu/%zu bytes loaded\n", len, n);
        assert_int_not_equal(rc, CAI_INFER_OK);
        assert_true(strlen(g_err) > 0);
        free(b);
    }
    free(full);
}

/* Corrupt one 32-bit word of the built model and expect a refusal. */
static void corrupt32(uint32_t pos, uint32_t value, const char *msg)
{
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *b = build(&s, &n);
    tflw_put32(b, pos, value);
    int rc = cai_model_load(b, n, &g_m, g_state, sizeof g_state, g_err, sizeof g_err);
    if (rc != CAI_INFER_ERR_MALFORMED || strstr(g_err, msg) == NULL)
        print_error("pos %u value 0x%x: got %d '%s', expected '%s'\n", (unsigned)pos,
                    (unsigned)value, rc, g_err, msg);
    assert_int_equal(rc, CAI_INFER_ERR_MALFORMED);
    assert_non_null(strstr(g_err, msg));
    free(b);
}

/* Positions inside a valid build of the reference model. */
typedef struct layout {
    uint32_t root, subgraphs_vec, subgraph, tensors_vec, tensor0, shape0_vec, ops_vec, op0,
        op0_inputs, buffers_vec;
} layout;

static layout get_layout(void)
{
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *b = build(&s, &n);
    layout l;
    l.root = tflw_root(b);
    l.subgraphs_vec = tflw_deref(b, l.root, 2);
    l.subgraph = tflw_vec_elem(b, l.subgraphs_vec, 0);
    l.tensors_vec = tflw_deref(b, l.subgraph, 0);
    l.tensor0 = tflw_vec_elem(b, l.tensors_vec, 0);
    l.shape0_vec = tflw_deref(b, l.tensor0, 0);
    l.ops_vec = tflw_deref(b, l.subgraph, 3);
    l.op0 = tflw_vec_elem(b, l.ops_vec, 0);
    l.op0_inputs = tflw_deref(b, l.op0, 1);
    l.buffers_vec = tflw_deref(b, l.root, 4);
    free(b);
    return l;
}

static void test_offsets_out_of_bounds(void **state)
{
    (void)state;
    layout l = get_layout();
    corrupt32(0, 0xfffffff0u, "out of bounds");             /* root offset */
    corrupt32(0, 2, "out of bounds or misaligned");         /* misaligned root */
    corrupt32(l.root, 0x7fffffffu, "vtable out of bounds"); /* soffset far back */
    corrupt32(l.root, 0x80000000u, "vtable out of bounds"); /* soffset far forward */
    /* the Model.subgraphs reference (field 2): past the end, wrapping
     * around 2^32 to before itself, and pointing at itself */
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *b = build(&s, &n);
    uint32_t ref_pos = tflw_field(b, l.root, 2);
    free(b);
    corrupt32(ref_pos, 0x10000000u, "points out of bounds");
    corrupt32(ref_pos, 0xfffffffcu, "points out of bounds");
    corrupt32(ref_pos, 0, "points out of bounds");
    /* an element of the tensors vector pointing past the end */
    corrupt32(l.tensors_vec + 4, 0x00fffff0u, "out of bounds");
}

static void test_huge_vector_lengths(void **state)
{
    (void)state;
    layout l = get_layout();
    corrupt32(l.tensors_vec, 0x40000000u, "past the end");
    corrupt32(l.tensors_vec, 0xffffffffu, "past the end");
    corrupt32(l.shape0_vec, 0x3fffffffu, "past the end");
    corrupt32(l.op0_inputs, 0x20000000u, "past the end");
    corrupt32(l.buffers_vec, 0xfffffff0u, "past the end");
}

static void test_bad_vtables(void **state)
{
    (void)state;
    layout l = get_layout();
    tflw_model_t s;
    tflw_fc_model(&s);
    size_t n;
    uint8_t *b = build(&s, &n);
    uint32_t vt = tflw_vtable(b, l.op0);
    uint32_t vt_bytes = tflw_get32(b, vt) & 0xffffu;
    free(b);
    /* soffset 0: the vtable would be the table itself (a cycle) */
    corrupt32(l.op0, 0, "vtable");
    /* vtable inside its own table */
    corrupt32(l.op0, (uint32_t)-4, "vtable");
    /* vtable size 0 / odd / larger than the buffer */
    corrupt32(vt, 0x00040000u, "bad vtable"); /* vtable_bytes 0 */
    corrupt32(vt, 0x00040005u, "bad vtable"); /* odd */
    corrupt32(vt, 0x0004fffeu, "bad vtable"); /* past the end */
    /* a field offset past the table's inline size */
    corrupt32(vt, 0x00080000u | vt_bytes, "outside"); /* table size 8 < fields */
}

static void test_shapes(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    s.t[0].dims[1] = -2;
    expect(&s, CAI_INFER_ERR_MALFORMED, "dimension 1 is -2");
    tflw_fc_model(&s);
    s.t[3].dims[0] = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "dimension 0 is 0");
    tflw_fc_model(&s);
    s.t[0].rank = 7;
    for (int i = 0; i < 7; i++)
        s.t[0].dims[i] = 1;
    expect(&s, CAI_INFER_ERR_LIMIT, "rank 7");
    tflw_fc_model(&s);
    s.t[3].rank = 4;
    s.t[3].dims[0] = 65536;
    s.t[3].dims[1] = 65536;
    s.t[3].dims[2] = 65536;
    s.t[3].dims[3] = 65536; /* 2^64 elements: must not overflow */
    expect(&s, CAI_INFER_ERR_LIMIT, "larger than");
    tflw_fc_model(&s);
    s.t[0].dims[1] = 3; /* 3 inputs into a depth-2 FC */
    expect(&s, CAI_INFER_ERR_MALFORMED, "not a multiple");
    tflw_fc_model(&s);
    s.t[3].dims[1] = 4;
    expect(&s, CAI_INFER_ERR_MALFORMED, "output size");
}

static void test_indices(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    s.op[0].in[1] = 4;
    expect(&s, CAI_INFER_ERR_MALFORMED, "input #1 tensor index 4 out of range");
    tflw_fc_model(&s);
    s.op[0].in[0] = -2;
    expect(&s, CAI_INFER_ERR_MALFORMED, "out of range");
    tflw_fc_model(&s);
    s.op[0].out[0] = 99;
    expect(&s, CAI_INFER_ERR_MALFORMED, "output tensor index 99");
    tflw_fc_model(&s);
    s.inputs[0] = 4;
    expect(&s, CAI_INFER_ERR_MALFORMED, "tensor index 4 out of range");
    tflw_fc_model(&s);
    s.outputs[0] = -1;
    expect(&s, CAI_INFER_ERR_MALFORMED, "out of range");
    tflw_fc_model(&s);
    s.t[1].buffer = 5;
    expect(&s, CAI_INFER_ERR_MALFORMED, "buffer index 5 out of range");
    tflw_fc_model(&s);
    s.op[0].opcode_index = 1;
    expect(&s, CAI_INFER_ERR_MALFORMED, "opcode index 1 out of range");
}

static void test_quantization(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    s.t[0].scales[0] = 0.0f;
    expect(&s, CAI_INFER_ERR_MALFORMED, "scale #0 is not a positive finite");
    tflw_fc_model(&s);
    s.t[3].scales[0] = -1.0f;
    expect(&s, CAI_INFER_ERR_MALFORMED, "not a positive finite");
    tflw_fc_model(&s);
    s.t[3].scales[0] = NAN;
    expect(&s, CAI_INFER_ERR_MALFORMED, "not a positive finite");
    tflw_fc_model(&s);
    s.t[3].scales[0] = INFINITY;
    expect(&s, CAI_INFER_ERR_MALFORMED, "not a positive finite");
    tflw_fc_model(&s);
    s.t[0].n_zps = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "1 scales but 0 zero points");
    tflw_fc_model(&s);
    s.t[0].zps[0] = 128;
    expect(&s, CAI_INFER_ERR_MALFORMED, "zero point #0 (128) out of range");
    tflw_fc_model(&s);
    s.t[0].zps[0] = -(1ll << 40);
    expect(&s, CAI_INFER_ERR_MALFORMED, "out of range");
    tflw_fc_model(&s);
    s.t[0].has_quant = 0;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "no quantization parameters");
    /* per-channel weights: one scale per output channel along dim 0 */
    tflw_fc_model(&s);
    s.t[1].n_scales = s.t[1].n_zps = 3;
    s.t[1].scales[1] = s.t[1].scales[2] = 1.0f;
    assert_int_equal(load(&s), CAI_INFER_OK);
    s.t[1].n_scales = s.t[1].n_zps = 2; /* dims[0] is 3 */
    expect(&s, CAI_INFER_ERR_MALFORMED, "2 per-channel scales do not match quantized_dimension 0");
    tflw_fc_model(&s);
    s.t[1].n_scales = s.t[1].n_zps = 3;
    s.t[1].scales[1] = s.t[1].scales[2] = 1.0f;
    s.t[1].qdim = 5;
    expect(&s, CAI_INFER_ERR_MALFORMED, "quantized_dimension 5");
    tflw_fc_model(&s);
    s.t[1].zps[0] = 1; /* int8 weights need zero point 0 */
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "non-zero zero point");
    tflw_fc_model(&s);
    s.t[0].n_scales = s.t[0].n_zps = 2;
    s.t[0].qdim = 1;
    s.t[0].scales[1] = 1.0f;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "per-channel quantized activations");
}

static void test_buffers(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    s.buf[2].len = 5; /* weights need 6 bytes */
    expect(&s, CAI_INFER_ERR_MALFORMED, "buffer 2 holds 5 bytes, the tensor needs 6");
    tflw_fc_model(&s);
    s.buf[3].len = 16;
    s.buf[3].data = NULL;
    expect(&s, CAI_INFER_ERR_MALFORMED, "holds 16 bytes, the tensor needs 12");
    tflw_fc_model(&s);
    s.t[0].buffer = 2; /* the input would be constant */
    s.t[0].dims[0] = 3;
    expect(&s, CAI_INFER_ERR_MALFORMED, "is a constant");
    tflw_fc_model(&s);
    s.t[3].buffer = 2; /* the op would write a constant */
    s.t[3].dims[0] = 2;
    s.t[3].dims[1] = 3;
    expect(&s, CAI_INFER_ERR_MALFORMED, "constant");
}

static void test_operators(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    s.opc[0] = (tflw_opcode_t){ 2, 1, 2, 1, 1, NULL };
    expect(&s, CAI_INFER_ERR_UNSUPPORTED,
           "unsupported operator CONCATENATION (opcode 2) v1 at op #0");
    tflw_fc_model(&s);
    s.opc[0] = (tflw_opcode_t){ 32, 1, 32, 1, 1, "SignalRfft" };
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "unsupported custom operator 'SignalRfft' at op #0");
    tflw_fc_model(&s);
    s.opc[0] = (tflw_opcode_t){ 127, 1, 150, 1, 1, NULL };
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "GELU (opcode 150)");
    tflw_fc_model(&s);
    s.opc[0].version = 42;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "FULLY_CONNECTED (opcode 9) v42 at op #0");
    tflw_fc_model(&s);
    s.opc[0].version = 0;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "v0");
    /* effective code = max(deprecated_builtin_code, builtin_code) */
    tflw_fc_model(&s);
    s.opc[0] = (tflw_opcode_t){ 9, 0, 0, 0, 0, NULL }; /* old converter, version default 1 */
    assert_int_equal(load(&s), CAI_INFER_OK);
    s.opc[0] = (tflw_opcode_t){ 0, 1, 9, 1, 4, NULL };
    assert_int_equal(load(&s), CAI_INFER_OK);
    s.opc[0] = (tflw_opcode_t){ 127, 1, 9, 1, 4, NULL }; /* placeholder in the old field */
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "PLACEHOLDER_FOR_GREATER_OP_CODES (opcode 127)");
    tflw_fc_model(&s);
    s.n_subgraphs = 2;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "2 subgraphs");
    tflw_fc_model(&s);
    s.op[0].n_in = 1;
    expect(&s, CAI_INFER_ERR_MALFORMED, "1 inputs (expected 2 to 3)");
    tflw_fc_model(&s);
    s.op[0].n_in = 5;
    expect(&s, CAI_INFER_ERR_MALFORMED, "5 inputs");
    tflw_fc_model(&s);
    s.op[0].n_out = 2;
    s.op[0].out[1] = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "2 outputs");
    tflw_fc_model(&s);
    s.op[0].in[1] = -1; /* weights are required */
    expect(&s, CAI_INFER_ERR_MALFORMED, "required input #1 is missing");
    tflw_fc_model(&s);
    s.op[0].in[2] = -1; /* the bias is optional */
    assert_int_equal(load(&s), CAI_INFER_OK);
    tflw_fc_model(&s);
    s.op[0].options_type = 1; /* Conv2DOptions on an FC */
    expect(&s, CAI_INFER_ERR_MALFORMED, "builtin options of type 1 (expected 8)");
    tflw_fc_model(&s);
    s.op[0].has_options = 0; /* type without table */
    expect(&s, CAI_INFER_ERR_MALFORMED, "without options");
    tflw_fc_model(&s);
    s.op[0].opt[0].value = 4; /* fused TANH */
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "fused activation");
    tflw_fc_model(&s);
    s.op[0].n_opt = 2;
    s.op[0].opt[1] = (tflw_field_t){ 1, 1, 1 }; /* shuffled weights */
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "shuffled");
    tflw_fc_model(&s);
    s.t[2].type = 0; /* float bias on an int8 FC */
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "bias that is not int32");
    tflw_fc_model(&s);
    s.t[0].type = 7; /* INT16 */
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "unsupported tensor type INT16 (7) of tensor #0 'input'");
    tflw_fc_model(&s);
    s.t[0].is_variable = 1;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "variable tensor");
}

static void test_dataflow(void **state)
{
    (void)state;
    tflw_model_t s;
    tflw_fc_model(&s);
    s.inputs[0] = 3; /* tensor 0 is read but never written */
    s.outputs[0] = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "before anything writes it");
    tflw_fc_model(&s);
    s.n_ops = 2;
    s.op[1] = s.op[0]; /* writes tensor 3 a second time */
    expect(&s, CAI_INFER_ERR_MALFORMED, "already written");
    tflw_fc_model(&s);
    s.n_inputs = 2;
    s.inputs[1] = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "listed twice");
    tflw_fc_model(&s);
    s.n_ops = 0;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "no operators");
}

static void test_limits(void **state)
{
    (void)state;
    static tflw_model_t s;
    /* more tensors than CAI_INFER_MAX_TENSORS (extra unused runtime tensors) */
    tflw_fc_model(&s);
    s.n_tensors = (int)CAI_INFER_MAX_TENSORS + 1;
    for (int i = 4; i < s.n_tensors; i++)
        tflw_tensor_set(&s.t[i], 9, 1, (const int32_t[]){ 1 }, 0, "x", 1.0f, 0);
    expect(&s, CAI_INFER_ERR_LIMIT, "over the limit of");
    /* exactly the limit is fine */
    s.n_tensors = (int)CAI_INFER_MAX_TENSORS;
    assert_int_equal(load(&s), CAI_INFER_OK);
    /* more operators than CAI_INFER_MAX_OPS: a chain of RESHAPEs */
    tflw_fc_model(&s);
    int nops = (int)CAI_INFER_MAX_OPS + 1;
    s.n_opcodes = 2;
    s.opc[1] = (tflw_opcode_t){ 22, 1, 22, 1, 1, NULL };
    s.n_tensors = 4 + nops;
    for (int i = 0; i < nops; i++) {
        tflw_tensor_set(&s.t[4 + i], 9, 2, (const int32_t[]){ 3, 1 }, 0, "r", 1.0f, 0);
        s.op[1 + i] = (tflw_op_t){ 1, 1, { i == 0 ? 3 : 3 + i }, 1, { 4 + i }, 0, 0, 0, { { 0 } } };
    }
    s.n_ops = 1 + nops;
    s.outputs[0] = 3 + nops;
    expect(&s, CAI_INFER_ERR_LIMIT, "operators, over the limit of");
    s.n_ops = (int)CAI_INFER_MAX_OPS;
    s.outputs[0] = 3 + (int)CAI_INFER_MAX_OPS - 1;
    assert_int_equal(load(&s), CAI_INFER_OK);
}

/* Convolutions: shapes, options and operand checks, and the numbers of a
 * 1x1 convolution computed by hand. */
static void test_conv(void **state)
{
    (void)state;
    static tflw_model_t s;
    tflw_conv_model(&s, 0);
    size_t n;
    uint8_t *b = build(&s, &n);
    assert_int_equal(cai_model_load(b, n, &g_m, g_state, sizeof g_state, g_err, sizeof g_err),
                     CAI_INFER_OK);
    _Alignas(16) static uint8_t arena[1024];
    assert_int_equal(cai_model_prepare(&g_m, arena, sizeof arena, g_err, sizeof g_err), 0);
    cai_tensor_info_t in, out;
    cai_model_input(&g_m, 0, &in);
    cai_model_output(&g_m, 0, &out);
    for (int i = 0; i < 32; i++)
        ((int8_t *)in.buffer)[i] = (int8_t)(i - 16);
    assert_int_equal(cai_model_invoke(&g_m), CAI_INFER_OK);
    const int8_t *x = in.data, *y = out.data;
    for (int p = 0; p < 16; p++) { /* w = {1,-1; 2,3} (OHWI, 1x1) */
        assert_int_equal(y[2 * p], x[2 * p] - x[2 * p + 1]);
        assert_int_equal(y[2 * p + 1], 2 * x[2 * p] + 3 * x[2 * p + 1]);
    }
    free(b);

    tflw_conv_model(&s, 0);
    s.t[2].dims[1] = 3;
    expect(&s, CAI_INFER_ERR_MALFORMED, "output height/width do not match");
    tflw_conv_model(&s, 0);
    s.op[0].opt[1].value = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "strides and dilations must be >= 1");
    tflw_conv_model(&s, 0);
    s.op[0].opt[0].value = 2;
    expect(&s, CAI_INFER_ERR_MALFORMED, "unknown padding");
    tflw_conv_model(&s, 0);
    s.op[0].opt[1].value = 2;
    s.op[0].opt[0].value = 1; /* VALID, stride 2: output 2x... */
    expect(&s, CAI_INFER_ERR_MALFORMED, "output height/width");
    tflw_conv_model(&s, 0);
    s.op[0].has_options = 0;
    s.op[0].options_type = 0;
    expect(&s, CAI_INFER_ERR_MALFORMED, "builtin options are missing");
    tflw_conv_model(&s, 0);
    s.t[1].dims[3] = 1; /* filter depth 1 vs input depth 2 */
    s.t[1].dims[0] = 4;
    s.t[2].dims[3] = 4;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "grouped convolution");
    tflw_conv_model(&s, 0);
    s.t[0].rank = 3;
    expect(&s, CAI_INFER_ERR_MALFORMED, "must be 4-D");
    tflw_conv_model(&s, 0);
    s.t[0].type = 0;
    s.t[2].type = 0;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "float convolutions");
    tflw_conv_model(&s, 0);
    s.t[1].buffer = 0; /* runtime weights, fed as a second input */
    s.n_inputs = 2;
    s.inputs[1] = 1;
    expect(&s, CAI_INFER_ERR_UNSUPPORTED, "weights that are not constant");

    /* per-channel filter scales: along dim 0 for CONV_2D, not along 3 */
    tflw_conv_model(&s, 0);
    s.t[1].n_scales = s.t[1].n_zps = 2;
    s.t[1].scales[1] = 1.0f;
    assert_int_equal(load(&s), CAI_INFER_OK);
    s.t[1].qdim = 3; /* filter [2,1,1,2]: dims[3] is 2 as well */
    expect(&s, CAI_INFER_ERR_MALFORMED, "wrong quantized_dimension");

    tflw_conv_model(&s, 1);
    assert_int_equal(load(&s), CAI_INFER_OK);
    s.t[1].n_scales = s.t[1].n_zps = 4; /* depthwise: along dim 3 */
    s.t[1].scales[1] = s.t[1].scales[2] = s.t[1].scales[3] = 1.0f;
    s.t[1].qdim = 3;
    assert_int_equal(load(&s), CAI_INFER_OK);
    s.op[0].opt[3].value = 3; /* multiplier 3: 2 x 3 != 4 */
    expect(&s, CAI_INFER_ERR_MALFORMED, "depth_multiplier");
    tflw_conv_model(&s, 1);
    s.t[1].dims[0] = 4;
    s.t[1].dims[3] = 1;
    expect(&s, CAI_INFER_ERR_MALFORMED, "filter shape");
}

/* No hidden state: two models side by side, and a handle copied after
 * load (the copy refers to the same state). */
static void test_independent_models(void **state)
{
    (void)state;
    static cai_model_t a, b, c;
    static tflw_model_t sa, sb;
    _Alignas(16) static uint8_t arena_a[1024], arena_b[1024], arena_c[1024];
    tflw_fc_model(&sa);
    tflw_conv_model(&sb, 0);
    size_t na, nb;
    uint8_t *ba = build(&sa, &na), *bb = build(&sb, &nb);
    assert_int_equal(cai_model_load(ba, na, &a, g_state, sizeof g_state, g_err, sizeof g_err), 0);
    _Alignas(8) static uint8_t state_b[4096]; /* each model its own state */
    assert_int_equal(cai_model_load(bb, nb, &b, state_b, sizeof state_b, g_err, sizeof g_err), 0);
    memcpy(&c, &a, sizeof c);   /* a copy of the loaded FC model */
    memset(&a, 0xa5, sizeof a); /* the original is gone */
    assert_int_equal(cai_model_prepare(&c, arena_c, sizeof arena_c, g_err, sizeof g_err), 0);
    assert_int_equal(cai_model_prepare(&b, arena_b, sizeof arena_b, g_err, sizeof g_err), 0);
    (void)arena_a;
    cai_tensor_info_t ic, oc, ib, ob;
    cai_model_input(&c, 0, &ic);
    cai_model_output(&c, 0, &oc);
    cai_model_input(&b, 0, &ib);
    cai_model_output(&b, 0, &ob);
    for (int round = 0; round < 3; round++) {
        ((int8_t *)ic.buffer)[0] = (int8_t)(round + 1);
        ((int8_t *)ic.buffer)[1] = 2;
        memset(ib.buffer, round + 1, ib.bytes);
        assert_int_equal(cai_model_invoke(&b), 0);
        assert_int_equal(cai_model_invoke(&c), 0);
        const int8_t *y = oc.data, *z = ob.data;
        int x0 = round + 1;
        assert_int_equal(y[0], x0 + 4 + 10);
        assert_int_equal(y[1], 3 * x0 + 8);
        assert_int_equal(y[2], -x0 - 5);
        assert_int_equal(z[0], 0);      /* x - x */
        assert_int_equal(z[1], 5 * x0); /* 2x + 3x */
    }
    free(ba);
    free(bb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_model_runs),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_offsets_out_of_bounds),
        cmocka_unit_test(test_huge_vector_lengths),
        cmocka_unit_test(test_bad_vtables),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_indices),
        cmocka_unit_test(test_quantization),
        cmocka_unit_test(test_buffers),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_dataflow),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_conv),
        cmocka_unit_test(test_independent_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
