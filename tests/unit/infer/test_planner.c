/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Memory plan check, black-box: run each model with a visitor that
 * snapshots every tensor when it is written and verifies, after every op,
 * that no tensor still to be read (or a subgraph output) has been changed
 * since, and that every runtime tensor lies inside the arena. Also prints
 * the arena size against the lower bound (the most bytes of tensors alive
 * at the same time). Uses the shared models when present and a spec-built
 * model always.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/infer.h"
#include "tflite_writer.h"

#define MAXT CAI_INFER_MAX_TENSORS

typedef struct check {
    cai_model_t *m;
    const uint8_t *arena;
    size_t arena_len;
    uint8_t *snap[MAXT];
    int last_use[MAXT]; /* last op reading it; num_ops for outputs */
    int written[MAXT];
    int failures;
    const char *name;
} check;

static cai_model_t g_m;
/* the model's state memory (cai_model_plan says how much; 64 KiB fits every test model) */
static _Alignas(8) uint8_t g_state[65536];
static check g_c;
static uint32_t g_rng = 777;

static uint8_t rnd8(void)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return (uint8_t)(g_rng >> 16);
}

static void snapshot(check *c, const cai_tensor_info_t *t)
{
    free(c->snap[t->index]);
    c->snap[t->index] = malloc(t->bytes);
    memcpy(c->snap[t->index], t->data, t->bytes);
    c->written[t->index] = 1;
    const uint8_t *p = t->data;
    if (p < c->arena || p + t->bytes > c->arena + c->arena_len) {
        printf("FAIL: %s: tensor #%d lies outside the arena\n", c->name, t->index);
        c->failures++;
    }
}

static void verify_live(check *c, uint32_t after_op)
{
    for (uint32_t i = 0; i < cai_model_num_tensors(c->m); i++) {
        if (!c->written[i] || c->last_use[i] < (int)after_op)
            continue;
        cai_tensor_info_t t;
        cai_model_tensor(c->m, i, &t);
        if (memcmp(t.data, c->snap[i], t.bytes) != 0) {
            printf("FAIL: %s: tensor #%u '%s' (read up to op %d) clobbered by op %u\n", c->name,
                   (unsigned)i, t.name, c->last_use[i], (unsigned)after_op);
            c->failures++;
            c->written[i] = 0; /* report once */
        }
    }
}

static void visit(void *ctx, uint32_t op, const cai_tensor_info_t *t)
{
    check *c = ctx;
    /* inputs of this op (last_use == op) must have survived its output */
    verify_live(c, op);
    snapshot(c, t);
}

