/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine's memory contract (lib/include/cai/infer.h):
 *   - cai_model_plan() reports exactly the state and arena a load and a
 *     prepare then need (and use: cai_model_mem), and refuses what load
 *     refuses;
 *   - load refuses a state that is too small or misaligned, naming sizes;
 *   - the planner's bounded working set is a stated limit;
 *   - the arena holds per-invoke data only: several models prepared on one
 *     shared arena and invoked alternately give the outputs each gives
 *     alone (writer-built models and models/sine.tflite always, the shared
 *     models micro_speech and person_detect when $CAI_SHARED_DIR is set);
 *   - sine.tflite needs at most 1,024 bytes of state + arena.
 * Sizes are printed for the record.
 */
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

_Static_assert(sizeof(cai_model_t) <= 64, "the handle stays small");

static char g_err[256];

typedef struct blob {
    uint8_t *bytes;
    size_t len;
} blob;

static blob from_writer(const tflw_model_t *s)
{
    static uint8_t tmp[65536];
    size_t n = tflw_build(s, tmp, sizeof tmp);
    assert_true(n > 0);
    blob b = { aligned_alloc(16, (n + 15) / 16 * 16), n };
    assert_non_null(b.bytes);
    memcpy(b.bytes, tmp, n);
    return b;
}

/* A file into 16-aligned memory; bytes NULL when it cannot be read. */
static blob from_file(const char *path)
{
    blob b = { NULL, 0 };
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return b;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n > 0 && fseek(f, 0, SEEK_SET) == 0) {
            b.bytes = aligned_alloc(16, ((size_t)n + 15) / 16 * 16);
            if (b.bytes != NULL && fread(b.bytes, 1, (size_t)n, f) != (size_t)n) {
                free(b.bytes);
                b.bytes = NULL;
            }
            b.len = (size_t)n;
        }
    }
    fclose(f);
    return b;
}

static blob shared_model(const char *name)
{
    blob none = { NULL, 0 };
    const char *dir = getenv("CAI_SHARED_DIR");
    if (dir == NULL || dir[0] == '\0')
        return none;
    char path[1024];
    snprintf(path, sizeof path, "%s/models/%s", dir, name);
    return from_file(path);
}

/* A loaded model with its own state, exactly as large as planned. */
typedef struct loaded {
    const char *name;
    blob b;
    cai_model_t m;
    cai_model_mem_t need;
    void *state;
} loaded;

static void load(loaded *l, const char *name, blob b)
{
    memset(l, 0, sizeof *l);
    l->name = name;
    l->b = b;
    assert_int_equal(cai_model_plan(b.bytes, b.len, &l->need, g_err, sizeof g_err), CAI_INFER_OK);
    assert_true(l->need.state_bytes > 0 && l->need.arena_bytes > 0);
    l->state = aligned_alloc(CAI_INFER_STATE_ALIGN, (l->need.state_bytes + 7) / 8 * 8);
    assert_non_null(l->state);
    assert_int_equal(
        cai_model_load(b.bytes, b.len, &l->m, l->state, l->need.state_bytes, g_err, sizeof g_err),
        CAI_INFER_OK);
    cai_model_mem_t used;
    cai_model_mem(&l->m, &used);
    assert_int_equal(used.state_bytes, l->need.state_bytes);
    assert_int_equal(used.arena_bytes, l->need.arena_bytes);
    assert_int_equal(cai_model_state_size(&l->m), l->need.state_bytes);
    assert_int_equal(cai_model_arena_size(&l->m), l->need.arena_bytes);
    printf("%-24s state %6zu B + arena %6zu B = %6zu B\n", name, l->need.state_bytes,
           l->need.arena_bytes, l->need.state_bytes + l->need.arena_bytes);
}

static void unload(loaded *l)
{
    free(l->state);
    free(l->b.bytes);
    memset(l, 0, sizeof *l);
}

