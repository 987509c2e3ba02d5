/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Golden tests of the inference engine against the outputs of the reference
 * TFLM interpreter in $CAI_SHARED_DIR/models/golden (see its README.md):
 * every case of every file, bit-exact, plus every intermediate tensor of the
 * activation dumps. Exits 77 (skipped) when the shared data is absent.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/infer.h"
#include "golden_io.h"

static const char *g_shared;
static int g_failures;
static cai_model_t g_model;
/* the model's state memory (cai_model_plan says how much; 64 KiB fits every test model) */
static _Alignas(8) uint8_t g_state[65536];
static _Alignas(16) uint8_t g_arena[256 * 1024];

#define FAIL(...)                     \
    do {                              \
        printf("FAIL: " __VA_ARGS__); \
        printf("\n");                 \
        g_failures++;                 \
    } while (0)

/* Load and prepare a model; returns its bytes (free them after use). */
static uint8_t *open_model(const char *name, cai_model_t *m)
{
    char path[1024], err[256];
    size_t len;
    gio_path(path, sizeof path, g_shared, name);
    uint8_t *buf = gio_read_file(path, &len);
    if (buf == NULL) {
        FAIL("cannot read %s", path);
        return NULL;
    }
    int rc = cai_model_load(buf, len, m, g_state, sizeof g_state, err, sizeof err);
    if (rc == CAI_INFER_OK)
        rc = cai_model_prepare(m, g_arena, sizeof g_arena, err, sizeof err);
    if (rc != CAI_INFER_OK) {
        FAIL("%s: %s (%d)", name, err, rc);
        free(buf);
        return NULL;
    }
    printf("%s: arena %zu bytes\n", name, cai_model_arena_size(m));
    return buf;
}

static int8_t run_s8(cai_model_t *m, int8_t q)
{
    cai_tensor_info_t in, out;
    cai_model_input(m, 0, &in);
    cai_model_output(m, 0, &out);
    *(int8_t *)in.buffer = q;
    cai_model_invoke(m);
    return *(const int8_t *)out.data;
}

/* TFLM QUANTIZE: clamp(round_half_away(x / scale) + zp), division in float. */
static int quant_round(float x, float scale, int32_t zp)
{
    long q = lroundf(x / scale) + zp;
    return q < -128 ? -128 : q > 127 ? 127 : (int)q;
}

/* The Linaro service: (int)(x / scale + zp) in float, truncating, clamped. */
static int quant_trunc(float x, float scale, int32_t zp)
{
    float v = x / scale + (float)zp;
    if (v >= 127.0f)
        return 127;
    if (v <= -128.0f)
        return -128;
    return (int)v;
}

static float bits_to_float(unsigned long bits)
{
    uint32_t b = (uint32_t)bits;
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static void test_int8_sine(const char *model, const char *prefix)
{
    uint8_t *buf = open_model(model, &g_model);
    if (buf == NULL)
        return;
    cai_tensor_info_t in;
    cai_model_input(&g_model, 0, &in);
    char path[1024], line[512];
    int n = 0, bad = 0;

    snprintf(line, sizeof line, "golden/%s_exhaustive.csv", prefix);
    gio_path(path, sizeof path, g_shared, line);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        FAIL("cannot read %s", path);
    } else {
        if (fgets(line, sizeof line, f) == NULL) /* header */
            FAIL("%s: empty file", path);
        while (fgets(line, sizeof line, f) != NULL) {
            int q_in, q_out;
            if (sscanf(line, "%d,%*[^,],%d", &q_in, &q_out) != 2)
                continue;
            int got = run_s8(&g_model, (int8_t)q_in);
            n++;
            if (got != q_out) {
                bad++;
                if (bad <= 5)
                    FAIL("%s q_in %d: got %d, want %d", prefix, q_in, got, q_out);
            }
        }
        fclose(f);
        printf("%s exhaustive: %d/%d match\n", prefix, n - bad, n);
        if (n != 256)
            FAIL("%s exhaustive: %d rows, expected 256", prefix, n);
    }

    snprintf(line, sizeof line, "golden/%s_grid.csv", prefix);
    gio_path(path, sizeof path, g_shared, line);
    f = fopen(path, "r");
    n = 0;
    bad = 0;
    if (f == NULL) {
        FAIL("cannot read %s", path);
    } else {
        if (fgets(line, sizeof line, f) == NULL)
            FAIL("%s: empty file", path);
        while (fgets(line, sizeof line, f) != NULL) {
            int i, qr, outr, qt, outt;
            unsigned long xb;
            if (sscanf(line, "%d,%*[^,],0x%lx,%d,%d,%*[^,],%d,%d", &i, &xb, &qr, &outr, &qt,
                       &outt) != 6)
                continue;
            float x = bits_to_float(xb);
            int myr = quant_round(x, in.scale, in.zero_point);
            int myt = quant_trunc(x, in.scale, in.zero_point);
            int gr = run_s8(&g_model, (int8_t)myr);
            int gt = run_s8(&g_model, (int8_t)myt);
            n++;
            if (myr != qr || myt != qt || gr != outr || gt != outt) {
                bad++;
                if (bad <= 5)
                    FAIL("%s grid %d: q_in round %d/%d trunc %d/%d, out round %d/%d trunc %d/%d",
                         prefix, i, myr, qr, myt, qt, gr, outr, gt, outt);
            }
        }
        fclose(f);
        printf("%s grid (round and trunc): %d/%d match\n", prefix, n - bad, n);
        if (n != 1000)
            FAIL("%s grid: %d rows, expected 1000", prefix, n);
    }
    free(buf);
}

