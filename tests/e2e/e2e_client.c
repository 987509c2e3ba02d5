/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-e2e-client: a C NS client for the end-to-end tests, built on the real
 * client library (cai_psa_client), so the tests exercise the same path as
 * `cai`. Modes:
 *   stress SOCK CLIENTS CALLS  fork CLIENTS processes; each opens its own
 *                              connection to the echo service and makes CALLS
 *                              calls with payloads unique to (client, call),
 *                              1..2 in-vectors, checking every echoed byte
 *   hold SOCK HANDLES          open HANDLES echo connections, print "ready",
 *                              then call in a loop forever (to be SIGKILLed)
 *   api SOCK                   client-library argument checks (too many
 *                              vectors, oversized vectors, out_vec lens)
 * Exit 0 when every check passed; every failure prints one line.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cai/test_services.h"
#include "cai_host/psa_client_host.h"
#include "psa/client.h"

static int fail(const char *what, long a, long b)
{
    printf("FAIL %s (%ld, %ld) pid %ld\n", what, a, b, (long)getpid());
    fflush(stdout);
    return 1;
}

/* Deterministic bytes unique to (client, call, vector, index): xorshift
 * seeded from the identifiers, so two clients never send the same payload. */
static void fill(uint8_t *buf, size_t len, uint32_t client, uint32_t call, uint32_t vec)
{
    uint32_t x = (client * 2654435761u) ^ (call * 40503u) ^ (vec * 97u) ^ 0x9e3779b9u;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    /* The identifiers themselves, so a mix-up is unmistakable. */
    if (len >= 8) {
        memcpy(buf, &client, 4);
        memcpy(buf + 4, &call, 4);
    }
}

static int echo_client(uint32_t client, uint32_t calls)
{
    psa_handle_t h = psa_connect(CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
    if (h <= 0) {
        return fail("connect", h, 0);
    }
    static uint8_t in0[600], in1[600], out0[600], out1[600], want[600];
    for (uint32_t c = 0; c < calls; c++) {
        size_t len0 = 8 + (client * 7 + c * 13) % 500;
        size_t len1 = (c % 3 == 0) ? 0 : 8 + (c * 31) % 300;
        fill(in0, len0, client, c, 0);
        fill(in1, len1, client, c, 1);
        psa_invec in[2] = { { in0, len0 }, { in1, len1 } };
        psa_outvec out[2] = { { out0, sizeof(out0) }, { out1, sizeof(out1) } };
        size_t n = (c % 2 == 0) ? 2 : 1;
        psa_status_t st = psa_call(h, CAI_TEST_CALL_ECHO, in, n, out, n);
        if (st != PSA_SUCCESS) {
            return fail("call status", st, c);
        }
        if (out[0].len != len0 || memcmp(out0, in0, len0) != 0) {
            return fail("echo vector 0 differs", (long)out[0].len, c);
        }
        fill(want, len0, client, c, 0);
        if (memcmp(out0, want, len0) != 0) {
            return fail("echo vector 0 not ours", client, c);
        }
        if (n == 2 && (out[1].len != len1 || memcmp(out1, in1, len1) != 0)) {
            return fail("echo vector 1 differs", (long)out[1].len, c);
        }
    }
    psa_close(h);
    return 0;
}

static int stress(int clients, int calls)
{
    for (int i = 0; i < clients; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            return fail("fork", i, 0);
        }
        if (pid == 0) {
            _exit(echo_client((uint32_t)i + 1, (uint32_t)calls));
        }
    }
    int bad = 0;
    for (int i = 0; i < clients; i++) {
        int st;
        if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            bad++;
        }
    }
    if (bad != 0) {
        return fail("clients failed", bad, clients);
    }
    printf("ok %d clients x %d calls\n", clients, calls);
    return 0;
}