/* Deterministic input bytes for round r (a valid float for float inputs). */
static void fill_inputs(cai_model_t *m, int r)
{
    for (uint32_t i = 0; i < cai_model_num_inputs(m); i++) {
        cai_tensor_info_t in;
        assert_int_equal(cai_model_input(m, i, &in), CAI_INFER_OK);
        assert_non_null(in.buffer);
        for (size_t k = 0; k < in.elements; k++) {
            if (in.type == CAI_DTYPE_FLOAT32) {
                float x = (float)((int)((k * 7 + (size_t)r * 13) % 64) - 32) / 10.0f;
                memcpy((uint8_t *)in.buffer + 4 * k, &x, 4);
            } else if (in.type == CAI_DTYPE_INT8) {
                ((int8_t *)in.buffer)[k] = (int8_t)(((k * 31u) + (size_t)r * 77u) % 256u);
            } else {
                memset((uint8_t *)in.buffer + 4 * k, r, 4);
            }
        }
    }
}

/* All output bytes, concatenated, into out (cap bytes); returns the count. */
static size_t read_outputs(const cai_model_t *m, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t i = 0; i < cai_model_num_outputs(m); i++) {
        cai_tensor_info_t o;
        assert_int_equal(cai_model_output(m, i, &o), CAI_INFER_OK);
        assert_true(n + o.bytes <= cap);
        memcpy(out + n, o.data, o.bytes);
        n += o.bytes;
    }
    return n;
}

#define ROUNDS  3
#define OUT_CAP 256

/* Run each model alone on its own arena (the reference), then all of them
 * prepared on one shared arena, invoked in turn, round after round. */
static void check_shared_arena(loaded *ls, int n)
{
    static uint8_t ref[8][ROUNDS][OUT_CAP];
    size_t ref_len[8][ROUNDS];
    size_t shared_len = 0;
    assert_true(n <= 8);
    for (int i = 0; i < n; i++) {
        void *own = aligned_alloc(CAI_INFER_ARENA_ALIGN, (ls[i].need.arena_bytes + 15) / 16 * 16);
        assert_non_null(own);
        /* garbage in a fresh arena must not matter either */
        memset(own, 0xa5, ls[i].need.arena_bytes);
        assert_int_equal(
            cai_model_prepare(&ls[i].m, own, ls[i].need.arena_bytes, g_err, sizeof g_err),
            CAI_INFER_OK);
        for (int r = 0; r < ROUNDS; r++) {
            fill_inputs(&ls[i].m, r);
            assert_int_equal(cai_model_invoke(&ls[i].m), CAI_INFER_OK);
            ref_len[i][r] = read_outputs(&ls[i].m, ref[i][r], OUT_CAP);
        }
        free(own);
        if (ls[i].need.arena_bytes > shared_len)
            shared_len = ls[i].need.arena_bytes;
    }
    uint8_t *arena = aligned_alloc(CAI_INFER_ARENA_ALIGN, (shared_len + 15) / 16 * 16);
    assert_non_null(arena);
    memset(arena, 0x5a, shared_len);
    for (int i = 0; i < n; i++)
        assert_int_equal(cai_model_prepare(&ls[i].m, arena, shared_len, g_err, sizeof g_err),
                         CAI_INFER_OK);
    /* rounds in reverse and models interleaved: each invoke follows
     * another model's, which overwrote the arena */
    for (int r = ROUNDS - 1; r >= 0; r--) {
        for (int i = 0; i < n; i++) {
            uint8_t got[OUT_CAP];
            fill_inputs(&ls[i].m, r);
            assert_int_equal(cai_model_invoke(&ls[i].m), CAI_INFER_OK);
            size_t len = read_outputs(&ls[i].m, got, sizeof got);
            assert_int_equal(len, ref_len[i][r]);
            if (memcmp(got, ref[i][r], len) != 0)
                print_error("%s: round %d differs on the shared arena\n", ls[i].name, r);
            assert_memory_equal(got, ref[i][r], len);
        }
    }
    printf("%d models on one shared arena of %zu bytes: outputs as alone\n", n, shared_len);
    free(arena);
}

