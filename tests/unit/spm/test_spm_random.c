/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Long random sequences of connect / call / close / client_gone from many
 * non-secure clients against the real [TEST] services, checked against a
 * model kept by the test: which handles each client holds, the per-client
 * and NS-wide caps, what echo must return, and that the services heard
 * exactly one DISCONNECT per connection that went away. Deterministic seed,
 * so a failure replays.
 */
#include "spm_test_support.h"

#include <stdio.h>
#include <string.h>

#define N_CLIENTS  10
#define PER_CLIENT CAI_SPM_MAX_CONNECTIONS_PER_CLIENT
#define NS_SHARE   (CAI_SPM_MAX_CONNECTIONS - CAI_SPM_SECURE_RESERVED_CONNECTIONS)
#define STEPS      30000
#define N_DEAD     512

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

typedef struct {
    psa_handle_t h[PER_CLIENT];
    uint32_t sid[PER_CLIENT];
    size_t n;
} held_t;

static held_t held[N_CLIENTS];
static psa_handle_t dead[N_DEAD]; /* handles closed earlier (never valid again) */
static size_t n_dead;
static size_t ns_total;
static size_t n_busy_client, n_busy_share; /* how often each cap was hit */

static int32_t client_id(size_t c)
{
    return -(int32_t)c - 1;
}

static bool is_open_anywhere(psa_handle_t h)
{
    for (size_t c = 0; c < N_CLIENTS; c++) {
        for (size_t i = 0; i < held[c].n; i++) {
            if (held[c].h[i] == h) {
                return true;
            }
        }
    }
    return false;
}

static void forget(size_t c, size_t i)
{
    dead[n_dead++ % N_DEAD] = held[c].h[i];
    held[c].h[i] = held[c].h[held[c].n - 1];
    held[c].sid[i] = held[c].sid[held[c].n - 1];
    held[c].n--;
    ns_total--;
}

static void op_connect(size_t c)
{
    uint32_t sid = rnd(2) ? CAI_TEST_ECHO_SID : CAI_TEST_RELAXED_SID;
    uint32_t ver = sid == CAI_TEST_ECHO_SID ? 1 : rnd(3);
    psa_handle_t h = cai_spm_connect(client_id(c), sid, ver);
    if (held[c].n >= PER_CLIENT || ns_total >= NS_SHARE) {
        assert_int_equal(h, PSA_ERROR_CONNECTION_BUSY);
        n_busy_client += held[c].n >= PER_CLIENT;
        n_busy_share += ns_total >= NS_SHARE && held[c].n < PER_CLIENT;
        return;
    }
    assert_true(h > 0 && h <= 0x3FFFFFFF);
    assert_false(is_open_anywhere(h));
    for (size_t i = 0; i < N_DEAD && i < n_dead; i++) {
        assert_true(dead[i] != h);
    }
    held[c].h[held[c].n] = h;
    held[c].sid[held[c].n] = sid;
    held[c].n++;
    ns_total++;
}

static void op_close(size_t c)
{
    if (held[c].n == 0) {
        return;
    }
    size_t i = rnd((uint32_t)held[c].n);
    assert_int_equal(cai_spm_close(client_id(c), held[c].h[i]), PSA_SUCCESS);
    forget(c, i);
}

static uint8_t pool[8][64];

