/* SPDX-License-Identifier: Apache-2.0 */
/* `cai-model train-sine`: train, quantize, write, then check with the engine. */
#include "train_sine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_eval.h"
#include "ts_mlp.h"
#include "ts_prng.h"
#include "ts_quant.h"
#include "ts_tflite.h"
#include "ts_train.h"

/* Defaults: the command line that produced models/sine.tflite. */
#define TS_DEFAULT_SEED       2u
#define TS_DEFAULT_EPOCHS     8000u
#define TS_DEFAULT_GRID       128u
#define TS_DEFAULT_LR         0.01
#define TS_DEFAULT_QAT_EPOCHS 2000u
#define TS_DEFAULT_QAT_LR     0.003
#define TS_DEFAULT_MAX_ERROR  0.05

typedef struct ts_opts {
    unsigned long long seed;
    unsigned long epochs, qat_epochs, grid;
    double lr, qat_lr, max_error;
    const char *out;
    const char *check; /* --check FILE: evaluate an existing model only */
    const char *table; /* --table FILE: write "q_in q_out" for all inputs */
    int no_eval;
} ts_opts_t;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: cai-model train-sine [--seed N] [--epochs N] [--qat-epochs N] [--grid N]\n"
            "                            [--lr X] [--qat-lr X] [--max-error X]\n"
            "                            [--out FILE] [--no-eval] [--table FILE]\n"
            "       cai-model train-sine --check MODEL [--max-error X] [--table FILE]\n"
            "Train a 1-16-16-1 ReLU network on sin(x), x in [0, 2*pi] (float64,\n"
            "full-batch Adam, then quantization-aware fine-tuning), quantize it to\n"
            "full int8 as the TFLite converter does, write it as a .tflite file\n"
            "(default sine.tflite), then run the file through the cai engine over a\n"
            "%u-point grid and fail (exit 1) when max |y - sin x| exceeds\n"
            "--max-error (default %.2f). --no-eval skips that check.\n"
            "--check MODEL evaluates an existing model file the same way, without\n"
            "training. --table FILE also writes the engine's int8 output for each of\n"
            "the 256 int8 inputs, one \"q_in q_out\" line each.\n"
            "Defaults (the committed models/sine.tflite): --seed %u --epochs %u\n"
            "--qat-epochs %u --grid %u --lr %g --qat-lr %g\n",
            TS_EVAL_POINTS, TS_DEFAULT_MAX_ERROR, TS_DEFAULT_SEED, TS_DEFAULT_EPOCHS,
            TS_DEFAULT_QAT_EPOCHS, TS_DEFAULT_GRID, TS_DEFAULT_LR, TS_DEFAULT_QAT_LR);
}

