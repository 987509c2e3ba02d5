/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the SPM: the input is a script of client operations
 * (connect, call, close, client gone, version) with attacker-chosen handles,
 * types, vector counts and vector ranges (overlapping or not) inside one
 * buffer, run against the real [TEST] services. Besides ASan/UBSan, it checks
 * invariants the SPM promises: an out_vec[i].len never grows past what the
 * client offered, a call with a negative type, too many vectors, a NULL base
 * with a length or overlapping vectors never succeeds and comes back with
 * every out_vec[i].len at 0 (nothing was dispatched), and connect answers
 * only a valid handle or one of its three errors. Built only with
 * -DCAI_FUZZ=ON (clang).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cai/spe_port.h"
#include "cai/spm.h"
#include "cai/test_services.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

void cai_spe_port_log(const char *line)
{
    (void)line;
}

#define CHECK(c)     \
    do {             \
        if (!(c))    \
            abort(); \
    } while (0)

typedef struct {
    const uint8_t *p;
    size_t n;
} cursor_t;

static uint8_t take(cursor_t *c)
{
    if (c->n == 0) {
        return 0;
    }
    c->n--;
    return *c->p++;
}

static uint32_t take32(cursor_t *c)
{
    uint32_t v = take(c);
    v |= (uint32_t)take(c) << 8;
    v |= (uint32_t)take(c) << 16;
    return v | (uint32_t)take(c) << 24;
}

#define N_CLIENTS 4
#define MAX_HELD  8
static psa_handle_t held[N_CLIENTS][MAX_HELD];
static uint8_t pool[256];

static int32_t pick_client(cursor_t *c)
{
    uint8_t b = take(c);
    if (b % 8 == 7) {
        return CAI_TEST_PARTITION_ID; /* as if the test partition called */
    }
    return -(int32_t)(b % N_CLIENTS) - 1;
}

static size_t slot_of(int32_t client)
{
    return client < 0 ? (size_t)(-client - 1) : 0;
}

static psa_handle_t pick_handle(cursor_t *c, int32_t client)
{
    uint8_t b = take(c);
    switch (b % 4) {
    case 0:
        return CAI_TEST_STATELESS_HANDLE;
    case 1:
        return (psa_handle_t)take32(c);
    default:
        return held[b % N_CLIENTS == 0 ? slot_of(client) : b % N_CLIENTS][take(c) % MAX_HELD];
    }
}

static bool overlap(uintptr_t a, size_t la, uintptr_t b, size_t lb)
{
    return la > 0 && lb > 0 && a < b + lb && b < a + la;
}

static void op_call(cursor_t *c, int32_t client)
{
    psa_handle_t h = pick_handle(c, client);
    int32_t type = (int32_t)(int8_t)take(c);
    size_t in_len = take(c) % 6, out_len = take(c) % 6;
    psa_invec in[5];
    psa_outvec out[5];
    size_t offered[5];
    uintptr_t start[10];
    size_t len[10];
    for (size_t i = 0; i < in_len + out_len; i++) {
        uint8_t off = take(c), l = take(c);
        bool null = (take(c) & 0x1F) == 0;
        void *base = null ? NULL : pool + off;
        size_t n = off + (size_t)l <= sizeof(pool) ? l : sizeof(pool) - off;
        if (i < in_len) {
            in[i] = (psa_invec){ base, n };
        } else {
            out[i - in_len] = (psa_outvec){ base, n };
            offered[i - in_len] = n;
        }
        start[i] = (uintptr_t)base;
        len[i] = n;
    }
    bool bad_vectors = in_len + out_len > PSA_MAX_IOVEC;
    for (size_t i = 0; !bad_vectors && i < in_len + out_len; i++) {
        bad_vectors = start[i] == 0 && len[i] > 0;
        for (size_t j = 0; !bad_vectors && j < i; j++) {
            bad_vectors = overlap(start[i], len[i], start[j], len[j]);
        }
    }
    psa_status_t st = cai_spm_call(client, h, type, in, in_len, out, out_len);
    if (bad_vectors || type < 0) {
        CHECK(st == PSA_ERROR_PROGRAMMER_ERROR || st == PSA_ERROR_CONNECTION_REFUSED);
        for (size_t i = 0; i < out_len && i < PSA_MAX_IOVEC; i++) {
            CHECK(out[i].len == 0);
        }
    }
    for (size_t i = 0; i < out_len && out_len <= PSA_MAX_IOVEC; i++) {
        CHECK(out[i].len <= offered[i]);
    }
}

static void op_connect(cursor_t *c, int32_t client)
{
    static const uint32_t sids[] = { CAI_TEST_ECHO_SID, CAI_TEST_RELAXED_SID,
                                     CAI_TEST_SECURE_ONLY_SID, CAI_TEST_STATELESS_SID, 0xF0FF };
    uint32_t sid = sids[take(c) % 5];
    uint32_t version = take(c) % 4;
    psa_handle_t h = cai_spm_connect(client, sid, version);
    if (h > 0) {
        CHECK(h <= 0x3FFFFFFF);
        held[slot_of(client)][take(c) % MAX_HELD] = h;
    } else {
        CHECK(h == PSA_ERROR_CONNECTION_REFUSED || h == PSA_ERROR_CONNECTION_BUSY ||
              h == PSA_ERROR_PROGRAMMER_ERROR);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cai_spm_init(&cai_manifest) != PSA_SUCCESS) {
        abort();
    }
    memset(held, 0, sizeof(held));
    cursor_t c = { data, size };
    for (int step = 0; step < 64 && c.n > 0; step++) {
        int32_t client = pick_client(&c);
        switch (take(&c) % 6) {
        case 0:
        case 1:
            op_connect(&c, client);
            break;
        case 2:
        case 3:
            op_call(&c, client);
            break;
        case 4: {
            psa_status_t st = cai_spm_close(client, pick_handle(&c, client));
            CHECK(st == PSA_SUCCESS || st == PSA_ERROR_PROGRAMMER_ERROR);
            break;
        }
        default:
            if (take(&c) & 1) {
                cai_spm_client_gone(client);
            } else {
                (void)cai_spm_version(client, take32(&c));
            }
            break;
        }
    }
    /* Leave nothing behind for the next input (and exercise the closes). */
    for (int32_t i = 1; i <= N_CLIENTS; i++) {
        cai_spm_client_gone(-i);
    }
    cai_spm_client_gone(CAI_TEST_PARTITION_ID);
    return 0;
}
