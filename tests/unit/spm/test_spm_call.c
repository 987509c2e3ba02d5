/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa_call: the checks the SPM makes before a message reaches a service
 * (type, vector count, NULL bases, overlap, size cap, handle kinds), what
 * comes back (the service's own status, out_vec[i].len), stateless handles,
 * and a service breaking psa_write's bound. Mirrors psa-arch-tests' IPC
 * checklist items psa_call_with_allowed_status_code and test_identity, plus
 * FF-M's psa_call PROGRAMMER ERROR list.
 */
#include "spm_test_support.h"

#include <string.h>

static psa_handle_t echo; /* NS_A's connection to CAI_TEST_ECHO */

static int setup(void **state)
{
    (void)state;
    if (cai_spm_init(&cai_manifest) != PSA_SUCCESS) {
        return -1;
    }
    echo = cai_spm_connect(NS_A, CAI_TEST_ECHO_SID, CAI_TEST_ECHO_VERSION);
    return echo > 0 ? 0 : -1;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_negative_type(void **state)
{
    (void)state;
    assert_int_equal(cai_spm_call(NS_A, echo, -1, NULL, 0, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, echo, INT32_MIN, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    /* Any type >= 0 is the service's business (FF-M has no upper bound). */
    assert_int_equal(cai_spm_call(NS_A, echo, INT32_MAX, NULL, 0, NULL, 0),
                     PSA_ERROR_NOT_SUPPORTED);
}

static void test_null_handle(void **state)
{
    (void)state;
    assert_int_equal(cai_spm_call(NS_A, PSA_NULL_HANDLE, 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_too_many_vectors(void **state)
{
    (void)state;
    uint8_t b[8][4];
    psa_invec in[5];
    psa_outvec out[5];
    for (size_t i = 0; i < 5; i++) {
        in[i] = (psa_invec){ b[i], 4 };
        out[i] = (psa_outvec){ b[i + 3], 4 };
    }
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 5, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, NULL, 0, out, 5), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out + 2, 3), PSA_ERROR_PROGRAMMER_ERROR);
    /* Counts whose sum wraps around to a small number. */
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, SIZE_MAX, out, 2), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 1, out, SIZE_MAX), PSA_ERROR_PROGRAMMER_ERROR);
    /* Exactly four is fine (the refusals above set the lengths to 0). */
    for (size_t i = 0; i < 5; i++) {
        out[i].len = 4;
    }
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out + 2, 2), PSA_SUCCESS);
}

static void test_null_arrays_and_bases(void **state)
{
    (void)state;
    uint8_t b[4] = { 1, 2, 3, 4 };
    psa_invec in = { NULL, 1 };
    psa_outvec out = { NULL, 4 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, NULL, 1, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, NULL, 0, NULL, 1), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    in = (psa_invec){ b, 4 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, &out, 1), PSA_ERROR_PROGRAMMER_ERROR);
    /* A NULL base with length 0 is an empty vector, not an error. */
    in = (psa_invec){ NULL, 0 };
    out = (psa_outvec){ NULL, 0 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, &out, 1), PSA_SUCCESS);
    assert_int_equal(out.len, 0);
}

static void test_overlap(void **state)
{
    (void)state;
    uint8_t buf[64];
    memset(buf, 7, sizeof(buf));
    psa_invec in[2];
    psa_outvec out[2];
    /* Inputs overlapping each other: same buffer, partial overlap. */
    in[0] = (psa_invec){ buf, 16 };
    in[1] = (psa_invec){ buf, 16 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    in[1] = (psa_invec){ buf + 15, 4 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    in[1] = (psa_invec){ buf + 4, 4 }; /* inside in[0] */
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    /* Touching is not overlapping: the call reaches the service, which does
     * not know type 99 (so NOT_SUPPORTED means "let through"). */
    in[1] = (psa_invec){ buf + 16, 4 };
    assert_int_equal(cai_spm_call(NS_A, echo, 99, in, 2, NULL, 0), PSA_ERROR_NOT_SUPPORTED);
    /* An output overlapping an input. */
    out[0] = (psa_outvec){ buf + 18, 8 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out, 1), PSA_ERROR_PROGRAMMER_ERROR);
    out[0] = (psa_outvec){ buf + 0, 1 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 1, out, 1), PSA_ERROR_PROGRAMMER_ERROR);
    /* An output overlapping another output. */
    out[0] = (psa_outvec){ buf + 32, 16 };
    out[1] = (psa_outvec){ buf + 47, 8 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out, 2), PSA_ERROR_PROGRAMMER_ERROR);
    /* Disjoint outputs: accepted (the refusal above set both lengths to 0). */
    out[0] = (psa_outvec){ buf + 32, 16 };
    out[1] = (psa_outvec){ buf + 48, 8 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out, 2), PSA_SUCCESS);
    assert_int_equal(out[0].len, 16);
    assert_int_equal(out[1].len, 4);
    /* Empty vectors own no bytes, whatever their base. */
    in[1] = (psa_invec){ buf, 0 };
    out[1] = (psa_outvec){ buf + 1, 0 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out, 2), PSA_SUCCESS);
}

