/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The service side: psa_read, psa_skip, psa_write, psa_set_rhandle and the
 * message a service function receives (types, handles, sizes, client id,
 * rhandle). Each test scripts what the service does with rec_behaviour.
 */
#include "spm_test_support.h"

#include <string.h>

#define P ((int32_t)0x501)
static const cai_partition_t parts[] = { { .name = "P", .id = P } };
static const cai_service_t svcs[] = {
    { .name = "CONN",
      .sid = 0x500,
      .version = 1,
      .connection_based = true,
      .non_secure_clients = true,
      .partition_id = P,
      .sfn = rec_sfn },
    { .name = "SL",
      .sid = 0x501,
      .version = 1,
      .connection_based = false,
      .stateless_index = 3,
      .non_secure_clients = true,
      .partition_id = P,
      .sfn = rec_sfn },
};
static const cai_manifest_t man = { parts, 1, svcs, 2 };
#define SL_HANDLE CAI_STATELESS_HANDLE(3, 1)

static psa_handle_t conn;
static const uint8_t ten[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

/* What the scripted services observed. */
static size_t got[8];
static uint8_t seen[32];

static int setup(void **state)
{
    (void)state;
    rec_reset();
    memset(got, 0, sizeof(got));
    memset(seen, 0, sizeof(seen));
    if (cai_spm_init(&man) != PSA_SUCCESS) {
        return -1;
    }
    conn = cai_spm_connect(NS_A, 0x500, 1);
    return conn > 0 ? 0 : -1;
}

static psa_status_t call_in(int32_t type, const void *data, size_t len)
{
    psa_invec in = { data, len };
    return cai_spm_call(NS_A, conn, type, &in, 1, NULL, 0);
}

/* ---- psa_read / psa_skip --------------------------------------------------- */

static psa_status_t read_in_fours(const psa_msg_t *msg)
{
    for (size_t i = 0; i < 4; i++) {
        got[i] = psa_read(msg->handle, 0, seen + 4 * i, 4);
    }
    return PSA_SUCCESS;
}

static void test_partial_reads(void **state)
{
    (void)state;
    rec_behaviour = read_in_fours;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_SUCCESS);
    assert_int_equal(got[0], 4);
    assert_int_equal(got[1], 4);
    assert_int_equal(got[2], 2); /* what was left */
    assert_int_equal(got[3], 0); /* nothing more, and no error */
    assert_memory_equal(seen, ten, 10);
}

static psa_status_t skip_then_read(const psa_msg_t *msg)
{
    got[0] = psa_skip(msg->handle, 0, 3);
    got[1] = psa_read(msg->handle, 0, seen, 4);
    got[2] = psa_skip(msg->handle, 0, 100); /* past the end: what is left */
    got[3] = psa_read(msg->handle, 0, seen + 4, 4);
    got[4] = psa_skip(msg->handle, 2, 5); /* a vector the client did not pass */
    got[5] = psa_read(msg->handle, 3, seen + 8, 4);
    got[6] = psa_skip(msg->handle, 0, SIZE_MAX);
    return PSA_SUCCESS;
}

static void test_skip(void **state)
{
    (void)state;
    rec_behaviour = skip_then_read;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_SUCCESS);
    assert_int_equal(got[0], 3);
    assert_int_equal(got[1], 4);
    assert_memory_equal(seen, ten + 3, 4);
    assert_int_equal(got[2], 3);
    assert_int_equal(got[3], 0);
    assert_int_equal(got[4], 0);
    assert_int_equal(got[5], 0);
    assert_int_equal(got[6], 0);
}

static psa_status_t read_index_4(const psa_msg_t *msg)
{
    got[0] = psa_read(msg->handle, PSA_MAX_IOVEC, seen, 1);
    got[1] = psa_read(msg->handle, 0, seen, 1); /* after a fault, nothing works */
    return PSA_SUCCESS;
}

static psa_status_t skip_index_max(const psa_msg_t *msg)
{
    got[0] = psa_skip(msg->handle, UINT32_MAX, 1);
    return PSA_SUCCESS;
}

static psa_status_t read_into_null(const psa_msg_t *msg)
{
    got[0] = psa_read(msg->handle, 0, NULL, 0); /* fine: nothing to copy */
    got[1] = psa_read(msg->handle, 0, NULL, 1);
    return PSA_SUCCESS;
}

static psa_status_t read_with_wrong_handle(const psa_msg_t *msg)
{
    got[0] = psa_read(msg->handle + 1, 0, seen, 1);
    return PSA_SUCCESS;
}

