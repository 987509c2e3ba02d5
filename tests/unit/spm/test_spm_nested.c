/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Secure partitions as clients: nested dispatch (a service calling another
 * service from its sfn), the client id the SPM gives them, the nesting bound,
 * no re-entry into a running partition, and closes that have to wait until
 * the stack unwinds.
 */
#include "spm_test_support.h"

#include <string.h>

/* A chain C1 -> C2 -> ... -> C9 of stateless services, each callable only
 * by the one before it (C1 and C2 also by NS). */
#define N_CHAIN     9
#define CHAIN_ID(i) ((int32_t)(0x600 + (i))) /* i = 1..9 */
/* A and B: two partitions that call each other. */
#define A           ((int32_t)0x701)
#define B           ((int32_t)0x702)
#define SA_SID      0x700u /* A, connection-based, clients: NS, A, B, C9 */
#define SA_SL_INDEX 20u    /* A, stateless, clients: NS, A, B, C9 */
#define SB_SID      0x710u /* B, connection-based, client: A only */

static cai_partition_t parts[N_CHAIN + 2];
static cai_service_t svcs[N_CHAIN + 3];
static int32_t chain_clients[N_CHAIN + 1][1];
static const int32_t ab[] = { A, B, CHAIN_ID(N_CHAIN) };
#define N_AB (sizeof(ab) / sizeof(ab[0]))
static const int32_t a_only[] = { A };
static cai_manifest_t man;

static psa_handle_t b_to_a;  /* B's own connection to SA, opened at B's init */
static psa_handle_t c9_to_a; /* the same for the last chain partition */