static void test_float_sine(void)
{
    uint8_t *buf = open_model("hello_world_float.tflite", &g_model);
    if (buf == NULL)
        return;
    cai_tensor_info_t in, out;
    cai_model_input(&g_model, 0, &in);
    cai_model_output(&g_model, 0, &out);
    char path[1024], line[512];
    gio_path(path, sizeof path, g_shared, "golden/hello_world_float_grid.csv");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        FAIL("cannot read %s", path);
        free(buf);
        return;
    }
    int n = 0, bad = 0;
    unsigned long max_ulp = 0;
    if (fgets(line, sizeof line, f) == NULL)
        FAIL("%s: empty file", path);
    while (fgets(line, sizeof line, f) != NULL) {
        int i;
        unsigned long xb, yb;
        if (sscanf(line, "%d,%*[^,],0x%lx,%*[^,],0x%lx", &i, &xb, &yb) != 3)
            continue;
        float x = bits_to_float(xb), y;
        memcpy(in.buffer, &x, sizeof x);
        cai_model_invoke(&g_model);
        memcpy(&y, out.data, sizeof y);
        uint32_t got;
        memcpy(&got, &y, sizeof got);
        unsigned long d = got > yb ? got - yb : yb - got;
        if (d > max_ulp)
            max_ulp = d;
        n++;
        /* tolerance 0: bit-exact (sequential float32 accumulation, no FMA) */
        if (got != (uint32_t)yb) {
            bad++;
            if (bad <= 5)
                FAIL("float grid %d: got 0x%08x, want 0x%08lx", i, (unsigned)got, yb);
        }
    }
    fclose(f);
    printf("hello_world_float grid: %d/%d bit-exact (max diff %lu ulp)\n", n - bad, n, max_ulp);
    if (n != 1000)
        FAIL("float grid: %d rows, expected 1000", n);
    free(buf);
}

/* Cases of micro_speech_golden.json / person_detect_golden.json: each names
 * an int8 input file (`file_key`) and the expected `output_int8`. */
static void test_json_cases(const char *model, const char *json, const char *file_key,
                            const char *what)
{
    uint8_t *buf = open_model(model, &g_model);
    if (buf == NULL)
        return;
    char path[1024];
    size_t jlen;
    gio_path(path, sizeof path, g_shared, json);
    char *text = (char *)gio_read_file(path, &jlen);
    if (text == NULL) {
        FAIL("cannot read %s", path);
        free(buf);
        return;
    }
    cai_tensor_info_t in, out;
    cai_model_input(&g_model, 0, &in);
    cai_model_output(&g_model, 0, &out);
    size_t pos = 0;
    int n = 0, ok = 0;
    char name[256];
    while (gio_json_key(text, &pos, file_key) == 0) {
        long want[16];
        if (gio_json_string(text, &pos, name, sizeof name) != 0) {
            FAIL("%s: cannot parse", json);
            break;
        }
        /* Cases without an output (micro_speech's single 30 ms feature
         * frames) are not model runs: skip them. */
        size_t next = pos, at = pos;
        if (gio_json_key(text, &next, file_key) != 0)
            next = jlen;
        if (gio_json_key(text, &at, "output_int8") != 0 || at > next)
            continue;
        pos = at;
        int nw = gio_json_int_array(text, &pos, want, 16);
        char ipath[1024], rel[512];
        size_t ilen;
        snprintf(rel, sizeof rel, "golden/%s", name);
        gio_path(ipath, sizeof ipath, g_shared, rel);
        uint8_t *input = gio_read_file(ipath, &ilen);
        n++;
        if (input == NULL || ilen != in.bytes || nw != (int)out.elements) {
            FAIL("%s %s: bad input file or output size", what, name);
            free(input);
            continue;
        }
        memcpy(in.buffer, input, ilen);
        free(input);
        cai_model_invoke(&g_model);
        const int8_t *y = out.data;
        int same = 1;
        for (int i = 0; i < nw; i++)
            same &= y[i] == want[i];
        if (same) {
            ok++;
        } else {
            FAIL("%s %s: got [%d, %d, ...], want [%ld, %ld, ...]", what, name, y[0], y[1], want[0],
                 want[1]);
        }
    }
    printf("%s: %d/%d cases match\n", what, ok, n);
    if (n != 4)
        FAIL("%s: %d cases, expected 4", what, n);
    free(text);
    free(buf);
}

