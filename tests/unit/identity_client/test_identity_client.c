/* SPDX-License-Identifier: Apache-2.0 */
/* The identity client wrappers (cai/identity_client.h) against a scripted
 * psa_call: what each sends, what it accepts back, and that nothing of a
 * failed or malformed answer reaches the caller. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/identity_client.h"
#include "fake_psa.h"

#define HANDLE ((psa_handle_t)0x40000100)

static int reset(void **state)
{
    (void)state;
    memset(&g_fake, 0, sizeof(g_fake));
    g_fake.version = 1;
    return 0;
}

static void answer(psa_status_t st, const void *data, size_t len)
{
    g_fake.status = st;
    memcpy(g_fake.reply[0], data, len);
    g_fake.reply_len[0] = len;
}

static uint32_t sent_key_id(void)
{
    assert_true(g_fake.n_in >= 1);
    assert_int_equal(g_fake.in_len[0], 4);
    const uint8_t *p = g_fake.in[0];
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void test_handle(void **state)
{
    (void)state;
    assert_int_equal(cai_identity_handle(), HANDLE);
}

static void test_uuid(void **state)
{
    (void)state;
    uint8_t want[16], got[16];
    for (int i = 0; i < 16; i++) {
        want[i] = (uint8_t)(i + 1);
    }
    answer(PSA_SUCCESS, want, 16);
    assert_int_equal(cai_identity_uuid(got), PSA_SUCCESS);
    assert_memory_equal(got, want, 16);
    assert_int_equal(g_fake.handle, HANDLE);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_UUID);
    assert_int_equal(g_fake.n_in, 0);
    assert_int_equal(g_fake.n_out, 1);
    assert_int_equal(g_fake.out_cap[0], 16);
    /* A short answer breaks the contract; nothing of it is left. */
    answer(PSA_SUCCESS, want, 15);
    assert_int_equal(cai_identity_uuid(got), PSA_ERROR_GENERIC_ERROR);
    uint8_t zero[16] = { 0 };
    assert_memory_equal(got, zero, 16);
    answer(PSA_ERROR_COMMUNICATION_FAILURE, want, 16);
    assert_int_equal(cai_identity_uuid(got), PSA_ERROR_COMMUNICATION_FAILURE);
    assert_memory_equal(got, zero, 16);
    assert_int_equal(cai_identity_uuid(NULL), PSA_ERROR_INVALID_ARGUMENT);
}

static void test_absent_service(void **state)
{
    (void)state;
    uint8_t u[16];
    /* The SPM answers a static handle nobody serves as a programmer error;
     * psa_version tells that apart. */
    answer(PSA_ERROR_PROGRAMMER_ERROR, "", 0);
    g_fake.version = PSA_VERSION_NONE;
    assert_int_equal(cai_identity_uuid(u), PSA_ERROR_CONNECTION_REFUSED);
    assert_int_equal(g_fake.version_sid, 0x100);
    g_fake.version = 1;
    assert_int_equal(cai_identity_uuid(u), PSA_ERROR_PROGRAMMER_ERROR);
}

static void test_public(void **state)
{
    (void)state;
    uint8_t pt[65], got[65];
    memset(pt, 0xab, sizeof(pt));
    pt[0] = 0x04;
    answer(PSA_SUCCESS, pt, 65);
    assert_int_equal(cai_identity_public(0x5002, got), PSA_SUCCESS);
    assert_memory_equal(got, pt, 65);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_PUBLIC);
    assert_int_equal(sent_key_id(), 0x5002);
    assert_int_equal(g_fake.n_in, 1);
    pt[0] = 0x02; /* compressed: not what the contract says */
    answer(PSA_SUCCESS, pt, 65);
    assert_int_equal(cai_identity_public(0x5002, got), PSA_ERROR_GENERIC_ERROR);
    answer(PSA_SUCCESS, pt, 33);
    assert_int_equal(cai_identity_public(0x5002, got), PSA_ERROR_GENERIC_ERROR);
    answer(PSA_ERROR_INVALID_ARGUMENT, pt, 0);
    assert_int_equal(cai_identity_public(0x6000, got), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(sent_key_id(), 0x6000); /* the SPE decides about ids */
}

