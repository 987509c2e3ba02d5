/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Driver for bench/engine: load one .tflite model into the cai engine, fill
 * its input, and either run it N times (for callgrind, which counts the
 * instructions; the script takes the difference between two values of N so
 * that loading and preparing cancel out) or time many runs and print the
 * median.
 *
 * usage: bench_engine_driver MODEL (--input FILE | --fill BYTE | --float X)
 *                            (--runs N | --time)
 * Prints "arena_bytes N", "state_bytes N" (the model's state memory, sized
 * by cai_model_plan), "model_struct_bytes N" (the cai_model_t handle) and,
 * with --time, "median_ns N runs N".
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cai/infer.h"

#define MAX_TIMED_RUNS 2001
#define TIME_BUDGET_NS 400000000LL /* stop timing after ~0.4 s (at least 11 runs) */

static cai_model_t g_model;
static int64_t g_samples[MAX_TIMED_RUNS];

static uint8_t *read_file(const char *path, size_t *len, size_t align)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            size_t cap = ((size_t)n + align) / align * align;
            buf = aligned_alloc(align, cap);
            if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
                free(buf);
                buf = NULL;
            }
            *len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_engine_driver MODEL (--input FILE | --fill BYTE | --float X) "
                    "(--runs N | --time)\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 6)
        return usage();
    const char *model_path = argv[1], *in_kind = argv[2], *in_val = argv[3];
    const char *mode = argv[4], *mode_val = argv[5];
    int timed = !strcmp(mode, "--time");
    long runs = timed ? 0 : strtol(mode_val, NULL, 10);
    if ((!timed && (strcmp(mode, "--runs") || runs < 1 || runs > 1000000)))
        return usage();

    size_t len = 0;
    uint8_t *model = read_file(model_path, &len, 16);
    if (!model) {
        fprintf(stderr, "cannot read %s\n", model_path);
        return 1;
    }
    char err[256] = "";
    cai_model_mem_t mem;
    uint8_t *state = NULL;
    if (cai_model_plan(model, len, &mem, err, sizeof err) != CAI_INFER_OK ||
        (state = aligned_alloc(CAI_INFER_STATE_ALIGN, (mem.state_bytes + 7) / 8 * 8)) == NULL ||
        cai_model_load(model, len, &g_model, state, mem.state_bytes, err, sizeof err) !=
            CAI_INFER_OK) {
        fprintf(stderr, "load %s: %s\n", model_path, err);
        return 1;
    }
    size_t need = cai_model_arena_size(&g_model);
    size_t alen = (need + 15) / 16 * 16;
    uint8_t *arena = aligned_alloc(CAI_INFER_ARENA_ALIGN, alen ? alen : 16);
    if (!arena || cai_model_prepare(&g_model, arena, alen, err, sizeof err) != CAI_INFER_OK) {
        fprintf(stderr, "prepare %s: %s\n", model_path, err);
        return 1;
    }
    cai_tensor_info_t in;
    if (cai_model_input(&g_model, 0, &in) != CAI_INFER_OK || !in.buffer) {
        fprintf(stderr, "no input tensor\n");
        return 1;
    }
    if (!strcmp(in_kind, "--input")) {
        size_t n = 0;
        uint8_t *data = read_file(in_val, &n, 16);
        if (!data || n != in.bytes) {
            fprintf(stderr, "input %s: need %zu bytes\n", in_val, in.bytes);
            return 1;
        }
        memcpy(in.buffer, data, n);
        free(data);
    } else if (!strcmp(in_kind, "--fill")) {
        memset(in.buffer, (int)strtol(in_val, NULL, 0) & 0xff, in.bytes);
    } else if (!strcmp(in_kind, "--float") && in.type == CAI_DTYPE_FLOAT32) {
        float x = strtof(in_val, NULL);
        for (size_t i = 0; i < in.elements; i++)
            memcpy((float *)in.buffer + i, &x, sizeof x);
    } else {
        return usage();
    }
    printf("arena_bytes %zu\n", need);
    printf("state_bytes %zu\n", cai_model_state_size(&g_model));
    printf("model_struct_bytes %zu\n", sizeof(cai_model_t));

    if (!timed) {
        for (long i = 0; i < runs; i++)
            if (cai_model_invoke(&g_model) != CAI_INFER_OK) {
                fprintf(stderr, "invoke failed\n");
                return 1;
            }
    } else {
        int n = 0;
        int64_t start = now_ns();
        while (n < MAX_TIMED_RUNS && (n < 11 || now_ns() - start < TIME_BUDGET_NS)) {
            int64_t t0 = now_ns();
            if (cai_model_invoke(&g_model) != CAI_INFER_OK) {
                fprintf(stderr, "invoke failed\n");
                return 1;
            }
            g_samples[n++] = now_ns() - t0;
        }
        qsort(g_samples, (size_t)n, sizeof g_samples[0], cmp_i64);
        printf("median_ns %lld runs %d\n", (long long)g_samples[n / 2], n);
    }
    free(arena);
    free(model);
    return 0;
}
