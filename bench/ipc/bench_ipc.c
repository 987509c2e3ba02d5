/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench.ipc: cost of a null psa_call on the host backend, next to the floor
 * it is built on: a raw SOCK_SEQPACKET ping-pong between two processes with
 * the same message sizes (request header out, reply header back), measured
 * in the same run, interleaved in rounds so both see the same machine load,
 * first with free CPU placement, then with all processes on one CPU.
 *
 * The null call is the test partition's echo with zero vectors: the full
 * path (client library, frame checks on both sides, SPM dispatch to a
 * service function) with no payload. Goal: median within 1.25x of raw.
 *
 * usage: cai-bench-ipc [CALLS]   (default 20000; needs cai-spe-test, the
 *                                 image with the test partition, beside it or
 *                                 in $CAI_BIN_DIR)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <sched.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_spe.h"
#include "cai/test_services.h"
#include "cai_host/frame.h"
#include "cai_host/psa_client_host.h"

#define ROUNDS 4
#define WARMUP 1000

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

static double percentile(double *v, size_t n, double p)
{
    qsort(v, n, sizeof(*v), cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

/* Raw baseline: child answers every CAI_FRAME_REQ_HDR_SIZE-byte message with
 * a CAI_FRAME_REP_HDR_SIZE-byte one, exactly the null call's frame sizes. */
static pid_t raw_start(int *fd_out)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_NAME, "cai-raw-echo"); /* tell it apart in profiles */
        close(sv[0]);
        uint8_t req[CAI_FRAME_REQ_MAX], rep[CAI_FRAME_REP_HDR_SIZE] = { 0 };
        for (;;) {
            ssize_t n = recv(sv[1], req, sizeof(req), 0);
            if (n <= 0 || send(sv[1], rep, sizeof(rep), 0) != (ssize_t)sizeof(rep)) {
                _exit(0);
            }
        }
    }
    close(sv[1]);
    *fd_out = sv[0];
    return pid;
}

static int raw_round(int fd, double *t, size_t n)
{
    uint8_t req[CAI_FRAME_REQ_HDR_SIZE] = { 0 }, rep[CAI_FRAME_REP_MAX];
    for (size_t i = 0; i < n; i++) {
        double t0 = now_us();
        if (send(fd, req, sizeof(req), 0) != (ssize_t)sizeof(req) ||
            recv(fd, rep, sizeof(rep), 0) != CAI_FRAME_REP_HDR_SIZE) {
            return -1;
        }
        t[i] = now_us() - t0;
    }
    return 0;
}

static int psa_round(psa_handle_t h, double *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double t0 = now_us();
        if (psa_call(h, CAI_TEST_CALL_ECHO, NULL, 0, NULL, 0) != PSA_SUCCESS) {
            return -1;
        }
        t[i] = now_us() - t0;
    }
    return 0;
}

/* Interleaved rounds of raw and psa round trips, then the figures. */
static int measure(psa_handle_t h, int raw_fd, double *t_psa, double *t_raw, size_t calls,
                   const char *placement)
{
    size_t per = calls / ROUNDS;
    for (size_t r = 0; r < ROUNDS; r++) {
        if (raw_round(raw_fd, t_raw + r * per, per) != 0 ||
            psa_round(h, t_psa + r * per, per) != 0) {
            fprintf(stderr, "bench.ipc: round %zu failed\n", r);
            return -1;
        }
    }
    double raw_med = percentile(t_raw, calls, 0.5), raw_p99 = percentile(t_raw, calls, 0.99);
    double psa_med = percentile(t_psa, calls, 0.5), psa_p99 = percentile(t_psa, calls, 0.99);
    printf(
        "bench.ipc (%s): %zu round trips each, request %u B, reply %u B, %d interleaved rounds\n",
        placement, calls, CAI_FRAME_REQ_HDR_SIZE, CAI_FRAME_REP_HDR_SIZE, ROUNDS);
    printf("  raw SOCK_SEQPACKET ping-pong   median %8.2f us   p99 %8.2f us\n", raw_med, raw_p99);
    printf("  null psa_call (echo, 0 vecs)   median %8.2f us   p99 %8.2f us\n", psa_med, psa_p99);
    printf("  ratio psa/raw                  median %8.2f x    p99 %8.2f x   (goal: median <= "
           "1.25x)\n",
           psa_med / raw_med, psa_p99 / raw_p99);
    return 0;
}

int main(int argc, char **argv)
{
    size_t calls = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 20000;
    if (calls < ROUNDS * 10 || calls > 10000000) {
        fprintf(stderr, "usage: cai-bench-ipc [CALLS >= 40]\n");
        return 2;
    }
    calls -= calls % ROUNDS;
    char dir[] = "/tmp/cai-bench-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    char sock[sizeof(dir) + 16];
    snprintf(sock, sizeof(sock), "%s/spe.sock", dir);
    pid_t spe = cai_bench_spe_start(dir, sock, NULL, 0);
    int raw_fd = -1;
    pid_t raw = raw_start(&raw_fd);
    double *t_psa = malloc(calls * sizeof(double)), *t_raw = malloc(calls * sizeof(double));
    int rc = 1;
    psa_handle_t h = -1;
    if (spe < 0 || raw < 0 || t_psa == NULL || t_raw == NULL) {
        fprintf(stderr, "bench.ipc: setup failed (cai-spe-test not found or did not start)\n");
        goto out;
    }
    h = psa_connect(CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
    if (h <= 0 || psa_round(h, t_psa, WARMUP < calls ? WARMUP : calls) != 0 ||
        raw_round(raw_fd, t_raw, WARMUP < calls ? WARMUP : calls) != 0) {
        fprintf(stderr, "bench.ipc: warm-up failed (handle %d)\n", (int)h);
        goto out;
    }
    /* Two placements: as the scheduler likes (wake-ups may cross CPUs),
     * then all processes pinned to one CPU (each round trip is two plain
     * context switches: the least noisy view of the software path). */
    for (int pinned = 0; pinned <= 1; pinned++) {
        if (pinned && cai_bench_pin_to_one_cpu((const pid_t[]){ spe, raw }, 2) != 0) {
            printf("  (could not pin to one CPU; skipped)\n");
            break;
        }
        if (measure(h, raw_fd, t_psa, t_raw, calls, pinned ? "all on one CPU" : "free placement") !=
            0) {
            goto out;
        }
    }
    rc = 0;
out:
    if (h > 0) {
        psa_close(h);
    }
    cai_psa_client_disconnect();
    if (raw_fd >= 0) {
        close(raw_fd);
    }
    if (raw > 0) {
        waitpid(raw, NULL, 0);
    }
    if (spe > 0) {
        kill(spe, SIGTERM);
        waitpid(spe, NULL, 0);
    }
    free(t_psa);
    free(t_raw);
    char huk[sizeof(dir) + 16];
    snprintf(huk, sizeof(huk), "%s/huk.bin", dir);
    unlink(huk);
    rmdir(dir);
    return rc;
}