static void test_address_wrap(void **state)
{
    (void)state;
    /* A range running off the end of the address space; never dereferenced. */
    psa_invec in = { (const void *)(UINTPTR_MAX - 3u), 8 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
}

static uint8_t big[CAI_SPM_MAX_CALL_BYTES + 2];

static void test_size_cap(void **state)
{
    (void)state;
    const size_t cap = CAI_SPM_MAX_CALL_BYTES;
    for (size_t i = 0; i < cap / 2; i++) {
        big[i] = (uint8_t)(i * 7u);
    }
    psa_invec in = { big, cap + 1 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, NULL, 0), PSA_ERROR_PROGRAMMER_ERROR);
    in.len = SIZE_MAX; /* would overflow any naive sum */
    psa_outvec out = { big + cap, 1 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, &out, 1), PSA_ERROR_PROGRAMMER_ERROR);
    /* Total just over the cap, each vector under it. */
    in = (psa_invec){ big, cap / 2 + 1 };
    out = (psa_outvec){ big + cap / 2 + 1, cap / 2 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, &out, 1), PSA_ERROR_PROGRAMMER_ERROR);
    /* Exactly at the cap: served, and echoed through 64-byte reads. */
    in.len = cap / 2;
    out = (psa_outvec){ big + cap / 2, cap / 2 };
    memset(big + cap / 2, 0, cap / 2);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, &in, 1, &out, 1), PSA_SUCCESS);
    assert_int_equal(out.len, cap / 2);
    assert_memory_equal(big, big + cap / 2, cap / 2);
}

/* psa_call_with_allowed_status_code: whatever the service returns (>= 0 or
 * < 0, even values the SPM itself uses) reaches the client unchanged. */
static void test_service_status_passes_through(void **state)
{
    (void)state;
    const int32_t statuses[] = {
        0, 1, 5, INT32_MAX, -1, -200, PSA_ERROR_GENERIC_ERROR, PSA_ERROR_PROGRAMMER_ERROR, INT32_MIN
    };
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        uint8_t b[4] = { (uint8_t)statuses[i], (uint8_t)((uint32_t)statuses[i] >> 8),
                         (uint8_t)((uint32_t)statuses[i] >> 16),
                         (uint8_t)((uint32_t)statuses[i] >> 24) };
        psa_invec in = { b, 4 };
        assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_RETURN_STATUS, &in, 1, NULL, 0),
                         statuses[i]);
    }
}

static void test_out_len_is_bytes_written(void **state)
{
    (void)state;
    const char *m0 = "hello, secure world";
    uint8_t o0[32], o1[8], o2[3];
    memset(o0, 0xEE, sizeof(o0));
    psa_invec in[2] = { { m0, strlen(m0) }, { NULL, 0 } };
    psa_outvec out[2] = { { o0, sizeof(o0) }, { o1, sizeof(o1) } };
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_ECHO, in, 2, out, 2), PSA_SUCCESS);
    assert_int_equal(out[0].len, strlen(m0));
    assert_memory_equal(o0, m0, strlen(m0));
    assert_int_equal(o0[strlen(m0)], 0xEE); /* nothing beyond what was written */
    assert_int_equal(out[1].len, 0);
    /* Too small: the service writes what fits and says so. */
    psa_outvec small = { o2, sizeof(o2) };
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_ECHO, in, 1, &small, 1),
                     PSA_ERROR_BUFFER_TOO_SMALL);
    assert_int_equal(small.len, 3);
    assert_memory_equal(o2, "hel", 3);
    /* Rejected before dispatch: nothing was written, and the length says so. */
    small.len = sizeof(o2);
    assert_int_equal(cai_spm_call(NS_A, echo, -5, in, 1, &small, 1), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(small.len, 0);
}