static int hold(int handles)
{
    psa_handle_t h[8];
    if (handles < 1 || handles > 8) {
        return fail("handles out of range", handles, 0);
    }
    for (int i = 0; i < handles; i++) {
        h[i] = psa_connect(CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
        if (h[i] <= 0) {
            return fail("connect", h[i], i);
        }
    }
    printf("ready\n");
    fflush(stdout);
    static uint8_t buf[4096], out[4096];
    for (uint32_t c = 0;; c++) {
        fill(buf, sizeof(buf), 0, c, 0);
        psa_invec in = { buf, sizeof(buf) };
        psa_outvec o = { out, sizeof(out) };
        if (psa_call(h[c % (uint32_t)handles], CAI_TEST_CALL_ECHO, &in, 1, &o, 1) != PSA_SUCCESS) {
            return fail("call while holding", (long)c, 0);
        }
    }
}

static int api_checks(void)
{
    psa_handle_t h = psa_connect(CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
    if (h <= 0) {
        return fail("connect", h, 0);
    }
    static uint8_t big[70000], out[16];
    /* Every call refused (locally or by the SPM) must come back with every
     * out_vec[i].len at 0: nothing was written, whatever the buffer holds. */
    psa_invec in5[5] = { { big, 1 }, { big, 1 }, { big, 1 }, { big, 1 }, { big, 1 } };
    psa_outvec o1 = { out, sizeof(out) };
    if (psa_call(h, CAI_TEST_CALL_ECHO, in5, 5, &o1, 1) != PSA_ERROR_PROGRAMMER_ERROR) {
        return fail("5 in-vectors accepted", 0, 0);
    }
    if (o1.len != 0) {
        return fail("5 in-vectors: out len left set", (long)o1.len, 0);
    }
    psa_outvec o5[5];
    for (size_t i = 0; i < 5; i++) {
        o5[i] = (psa_outvec){ out + 3 * i, 3 };
    }
    if (psa_call(h, CAI_TEST_CALL_ECHO, NULL, 0, o5, 5) != PSA_ERROR_PROGRAMMER_ERROR) {
        return fail("5 out-vectors accepted", 0, 0);
    }
    for (size_t i = 0; i < 5; i++) {
        if (o5[i].len != 0) {
            return fail("5 out-vectors: out len left set", (long)i, (long)o5[i].len);
        }
    }
    o1.len = sizeof(out);
    if (psa_call(h, CAI_TEST_CALL_ECHO, NULL, 1, &o1, 1) != PSA_ERROR_PROGRAMMER_ERROR ||
        o1.len != 0) {
        return fail("NULL in-vector array: accepted or out len left set", (long)o1.len, 0);
    }
    /* 3 + 2: each direction fits the frame, the total breaks FF-M's 4 (the
     * SPM refuses it, and its reply carries no bytes). */
    psa_outvec o2[2] = { { out, 4 }, { out + 4, 4 } };
    if (psa_call(h, CAI_TEST_CALL_ECHO, in5, 3, o2, 2) != PSA_ERROR_PROGRAMMER_ERROR) {
        return fail("3+2 vectors accepted", 0, 0);
    }
    if (o2[0].len != 0 || o2[1].len != 0) {
        return fail("3+2 vectors: out len left set", (long)o2[0].len, (long)o2[1].len);
    }
    psa_invec in_big = { big, sizeof(big) };
    o1.len = sizeof(out);
    if (psa_call(h, CAI_TEST_CALL_ECHO, &in_big, 1, &o1, 1) != PSA_ERROR_PROGRAMMER_ERROR) {
        return fail("oversized in-vector accepted", 0, 0);
    }
    if (o1.len != 0) {
        return fail("oversized in-vector: out len left set", (long)o1.len, 0);
    }
    psa_outvec o_big = { big, sizeof(big) };
    if (psa_call(h, CAI_TEST_CALL_ECHO, &in5[0], 1, &o_big, 1) != PSA_ERROR_PROGRAMMER_ERROR) {
        return fail("oversized out-vector accepted", 0, 0);
    }
    if (o_big.len != 0) {
        return fail("oversized out-vector: out len left set", (long)o_big.len, 0);
    }
    /* A bad handle is refused by the SPM: no bytes either. */
    o1.len = sizeof(out);
    if (psa_call(h + 1, CAI_TEST_CALL_ECHO, &in5[0], 1, &o1, 1) != PSA_ERROR_PROGRAMMER_ERROR ||
        o1.len != 0) {
        return fail("bad handle: accepted or out len left set", (long)o1.len, 0);
    }
    /* out_vec[i].len comes back as the bytes written, not the capacity. */
    uint8_t msg[3] = { 1, 2, 3 };
    psa_invec in3 = { msg, sizeof(msg) };
    psa_outvec o3 = { out, sizeof(out) };
    psa_status_t st = psa_call(h, CAI_TEST_CALL_ECHO, &in3, 1, &o3, 1);
    if (st != PSA_SUCCESS || o3.len != 3 || memcmp(out, msg, 3) != 0) {
        return fail("echo after refused calls", st, (long)o3.len);
    }
    /* An output smaller than the input: what fits, and BUFFER_TOO_SMALL. */
    psa_outvec o_small = { out, 2 };
    st = psa_call(h, CAI_TEST_CALL_ECHO, &in3, 1, &o_small, 1);
    if (st != PSA_ERROR_BUFFER_TOO_SMALL || o_small.len != 2 || memcmp(out, msg, 2) != 0) {
        return fail("short output", st, (long)o_small.len);
    }
    if (cai_psa_close_status(h) != PSA_SUCCESS) {
        return fail("close", 0, 0);
    }
    if (cai_psa_close_status(h) != PSA_ERROR_PROGRAMMER_ERROR) {
        return fail("double close accepted", 0, 0);
    }
    printf("ok api\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cai-e2e-client stress|hold|api SOCK [ARGS...]\n");
        return 2;
    }
    if (cai_psa_client_set_socket(argv[2]) != 0) {
        fprintf(stderr, "socket path too long\n");
        return 2;
    }
    if (strcmp(argv[1], "stress") == 0 && argc == 5) {
        return stress(atoi(argv[3]), atoi(argv[4]));
    }
    if (strcmp(argv[1], "hold") == 0 && argc == 4) {
        return hold(atoi(argv[3]));
    }
    if (strcmp(argv[1], "api") == 0 && argc == 3) {
        return api_checks();
    }
    fprintf(stderr, "usage: cai-e2e-client stress|hold|api SOCK [ARGS...]\n");
    return 2;
}
