/* SPDX-License-Identifier: Apache-2.0 */
/*
 * [TEST] CAI_TEST_ECHO (version 1 STRICT) and CAI_TEST_RELAXED (version 2
 * RELAXED): connection-based services NS clients may call. Call types in
 * spe/partitions/test/include/cai/test_services.h. Also the init function of the CAI_TEST partition.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cai/test_services.h"
#include "cai/partition.h"
#include "test_io.h"
#include "test_partition.h"

/* Per-connection state behind psa_set_rhandle: one per possible connection,
 * so CONNECT can only fail here if the SPM's own table could not hold it. */
typedef struct {
    bool used;
    uint32_t calls;
} test_conn_ctx_t;

typedef struct {
    uint32_t next_connect_reply; /* CAI_TEST_CONNECT_*: one-shot */
    uint32_t n_connect;
    uint32_t n_disconnect;
} test_service_state_t;

static test_conn_ctx_t conn_ctx[CAI_SPM_MAX_CONNECTIONS];
static test_service_state_t echo_state;
static test_service_state_t relaxed_state;

static psa_status_t on_connect(test_service_state_t *st, const psa_msg_t *msg)
{
    uint32_t reply = st->next_connect_reply;
    st->next_connect_reply = CAI_TEST_CONNECT_ACCEPT;
    if (reply == CAI_TEST_CONNECT_REFUSE) {
        return PSA_ERROR_CONNECTION_REFUSED;
    }
    if (reply == CAI_TEST_CONNECT_BUSY) {
        return PSA_ERROR_CONNECTION_BUSY;
    }
    for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS; i++) {
        if (!conn_ctx[i].used) {
            conn_ctx[i].used = true;
            conn_ctx[i].calls = 0;
            psa_set_rhandle(msg->handle, &conn_ctx[i]);
            st->n_connect++;
            return PSA_SUCCESS;
        }
    }
    return PSA_ERROR_CONNECTION_BUSY;
}

static psa_status_t on_disconnect(test_service_state_t *st, const psa_msg_t *msg)
{
    test_conn_ctx_t *ctx = msg->rhandle;
    if (ctx != NULL) {
        ctx->used = false;
    }
    st->n_disconnect++;
    return PSA_SUCCESS;
}

/* Acting as a secure client: what the secure-only service says about us. */
static psa_status_t call_secure_only(const psa_msg_t *msg)
{
    psa_handle_t h = psa_connect(CAI_TEST_SECURE_ONLY_SID, CAI_TEST_SECURE_ONLY_VERSION);
    if (!PSA_HANDLE_IS_VALID(h)) {
        return PSA_HANDLE_TO_ERROR(h);
    }
    uint8_t reply[4] = { 0 };
    psa_outvec out = { reply, sizeof(reply) };
    psa_status_t status = psa_call(h, CAI_TEST_CALL_ECHO, NULL, 0, &out, 1);
    psa_close(h);
    if (out.len > msg->out_size[0]) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    psa_write(msg->handle, 0, reply, out.len);
    return status;
}

/* CAI_TEST_CALL_KEYSTORE_SIGN: this partition asks the keystore for a
 * signature (the keystore's SIGN_HASH is call type 1, its in[0] a key id). */