/* Every way a call can fail before a service runs leaves every out_vec[i].len
 * at 0, so a transport can send back exactly out[i].len bytes without
 * guessing from the status whether a service ran. */
static void test_out_len_zero_when_not_dispatched(void **state)
{
    (void)state;
    uint8_t in_buf[8] = { 0 }, o[5][8], overlap[16];
    psa_invec in[4] = { { in_buf, 4 }, { in_buf + 4, 4 }, { NULL, 0 }, { NULL, 0 } };
    psa_outvec out[5];
#define RESET_OUT()                                         \
    do {                                                    \
        for (size_t i_ = 0; i_ < 5; i_++) {                 \
            out[i_] = (psa_outvec){ o[i_], sizeof(o[i_]) }; \
        }                                                   \
    } while (0)
#define ASSERT_OUT_ZERO(n)                    \
    do {                                      \
        for (size_t i_ = 0; i_ < (n); i_++) { \
            assert_int_equal(out[i_].len, 0); \
        }                                     \
    } while (0)
    /* Negative type. */
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, echo, -1, in, 1, out, 3), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(3);
    /* Too many vectors (2 + 3 > 4), each count fine on its own. */
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 2, out, 3), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(3);
    /* An out count over PSA_MAX_IOVEC says nothing about the array's size:
     * the SPM clears the first PSA_MAX_IOVEC lengths and writes no further. */
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, echo, 0, NULL, 0, out, 5), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(PSA_MAX_IOVEC);
    assert_int_equal(out[4].len, sizeof(o[4]));
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 1, out, SIZE_MAX), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(PSA_MAX_IOVEC);
    /* Null, forged and another client's handle. */
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, PSA_NULL_HANDLE, 0, in, 1, out, 2),
                     PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, echo ^ 0x100, 0, in, 1, out, 2),
                     PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_B, echo, 0, in, 1, out, 2), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
    /* A stateless handle with no service behind it, or the wrong version. */
    RESET_OUT();
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(3, 1), 0, in, 1, out, 2),
                     PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
    RESET_OUT();
    assert_int_equal(
        cai_spm_call(NS_A, CAI_STATELESS_HANDLE(CAI_TEST_STATELESS_INDEX, 2), 0, in, 1, out, 2),
        PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
    /* Overlapping vectors, and a NULL base with a length. */
    RESET_OUT();
    psa_outvec ov[2] = { { overlap, 8 }, { overlap + 4, 8 } };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 1, ov, 2), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(ov[0].len, 0);
    assert_int_equal(ov[1].len, 0);
    RESET_OUT();
    out[1].base = NULL;
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 1, out, 2), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
    /* Over the size cap. */
    RESET_OUT();
    psa_outvec huge = { big, CAI_SPM_MAX_CALL_BYTES + 1 };
    assert_int_equal(cai_spm_call(NS_A, echo, 0, NULL, 0, &huge, 1), PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(huge.len, 0);
    /* Not booted: nothing is served, nothing written. */
    RESET_OUT();
    assert_int_equal(cai_spm_init(NULL), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_spm_call(NS_A, echo, 0, in, 1, out, 2), PSA_ERROR_PROGRAMMER_ERROR);
    ASSERT_OUT_ZERO(2);
#undef RESET_OUT
#undef ASSERT_OUT_ZERO
}

/* test_identity: the service sees who calls and the sizes the client gave. */
static void test_identity_and_sizes(void **state)
{
    (void)state;
    uint8_t a[5], b[7], info[CAI_TEST_INFO_LEN + 4], spare[9];
    psa_invec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
    psa_outvec out[2] = { { info, sizeof(info) }, { spare, sizeof(spare) } };
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_INFO, in, 2, out, 2), PSA_SUCCESS);
    assert_int_equal(out[0].len, CAI_TEST_INFO_LEN);
    assert_int_equal((int32_t)le32(info), NS_A);
    const uint32_t expect_in[4] = { 5, 7, 0, 0 };
    const uint32_t expect_out[4] = { sizeof(info), sizeof(spare), 0, 0 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(le32(info + 4 + 4 * i), expect_in[i]);
        assert_int_equal(le32(info + 20 + 4 * i), expect_out[i]);
    }
    /* A different NS client is told apart. */
    psa_handle_t hb = cai_spm_connect(NS_B, CAI_TEST_ECHO_SID, 1);
    out[0].len = sizeof(info);
    assert_int_equal(cai_spm_call(NS_B, hb, CAI_TEST_CALL_INFO, NULL, 0, out, 1), PSA_SUCCESS);
    assert_int_equal((int32_t)le32(info), NS_B);
}