static void test_read_errors_fail_the_call(void **state)
{
    (void)state;
    rec_behaviour = read_index_4;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(got[0], 0);
    assert_int_equal(got[1], 0);
    rec_behaviour = skip_index_max;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_ERROR_PROGRAMMER_ERROR);
    rec_behaviour = read_into_null;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_ERROR_PROGRAMMER_ERROR);
    rec_behaviour = read_with_wrong_handle;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_ERROR_PROGRAMMER_ERROR);
    /* The connection survives its service's mistakes. */
    rec_behaviour = NULL;
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_SUCCESS);
}

static void test_read_outside_any_message(void **state)
{
    (void)state;
    uint8_t b[4];
    assert_int_equal(psa_read(1, 0, b, 4), 0);
    assert_int_equal(psa_skip(1, 0, 4), 0);
    psa_write(1, 0, b, 4);
    psa_set_rhandle(1, b);
    assert_int_equal(call_in(0, ten, sizeof(ten)), PSA_SUCCESS);
}

/* psa-arch-tests test_i003 call_read_and_skip: four input vectors, their
 * sizes, reads and skips interleaved, zero-byte reads and skips, and a
 * short read leaving the rest of the buffer alone. */
static const uint8_t v0[3] = { 0xA0, 0xA1, 0xA2 }, v1[1] = { 0xB0 },
                     v2[6] = { 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5 }, v3[2] = { 0xD0, 0xD1 };

static psa_status_t read_and_skip_four(const psa_msg_t *msg)
{
    const size_t sizes[4] = { 3, 1, 6, 2 };
    for (size_t i = 0; i < 4; i++) {
        if (msg->in_size[i] != sizes[i] || msg->out_size[i] != 0) {
            return PSA_ERROR_GENERIC_ERROR;
        }
    }
    uint8_t b[8];
    memset(b, 0x55, sizeof(b));
    got[0] = psa_read(msg->handle, 0, b, 0); /* zero-byte read */
    got[1] = psa_skip(msg->handle, 0, 0);    /* zero-byte skip */
    got[2] = psa_read(msg->handle, 0, b, 8); /* short: 3 of 8, rest untouched */
    if (memcmp(b, v0, 3) != 0 || b[3] != 0x55 || b[7] != 0x55) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    got[3] = psa_read(msg->handle, 0, b, 1); /* nothing left */
    got[4] = psa_skip(msg->handle, 2, 2);
    got[5] = psa_read(msg->handle, 2, b, 3);
    if (memcmp(b, v2 + 2, 3) != 0) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    got[6] = psa_skip(msg->handle, 2, 9); /* the 1 byte left */
    got[7] = psa_read(msg->handle, 3, b, 2) + psa_read(msg->handle, 1, b + 2, 5);
    if (memcmp(b, v3, 2) != 0 || b[2] != v1[0]) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

static void test_read_and_skip_four_vectors(void **state)
{
    (void)state;
    psa_invec in[4] = {
        { v0, sizeof(v0) }, { v1, sizeof(v1) }, { v2, sizeof(v2) }, { v3, sizeof(v3) }
    };
    rec_behaviour = read_and_skip_four;
    assert_int_equal(cai_spm_call(NS_A, conn, 0, in, 4, NULL, 0), PSA_SUCCESS);
    const size_t expect[8] = { 0, 0, 3, 0, 2, 3, 1, 3 };
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(got[i], expect[i]);
    }
}

/* call_and_write: four output vectors, no input, zero-byte writes,
 * concatenation of successive writes. */
static psa_status_t write_four(const psa_msg_t *msg)
{
    const size_t sizes[4] = { 4, 1, 0, 6 };
    for (size_t i = 0; i < 4; i++) {
        if (msg->out_size[i] != sizes[i] || msg->in_size[i] != 0) {
            return PSA_ERROR_GENERIC_ERROR;
        }
    }
    psa_write(msg->handle, 0, "ab", 2);
    psa_write(msg->handle, 0, "", 0);
    psa_write(msg->handle, 0, "cd", 2);
    psa_write(msg->handle, 2, "", 0); /* zero bytes into a zero-size vector */
    psa_write(msg->handle, 3, "xyz", 3);
    psa_write(msg->handle, 3, "w", 1);
    return PSA_SUCCESS;
}