static void test_csr(void **state)
{
    (void)state;
    uint8_t der[CAI_IDENTITY_CSR_MAX];
    size_t len = 99;
    answer(PSA_SUCCESS, "\x30\x03\x02\x01\x00", 5);
    assert_int_equal(cai_identity_csr(0x5001, NULL, der, sizeof(der), &len), PSA_SUCCESS);
    assert_int_equal(len, 5);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_CSR);
    assert_int_equal(g_fake.n_in, 1); /* no org: the default */
    assert_int_equal(g_fake.out_cap[0], sizeof(der));
    assert_int_equal(cai_identity_csr(0x5001, "", der, sizeof(der), &len), PSA_SUCCESS);
    assert_int_equal(g_fake.n_in, 1);
    assert_int_equal(cai_identity_csr(0x5001, "Acme Inc", der, sizeof(der), &len), PSA_SUCCESS);
    assert_int_equal(g_fake.n_in, 2);
    assert_int_equal(g_fake.in_len[1], 8); /* no NUL */
    assert_memory_equal(g_fake.in[1], "Acme Inc", 8);
    /* Organisations the service would refuse never leave. */
    char long_org[66];
    memset(long_org, 'o', 65);
    long_org[65] = '\0';
    int calls = g_fake.calls;
    assert_int_equal(cai_identity_csr(0x5001, long_org, der, sizeof(der), &len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(len, 0);
    assert_int_equal(cai_identity_csr(0x5001, "caf\xc3\xa9", der, sizeof(der), &len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_identity_csr(0x5001, "a\tb", der, sizeof(der), &len),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(g_fake.calls, calls);
    long_org[64] = '\0';
    assert_int_equal(cai_identity_csr(0x5001, long_org, der, sizeof(der), &len), PSA_SUCCESS);
    /* Argument checks. */
    assert_int_equal(cai_identity_csr(0x5001, NULL, NULL, 10, &len), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_identity_csr(0x5001, NULL, der, 0, &len), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_identity_csr(0x5001, NULL, der, sizeof(der), NULL),
                     PSA_ERROR_INVALID_ARGUMENT);
    /* Success without a byte, or a failure: length 0, buffer cleared. */
    answer(PSA_SUCCESS, "", 0);
    assert_int_equal(cai_identity_csr(0x5001, NULL, der, sizeof(der), &len),
                     PSA_ERROR_GENERIC_ERROR);
    assert_int_equal(len, 0);
    answer(PSA_ERROR_BUFFER_TOO_SMALL, "\x30\x03", 2);
    assert_int_equal(cai_identity_csr(0x5001, NULL, der, 2, &len), PSA_ERROR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(der[0], 0);
}

static void test_cert_get_set(void **state)
{
    (void)state;
    uint8_t der[CAI_IDENTITY_CERT_MAX];
    size_t len;
    answer(PSA_ERROR_DOES_NOT_EXIST, "", 0);
    assert_int_equal(cai_identity_cert_get(0x5003, der, sizeof(der), &len),
                     PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(len, 0);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_CERT_GET);
    assert_int_equal(sent_key_id(), 0x5003);
    answer(PSA_SUCCESS, "\x30\x00", 2);
    assert_int_equal(cai_identity_cert_get(0x5003, der, sizeof(der), &len), PSA_SUCCESS);
    assert_int_equal(len, 2);

    static uint8_t cert[CAI_IDENTITY_CERT_MAX + 1];
    answer(PSA_SUCCESS, "", 0);
    assert_int_equal(cai_identity_cert_set(0x5001, cert, 100), PSA_SUCCESS);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_CERT_SET);
    assert_int_equal(g_fake.n_in, 2);
    assert_int_equal(g_fake.n_out, 0);
    assert_int_equal(g_fake.in_len[1], 100);
    assert_int_equal(cai_identity_cert_set(0x5001, cert, CAI_IDENTITY_CERT_MAX), PSA_SUCCESS);
    int calls = g_fake.calls;
    assert_int_equal(cai_identity_cert_set(0x5001, cert, CAI_IDENTITY_CERT_MAX + 1),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_identity_cert_set(0x5001, cert, 0), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_identity_cert_set(0x5001, NULL, 10), PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(g_fake.calls, calls);
    answer(PSA_ERROR_INVALID_ARGUMENT, "", 0);
    assert_int_equal(cai_identity_cert_set(0x5001, cert, 10), PSA_ERROR_INVALID_ARGUMENT);
}

/* A KEY_STATUS answer: id, flags, notAfter, serial. */
static size_t status_raw(uint8_t raw[49], uint32_t id, uint32_t flags, const char *not_after,
                         const uint8_t *serial, uint8_t serial_len)
{
    memset(raw, 0, 49);
    for (int i = 0; i < 4; i++) {
        raw[i] = (uint8_t)(id >> (8 * i));
        raw[4 + i] = (uint8_t)(flags >> (8 * i));
    }
    if (not_after != NULL) {
        memcpy(raw + 8, not_after, 20);
    }
    raw[28] = serial_len;
    if (serial_len <= 20 && serial != NULL) {
        memcpy(raw + 29, serial, serial_len);
    }
    return 49;
}

static void test_key_status(void **state)
{
    (void)state;
    uint8_t raw[49];
    cai_identity_key_status_t st;
    const uint8_t serial[3] = { 0x01, 0x02, 0x03 };

    answer(PSA_SUCCESS, raw, status_raw(raw, 0x5001, CAI_IDENTITY_KEY_DERIVED, NULL, NULL, 0));
    assert_int_equal(cai_identity_key_status(0x5001, &st), PSA_SUCCESS);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_KEY_STATUS);
    assert_int_equal(sent_key_id(), 0x5001);
    assert_true(st.derived);
    assert_false(st.has_cert);
    assert_string_equal(st.not_after, "");
    assert_int_equal(st.serial_len, 0);

    status_raw(raw, 0x5002, CAI_IDENTITY_KEY_DERIVED | CAI_IDENTITY_KEY_HAS_CERT,
               "2027-12-01T22:09:15Z", serial, 3);
    answer(PSA_SUCCESS, raw, 49);
    assert_int_equal(cai_identity_key_status(0x5002, &st), PSA_SUCCESS);
    assert_true(st.has_cert);
    assert_string_equal(st.not_after, "2027-12-01T22:09:15Z");
    assert_int_equal(st.serial_len, 3);
    assert_memory_equal(st.serial, serial, 3);

    /* Each contract break is refused and leaves a zeroed status. */
    struct {
        uint32_t id, flags;
        const char *na;
        uint8_t slen;
        size_t len;
    } bad[] = {
        { 0x5003, 1, NULL, 0, 49 },                     /* another key's answer */
        { 0x5002, 1, NULL, 0, 48 },                     /* short */
        { 0x5002, 3, "2027-12-01 22:09:15Z", 3, 49 },   /* bad time shape */
        { 0x5002, 3, "2027-12-01T22:09:15Z", 21, 49 },  /* serial too long */
        { 0x5002, 3, "2027-12-01T22:09:15Z", 0, 49 },   /* certificate without serial */
        { 0x5002, 1, "2027-12-01T22:09:15Z", 0, 49 },   /* expiry without certificate */
        { 0x5002, 1, NULL, 3, 49 },                     /* serial without certificate */
        { 0x5002, 3, "2027-12-01T22:09:15Z\0", 3, 49 }, /* fine: control case */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        status_raw(raw, bad[i].id, bad[i].flags, bad[i].na, serial, bad[i].slen);
        answer(PSA_SUCCESS, raw, bad[i].len);
        psa_status_t ps = cai_identity_key_status(0x5002, &st);
        if (i + 1 == sizeof(bad) / sizeof(bad[0])) {
            assert_int_equal(ps, PSA_SUCCESS);
            continue;
        }
        assert_int_equal(ps, PSA_ERROR_GENERIC_ERROR);
        assert_false(st.has_cert);
        assert_int_equal(st.key_id, 0);
    }
    /* Padding after the serial must be zero. */
    status_raw(raw, 0x5002, 3, "2027-12-01T22:09:15Z", serial, 3);
    raw[29 + 3] = 1;
    assert_int_equal(cai_identity_key_status_decode(raw, &st), -1);
    assert_int_equal(cai_identity_key_status(0x5002, NULL), PSA_ERROR_INVALID_ARGUMENT);
}

static void test_sign_tls_digest(void **state)
{
    (void)state;
    uint8_t digest[32] = { 1 }, sig[64], want[64];
    memset(want, 0x5a, sizeof(want));
    answer(PSA_SUCCESS, want, 64);
    assert_int_equal(cai_identity_sign_tls_digest(digest, sig), PSA_SUCCESS);
    assert_memory_equal(sig, want, 64);
    assert_int_equal(g_fake.type, CAI_IDENTITY_CALL_SIGN_TLS_DIGEST);
    assert_int_equal(g_fake.in_len[0], 32);
    answer(PSA_SUCCESS, want, 63);
    assert_int_equal(cai_identity_sign_tls_digest(digest, sig), PSA_ERROR_GENERIC_ERROR);
    answer(PSA_ERROR_NOT_PERMITTED, want, 0);
    assert_int_equal(cai_identity_sign_tls_digest(digest, sig), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(cai_identity_sign_tls_digest(NULL, sig), PSA_ERROR_INVALID_ARGUMENT);
}

static void test_key_names(void **state)
{
    (void)state;
    const cai_identity_key_info_t *k;
    const struct {
        const char *s;
        uint32_t id;
    } good[] = {
        { "tls", 0x5001 },     { "TLS", 0x5001 },      { "sign", 0x5002 },
        { "Encrypt", 0x5003 }, { "5001", 0x5001 },     { "0x5002", 0x5002 },
        { "0X5003", 0x5003 },  { "00005001", 0x5001 }, { "0x0005003", 0x5003 },
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_int_equal(cai_identity_key_parse(good[i].s, &k), 0);
        assert_int_equal(k->id, good[i].id);
    }
    const char *bad[] = { "",      "0x",    "5004",  "0x5000",    "tls ",        " tls", "5001h",
                          "-5001", "+5001", "x5001", "000005001", "0x100005001", "signs" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(cai_identity_key_parse(bad[i], &k), -1);
        assert_null(k);
    }
    assert_int_equal(cai_identity_keys_count, 3);
    assert_string_equal(cai_identity_key_find(0x5002)->label, "HUK_COSE_EC_PRIV_KEY");
    assert_null(cai_identity_key_find(0x5004));
    char u[CAI_IDENTITY_UUID_STR_LEN];
    const uint8_t uuid[16] = { 0xcc, 0x85, 0x8d, 0xdf, 0x19, 0xe0, 0x4e, 0xce,
                               0x96, 0x52, 0xe2, 0xc3, 0x77, 0x70, 0x1a, 0x3a };
    cai_identity_uuid_format(uuid, u);
    assert_string_equal(u, "cc858ddf-19e0-4ece-9652-e2c377701a3a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_handle, reset),
        cmocka_unit_test_setup(test_uuid, reset),
        cmocka_unit_test_setup(test_absent_service, reset),
        cmocka_unit_test_setup(test_public, reset),
        cmocka_unit_test_setup(test_csr, reset),
        cmocka_unit_test_setup(test_cert_get_set, reset),
        cmocka_unit_test_setup(test_key_status, reset),
        cmocka_unit_test_setup(test_sign_tls_digest, reset),
        cmocka_unit_test_setup(test_key_names, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
