/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Robustness of the loader on the real models: every prefix (truncation)
 * and many single-byte mutations of each shared model. A mutated model must
 * either be refused with a message or load, prepare and run inside its
 * buffers (each model copy and arena is an exactly-sized heap block, so
 * AddressSanitizer catches any access outside). Exits 77 without the shared
 * models.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/infer.h"

static cai_model_t g_m;
/* the model's state memory (cai_model_plan says how much; 64 KiB fits every test model) */
static _Alignas(8) uint8_t g_state[65536];

typedef struct stats {
    long refused, loaded, ran;
} stats;

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n);
    if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static uint32_t g_rng = 12345;
static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}

/* Load a candidate; if it loads, prepare and (optionally) run it. */
static int try_model(const uint8_t *bytes, size_t len, int run, stats *st)
{
    char err[256];
    uint8_t *b = malloc(len ? len : 1);
    memcpy(b, bytes, len);
    int rc = cai_model_load(b, len, &g_m, g_state, sizeof g_state, err, sizeof err);
    if (rc != CAI_INFER_OK) {
        if (err[0] == '\0' || rc >= 0) {
            printf("FAIL: refused without a message (rc %d)\n", rc);
            free(b);
            return -1;
        }
        st->refused++;
        free(b);
        return 0;
    }
    st->loaded++;
    size_t need = cai_model_arena_size(&g_m);
    if (run && need <= (1u << 20)) {
        void *arena = malloc(need ? need : 16);
        if (cai_model_prepare(&g_m, arena, need, err, sizeof err) == CAI_INFER_OK) {
            for (uint32_t i = 0; i < cai_model_num_inputs(&g_m); i++) {
                cai_tensor_info_t in;
                cai_model_input(&g_m, i, &in);
                memset(in.buffer, (int)(rnd() & 0xff), in.bytes);
            }
            if (cai_model_invoke(&g_m) == CAI_INFER_OK)
                st->ran++;
        }
        free(arena);
    }
    free(b);
    return 0;
}

/* Whether byte `pos` lies in the constant data of a tensor. */
static int in_weights(const uint8_t *model, size_t len, size_t pos)
{
    char err[16];
    uint8_t *b = malloc(len);
    memcpy(b, model, len);
    int hit = 0;
    if (cai_model_load(b, len, &g_m, g_state, sizeof g_state, err, sizeof err) == CAI_INFER_OK) {
        for (uint32_t i = 0; i < cai_model_num_tensors(&g_m) && !hit; i++) {
            cai_tensor_info_t t;
            cai_model_tensor(&g_m, i, &t);
            if (t.is_constant) {
                size_t off = (size_t)((const uint8_t *)t.data - b);
                hit = pos >= off && pos < off + t.bytes;
            }
        }
    }
    free(b);
    return hit;
}

static int fuzz_model(const char *shared, const char *name, long trunc_step, long mutations,
                      long max_runs)
{
    char path[1024];
    size_t len;
    snprintf(path, sizeof path, "%s/models/%s.tflite", shared, name);
    uint8_t *orig = read_all(path, &len);
    if (orig == NULL) {
        printf("FAIL: cannot read %s\n", path);
        return -1;
    }
    stats tr = { 0, 0, 0 }, mu = { 0, 0, 0 };
    int bad = 0;
    /* truncations: all short prefixes, then every trunc_step-th */
    for (size_t n = 0; n < len && !bad; n += n < 4096 ? 1 : (size_t)trunc_step) {
        if (try_model(orig, n, 0, &tr) != 0)
            bad = 1;
    }
    if (tr.loaded != 0) {
        printf("FAIL: %s: %ld truncated copies loaded\n", name, tr.loaded);
        bad = 1;
    }
    /* single-byte mutations at random positions; run a sample of those that
     * still load (outside the weights, where bytes change structure) */
    uint8_t *copy = malloc(len);
    long runs = 0;
    for (long k = 0; k < mutations && !bad; k++) {
        memcpy(copy, orig, len);
        size_t pos = rnd() % len;
        static const uint8_t vals[] = { 0x00, 0xff, 0x80, 0x7f, 0x01 };
        uint32_t r = rnd() % 7;
        copy[pos] = r < 5 ? vals[r] : r == 5 ? (uint8_t)(copy[pos] ^ 0x80) : (uint8_t)rnd();
        int run = runs < max_runs && !in_weights(orig, len, pos);
        stats before = mu;
        if (try_model(copy, len, run, &mu) != 0)
            bad = 1;
        if (mu.ran > before.ran)
            runs++;
    }
    free(copy);
    printf("%s (%zu bytes): %ld truncations refused; %ld mutations: %ld refused, %ld loaded, "
           "%ld ran\n",
           name, len, tr.refused, mutations, mu.refused, mu.loaded, mu.ran);
    free(orig);
    return bad ? -1 : 0;
}

int main(void)
{
    const char *shared = getenv("CAI_SHARED_DIR");
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/models/hello_world_int8.tflite", shared ? shared : "");
    FILE *f = shared ? fopen(probe, "rb") : NULL;
    if (f == NULL) {
        printf("SKIP: CAI_SHARED_DIR/models not found (shared test data absent)\n");
        return 77;
    }
    fclose(f);
    int bad = 0;
    bad |= fuzz_model(shared, "hello_world_int8", 1, 6000, 6000);
    bad |= fuzz_model(shared, "hello_world_float", 1, 3000, 3000);
    bad |= fuzz_model(shared, "linaro_hello_world_int8", 1, 3000, 3000);
    bad |= fuzz_model(shared, "micro_speech_quantized", 7, 3000, 300);
    bad |= fuzz_model(shared, "person_detect", 997, 1500, 8);
    bad |= fuzz_model(shared, "audio_preprocessor_int8", 3, 1500, 100);
    printf("%s\n", bad ? "FAILED" : "PASSED");
    return bad ? 1 : 0;
}