static psa_status_t b_init(void)
{
    b_to_a = psa_connect(SA_SID, 1);
    return PSA_HANDLE_IS_VALID(b_to_a) ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

static psa_status_t c9_init(void)
{
    c9_to_a = psa_connect(SA_SID, 1);
    return PSA_HANDLE_IS_VALID(c9_to_a) ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

static void build(void)
{
    for (int i = 1; i <= N_CHAIN; i++) {
        parts[i - 1] = (cai_partition_t){ .name = "CHAIN",
                                          .id = CHAIN_ID(i),
                                          .init = i == N_CHAIN ? c9_init : NULL };
        chain_clients[i][0] = CHAIN_ID(i - 1);
        svcs[i - 1] = (cai_service_t){ .name = "CHAIN_SL",
                                       .sid = 0x600u + (uint32_t)i,
                                       .version = 1,
                                       .connection_based = false,
                                       .stateless_index = (uint8_t)i,
                                       .non_secure_clients = i <= 2,
                                       .secure_clients = i >= 2 ? chain_clients[i] : NULL,
                                       .n_secure_clients = i >= 2 ? 1 : 0,
                                       .partition_id = CHAIN_ID(i),
                                       .sfn = rec_sfn };
    }
    parts[N_CHAIN] = (cai_partition_t){ .name = "A", .id = A };
    parts[N_CHAIN + 1] = (cai_partition_t){ .name = "B", .id = B, .init = b_init };
    svcs[N_CHAIN] = (cai_service_t){ .name = "SA",
                                     .sid = SA_SID,
                                     .version = 1,
                                     .connection_based = true,
                                     .non_secure_clients = true,
                                     .secure_clients = ab,
                                     .n_secure_clients = N_AB,
                                     .partition_id = A,
                                     .sfn = rec_sfn };
    svcs[N_CHAIN + 1] = (cai_service_t){ .name = "SA_SL",
                                         .sid = 0x701,
                                         .version = 1,
                                         .connection_based = false,
                                         .stateless_index = SA_SL_INDEX,
                                         .non_secure_clients = true,
                                         .secure_clients = ab,
                                         .n_secure_clients = N_AB,
                                         .partition_id = A,
                                         .sfn = rec_sfn };
    svcs[N_CHAIN + 2] = (cai_service_t){ .name = "SB",
                                         .sid = SB_SID,
                                         .version = 1,
                                         .connection_based = true,
                                         .non_secure_clients = false,
                                         .secure_clients = a_only,
                                         .n_secure_clients = 1,
                                         .partition_id = B,
                                         .sfn = rec_sfn };
    man = (cai_manifest_t){ parts, N_CHAIN + 2, svcs, N_CHAIN + 3 };
}

/* What each scripted step observed. */
enum script {
    SCRIPT_NONE,
    SCRIPT_CHAIN,          /* each chain service calls the next one */
    SCRIPT_A_SELF_CALL,    /* A calls its own stateless service */
    SCRIPT_A_SELF_CONNECT, /* A connects to its own SA */
    SCRIPT_A_CALLS_B,      /* A: connect SB, call, close; B: as b_script */
    SCRIPT_CLIENT_GONE,    /* A's sfn acts as the transport: NS_A is gone */
};
static enum script script;
static enum {
    B_NOTHING,
    B_CALLS_A,
    B_CLOSES_ITS_A_HANDLE
} b_script;
static psa_status_t status_seen[N_CHAIN + 1];
static psa_status_t a_inner[3];
static size_t a_call_rec; /* rec_log index of A's outer call */

static bool c9_closes; /* the bottom of the chain closes its handle to SA */

static psa_status_t chain_step(int32_t me)
{
    int i = (int)(me - CHAIN_ID(0));
    if (i >= N_CHAIN) {
        if (c9_closes) {
            psa_close(c9_to_a);
        }
        return PSA_SUCCESS;
    }
    psa_status_t st = psa_call(CAI_STATELESS_HANDLE(i + 1, 1), 0, NULL, 0, NULL, 0);
    status_seen[i] = st;
    return st;
}

static psa_status_t a_step(const psa_msg_t *msg)
{
    switch (script) {
    case SCRIPT_A_SELF_CALL:
        return psa_call(CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0);
    case SCRIPT_A_SELF_CONNECT:
        return psa_connect(SA_SID, 1);
    case SCRIPT_A_CALLS_B: {
        a_call_rec = rec_n - 1;
        psa_handle_t h = psa_connect(SB_SID, 1);
        a_inner[0] = h;
        if (!PSA_HANDLE_IS_VALID(h)) {
            return h;
        }
        a_inner[1] = psa_call(h, 3, NULL, 0, NULL, 0);
        psa_close(h);
        a_inner[2] = cai_spm_current_partition();
        return a_inner[1];
    }
    case SCRIPT_CLIENT_GONE:
        a_call_rec = rec_n - 1;
        cai_spm_client_gone(msg->client_id);
        return 7;
    default:
        return PSA_SUCCESS;
    }
}

static psa_status_t b_step(void)
{
    switch (b_script) {
    case B_CALLS_A:
        return psa_call(CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0);
    case B_CLOSES_ITS_A_HANDLE:
        psa_close(b_to_a);
        return PSA_SUCCESS;
    default:
        return PSA_SUCCESS;
    }
}

static psa_status_t nested_script(const psa_msg_t *msg)
{
    if (msg->type < 0) {
        return PSA_SUCCESS; /* CONNECT / DISCONNECT: accept */
    }
    int32_t me = cai_spm_current_partition();
    if (script == SCRIPT_CHAIN && me > CHAIN_ID(0) && me <= CHAIN_ID(N_CHAIN)) {
        return chain_step(me);
    }
    if (me == A) {
        return a_step(msg);
    }
    if (me == B) {
        return b_step();
    }
    return PSA_SUCCESS;
}

static int setup(void **state)
{
    (void)state;
    rec_reset();
    build();
    script = SCRIPT_NONE;
    b_script = B_NOTHING;
    c9_closes = false;
    memset(status_seen, 0, sizeof(status_seen));
    memset(a_inner, 0, sizeof(a_inner));
    if (cai_spm_init(&man) != PSA_SUCCESS) {
        return -1;
    }
    rec_behaviour = nested_script;
    return 0;
}

/* Index in rec_log of the first message of `type` served by `partition`
 * at or after `from`; REC_MAX if none. */
static size_t find_rec(size_t from, int32_t type, int32_t partition)
{
    for (size_t i = from; i < rec_n; i++) {
        if (rec_log[i].type == type && rec_log[i].partition == partition) {
            return i;
        }
    }
    return REC_MAX;
}

static void test_chain_within_bound(void **state)
{
    (void)state;
    script = SCRIPT_CHAIN;
    size_t before = rec_n;
    /* C2 .. C9: exactly CAI_SPM_MAX_NESTING levels. */
    _Static_assert(N_CHAIN - 1 == CAI_SPM_MAX_NESTING, "chain sized to the bound");
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(2, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    assert_int_equal(rec_n - before, N_CHAIN - 1);
    for (int i = 2; i <= N_CHAIN; i++) {
        const rec_msg_t *r = &rec_log[before + (size_t)(i - 2)];
        assert_int_equal(r->partition, CHAIN_ID(i));
        /* Each one is called by the partition before it, as the SPM says. */
        assert_int_equal(r->client_id, i == 2 ? NS_A : CHAIN_ID(i - 1));
    }
    assert_int_equal(cai_spm_current_partition(), 0);
}

static void test_chain_too_deep(void **state)
{
    (void)state;
    script = SCRIPT_CHAIN;
    /* C1 .. C8 fill the stack; C8's call to C9 is refused. */
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(status_seen[8], PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(rec_count(0, CHAIN_ID(9)), 0);
    assert_int_equal(rec_count(0, CHAIN_ID(8)), 1);
    /* Nothing is left on the stack: a fresh call works. */
    script = SCRIPT_NONE;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
}

static void test_no_reentry(void **state)
{
    (void)state;
    script = SCRIPT_A_SELF_CALL;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(rec_count(0, A), 1); /* entered once only */
    script = SCRIPT_A_SELF_CONNECT;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_CONNECTION_BUSY);
    /* A cycle through another partition: A -> B -> A. */
    script = SCRIPT_A_CALLS_B;
    b_script = B_CALLS_A;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_true(a_inner[0] > 0);
    assert_int_equal(a_inner[1], PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_partition_as_client(void **state)
{
    (void)state;
    script = SCRIPT_A_CALLS_B;
    size_t before = rec_n;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    assert_int_equal(a_inner[2], A); /* still A after its nested calls return */
    assert_int_equal(cai_spm_current_partition(), 0);
    /* B saw CONNECT, the call and DISCONNECT, all from client A, in order. */
    size_t c = find_rec(before, PSA_IPC_CONNECT, B);
    size_t m = find_rec(before, 3, B);
    size_t d = find_rec(before, PSA_IPC_DISCONNECT, B);
    assert_true(c < m && m < d && d < REC_MAX);
    assert_int_equal(rec_log[c].client_id, A);
    assert_int_equal(rec_log[m].client_id, A);
    assert_int_equal(rec_log[d].client_id, A);
    /* SB is A's alone: NS and the chain partitions are refused. */
    assert_int_equal(cai_spm_connect(NS_A, SB_SID, 1), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(CHAIN_ID(1), SB_SID, 1), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_version(B, SB_SID), PSA_VERSION_NONE);
}

/* B closes its connection to A's service while A is running (A called B):
 * A cannot hear DISCONNECT in the middle of its own call, so it gets it
 * right after; B's handle is dead at once. */
static void test_close_waits_for_the_stack(void **state)
{
    (void)state;
    assert_true(b_to_a > 0);
    script = SCRIPT_A_CALLS_B;
    b_script = B_CLOSES_ITS_A_HANDLE;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    size_t d = find_rec(0, PSA_IPC_DISCONNECT, A);
    assert_true(d < REC_MAX);
    assert_int_equal(rec_log[d].client_id, B);
    /* After A's call had returned (everything it caused was recorded). */
    assert_true(d >= rec_log[a_call_rec].depth_mark);
    assert_int_equal(rec_count(PSA_IPC_DISCONNECT, A), 1);
    assert_int_equal(cai_spm_call(B, b_to_a, 0, NULL, 0, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_close(B, b_to_a), PSA_ERROR_PROGRAMMER_ERROR);
}

/* At the deepest level allowed, a close cannot be delivered at once (no
 * room on the stack for the DISCONNECT): it is delivered as soon as the
 * bottom frame returns, before the rest of the chain does. */
static void test_close_at_full_depth(void **state)
{
    (void)state;
    assert_true(c9_to_a > 0);
    script = SCRIPT_CHAIN;
    c9_closes = true;
    size_t before = rec_n;
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(2, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    size_t c2 = find_rec(before, 0, CHAIN_ID(2));
    size_t c9 = find_rec(before, 0, CHAIN_ID(N_CHAIN));
    size_t d = find_rec(before, PSA_IPC_DISCONNECT, A);
    assert_true(c2 < c9 && c9 < d && d < REC_MAX);
    assert_int_equal(rec_log[d].client_id, CHAIN_ID(N_CHAIN));
    assert_true(d >= rec_log[c9].depth_mark); /* after C9 returned */
    assert_true(d < rec_log[c2].depth_mark);  /* before C2 did */
    assert_int_equal(cai_spm_close(CHAIN_ID(N_CHAIN), c9_to_a), PSA_ERROR_PROGRAMMER_ERROR);
}

/* The transport drops a client while that client's call is being served:
 * the call completes, then its connection is closed. */
static void test_client_gone_during_its_call(void **state)
{
    (void)state;
    psa_handle_t h = cai_spm_connect(NS_A, SA_SID, 1);
    assert_true(h > 0);
    script = SCRIPT_CLIENT_GONE;
    assert_int_equal(cai_spm_call(NS_A, h, 0, NULL, 0, NULL, 0), 7);
    size_t d = find_rec(a_call_rec, PSA_IPC_DISCONNECT, A);
    assert_true(d < REC_MAX);
    assert_int_equal(rec_log[d].client_id, NS_A);
    assert_true(d >= rec_log[a_call_rec].depth_mark);
    assert_int_equal(cai_spm_call(NS_A, h, 0, NULL, 0, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
}

/* The secure client API used outside any partition is nobody. */
static void test_secure_client_outside_partitions(void **state)
{
    (void)state;
    assert_int_equal(cai_spm_current_partition(), 0);
    assert_int_equal(psa_version(SA_SID), PSA_VERSION_NONE);
    assert_int_equal(psa_connect(SA_SID, 1), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(psa_call(CAI_STATELESS_HANDLE(SA_SL_INDEX, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_CONNECTION_REFUSED);
    psa_handle_t h = cai_spm_connect(NS_A, SA_SID, 1);
    assert_int_equal(psa_call(h, 0, NULL, 0, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    psa_close(h); /* not ours: no effect */
    psa_close(PSA_NULL_HANDLE);
    assert_int_equal(cai_spm_call(NS_A, h, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_chain_within_bound, setup),
        cmocka_unit_test_setup(test_chain_too_deep, setup),
        cmocka_unit_test_setup(test_no_reentry, setup),
        cmocka_unit_test_setup(test_partition_as_client, setup),
        cmocka_unit_test_setup(test_close_waits_for_the_stack, setup),
        cmocka_unit_test_setup(test_close_at_full_depth, setup),
        cmocka_unit_test_setup(test_client_gone_during_its_call, setup),
        cmocka_unit_test_setup(test_secure_client_outside_partitions, setup),
    };
    return cmocka_run_group_tests_name("spm.nested", tests, NULL, NULL);
}