static int run_check(const char *name, uint8_t *bytes, size_t len)
{
    char err[256];
    check *c = &g_c;
    for (unsigned i = 0; i < MAXT; i++)
        free(c->snap[i]);
    memset(c, 0, sizeof *c);
    c->m = &g_m;
    c->name = name;
    if (cai_model_load(bytes, len, &g_m, g_state, sizeof g_state, err, sizeof err) !=
        CAI_INFER_OK) {
        printf("FAIL: %s: %s\n", name, err);
        return 1;
    }
    size_t need = cai_model_arena_size(&g_m);
    uint8_t *arena = aligned_alloc(16, (need + 15) / 16 * 16);
    if (cai_model_prepare(&g_m, arena, need, err, sizeof err) != CAI_INFER_OK) {
        printf("FAIL: %s: %s\n", name, err);
        free(arena);
        return 1;
    }
    c->arena = arena;
    c->arena_len = need;
    uint32_t nops = cai_model_num_ops(&g_m);
    for (unsigned i = 0; i < MAXT; i++)
        c->last_use[i] = -1;
    int first_write[MAXT];
    for (unsigned i = 0; i < MAXT; i++)
        first_write[i] = -1;
    for (uint32_t k = 0; k < nops; k++) {
        cai_op_info_t op;
        cai_model_op(&g_m, k, &op);
        for (uint32_t j = 0; j < op.num_inputs; j++)
            if (op.inputs[j] >= 0)
                c->last_use[op.inputs[j]] = (int)k;
        first_write[op.output] = (int)k;
    }
    for (uint32_t i = 0; i < cai_model_num_outputs(&g_m); i++) {
        cai_tensor_info_t t;
        cai_model_output(&g_m, i, &t);
        c->last_use[t.index] = (int)nops;
    }
    /* lower bound: bytes of runtime tensors alive at the busiest op
     * (RESHAPE outputs share their input's bytes and are not counted) */
    size_t bound = 0;
    for (uint32_t k = 0; k < nops; k++) {
        size_t live = 0;
        for (uint32_t i = 0; i < cai_model_num_tensors(&g_m); i++) {
            cai_tensor_info_t t;
            cai_model_tensor(&g_m, i, &t);
            if (t.is_constant || c->last_use[i] < (int)k)
                continue;
            int start = first_write[i];
            if (start > (int)k)
                continue;
            if (start >= 0) {
                cai_op_info_t w;
                cai_model_op(&g_m, (uint32_t)start, &w);
                if (w.builtin == 22 && w.inputs[0] >= 0) {
                    cai_tensor_info_t src;
                    cai_model_tensor(&g_m, (uint32_t)w.inputs[0], &src);
                    if (!src.is_constant)
                        continue;
                }
            } else {
                /* never written: a subgraph input or an unused tensor */
                int is_input = 0;
                for (uint32_t q = 0; q < cai_model_num_inputs(&g_m); q++) {
                    cai_tensor_info_t in;
                    cai_model_input(&g_m, q, &in);
                    is_input |= in.index == (int)i;
                }
                if (!is_input)
                    continue;
            }
            live += t.bytes;
        }
        if (live > bound)
            bound = live;
    }
    /* random inputs (small finite values for float inputs) */
    for (uint32_t i = 0; i < cai_model_num_inputs(&g_m); i++) {
        cai_tensor_info_t in;
        cai_model_input(&g_m, i, &in);
        for (size_t b = 0; b < in.bytes; b++)
            ((uint8_t *)in.buffer)[b] = rnd8();
        if (in.type == CAI_DTYPE_FLOAT32)
            for (size_t e = 0; e < in.elements; e++)
                ((float *)in.buffer)[e] = (float)(rnd8() % 64) / 10.0f;
        snapshot(c, &in);
    }
    cai_model_invoke_visit(&g_m, visit, c);
    verify_live(c, nops);
    printf("%s: arena %zu bytes, lower bound %zu (live tensor bytes at the busiest op): %s\n", name,
           need, bound, c->failures ? "FAILED" : "no live tensor clobbered");
    free(arena);
    return c->failures ? 1 : 0;
}

static int run_file(const char *shared, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/models/%s.tflite", shared, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("FAIL: cannot read %s\n", path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = aligned_alloc(16, ((size_t)n + 15) / 16 * 16);
    int rc = 1;
    if (fread(b, 1, (size_t)n, f) == (size_t)n)
        rc = run_check(name, b, (size_t)n);
    fclose(f);
    free(b);
    return rc;
}

int main(void)
{
    int bad = 0;
    /* always: a spec-built chain FC -> RESHAPE -> FC ... */
    static tflw_model_t s;
    static uint8_t buf[65536];
    tflw_fc_model(&s);
    s.n_opcodes = 2;
    s.opc[1] = (tflw_opcode_t){ 22, 1, 22, 1, 1, NULL };
    s.n_tensors = 5;
    tflw_tensor_set(&s.t[4], 9, 1, (const int32_t[]){ 3 }, 0, "reshaped", 1.0f, 0);
    s.n_ops = 2;
    s.op[1] = (tflw_op_t){ 1, 1, { 3 }, 1, { 4 }, 0, 0, 0, { { 0 } } };
    s.outputs[0] = 4;
    size_t n = tflw_build(&s, buf, sizeof buf);
    bad |= run_check("spec fc+reshape", buf, n);

    const char *shared = getenv("CAI_SHARED_DIR");
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/models/person_detect.tflite", shared ? shared : "");
    FILE *f = shared ? fopen(probe, "rb") : NULL;
    if (f == NULL) {
        printf("note: CAI_SHARED_DIR/models absent: shared models not checked\n");
    } else {
        fclose(f);
        const char *models[] = { "hello_world_int8", "hello_world_float", "linaro_hello_world_int8",
                                 "micro_speech_quantized", "person_detect" };
        for (unsigned i = 0; i < sizeof models / sizeof models[0]; i++)
            bad |= run_file(shared, models[i]);
    }
    for (unsigned i = 0; i < MAXT; i++)
        free(g_c.snap[i]);
    printf("%s\n", bad ? "FAILED" : "PASSED");
    return bad;
}