static psa_status_t call_keystore_sign(const psa_msg_t *msg)
{
    uint8_t id[4];
    if (msg->in_size[0] != sizeof(id) || psa_read(msg->handle, 0, id, sizeof(id)) != sizeof(id)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    static const uint8_t digest[32];
    uint8_t sig[64] = { 0 };
    psa_invec in[2] = { { id, sizeof(id) }, { digest, sizeof(digest) } };
    psa_outvec out = { sig, sizeof(sig) };
    psa_status_t status =
        psa_call(CAI_STATELESS_HANDLE(CAI_KEYSTORE_INDEX, CAI_KEYSTORE_VERSION), 1, in, 2, &out, 1);
    if (status == PSA_SUCCESS && out.len <= msg->out_size[0]) {
        psa_write(msg->handle, 0, sig, out.len);
    }
    return status;
}

/* Writes one byte more than out_vec[0] holds, after filling it in chunks:
 * the SPM must stop the last write and fail the whole call. */
static psa_status_t write_past_end(const psa_msg_t *msg)
{
    static const uint8_t pattern[16] = { 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5,
                                         0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5 };
    size_t left = msg->out_size[0];
    while (left > 0) {
        size_t n = left < sizeof(pattern) ? left : sizeof(pattern);
        psa_write(msg->handle, 0, pattern, n);
        left -= n;
    }
    psa_write(msg->handle, 0, pattern, 1);
    return PSA_SUCCESS;
}

static psa_status_t on_call(test_service_state_t *st, const psa_msg_t *msg)
{
    uint8_t b[4];
    switch (msg->type) {
    case CAI_TEST_CALL_ECHO:
        return test_io_echo(msg);
    case CAI_TEST_CALL_INFO:
        return test_io_info(msg);
    case CAI_TEST_CALL_WRITE_PAST_END:
        return write_past_end(msg);
    case CAI_TEST_CALL_SECURE_CLIENT:
        return call_secure_only(msg);
    case CAI_TEST_CALL_SET_CONNECT_REPLY:
        if (psa_read(msg->handle, 0, b, 1) != 1 || b[0] > CAI_TEST_CONNECT_BUSY) {
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        st->next_connect_reply = b[0];
        return PSA_SUCCESS;
    case CAI_TEST_CALL_COUNT: {
        test_conn_ctx_t *ctx = msg->rhandle;
        if (ctx == NULL || msg->out_size[0] < 4) {
            return PSA_ERROR_BAD_STATE;
        }
        ctx->calls++;
        test_io_write_u32(msg, ctx->calls);
        return PSA_SUCCESS;
    }
    case CAI_TEST_CALL_RETURN_STATUS:
        if (psa_read(msg->handle, 0, b, 4) != 4) {
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        return (psa_status_t)test_io_get_u32(b);
    case CAI_TEST_CALL_CONN_STATS: {
        if (msg->out_size[0] < 8) {
            return PSA_ERROR_BUFFER_TOO_SMALL;
        }
        uint8_t s[8];
        test_io_put_u32(s, st->n_connect);
        test_io_put_u32(s + 4, st->n_disconnect);
        psa_write(msg->handle, 0, s, sizeof(s));
        return PSA_SUCCESS;
    }
    case CAI_TEST_CALL_READ_BAD_INDEX:
        (void)psa_read(msg->handle, PSA_MAX_IOVEC, b, 1);
        return PSA_SUCCESS;
    case CAI_TEST_CALL_KEYSTORE_SIGN:
        return call_keystore_sign(msg);
    default:
        return PSA_ERROR_NOT_SUPPORTED;
    }
}

static psa_status_t serve(test_service_state_t *st, const psa_msg_t *msg)
{
    switch (msg->type) {
    case PSA_IPC_CONNECT:
        return on_connect(st, msg);
    case PSA_IPC_DISCONNECT:
        return on_disconnect(st, msg);
    default:
        return on_call(st, msg);
    }
}

psa_status_t cai_test_echo_sfn(const psa_msg_t *msg)
{
    return serve(&echo_state, msg);
}

psa_status_t cai_test_relaxed_sfn(const psa_msg_t *msg)
{
    return serve(&relaxed_state, msg);
}

psa_status_t cai_test_partition_init(void)
{
    /* A re-boot of the SPM (unit tests do that) starts from clean state. */
    for (size_t i = 0; i < CAI_SPM_MAX_CONNECTIONS; i++) {
        conn_ctx[i].used = false;
        conn_ctx[i].calls = 0;
    }
    echo_state = (test_service_state_t){ 0 };
    relaxed_state = (test_service_state_t){ 0 };
    cai_partition_log("[TEST] partition CAI_TEST up: CAI_TEST_ECHO, CAI_TEST_RELAXED, "
                      "CAI_TEST_STATELESS are test services, not for production");
    return PSA_SUCCESS;
}