static void test_write_four_vectors(void **state)
{
    (void)state;
    uint8_t o0[4], o1[1], o3[6];
    psa_outvec out[4] = { { o0, 4 }, { o1, 1 }, { NULL, 0 }, { o3, 6 } };
    rec_behaviour = write_four;
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, out, 4), PSA_SUCCESS);
    assert_int_equal(out[0].len, 4);
    assert_memory_equal(o0, "abcd", 4);
    assert_int_equal(out[1].len, 0);
    assert_int_equal(out[2].len, 0);
    assert_int_equal(out[3].len, 4);
    assert_memory_equal(o3, "xyzw", 4);
}

/* zero_length_invec / zero_length_outvec: empty and NULL vectors are legal
 * and reported as size 0, like the vectors not passed at all. */
static void test_zero_length_vectors(void **state)
{
    (void)state;
    uint8_t a[5] = { 0 }, b[7] = { 0 }, o[9];
    psa_invec in[3] = { { a, 0 }, { NULL, 0 }, { a, sizeof(a) } };
    psa_outvec out[1] = { { o, sizeof(o) } };
    assert_int_equal(cai_spm_call(NS_A, conn, 0, in, 3, out, 1), PSA_SUCCESS);
    psa_invec in1[1] = { { b, sizeof(b) } };
    psa_outvec out3[3] = { { o, 0 }, { NULL, 0 }, { o, sizeof(o) } };
    assert_int_equal(cai_spm_call(NS_A, conn, 0, in1, 1, out3, 3), PSA_SUCCESS);
    const rec_msg_t *m1 = &rec_log[rec_n - 2], *m2 = &rec_log[rec_n - 1];
    const size_t in1_expect[4] = { 0, 0, 5, 0 }, out1_expect[4] = { 9, 0, 0, 0 };
    const size_t in2_expect[4] = { 7, 0, 0, 0 }, out2_expect[4] = { 0, 0, 9, 0 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(m1->in_size[i], in1_expect[i]);
        assert_int_equal(m1->out_size[i], out1_expect[i]);
        assert_int_equal(m2->in_size[i], in2_expect[i]);
        assert_int_equal(m2->out_size[i], out2_expect[i]);
    }
}

/* ---- psa_write -------------------------------------------------------------- */

static psa_status_t write_in_pieces(const psa_msg_t *msg)
{
    psa_write(msg->handle, 0, "abc", 3);
    psa_write(msg->handle, 0, "de", 2);
    psa_write(msg->handle, 0, "", 0);
    psa_write(msg->handle, 1, "XY", 2);
    psa_write(msg->handle, 2, NULL, 0); /* zero bytes to an absent vector: no-op */
    return 42;
}

static void test_write_appends(void **state)
{
    (void)state;
    uint8_t o0[5], o1[4];
    psa_outvec out[2] = { { o0, sizeof(o0) }, { o1, sizeof(o1) } };
    rec_behaviour = write_in_pieces;
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, out, 2), 42);
    assert_int_equal(out[0].len, 5);
    assert_memory_equal(o0, "abcde", 5);
    assert_int_equal(out[1].len, 2);
    assert_memory_equal(o1, "XY", 2);
}

static psa_status_t write_then_overflow(const psa_msg_t *msg)
{
    psa_write(msg->handle, 0, "abc", 3);
    psa_write(msg->handle, 0, "defg", 4); /* 7 > 6: stopped, all of it */
    psa_write(msg->handle, 0, "z", 1);    /* would fit, but the message is faulted */
    psa_write(msg->handle, 1, "z", 1);
    return PSA_SUCCESS;
}

static void test_write_overflow(void **state)
{
    (void)state;
    uint8_t o0[8], o1[4];
    memset(o0, '.', sizeof(o0));
    memset(o1, '.', sizeof(o1));
    psa_outvec out[2] = { { o0, 6 }, { o1, sizeof(o1) } };
    rec_behaviour = write_then_overflow;
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, out, 2), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(out[0].len, 0);
    assert_int_equal(out[1].len, 0);
    assert_memory_equal(o0, "abc.....", 8);
    assert_memory_equal(o1, "....", 4);
}

static psa_status_t write_to_absent_vector(const psa_msg_t *msg)
{
    psa_write(msg->handle, 1, "z", 1);
    return PSA_SUCCESS;
}

static psa_status_t write_index_4(const psa_msg_t *msg)
{
    psa_write(msg->handle, PSA_MAX_IOVEC, NULL, 0);
    return PSA_SUCCESS;
}

static psa_status_t write_from_null(const psa_msg_t *msg)
{
    psa_write(msg->handle, 0, NULL, 1);
    return PSA_SUCCESS;
}

static psa_status_t write_huge(const psa_msg_t *msg)
{
    psa_write(msg->handle, 0, "a", 1);
    psa_write(msg->handle, 0, "b", SIZE_MAX); /* pos + len would wrap */
    return PSA_SUCCESS;
}