/* The service writes one byte past out_vec[0]: the SPM stops that write
 * (nothing lands beyond the vector) and fails the call. */
static void test_psa_write_past_end(void **state)
{
    (void)state;
    uint8_t area[40];
    memset(area, 0x11, sizeof(area));
    psa_outvec out = { area + 8, 20 }; /* guard bytes on both sides */
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_WRITE_PAST_END, NULL, 0, &out, 1),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(out.len, 0);
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(area[i], 0x11);
    }
    for (size_t i = 28; i < sizeof(area); i++) {
        assert_int_equal(area[i], 0x11);
    }
    /* The connection is still usable afterwards. */
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_ECHO, NULL, 0, NULL, 0), PSA_SUCCESS);
}

static void test_psa_read_bad_index(void **state)
{
    (void)state;
    uint8_t b[4] = { 0 };
    psa_invec in = { b, 4 };
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_READ_BAD_INDEX, &in, 1, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
}

/* ---- stateless ----------------------------------------------------------- */

static void test_stateless_without_connect(void **state)
{
    (void)state;
    const char *m = "no connection needed";
    uint8_t o[32];
    psa_invec in = { m, strlen(m) };
    psa_outvec out = { o, sizeof(o) };
    assert_int_equal(
        cai_spm_call(NS_A, CAI_TEST_STATELESS_HANDLE, CAI_TEST_CALL_ECHO, &in, 1, &out, 1),
        PSA_SUCCESS);
    assert_int_equal(out.len, strlen(m));
    assert_memory_equal(o, m, strlen(m));
    /* Any NS client may use the same static handle. */
    out.len = sizeof(o);
    assert_int_equal(
        cai_spm_call(NS_B, CAI_TEST_STATELESS_HANDLE, CAI_TEST_CALL_ECHO, &in, 1, &out, 1),
        PSA_SUCCESS);
}

static void test_stateless_bad_handles(void **state)
{
    (void)state;
    const psa_handle_t bad[] = {
        CAI_STATELESS_HANDLE(CAI_TEST_STATELESS_INDEX, 2), /* STRICT version 1 */
        CAI_STATELESS_HANDLE(CAI_TEST_STATELESS_INDEX, 0),
        CAI_STATELESS_HANDLE(5, 1),                                  /* no such index */
        (psa_handle_t)((uint32_t)CAI_TEST_STATELESS_HANDLE | 0x20u), /* reserved bits */
        (psa_handle_t)((uint32_t)CAI_TEST_STATELESS_HANDLE | 0x10000u),
        (psa_handle_t)((uint32_t)CAI_TEST_STATELESS_HANDLE | 0x20000000u),
        (psa_handle_t)((uint32_t)CAI_TEST_STATELESS_HANDLE | 0x80000000u), /* negative */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(cai_spm_call(NS_A, bad[i], CAI_TEST_CALL_ECHO, NULL, 0, NULL, 0),
                         PSA_ERROR_PROGRAMMER_ERROR);
    }
    assert_int_equal(cai_spm_close(NS_A, CAI_TEST_STATELESS_HANDLE), PSA_ERROR_PROGRAMMER_ERROR);
}

#define SP    ((int32_t)0x301)
#define OTHER ((int32_t)0x302)
static const cai_partition_t sl_parts[] = { { .name = "SP", .id = SP },
                                            { .name = "OTHER", .id = OTHER } };
static const int32_t sl_clients[] = { OTHER };
static const cai_service_t sl_svcs[] = {
    { .name = "SL_SECURE",
      .sid = 0x400,
      .version = 1,
      .connection_based = false,
      .stateless_index = 1,
      .non_secure_clients = false,
      .secure_clients = sl_clients,
      .n_secure_clients = 1,
      .partition_id = SP,
      .sfn = rec_sfn },
    { .name = "SL_RELAXED",
      .sid = 0x401,
      .version = 9,
      .version_policy = CAI_VERSION_POLICY_RELAXED,
      .connection_based = false,
      .stateless_index = 2,
      .non_secure_clients = true,
      .partition_id = SP,
      .sfn = rec_sfn },
};
static const cai_manifest_t sl_man = { sl_parts, 2, sl_svcs, 2 };

