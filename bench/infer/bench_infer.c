/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench.infer: end-to-end inferences through the NS client library on the
 * host backend (the same psa_call path as `cai infer`), for the built-in
 * sine model and, when ../shared is there, person_detect:
 *   - median time of one call per format (cbor, sign1, encrypt), split into
 *     IPC (a null psa_call to the test partition's echo), inference (the
 *     engine alone, in-process, bench_engine_driver --time), encoding (cbor
 *     minus IPC minus inference) and signing (sign1 minus cbor);
 *   - signed (sign1) inferences per second with one client and with 8
 *     concurrent clients (8 processes, 8 connections);
 * printed beside `openssl speed ecdsap256` signatures per second measured
 * in the same run (the goal: one client >= 50% of it on the OpenSSL
 * backend). Formats are interleaved in rounds so all see the same load.
 *
 * usage: cai-bench-infer [--driver PATH] [CALLS]   (default 4000 per figure;
 *        needs cai-spe-test beside it or in $CAI_BIN_DIR)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_spe.h"
#include "cai/infer_client.h"
#include "cai/test_services.h"
#include "cai_host/psa_client_host.h"

#ifndef CAI_BENCH_CRYPTO
#define CAI_BENCH_CRYPTO "?"
#endif

#define ROUNDS   4
#define CLIENTS  8
#define PD_CALLS 200

/* P-256's base point: a valid public key for the encrypt format (nobody
 * needs to decrypt a benchmark's results). */
static const uint8_t k_cloud_pub[65] = {
    0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5,
    0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4,
    0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96, 0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a,
    0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33,
    0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static uint8_t g_result[CAI_INFER_RESULT_MAX];
static uint8_t g_pd_input[96 * 96];

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n == 0 ? NAN : v[n / 2];
}

/* One measured operation. */
typedef struct op {
    const char *name;
    int kind; /* 0 null call, 1 inference */
    const char *model;
    uint8_t format;
    const void *input;
    size_t input_len;
    uint8_t input_type;
    double *t;
    size_t n;
    size_t cap; /* the out vector offered: the model's largest result, as `cai` does */
} op_t;

static psa_handle_t g_echo = PSA_NULL_HANDLE;

static int run_op(op_t *o, double *us)
{
    double t0 = now_us();
    psa_status_t st;
    if (o->kind == 0) {
        st = psa_call(g_echo, CAI_TEST_CALL_ECHO, NULL, 0, NULL, 0);
    } else {
        cai_infer_request_t req = { .model = o->model,
                                    .format = o->format,
                                    .input_type = o->input_type,
                                    .input = o->input,
                                    .input_len = o->input_len };
        size_t len = 0;
        st = cai_infer_run(&req, g_result, o->cap, &len);
    }
    *us = now_us() - t0;
    if (st != PSA_SUCCESS) {
        fprintf(stderr, "bench.infer: %s failed (status %d)\n", o->name, (int)st);
        return -1;
    }
    return 0;
}

