/* SPDX-License-Identifier: Apache-2.0 */
/* cai-model bench: wall time of cai_model_invoke on the host. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "cli.h"
#include "input_parse.h"
#include "model_file.h"

static void bench_usage(FILE *out)
{
    fprintf(out, "usage: cai-model bench MODEL [--iters N] [--input FILE|-|VALUES] [--clamp]\n"
                 "                       [--json]\n"
                 "\n"
                 "Time N inferences (default 100; input all zero bytes unless --input, read\n"
                 "as by `cai-model run`) and print the median and minimum wall time per\n"
                 "inference and the arena size; --json: as one JSON object. On a terminal, a\n"
                 "run longer than a second shows its progress on stderr.\n");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int cmd_bench(int argc, char **argv)
{
    const char *path = NULL, *input = NULL;
    long iters = 100;
    int json = 0, clamp = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            bench_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc) {
            char *end;
            iters = strtol(argv[++i], &end, 10);
            if (*end != '\0' || iters < 1 || iters > 10000000) {
                model_err("cai-model bench: --iters must be 1..10000000\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
            input = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--clamp") == 0) {
            clamp = 1;
        } else if (argv[i][0] == '-' || path != NULL) {
            model_err("cai-model bench: unexpected argument '%s'\n", argv[i]);
            bench_usage(model_usage_stream());
            return EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) {
        model_err("cai-model bench: which MODEL? (try --help)");
        bench_usage(model_usage_stream());
        return EXIT_USAGE;
    }
    model_file mf;
    if (model_file_open(&mf, path, 1) != 0)
        return 1;
    int rc = 1;
    double *t = malloc((size_t)iters * sizeof *t);
    if (t == NULL) {
        model_err("cai-model: out of memory\n");
        goto done;
    }
    for (uint32_t i = 0; i < cai_model_num_inputs(mf.model); i++) {
        cai_tensor_info_t in;
        cai_model_input(mf.model, i, &in);
        memset(in.buffer, 0, in.bytes);
        if (i == 0 && input != NULL && fill_input(&in, input, clamp) != 0)
            goto done;
    }
    cai_model_invoke(mf.model); /* warm-up */
    /* progress on a terminal once the run has taken a second, every 0.25 s */
    int tty = isatty(STDERR_FILENO);
    double start = now_us(), shown = 0;
    for (long i = 0; i < iters; i++) {
        double t0 = now_us();
        cai_model_invoke(mf.model);
        double t1 = now_us();
        t[i] = t1 - t0;
        if (tty && t1 - start > 1e6 && t1 - shown > 250e3) {
            fprintf(stderr, "\rbench: %ld/%ld inferences (%.0f%%)", i + 1, iters,
                    100.0 * (double)(i + 1) / (double)iters);
            fflush(stderr);
            shown = t1;
        }
    }
    if (shown > 0)
        fprintf(stderr, "\r\033[K"); /* the progress line goes away */
    qsort(t, (size_t)iters, sizeof *t, cmp_double);
    if (json) {
        printf("{\"model\": ");
        model_json_string(stdout, path);
        printf(", \"iters\": %ld, \"median_us\": %.3f, \"min_us\": %.3f, \"arena_bytes\": %zu}\n",
               iters, t[iters / 2], t[0], cai_model_arena_size(mf.model));
    } else {
        printf("model:     %s\n", path);
        printf("iters:     %ld\n", iters);
        printf("median:    %.3f us/inference\n", t[iters / 2]);
        printf("min:       %.3f us/inference\n", t[0]);
        printf("arena:     %zu bytes\n", cai_model_arena_size(mf.model));
    }
    rc = 0;
done:
    free(t);
    model_file_close(&mf);
    return rc;
}