static int parse_ull(const char *s, unsigned long long lo, unsigned long long hi,
                     unsigned long long *v)
{
    char *end;
    errno = 0;
    if (!s || *s == '\0' || *s == '-')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end != '\0' || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

static int parse_double(const char *s, double lo, double hi, double *v)
{
    char *end;
    errno = 0;
    if (!s || *s == '\0')
        return -1;
    double x = strtod(s, &end);
    if (errno || *end != '\0' || !(x >= lo && x <= hi))
        return -1;
    *v = x;
    return 0;
}

/* Returns 0, 1 (help printed) or 2 (usage error printed). */
static int parse_args(int argc, char **argv, ts_opts_t *o)
{
    o->seed = TS_DEFAULT_SEED;
    o->epochs = TS_DEFAULT_EPOCHS;
    o->grid = TS_DEFAULT_GRID;
    o->lr = TS_DEFAULT_LR;
    o->qat_epochs = TS_DEFAULT_QAT_EPOCHS;
    o->qat_lr = TS_DEFAULT_QAT_LR;
    o->max_error = TS_DEFAULT_MAX_ERROR;
    o->out = "sine.tflite";
    o->no_eval = 0;
    o->check = NULL;
    o->table = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long u;
        int bad = 0;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(a, "--no-eval")) {
            o->no_eval = 1;
            continue;
        } else if (!strcmp(a, "--seed")) {
            bad = parse_ull(val, 0, UINT64_MAX, &u);
            o->seed = u;
        } else if (!strcmp(a, "--epochs")) {
            bad = parse_ull(val, 1, 1000000, &u);
            o->epochs = (unsigned long)u;
        } else if (!strcmp(a, "--qat-epochs")) {
            bad = parse_ull(val, 0, 1000000, &u);
            o->qat_epochs = (unsigned long)u;
        } else if (!strcmp(a, "--qat-lr")) {
            bad = parse_double(val, 1e-6, 1.0, &o->qat_lr);
        } else if (!strcmp(a, "--grid")) {
            bad = parse_ull(val, 2, 100000, &u);
            o->grid = (unsigned long)u;
        } else if (!strcmp(a, "--lr")) {
            bad = parse_double(val, 1e-6, 1.0, &o->lr);
        } else if (!strcmp(a, "--max-error")) {
            bad = parse_double(val, 0.0, 2.0, &o->max_error);
        } else if (!strcmp(a, "--out")) {
            bad = val == NULL || *val == '\0';
            o->out = val;
        } else if (!strcmp(a, "--check")) {
            bad = val == NULL || *val == '\0';
            o->check = val;
        } else if (!strcmp(a, "--table")) {
            bad = val == NULL || *val == '\0';
            o->table = val;
        } else {
            fprintf(stderr, "train-sine: unknown option '%s' (try --help)\n", a);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "train-sine: %s needs a valid value (try --help)\n", a);
            return 2;
        }
        i++;
    }
    return 0;
}

static int write_file(const char *path, const uint8_t *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(buf, 1, len, f);
    int rc = fclose(f);
    return n == len && rc == 0 ? 0 : -1;
}

static void print_quant(const ts_qmodel_t *q)
{
    static const char *const names[4] = { "input", "hidden 1", "hidden 2", "output" };
    for (int t = 0; t < 4; t++)
        printf("  %-8s int8 scale %.9g zero point %d (range [%.6g, %.6g])\n", names[t],
               (double)q->act[t].scale, (int)q->act[t].zero_point, q->act[t].min, q->act[t].max);
    for (int l = 0; l < 3; l++)
        printf("  dense %d  weights int8 scale %.9g, bias int32 scale %.9g, %s\n", l + 1,
               (double)q->layer[l].w_scale, (double)q->layer[l].b_scale,
               q->layer[l].fused_relu ? "RELU" : "NONE");
}

static int write_table(const char *path, const int8_t *table)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (int q = -128; q <= 127; q++)
        fprintf(f, "%d %d\n", q, table[q + 128]);
    return fclose(f) == 0 ? 0 : -1;
}

/* Run the model file through the engine (read back from disk, so what is
 * checked is what was written) and apply the accuracy gate. */
static int evaluate_file(const char *path, size_t expect_len, const ts_opts_t *o)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "train-sine: cannot read %s\n", path);
        return 1;
    }
    size_t cap = 1u << 20; /* a sine model is a few KiB; refuse anything huge */
    uint8_t *buf = malloc(cap);
    size_t len = buf ? fread(buf, 1, cap, f) : 0;
    fclose(f);
    if (!buf || len == 0 || len == cap || (expect_len && len != expect_len)) {
        fprintf(stderr, "train-sine: cannot read back %s (or it is empty or over 1 MiB)\n", path);
        free(buf);
        return 1;
    }
    double qerr, at;
    int8_t table[256];
    char err[256];
    int rc = ts_eval_engine(buf, len, &qerr, &at, o->table ? table : NULL, err, sizeof err);
    free(buf);
    if (rc != 0) {
        fprintf(stderr, "train-sine: %s\n", err);
        return 1;
    }
    printf("int8 model (cai engine, TFLM QUANTIZE rounding, %u-point grid): "
           "max |y - sin x| = %.6f at x = %.6f\n",
           TS_EVAL_POINTS, qerr, at);
    if (o->table) {
        if (write_table(o->table, table) != 0) {
            fprintf(stderr, "train-sine: cannot write %s\n", o->table);
            return 1;
        }
        printf("wrote the engine's output for all 256 int8 inputs to %s\n", o->table);
    }
    if (qerr > o->max_error) {
        printf("FAIL: int8 max error %.6f > %.6f%s\n", qerr, o->max_error,
               o->check ? "" : " (try another --seed or more --epochs)");
        return 1;
    }
    printf("OK: int8 max error %.6f <= %.6f\n", qerr, o->max_error);
    return 0;
}