/* calls per op, in ROUNDS interleaved rounds. */
static int measure(op_t *ops, size_t n_ops, size_t calls)
{
    size_t per_round = calls / ROUNDS;
    for (size_t r = 0; r < ROUNDS; r++) {
        for (size_t k = 0; k < n_ops; k++) {
            for (size_t i = 0; i < per_round; i++) {
                if (run_op(&ops[k], &ops[k].t[ops[k].n++]) != 0) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

/* sign1 calls by one client, as fast as it can: calls per second. */
static double client_rate(const char *sock, const op_t *sign1, size_t calls)
{
    cai_psa_client_disconnect();
    if (cai_psa_client_set_socket(sock) != 0) {
        return -1;
    }
    op_t o = *sign1;
    double t0 = now_us(), dummy;
    for (size_t i = 0; i < calls; i++) {
        if (run_op(&o, &dummy) != 0) {
            return -1;
        }
    }
    return (double)calls / ((now_us() - t0) / 1e6);
}

/* CLIENTS processes, each its own connection, started together. */
static double concurrent_rate(const char *sock, const op_t *sign1, size_t calls)
{
    int go[2];
    if (pipe(go) != 0) {
        return -1;
    }
    pid_t kids[CLIENTS];
    size_t each = calls / CLIENTS;
    for (int c = 0; c < CLIENTS; c++) {
        kids[c] = fork();
        if (kids[c] == 0) {
            close(go[1]);
            char b;
            if (read(go[0], &b, 1) < 0) {
                _exit(1);
            }
            _exit(client_rate(sock, sign1, each) > 0 ? 0 : 1);
        }
    }
    close(go[0]);
    double t0 = now_us();
    close(go[1]); /* EOF releases every child at once */
    int ok = 1;
    for (int c = 0; c < CLIENTS; c++) {
        int ws = 0;
        if (kids[c] < 0 || waitpid(kids[c], &ws, 0) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
            ok = 0;
        }
    }
    double secs = (now_us() - t0) / 1e6;
    return ok ? (double)(each * CLIENTS) / secs : -1;
}

/* `openssl speed -seconds S ecdsap256`: signatures per second (one
 * process), from its "256 bits ecdsa (nistp256) ... sign/s verify/s" line. */
static double openssl_sign_rate(void)
{
    FILE *p = popen("openssl speed -seconds 2 ecdsap256 2>/dev/null", "r");
    if (p == NULL) {
        return -1;
    }
    char line[512];
    double rate = -1;
    while (fgets(line, sizeof(line), p) != NULL) {
        if (strstr(line, "ecdsa (nistp256)") == NULL) {
            continue;
        }
        /* ... <sign s> <verify s> <sign/s> <verify/s> */
        double v[4];
        char *s = strstr(line, ")") + 1;
        if (sscanf(s, " %lfs %lfs %lf %lf", &v[0], &v[1], &v[2], &v[3]) == 4) {
            rate = v[2];
        }
    }
    pclose(p);
    return rate;
}

/* Median engine-only invoke time, from bench_engine_driver --time. */
static double engine_us(const char *driver, const char *model, const char *input_args)
{
    if (driver == NULL) {
        return NAN;
    }
    char cmd[PATH_MAX * 3];
    snprintf(cmd, sizeof(cmd), "'%s' '%s' %s --time 1 2>/dev/null", driver, model, input_args);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        return NAN;
    }
    char line[256];
    double ns = NAN;
    while (fgets(line, sizeof(line), p) != NULL) {
        long long v;
        if (sscanf(line, "median_ns %lld", &v) == 1) {
            ns = (double)v;
        }
    }
    pclose(p);
    return ns / 1e3;
}

static void row(const char *what, double us, const char *note)
{
    printf("  %-44s %10.1f us%s%s\n", what, us, note[0] ? "  " : "", note);
}

int main(int argc, char **argv)
{
    const char *driver = NULL;
    size_t calls = 4000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--driver") == 0 && i + 1 < argc) {
            driver = argv[++i];
        } else {
            calls = (size_t)strtoul(argv[i], NULL, 10);
        }
    }
    if (calls < ROUNDS * CLIENTS || calls > 10000000) {
        fprintf(stderr, "usage: cai-bench-infer [--driver PATH] [CALLS >= 32]\n");
        return 2;
    }
    char src_model[PATH_MAX], pd_model[PATH_MAX], pd_input[PATH_MAX];
    const char *src = getenv("CAI_SOURCE_DIR");
    snprintf(src_model, sizeof(src_model), "%s/models/sine.tflite", src ? src : ".");
    const char *shared = getenv("CAI_SHARED_DIR");
    snprintf(pd_model, sizeof(pd_model), "%s/models/person_detect.tflite", shared ? shared : "");
    snprintf(pd_input, sizeof(pd_input), "%s/models/golden/person_detect_input_person_raw.i8",
             shared ? shared : "");
    bool have_pd = false;
    FILE *f = shared != NULL ? fopen(pd_input, "rb") : NULL;
    if (f != NULL) {
        have_pd = fread(g_pd_input, 1, sizeof(g_pd_input), f) == sizeof(g_pd_input) &&
                  access(pd_model, R_OK) == 0;
        fclose(f);
    }

    char dir[] = "/tmp/cai-bench-infer-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    char sock[sizeof(dir) + 16];
    snprintf(sock, sizeof(sock), "%s/spe.sock", dir);
    double ossl = openssl_sign_rate(); /* before the SPE runs: a quiet machine */
    char spec[PATH_MAX + 8];
    snprintf(spec, sizeof(spec), "pd=%s", pd_model);
    const char *model_args[] = { "--model", spec };
    pid_t spe = cai_bench_spe_start(dir, sock, model_args, have_pd ? 2u : 0u);
    int rc = 1;
    double *t = calloc(8 * calls, sizeof(double));
    if (spe < 0 || t == NULL) {
        fprintf(stderr, "bench.infer: setup failed (cai-spe-test not found or did not start)\n");
        goto out;
    }
    g_echo = psa_connect(CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
    if (g_echo <= 0 || cai_infer_cloud_key_set(k_cloud_pub) != PSA_SUCCESS) {
        fprintf(stderr, "bench.infer: no echo service or cloud key\n");
        goto out;
    }
    float x = 1.0f;
    op_t ops[] = {
        { "null psa_call", 0, NULL, 0, NULL, 0, 0, t, 0, 0 },
        { "sine cbor", 1, "sine", CAI_INFER_FORMAT_CBOR, &x, sizeof(x), 0, t + calls, 0, 0 },
        { "sine sign1", 1, "sine", CAI_INFER_FORMAT_SIGN1, &x, sizeof(x), 0, t + 2 * calls, 0, 0 },
        { "sine encrypt", 1, "sine", CAI_INFER_FORMAT_ENCRYPT, &x, sizeof(x), 0, t + 3 * calls, 0,
          0 },
    };
    cai_infer_model_info_t sine;
    if (cai_infer_model_find("sine", &sine) != PSA_SUCCESS) {
        fprintf(stderr, "bench.infer: no sine model\n");
        goto out;
    }
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        ops[k].cap = sine.result_max;
    }
    double inf = engine_us(driver, src_model, "--fill 0");
    printf("bench.infer: host backend, crypto %s, %zu calls per figure, medians\n",
           CAI_BENCH_CRYPTO, calls - calls % ROUNDS);
    if (ossl > 0) {
        printf("  openssl speed ecdsap256 sign/s:      %10.0f /s  (same run)\n", ossl);
    } else {
        printf("  openssl speed: not available\n");
    }
    /* Two placements, as bench.ipc: as the scheduler likes (on a VM, a
     * wake-up that crosses CPUs can cost more than the whole call), then the
     * SPE and every client on one CPU (two plain context switches per call:
     * the software path's own cost). */
    for (int pinned = 0; pinned <= 1; pinned++) {
        /* (the clients it forks inherit this process's CPU) */
        if (pinned && cai_bench_pin_to_one_cpu(&spe, 1) != 0) {
            printf("  (could not pin to one CPU; skipped)\n");
            break;
        }
        cai_psa_client_disconnect();
        cai_psa_client_set_socket(sock);
        g_echo = psa_connect(CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
        for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
            ops[k].n = 0;
        }
        op_t warm = ops[2];
        warm.t = t + 7 * calls;
        if (g_echo <= 0 || measure(&warm, 1, calls / 4 < 200 ? calls / 4 : 200) != 0 ||
            measure(ops, 4, calls) != 0) {
            goto out;
        }
        double ipc = median(ops[0].t, ops[0].n), cbor = median(ops[1].t, ops[1].n);
        double sign1 = median(ops[2].t, ops[2].n), enc = median(ops[3].t, ops[3].n);
        printf(" %s:\n", pinned ? "SPE and clients on one CPU" : "free placement");
        row("null psa_call (IPC)", ipc, "");
        row("sine: engine invoke alone (in-process)", inf, "");
        row("sine cbor (IPC + input + inference + encoding)", cbor, "");
        row("sine sign1", sign1, "");
        row("sine encrypt (sign1 over COSE_Encrypt)", enc, "");
        printf("  split of one sine sign1: IPC %.1f us, inference %.1f us, encoding %.1f us, "
               "signing %.1f us\n",
               ipc, inf, cbor - ipc - (isnan(inf) ? 0 : inf), sign1 - cbor);
        double one = client_rate(sock, &ops[2], calls);
        double many = concurrent_rate(sock, &ops[2], calls);
        printf("  signed sine inferences/s, 1 client:  %10.0f /s", one);
        if (ossl > 0) {
            printf("  = %.0f%% of openssl sign/s (goal >= 50%%, OpenSSL backend)",
                   100.0 * one / ossl);
        }
        printf("\n  signed sine inferences/s, %d clients: %10.0f /s  (one SPE thread serves all)\n",
               CLIENTS, many);
        if (g_echo > 0) {
            psa_close(g_echo);
            g_echo = PSA_NULL_HANDLE;
        }
    }
    if (have_pd) {
        cai_psa_client_disconnect();
        cai_psa_client_set_socket(sock);
        op_t pd[] = {
            { "pd cbor", 1, "pd", CAI_INFER_FORMAT_CBOR, g_pd_input, sizeof(g_pd_input),
              CAI_INFER_INPUT_RAW, t + 4 * calls, 0, 0 },
            { "pd sign1", 1, "pd", CAI_INFER_FORMAT_SIGN1, g_pd_input, sizeof(g_pd_input),
              CAI_INFER_INPUT_RAW, t + 5 * calls, 0, 0 },
        };
        cai_infer_model_info_t pdi;
        if (cai_infer_model_find("pd", &pdi) != PSA_SUCCESS) {
            goto out;
        }
        pd[0].cap = pd[1].cap = pdi.result_max;
        if (measure(pd, 2, PD_CALLS) != 0) {
            goto out;
        }
        char in_arg[PATH_MAX + 16];
        snprintf(in_arg, sizeof(in_arg), "--input '%s'", pd_input);
        double pinf = engine_us(driver, pd_model, in_arg);
        double pc = median(pd[0].t, pd[0].n), ps = median(pd[1].t, pd[1].n);
        row("person_detect: engine invoke alone", pinf, "");
        row("person_detect cbor", pc, "");
        row("person_detect sign1", ps, "");
        printf("  split of one person_detect sign1: inference %.1f us, IPC + input + encoding "
               "%.1f us, signing %.1f us; %.0f signed inferences/s\n",
               pinf, pc - (isnan(pinf) ? 0 : pinf), ps - pc, 1e6 / ps);
    } else {
        printf("  person_detect: skipped (no ../shared/models)\n");
    }
    rc = 0;
out:
    if (g_echo > 0) {
        psa_close(g_echo);
    }
    cai_psa_client_disconnect();
    if (spe > 0) {
        kill(spe, SIGTERM);
        waitpid(spe, NULL, 0);
    }
    free(t);
    char cmd[sizeof(dir) + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "bench.infer: could not remove %s\n", dir);
    }
    return rc;
}