static void test_plan_matches_load(void **state)
{
    (void)state;
    static tflw_model_t s;
    loaded l;
    tflw_conv_model(&s, 1);
    load(&l, "writer depthwise", from_writer(&s));
    /* a state one byte short, misaligned or absent is refused, naming sizes */
    cai_model_t m;
    _Alignas(8) static uint8_t st[8192];
    assert_true(l.need.state_bytes < sizeof st - 8);
    assert_int_equal(
        cai_model_load(l.b.bytes, l.b.len, &m, st, l.need.state_bytes - 1, g_err, sizeof g_err),
        CAI_INFER_ERR_ARENA);
    char want[96];
    snprintf(want, sizeof want, "the state memory has %zu bytes, the model needs %zu",
             l.need.state_bytes - 1, l.need.state_bytes);
    assert_string_equal(g_err, want);
    assert_int_equal(cai_model_state_size(&m), 0);
    assert_int_equal(cai_model_invoke(&m), CAI_INFER_ERR_STATE);
    assert_int_equal(
        cai_model_load(l.b.bytes, l.b.len, &m, st + 4, l.need.state_bytes, g_err, sizeof g_err),
        CAI_INFER_ERR_ARENA);
    assert_non_null(strstr(g_err, "8-byte aligned"));
    assert_int_equal(
        cai_model_load(l.b.bytes, l.b.len, &m, NULL, l.need.state_bytes, g_err, sizeof g_err),
        CAI_INFER_ERR_ARENA);
    /* a malformed model is reported as such whatever the state */
    assert_int_equal(cai_model_load(l.b.bytes, 4, &m, NULL, 0, g_err, sizeof g_err),
                     CAI_INFER_ERR_MALFORMED);
    /* plan refuses what load refuses, with the same message */
    cai_model_mem_t need;
    char err2[256];
    s.t[1].dims[0] = 2;
    blob bad = from_writer(&s);
    assert_int_equal(cai_model_plan(bad.bytes, bad.len, &need, g_err, sizeof g_err),
                     CAI_INFER_ERR_MALFORMED);
    assert_int_equal(need.state_bytes + need.arena_bytes, 0);
    assert_int_equal(cai_model_load(bad.bytes, bad.len, &m, st, sizeof st, err2, sizeof err2),
                     CAI_INFER_ERR_MALFORMED);
    assert_string_equal(g_err, err2);
    free(bad.bytes);
    assert_int_equal(cai_model_plan(l.b.bytes, l.b.len, NULL, g_err, sizeof g_err),
                     CAI_INFER_ERR_ARG);
    assert_int_equal(cai_model_plan(NULL, 10, &need, g_err, sizeof g_err), CAI_INFER_ERR_ARG);
    /* exactly the planned state suffices (the loaded copy above used it) */
    assert_int_equal(
        cai_model_load(l.b.bytes, l.b.len, &m, st, l.need.state_bytes, g_err, sizeof g_err),
        CAI_INFER_OK);
    unload(&l);
}

/* The planner's bounded working set: one buffer over CAI_INFER_MAX_PLAN_ITEMS
 * is refused by plan and load alike, naming the limit; the limit itself is
 * fine. An FC (its input, output and scratch) then a chain of RELUs (one
 * buffer each). */