/* Activation dumps: each op's output is compared as soon as it is written. */
typedef struct act_ref {
    const uint8_t *bin;
    size_t bin_len;
    long off[CAI_INFER_MAX_TENSORS]; /* -1: not in the dump */
    long len[CAI_INFER_MAX_TENSORS];
    int seen[CAI_INFER_MAX_TENSORS];
    int compared, mismatched;
    const char *what;
} act_ref;

static void check_tensor(act_ref *r, const cai_tensor_info_t *t)
{
    int i = t->index;
    if (i < 0 || i >= (int)CAI_INFER_MAX_TENSORS || r->off[i] < 0) {
        FAIL("%s: tensor #%d is not in the dump", r->what, i);
        return;
    }
    r->seen[i] = 1;
    r->compared++;
    if ((long)t->bytes != r->len[i] || memcmp(t->data, r->bin + r->off[i], t->bytes) != 0) {
        r->mismatched++;
        FAIL("%s: tensor #%d '%s' differs", r->what, i, t->name);
    }
}

static void visit(void *ctx, uint32_t op, const cai_tensor_info_t *t)
{
    (void)op;
    check_tensor(ctx, t);
}

static void test_activations(const char *model, const char *dump, const char *input_rel, int q_in)
{
    static act_ref r;
    char path[1024], rel[512];
    size_t len;
    memset(&r, 0, sizeof r);
    r.what = dump;
    for (unsigned i = 0; i < CAI_INFER_MAX_TENSORS; i++)
        r.off[i] = -1;
    uint8_t *buf = open_model(model, &g_model);
    if (buf == NULL)
        return;
    snprintf(rel, sizeof rel, "golden/activations/%s.bin", dump);
    gio_path(path, sizeof path, g_shared, rel);
    uint8_t *bin = gio_read_file(path, &len);
    snprintf(rel, sizeof rel, "golden/activations/%s.idx", dump);
    gio_path(path, sizeof path, g_shared, rel);
    FILE *f = fopen(path, "r");
    if (bin == NULL || f == NULL) {
        FAIL("cannot read the %s dump", dump);
        free(bin);
        if (f)
            fclose(f);
        free(buf);
        return;
    }
    r.bin = bin;
    r.bin_len = len;
    int entries = 0;
    long ti, off, cnt;
    char line[256];
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "%ld %ld %ld", &ti, &off, &cnt) != 3)
            continue;
        if (ti < 0 || ti >= (long)CAI_INFER_MAX_TENSORS || off < 0 || cnt < 0 ||
            (size_t)(off + cnt) > len) {
            FAIL("%s: bad index line %s", dump, line);
            continue;
        }
        r.off[ti] = off;
        r.len[ti] = cnt;
        entries++;
    }
    fclose(f);

    cai_tensor_info_t in;
    cai_model_input(&g_model, 0, &in);
    if (input_rel != NULL) {
        gio_path(path, sizeof path, g_shared, input_rel);
        uint8_t *x = gio_read_file(path, &len);
        if (x == NULL || len != in.bytes) {
            FAIL("%s: bad input %s", dump, input_rel);
        } else {
            memcpy(in.buffer, x, len);
        }
        free(x);
    } else {
        *(int8_t *)in.buffer = (int8_t)q_in;
    }
    check_tensor(&r, &in); /* the input as written */
    cai_model_invoke_visit(&g_model, visit, &r);
    for (long i = 0; i < (long)CAI_INFER_MAX_TENSORS; i++)
        if (r.off[i] >= 0 && !r.seen[i])
            FAIL("%s: tensor #%ld of the dump was never produced", dump, i);
    printf("%s: %d/%d activation tensors match (%d in the dump)\n", dump, r.compared - r.mismatched,
           r.compared, entries);
    free(bin);
    free(buf);
}

int main(void)
{
    g_shared = getenv("CAI_SHARED_DIR");
    char probe[1024];
    size_t len;
    if (g_shared != NULL) {
        gio_path(probe, sizeof probe, g_shared, "golden/README.md");
        uint8_t *p = gio_read_file(probe, &len);
        if (p == NULL)
            g_shared = NULL;
        free(p);
    }
    if (g_shared == NULL) {
        printf("SKIP: CAI_SHARED_DIR/models/golden not found (shared test data absent)\n");
        return 77;
    }
    test_int8_sine("hello_world_int8.tflite", "hello_world_int8");
    test_int8_sine("linaro_hello_world_int8.tflite", "linaro_hello_world_int8");
    test_float_sine();
    test_json_cases("micro_speech_quantized.tflite", "golden/micro_speech_golden.json",
                    "features_file", "micro_speech");
    test_json_cases("person_detect.tflite", "golden/person_detect_golden.json", "input_file",
                    "person_detect");
    test_activations("hello_world_int8.tflite", "hello_world_int8_qin_m96", NULL, -96);
    test_activations("micro_speech_quantized.tflite", "micro_speech_yes_1000ms",
                     "golden/micro_speech_features_yes_1000ms.i8", 0);
    test_activations("person_detect.tflite", "person_detect_person_raw",
                     "golden/person_detect_input_person_raw.i8", 0);
    printf("%s: %d failure(s)\n", g_failures ? "FAILED" : "PASSED", g_failures);
    return g_failures ? 1 : 0;
}