int cai_model_cmd_train_sine(int argc, char **argv)
{
    ts_opts_t o;
    int prc = parse_args(argc, argv, &o);
    if (prc == 1)
        return 0;
    if (prc != 0)
        return 2;
    if (o.check)
        return evaluate_file(o.check, 0, &o);

    ts_prng_t rng;
    ts_mlp_t net;
    ts_prng_seed(&rng, o.seed);
    ts_mlp_init(&net, &rng);
    ts_train_cfg_t cfg = { (unsigned)o.epochs, (unsigned)o.qat_epochs, (unsigned)o.grid, o.lr,
                           o.qat_lr };
    printf("train-sine: seed %llu, %lu training points on [0, 2*pi]; full-batch Adam: "
           "%lu float epochs (lr %g), %lu quantization-aware epochs (lr %g), linear decay\n",
           o.seed, o.grid, o.epochs, o.lr, o.qat_epochs, o.qat_lr);
    ts_train_result_t tr;
    double at;
    if (ts_train_float(&net, &cfg, &tr) != 0) {
        fprintf(stderr, "train-sine: out of memory\n");
        return 1;
    }
    double ferr = ts_eval_float(&net, &at);
    printf("float64 model after the float phase: training MSE %.3e, max |y - sin x| = %.6f "
           "at x = %.6f (%u-point grid, C library sin)\n",
           tr.mse, ferr, at, TS_EVAL_POINTS);
    if (o.qat_epochs) {
        if (ts_train_qat(&net, &cfg, &tr) != 0) {
            fprintf(stderr, "train-sine: out of memory\n");
            return 1;
        }
        ferr = ts_eval_float(&net, &at);
        printf("float64 model after quantization-aware fine-tuning: fake-quantized MSE %.3e, "
               "float max |y - sin x| = %.6f at x = %.6f\n",
               tr.qat_mse, ferr, at);
    }
    ts_qmodel_t q;
    char err[256];
    if (ts_quantize(&net, tr.have_ranges ? tr.act : NULL, &q, err, sizeof err) != 0) {
        fprintf(stderr, "train-sine: %s (try another --seed)\n", err);
        return 1;
    }
    if (tr.have_ranges)
        printf("int8 quantization (activation ranges from the quantization-aware phase):\n");
    else
        printf("int8 quantization (activation ranges calibrated on %u points):\n", TS_CALIB_POINTS);
    print_quant(&q);

    char desc[200];
    snprintf(desc, sizeof desc,
             "cai sine model: 1-16-16-1 ReLU, int8; cai-model train-sine --seed %llu "
             "--epochs %lu --qat-epochs %lu --grid %lu --lr %g --qat-lr %g",
             o.seed, o.epochs, o.qat_epochs, o.grid, o.lr, o.qat_lr);
    uint8_t *file = NULL;
    size_t len = 0;
    if (ts_tflite_write(&q, desc, &file, &len) != 0) {
        fprintf(stderr, "train-sine: could not build the flatbuffer (out of memory)\n");
        return 1;
    }
    if (write_file(o.out, file, len) != 0) {
        fprintf(stderr, "train-sine: cannot write %s\n", o.out);
        free(file);
        return 1;
    }
    printf("wrote %s (%zu bytes)\n", o.out, len);
    free(file);
    if (o.no_eval)
        return 0;
    return evaluate_file(o.out, len, &o);
}