static void test_plan_items_limit(void **state)
{
    (void)state;
    static tflw_model_t s;
    const int nrelu = (int)CAI_INFER_MAX_PLAN_ITEMS - 2; /* 3 + nrelu: one over */
    assert_true(1 + nrelu <= (int)CAI_INFER_MAX_OPS);
    tflw_fc_model(&s);
    s.n_opcodes = 2;
    s.opc[1] = (tflw_opcode_t){ 19, 1, 19, 1, 1, NULL }; /* RELU */
    s.n_tensors = 4 + nrelu;
    for (int i = 0; i < nrelu; i++) {
        tflw_tensor_set(&s.t[4 + i], 9, 2, (const int32_t[]){ 1, 3 }, 0, "r", 1.0f, 0);
        s.op[1 + i] = (tflw_op_t){ 1, 1, { 3 + i }, 1, { 4 + i }, 0, 0, 0, { { 0 } } };
    }
    s.n_ops = 1 + nrelu;
    s.outputs[0] = 3 + nrelu;
    blob b = from_writer(&s);
    cai_model_mem_t need;
    char want[128];
    snprintf(want, sizeof want,
             "more than %u buffers to place (runtime tensors and kernel scratch), over the "
             "planner's limit",
             (unsigned)CAI_INFER_MAX_PLAN_ITEMS);
    assert_int_equal(cai_model_plan(b.bytes, b.len, &need, g_err, sizeof g_err),
                     CAI_INFER_ERR_LIMIT);
    assert_string_equal(g_err, want);
    cai_model_t m;
    _Alignas(8) static uint8_t st[16384];
    assert_int_equal(cai_model_load(b.bytes, b.len, &m, st, sizeof st, g_err, sizeof g_err),
                     CAI_INFER_ERR_LIMIT);
    assert_string_equal(g_err, want);
    free(b.bytes);
    /* one RELU less: exactly the limit */
    s.n_ops = nrelu;
    s.outputs[0] = 3 + nrelu - 1;
    loaded l;
    load(&l, "FC + RELU chain", from_writer(&s));
    unload(&l);
}

static void test_sine_fits_1k(void **state)
{
    (void)state;
    blob b = from_file(CAI_SINE_MODEL);
    assert_non_null(b.bytes);
    loaded l;
    load(&l, "sine.tflite", b);
    /* the goal: state + activations + scratch within 1 KiB (TFLM: 1,184) */
    assert_true(l.need.state_bytes + l.need.arena_bytes <= 1024);
    unload(&l);
}

static void test_shared_arena_writer_models(void **state)
{
    (void)state;
    static tflw_model_t fc, conv, dw;
    static loaded ls[4];
    tflw_fc_model(&fc);
    tflw_conv_model(&conv, 0);
    tflw_conv_model(&dw, 1);
    load(&ls[0], "writer FC", from_writer(&fc));
    load(&ls[1], "writer CONV_2D", from_writer(&conv));
    load(&ls[2], "writer DEPTHWISE", from_writer(&dw));
    blob sine = from_file(CAI_SINE_MODEL);
    assert_non_null(sine.bytes);
    load(&ls[3], "sine.tflite", sine);
    check_shared_arena(ls, 4);
    for (int i = 0; i < 4; i++)
        unload(&ls[i]);
}

static void test_shared_arena_shared_models(void **state)
{
    (void)state;
    static loaded ls[3];
    blob ms = shared_model("micro_speech_quantized.tflite");
    blob pd = shared_model("person_detect.tflite");
    blob hw = shared_model("hello_world_float.tflite");
    if (ms.bytes == NULL || pd.bytes == NULL || hw.bytes == NULL) {
        free(ms.bytes);
        free(pd.bytes);
        free(hw.bytes);
        skip(); /* no $CAI_SHARED_DIR */
    }
    load(&ls[0], "micro_speech", ms);
    load(&ls[1], "person_detect", pd);
    load(&ls[2], "hello_world_float", hw);
    check_shared_arena(ls, 3);
    for (int i = 0; i < 3; i++)
        unload(&ls[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_matches_load),
        cmocka_unit_test(test_plan_items_limit),
        cmocka_unit_test(test_sine_fits_1k),
        cmocka_unit_test(test_shared_arena_writer_models),
        cmocka_unit_test(test_shared_arena_shared_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