static psa_status_t write_with_stale_handle(const psa_msg_t *msg)
{
    static psa_handle_t previous;
    if (previous != 0) {
        psa_write(previous, 0, "a", 1);
    }
    previous = msg->handle;
    return PSA_SUCCESS;
}

static void test_write_errors(void **state)
{
    (void)state;
    uint8_t o[4];
    psa_outvec out = { o, sizeof(o) };
    psa_status_t (*const bad[])(const psa_msg_t *) = { write_to_absent_vector, write_index_4,
                                                       write_from_null, write_huge };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rec_behaviour = bad[i];
        out.len = sizeof(o);
        assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, &out, 1), PSA_ERROR_PROGRAMMER_ERROR);
        assert_int_equal(out.len, 0);
    }
    /* A message handle from an earlier message is no longer valid. */
    rec_behaviour = write_with_stale_handle;
    out.len = sizeof(o);
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, &out, 1), PSA_SUCCESS);
    out.len = sizeof(o);
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, &out, 1), PSA_ERROR_PROGRAMMER_ERROR);
}

/* ---- CONNECT / DISCONNECT messages and rhandle ------------------------------ */

static int ctx_a, ctx_b;

static psa_status_t rhandle_script(const psa_msg_t *msg)
{
    if (msg->type == PSA_IPC_CONNECT) {
        psa_set_rhandle(msg->handle, &ctx_a);
    } else if (msg->type == PSA_IPC_DISCONNECT) {
        psa_set_rhandle(msg->handle, &ctx_a); /* allowed, no observable effect */
    } else if (msg->type == 1) {
        psa_set_rhandle(msg->handle, &ctx_b); /* state may change later too */
    }
    return PSA_SUCCESS;
}

/* psa-arch-tests test_i003 psa_set_rhandle: NULL until set, then handed
 * back on every later message of that connection only. */