static void test_stateless_authorization_and_policy(void **state)
{
    (void)state;
    rec_reset();
    assert_int_equal(cai_spm_init(&sl_man), PSA_SUCCESS);
    /* Unauthorized caller on a stateless handle: refused (not a programmer
     * error), whatever the version it asks for. */
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_call(SP, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(rec_n, 0);
    assert_int_equal(cai_spm_call(OTHER, CAI_STATELESS_HANDLE(1, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    /* The vector count is checked before the handle (as TF-M does): too
     * many vectors is a programmer error even where the caller would be
     * refused. */
    psa_invec five[5] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), 0, five, 5, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(1, 1), -1, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    /* RELAXED: versions up to 9. */
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(2, 9), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(2, 1), 0, NULL, 0, NULL, 0),
                     PSA_SUCCESS);
    assert_int_equal(cai_spm_call(NS_A, CAI_STATELESS_HANDLE(2, 10), 0, NULL, 0, NULL, 0),
                     PSA_ERROR_PROGRAMMER_ERROR);
    /* A stateless service only ever sees calls, never CONNECT/DISCONNECT,
     * and has no rhandle. */
    assert_int_equal(rec_n, 3);
    for (size_t i = 0; i < rec_n; i++) {
        assert_int_equal(rec_log[i].type, 0);
        assert_null(rec_log[i].rhandle);
    }
    assert_int_equal(rec_log[0].client_id, OTHER);
    assert_int_equal(rec_log[1].client_id, NS_A);
    /* Unknown SID and unauthorized look the same to psa_version and connect. */
    assert_int_equal(cai_spm_version(NS_A, 0x400), PSA_VERSION_NONE);
    assert_int_equal(cai_spm_connect(NS_A, 0x400, 1), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(cai_spm_connect(NS_A, 0x401, 1), PSA_ERROR_PROGRAMMER_ERROR);
}

/* ---- secure client through the real test partition ------------------------ */

/* The NS side cannot reach CAI_TEST_SECURE_ONLY, but CAI_TEST_ECHO may, and
 * the secure-only service sees the test partition as its caller. */
static void test_nested_secure_call(void **state)
{
    (void)state;
    uint8_t o[4] = { 0 };
    psa_outvec out = { o, sizeof(o) };
    assert_int_equal(cai_spm_call(NS_A, echo, CAI_TEST_CALL_SECURE_CLIENT, NULL, 0, &out, 1),
                     PSA_SUCCESS);
    assert_int_equal(out.len, 4);
    assert_int_equal((int32_t)le32(o), CAI_TEST_PARTITION_ID);
    assert_int_equal(cai_spm_current_partition(), 0);
    /* ... while the NS side itself still cannot connect to it. */
    assert_int_equal(cai_spm_connect(NS_A, CAI_TEST_SECURE_ONLY_SID, 1),
                     PSA_ERROR_CONNECTION_REFUSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_negative_type, setup),
        cmocka_unit_test_setup(test_null_handle, setup),
        cmocka_unit_test_setup(test_too_many_vectors, setup),
        cmocka_unit_test_setup(test_null_arrays_and_bases, setup),
        cmocka_unit_test_setup(test_overlap, setup),
        cmocka_unit_test_setup(test_address_wrap, setup),
        cmocka_unit_test_setup(test_size_cap, setup),
        cmocka_unit_test_setup(test_service_status_passes_through, setup),
        cmocka_unit_test_setup(test_out_len_is_bytes_written, setup),
        cmocka_unit_test_setup(test_out_len_zero_when_not_dispatched, setup),
        cmocka_unit_test_setup(test_identity_and_sizes, setup),
        cmocka_unit_test_setup(test_psa_write_past_end, setup),
        cmocka_unit_test_setup(test_psa_read_bad_index, setup),
        cmocka_unit_test_setup(test_stateless_without_connect, setup),
        cmocka_unit_test_setup(test_stateless_bad_handles, setup),
        cmocka_unit_test(test_stateless_authorization_and_policy),
        cmocka_unit_test_setup(test_nested_secure_call, setup),
    };
    return cmocka_run_group_tests_name("spm.call", tests, NULL, NULL);
}