/* Echo with random, disjoint vectors taken from distinct chunks of `pool`. */
static void op_echo(size_t c, psa_handle_t h)
{
    uint32_t order[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    for (uint32_t i = 7; i > 0; i--) {
        uint32_t j = rnd(i + 1);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    size_t in_len = rnd(3), out_len = rnd(3);
    psa_invec in[2] = { { NULL, 0 }, { NULL, 0 } };
    psa_outvec out[2] = { { NULL, 0 }, { NULL, 0 } };
    size_t out_cap[2] = { 0, 0 };
    for (size_t i = 0; i < in_len; i++) {
        size_t len = rnd(65);
        for (size_t k = 0; k < len; k++) {
            pool[order[i]][k] = (uint8_t)rnd(256);
        }
        in[i] = (psa_invec){ pool[order[i]], len };
    }
    for (size_t i = 0; i < out_len; i++) {
        out_cap[i] = rnd(65);
        out[i] = (psa_outvec){ pool[order[2 + i]], out_cap[i] };
    }
    psa_status_t expect = PSA_SUCCESS;
    for (size_t i = 0; i < in_len; i++) {
        if (in[i].len > out_cap[i]) {
            expect = PSA_ERROR_BUFFER_TOO_SMALL;
        }
    }
    assert_int_equal(cai_spm_call(client_id(c), h, CAI_TEST_CALL_ECHO, in, in_len, out, out_len),
                     expect);
    for (size_t i = 0; i < out_len; i++) {
        size_t want = i < in_len ? (in[i].len < out_cap[i] ? in[i].len : out_cap[i]) : 0;
        assert_int_equal(out[i].len, want);
        if (want > 0) {
            assert_memory_equal(out[i].base, in[i].base, want);
        }
    }
}

static void op_foreign_handle(size_t c)
{
    size_t other = rnd(N_CLIENTS);
    if (other == c || held[other].n == 0) {
        return;
    }
    psa_handle_t h = held[other].h[rnd((uint32_t)held[other].n)];
    assert_int_equal(cai_spm_call(client_id(c), h, 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_close(client_id(c), h), PSA_ERROR_PROGRAMMER_ERROR);
}

static void op_dead_handle(size_t c)
{
    if (n_dead == 0) {
        return;
    }
    psa_handle_t h = dead[rnd((uint32_t)(n_dead < N_DEAD ? n_dead : N_DEAD))];
    assert_int_equal(cai_spm_call(client_id(c), h, 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
}

static void op_garbage_handle(size_t c)
{
    psa_handle_t h = (psa_handle_t)(rnd(UINT32_MAX) ^ (rnd(2) ? 0x40000000u : 0));
    for (size_t i = 0; i < held[c].n; i++) {
        if (held[c].h[i] == h) {
            return; /* by chance a real one */
        }
    }
    if (h == CAI_TEST_STATELESS_HANDLE) {
        return;
    }
    assert_int_equal(cai_spm_call(client_id(c), h, CAI_TEST_CALL_ECHO, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
}

static void op_gone(size_t c)
{
    while (held[c].n > 0) {
        forget(c, 0);
    }
    cai_spm_client_gone(client_id(c));
}

static void test_random_sequences(void **state)
{
    (void)state;
    assert_int_equal(cai_spm_init(&cai_manifest), PSA_SUCCESS);
    size_t closes = 0;
    for (int step = 0; step < STEPS; step++) {
        size_t c = rnd(N_CLIENTS);
        switch (rnd(16)) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
            op_connect(c);
            break;
        case 5:
        case 6:
            closes += held[c].n > 0;
            op_close(c);
            break;
        case 7:
        case 8:
        case 9:
            if (held[c].n > 0) {
                op_echo(c, held[c].h[rnd((uint32_t)held[c].n)]);
            }
            break;
        case 10:
            op_echo(c, CAI_TEST_STATELESS_HANDLE);
            break;
        case 11:
            op_foreign_handle(c);
            break;
        case 12:
            op_dead_handle(c);
            break;
        case 13:
            op_garbage_handle(c);
            break;
        case 14:
            if (rnd(8) == 0) {
                closes += held[c].n;
                op_gone(c);
            }
            break;
        default:
            assert_int_equal(
                cai_spm_call(client_id(c), CAI_TEST_STATELESS_HANDLE, 99, NULL, 0, NULL, 0),
                PSA_ERROR_NOT_SUPPORTED);
            break;
        }
    }
    /* The sequence did exercise closing and both caps. */
    printf("closes %zu, per-client cap hit %zu, NS share hit %zu\n", closes, n_busy_client,
           n_busy_share);
    assert_true(closes > 1000);
    assert_true(n_busy_client > 100);
    assert_true(n_busy_share > 100);
    /* Each service's CONNECT - DISCONNECT count is what is still open. */
    const uint32_t sids[2] = { CAI_TEST_ECHO_SID, CAI_TEST_RELAXED_SID };
    for (size_t k = 0; k < 2; k++) {
        op_gone(0); /* make room for one more NS connection */
        psa_handle_t h = cai_spm_connect(NS_A, sids[k], sids[k] == CAI_TEST_ECHO_SID ? 1 : 2);
        assert_true(h > 0);
        uint8_t b[8];
        psa_outvec out = { b, sizeof(b) };
        assert_int_equal(cai_spm_call(NS_A, h, CAI_TEST_CALL_CONN_STATS, NULL, 0, &out, 1),
                         PSA_SUCCESS);
        uint32_t nc =
            (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        uint32_t nd =
            (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
        size_t still_open = 0;
        for (size_t c = 0; c < N_CLIENTS; c++) {
            for (size_t i = 0; i < held[c].n; i++) {
                still_open += held[c].sid[i] == sids[k];
            }
        }
        assert_int_equal(nc - nd, still_open + 1); /* + the one asking */
        assert_int_equal(cai_spm_close(NS_A, h), PSA_SUCCESS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_sequences),
    };
    return cmocka_run_group_tests_name("spm.random", tests, NULL, NULL);
}