static void test_rhandle(void **state)
{
    (void)state;
    rec_behaviour = rhandle_script;
    psa_handle_t h = cai_spm_connect(NS_B, 0x500, 1);
    assert_true(h > 0);
    assert_int_equal(cai_spm_call(NS_B, h, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
    assert_int_equal(cai_spm_call(NS_B, h, 1, NULL, 0, NULL, 0), PSA_SUCCESS);
    assert_int_equal(cai_spm_call(NS_B, h, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
    assert_int_equal(cai_spm_close(NS_B, h), PSA_SUCCESS);
    /* rec_log[0] is setup's CONNECT (no rhandle set then). */
    assert_int_equal(rec_n, 7);
    assert_int_equal(rec_log[1].type, PSA_IPC_CONNECT);
    assert_null(rec_log[1].rhandle);
    assert_ptr_equal(rec_log[2].rhandle, &ctx_a);
    assert_ptr_equal(rec_log[3].rhandle, &ctx_a);
    assert_ptr_equal(rec_log[4].rhandle, &ctx_b);
    assert_null(rec_log[5].rhandle); /* NS_A's own connection */
    assert_int_equal(rec_log[6].type, PSA_IPC_DISCONNECT);
    assert_ptr_equal(rec_log[6].rhandle, &ctx_b);
    assert_int_equal(rec_log[6].client_id, NS_B);
}

static psa_status_t set_rhandle_stateless(const psa_msg_t *msg)
{
    psa_set_rhandle(msg->handle, &ctx_a);
    return PSA_SUCCESS;
}

static void test_rhandle_on_stateless_is_an_error(void **state)
{
    (void)state;
    rec_behaviour = set_rhandle_stateless;
    assert_int_equal(cai_spm_call(NS_A, SL_HANDLE, 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    rec_behaviour = NULL;
    assert_int_equal(cai_spm_call(NS_A, SL_HANDLE, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
    assert_null(rec_log[rec_n - 1].rhandle);
}

static psa_status_t read_during_connect(const psa_msg_t *msg)
{
    if (msg->type == PSA_IPC_CONNECT) {
        (void)psa_read(msg->handle, 0, seen, 1); /* CONNECT has no vectors */
    }
    return PSA_SUCCESS;
}

static void test_vector_calls_on_connect_message(void **state)
{
    (void)state;
    rec_behaviour = read_during_connect;
    /* A faulted CONNECT is never accepted. */
    assert_int_equal(cai_spm_connect(NS_B, 0x500, 1), PSA_ERROR_CONNECTION_REFUSED);
    rec_behaviour = NULL;
    assert_true(cai_spm_connect(NS_B, 0x500, 1) > 0);
}

static psa_status_t skip_during_disconnect(const psa_msg_t *msg)
{
    if (msg->type == PSA_IPC_DISCONNECT) {
        got[0] = psa_skip(msg->handle, 0, 1); /* cf. psa-arch-tests test_i035 */
        psa_write(msg->handle, 0, "x", 1);
        got[1] = 1;
    }
    return PSA_SUCCESS;
}

/* Vector calls on a DISCONNECT message do nothing; the close happens anyway
 * (the reply to DISCONNECT is ignored) and the handle is dead. */
static void test_vector_calls_on_disconnect_message(void **state)
{
    (void)state;
    rec_behaviour = skip_during_disconnect;
    assert_int_equal(cai_spm_close(NS_A, conn), PSA_SUCCESS);
    assert_int_equal(got[1], 1);
    assert_int_equal(got[0], 0);
    assert_int_equal(cai_spm_call(NS_A, conn, 0, NULL, 0, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    rec_behaviour = NULL;
    assert_true(cai_spm_connect(NS_A, 0x500, 1) > 0);
}

static psa_status_t reply_odd_status(const psa_msg_t *msg)
{
    return msg->type == PSA_IPC_CONNECT ? PSA_ERROR_GENERIC_ERROR : PSA_SUCCESS;
}

static void test_connect_reply_other_than_success(void **state)
{
    (void)state;
    rec_behaviour = reply_odd_status;
    assert_int_equal(cai_spm_connect(NS_B, 0x500, 1), PSA_ERROR_CONNECTION_REFUSED);
    /* Refused connections take no slot and get no DISCONNECT. */
    assert_int_equal(rec_count(PSA_IPC_DISCONNECT, 0), 0);
}

/* The message itself: handles, sizes, client ids. */
static void test_message_fields(void **state)
{
    (void)state;
    uint8_t a[3], b[6];
    psa_invec in[1] = { { a, sizeof(a) } };
    psa_outvec out[2] = { { b, 2 }, { b + 2, 4 } };
    assert_int_equal(cai_spm_call(NS_A, conn, 7, in, 1, out, 2), PSA_SUCCESS);
    assert_int_equal(cai_spm_call(NS_A, SL_HANDLE, 0, NULL, 0, NULL, 0), PSA_SUCCESS);
    assert_int_equal(rec_n, 3);
    const rec_msg_t *c = &rec_log[0], *m = &rec_log[1], *s = &rec_log[2];
    assert_int_equal(c->type, PSA_IPC_CONNECT);
    assert_int_equal(c->client_id, NS_A);
    assert_int_equal(m->type, 7);
    assert_int_equal(m->client_id, NS_A);
    assert_int_equal(m->partition, P);
    const size_t in_expect[4] = { 3, 0, 0, 0 }, out_expect[4] = { 2, 4, 0, 0 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(m->in_size[i], in_expect[i]);
        assert_int_equal(m->out_size[i], out_expect[i]);
        assert_int_equal(c->in_size[i], 0);
        assert_int_equal(c->out_size[i], 0);
    }
    /* Message handles are positive and distinct from each other and from
     * the connection handle. */
    assert_true(c->handle > 0 && m->handle > 0 && s->handle > 0);
    assert_true(c->handle != m->handle && m->handle != s->handle && c->handle != s->handle);
    assert_true(m->handle != conn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_partial_reads, setup),
        cmocka_unit_test_setup(test_skip, setup),
        cmocka_unit_test_setup(test_read_errors_fail_the_call, setup),
        cmocka_unit_test_setup(test_read_outside_any_message, setup),
        cmocka_unit_test_setup(test_read_and_skip_four_vectors, setup),
        cmocka_unit_test_setup(test_write_four_vectors, setup),
        cmocka_unit_test_setup(test_zero_length_vectors, setup),
        cmocka_unit_test_setup(test_write_appends, setup),
        cmocka_unit_test_setup(test_write_overflow, setup),
        cmocka_unit_test_setup(test_write_errors, setup),
        cmocka_unit_test_setup(test_rhandle, setup),
        cmocka_unit_test_setup(test_rhandle_on_stateless_is_an_error, setup),
        cmocka_unit_test_setup(test_vector_calls_on_connect_message, setup),
        cmocka_unit_test_setup(test_vector_calls_on_disconnect_message, setup),
        cmocka_unit_test_setup(test_connect_reply_other_than_success, setup),
        cmocka_unit_test_setup(test_message_fields, setup),
    };
    return cmocka_run_group_tests_name("spm.msg", tests, NULL, NULL);
}
