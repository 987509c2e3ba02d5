/* SPDX-License-Identifier: Apache-2.0 */
/* cai_x509: argument and buffer rules, signer failures, error names. The
 * encoding itself is checked against python3-cryptography and openssl in
 * tests/oracle/x509. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cai_test/psa_standard.h"

#include "cai/x509.h"

static const uint8_t PRIV[CAI_P256_PRIV_LEN] = {
    0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
    0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
};
static uint8_t g_pub[CAI_P256_PUB_LEN];
static const cai_x509_name_t SUBJECT = { "cai", "5a3c6e1f-8b2d-4e7a-9c01-23456789abcd",
                                         "HUK_COSE_EC_PRIV_KEY" };

typedef struct {
    int calls;
    psa_status_t status; /* what sign returns */
    bool zero_signature; /* write r = s = 0: not a valid ECDSA value */
    bool other_key;      /* sign with a key that is not the request's */
} signer_t;

static psa_status_t test_sign(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                              uint8_t sig[CAI_P256_SIG_LEN])
{
    signer_t *s = ctx;
    s->calls++;
    if (s->zero_signature) {
        memset(sig, 0, CAI_P256_SIG_LEN);
        return PSA_SUCCESS;
    }
    if (s->status != PSA_SUCCESS) {
        return s->status;
    }
    if (s->other_key) {
        uint8_t other[CAI_P256_PRIV_LEN];
        memcpy(other, PRIV, sizeof(other));
        other[31] ^= 1;
        return cai_ecdsa_p256_sign_hash(other, digest, sig);
    }
    return cai_ecdsa_p256_sign_hash(PRIV, digest, sig);
}

static int setup(void **state)
{
    (void)state;
    return cai_p256_public_from_private(PRIV, g_pub) == PSA_SUCCESS ? 0 : -1;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

static void test_csr_signs_once(void **state)
{
    (void)state;
    signer_t s = { 0, PSA_SUCCESS, false, false };
    uint8_t out[CAI_X509_CSR_MAX];
    size_t len = 0;
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &s, out, sizeof(out), &len),
                     CAI_X509_OK);
    assert_int_equal(s.calls, 1);
    assert_true(len > 200 && len <= CAI_X509_CSR_MAX);
    assert_int_equal(out[0], 0x30);
}

static void test_csr_every_short_buffer(void **state)
{
    (void)state;
    signer_t s = { 0, PSA_SUCCESS, false, false };
    uint8_t out[CAI_X509_CSR_MAX];
    size_t need = 0;
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &s, out, sizeof(out), &need),
                     CAI_X509_OK);
    for (size_t cap = 0; cap < need; cap++) {
        uint8_t buf[CAI_X509_CSR_MAX + 1];
        memset(buf, 0xa5, sizeof(buf));
        size_t len = 99;
        assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &s, buf, cap, &len),
                         CAI_X509_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 0);
        assert_true(all_zero(buf, cap));  /* nothing partial left */
        assert_int_equal(buf[cap], 0xa5); /* nothing past cap */
    }
}

static void test_csr_signer_failures(void **state)
{
    (void)state;
    uint8_t out[CAI_X509_CSR_MAX];
    size_t len = 99;
    signer_t fail = { 0, PSA_ERROR_NOT_PERMITTED, false, false };
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &fail, out, sizeof(out), &len),
                     CAI_X509_ERR_SIGN_FAILED);
    assert_int_equal(fail.calls, 1);
    assert_int_equal(len, 0);
    assert_true(all_zero(out, sizeof(out)));
    signer_t zero = { 0, PSA_SUCCESS, true, false };
    len = 99;
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &zero, out, sizeof(out), &len),
                     CAI_X509_ERR_SIGN_FAILED);
    assert_int_equal(len, 0);
    signer_t other = { 0, PSA_SUCCESS, false, true };
    len = 99;
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &other, out, sizeof(out), &len),
                     CAI_X509_ERR_SIGN_FAILED);
    assert_int_equal(len, 0);
    assert_true(all_zero(out, sizeof(out)));
}

static void test_csr_arguments(void **state)
{
    (void)state;
    signer_t s = { 0, PSA_SUCCESS, false, false };
    uint8_t out[CAI_X509_CSR_MAX];
    size_t len;
    uint8_t compressed[CAI_P256_PUB_LEN];
    memcpy(compressed, g_pub, sizeof(compressed));
    compressed[0] = 0x02;
    cai_x509_name_t no_org = { NULL, SUBJECT.cn, SUBJECT.ou };
    assert_int_equal(cai_x509_csr_write(NULL, g_pub, test_sign, &s, out, sizeof(out), &len),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_csr_write(&no_org, g_pub, test_sign, &s, out, sizeof(out), &len),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_csr_write(&SUBJECT, NULL, test_sign, &s, out, sizeof(out), &len),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(
        cai_x509_csr_write(&SUBJECT, compressed, test_sign, &s, out, sizeof(out), &len),
        CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, NULL, &s, out, sizeof(out), &len),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &s, NULL, 0, &len),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_csr_write(&SUBJECT, g_pub, test_sign, &s, out, sizeof(out), NULL),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(s.calls, 0);
}

static void test_cert_check_arguments(void **state)
{
    (void)state;
    uint8_t der[8] = { 0 };
    cai_x509_cert_info_t info;
    memset(&info, 0x5a, sizeof(info));
    assert_int_equal(cai_x509_cert_check(NULL, 0, g_pub, "x", &info),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_true(all_zero((const uint8_t *)&info, sizeof(info)));
    assert_int_equal(cai_x509_cert_check(der, sizeof(der), NULL, "x", NULL),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_cert_check(der, sizeof(der), g_pub, NULL, NULL),
                     CAI_X509_ERR_INVALID_ARGUMENT);
    assert_int_equal(cai_x509_cert_check(der, CAI_X509_CERT_MAX + 1, g_pub, "x", NULL),
                     CAI_X509_ERR_TOO_LARGE);
}

static void test_errors_named_and_mapped(void **state)
{
    (void)state;
    for (int e = CAI_X509_OK; e >= CAI_X509_ERR_TOO_LARGE; e--) {
        const char *name = cai_x509_strerror((cai_x509_err_t)e);
        assert_string_not_equal(name, "unknown error");
        psa_status_t st = cai_x509_to_psa((cai_x509_err_t)e);
        if (e == CAI_X509_OK) {
            assert_int_equal(st, PSA_SUCCESS);
        } else {
            assert_true(cai_test_is_standard_psa(st));
            assert_true(st != PSA_SUCCESS);
        }
    }
    assert_string_equal(cai_x509_strerror((cai_x509_err_t)-99), "unknown error");
    assert_int_equal(cai_x509_to_psa((cai_x509_err_t)-99), PSA_ERROR_GENERIC_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csr_signs_once), /* verified by tests/oracle/x509 */
        cmocka_unit_test(test_csr_every_short_buffer),  cmocka_unit_test(test_csr_signer_failures),
        cmocka_unit_test(test_csr_arguments),           cmocka_unit_test(test_cert_check_arguments),
        cmocka_unit_test(test_errors_named_and_mapped),
    };
    if (cai_crypto_init() != PSA_SUCCESS) {
        return 1;
    }
    return cmocka_run_group_tests(tests, setup, NULL);
}
