/* SPDX-License-Identifier: Apache-2.0 */
/* cai/pem.h: base64 (RFC 4648 §10 vectors, strictness), PEM both ways, the
 * P-256 SubjectPublicKeyInfo, the outer DER length check; never a byte past
 * the caller's capacity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cai/pem.h"

static void test_base64_vectors(void **state)
{
    (void)state;
    const char *plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
    const char *b64[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
    for (size_t i = 0; i < 7; i++) {
        char out[16];
        size_t n;
        size_t pl = strlen(plain[i]);
        assert_int_equal(cai_base64_encode((const uint8_t *)plain[i], pl, out, sizeof(out), &n),
                         CAI_PEM_OK);
        assert_string_equal(out, b64[i]);
        assert_int_equal(n, CAI_BASE64_LEN(pl));
        /* Exactly enough room, and one byte less. */
        assert_int_equal(cai_base64_encode((const uint8_t *)plain[i], pl, out, n + 1, &n),
                         CAI_PEM_OK);
        assert_int_equal(cai_base64_encode((const uint8_t *)plain[i], pl, out, n, &n),
                         CAI_PEM_ERR_BUFFER_TOO_SMALL);
        uint8_t back[16];
        assert_int_equal(cai_base64_decode(b64[i], strlen(b64[i]), back, sizeof(back), &n),
                         CAI_PEM_OK);
        assert_int_equal(n, pl);
        assert_memory_equal(back, plain[i], pl);
    }
}

static void test_base64_strict(void **state)
{
    (void)state;
    const char *bad[] = {
        "Zg=",      /* not a multiple of 4 */
        "Zg",       /* no padding */
        "Zh==",     /* unused bits set (non-canonical) */
        "Zm9=",     /* unused bits set */
        "Z===",     /* too much padding */
        "====",     /* only padding */
        "Zg==Zg==", /* data after padding */
        "Zm=v",     /* padding inside */
        "Zm9v\n",   /* whitespace */
        "Zm 9v",    /* whitespace */
        "Zm9-",     /* base64url alphabet */
        "Zm9_",     /* base64url alphabet */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t out[16];
        size_t n = 7;
        assert_int_equal(cai_base64_decode(bad[i], strlen(bad[i]), out, sizeof(out), &n),
                         CAI_PEM_ERR_BASE64);
        assert_int_equal(n, 0);
    }
    uint8_t small[2];
    size_t n;
    assert_int_equal(cai_base64_decode("Zm9v", 4, small, sizeof(small), &n),
                     CAI_PEM_ERR_BUFFER_TOO_SMALL);
    /* Every byte value round-trips. */
    uint8_t all[256], back[256];
    char text[CAI_BASE64_LEN(256) + 1];
    for (int i = 0; i < 256; i++) {
        all[i] = (uint8_t)i;
    }
    assert_int_equal(cai_base64_encode(all, 256, text, sizeof(text), &n), CAI_PEM_OK);
    assert_int_equal(cai_base64_decode(text, n, back, sizeof(back), &n), CAI_PEM_OK);
    assert_int_equal(n, 256);
    assert_memory_equal(back, all, 256);
}

static const uint8_t k_point[65] = {
    0x04, 0xc3, 0x7e, 0x13, 0x30, 0x6b, 0x00, 0xa5, 0x66, 0xd6, 0xca, 0x69, 0x9c,
    0x3f, 0x54, 0x96, 0xd8, 0xa2, 0x7f, 0xaf, 0xb5, 0xf8, 0x06, 0x6a, 0xa5, 0xc3,
    0xf8, 0x91, 0x49, 0x55, 0x40, 0x46, 0x44, 0xa0, 0x24, 0x66, 0x2e, 0x9d, 0x90,
    0x59, 0x7d, 0x1f, 0x3b, 0xf4, 0xa3, 0xa6, 0x60, 0x6d, 0xfd, 0xf4, 0x29, 0x0c,
    0xd9, 0xfa, 0x91, 0xb3, 0x8f, 0x71, 0xe8, 0x9d, 0x22, 0x0d, 0xcc, 0x27, 0x92,
};

/* The same key as openssl prints it (openssl ec -pubout). */
static const char k_pem[] = "-----BEGIN PUBLIC KEY-----\n"
                            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEw34TMGsApWbWymmcP1SW2KJ/r7X4\n"
                            "Bmqlw/iRSVVARkSgJGYunZBZfR879KOmYG399CkM2fqRs49x6J0iDcwnkg==\n"
                            "-----END PUBLIC KEY-----\n";

static void test_spki_pem(void **state)
{
    (void)state;
    uint8_t spki[CAI_P256_SPKI_LEN];
    assert_int_equal(cai_p256_spki(k_point, spki), CAI_PEM_OK);
    assert_memory_equal(spki + CAI_P256_SPKI_PREFIX_LEN, k_point, 65);
    assert_int_equal(cai_der_check_sequence(spki, sizeof(spki)), CAI_PEM_OK);
    char pem[256];
    size_t n;
    assert_int_equal(cai_pem_encode("PUBLIC KEY", spki, sizeof(spki), pem, sizeof(pem), &n),
                     CAI_PEM_OK);
    assert_string_equal(pem, k_pem);
    assert_int_equal(n, strlen(k_pem));
    assert_int_equal(n, cai_pem_encoded_len("PUBLIC KEY", sizeof(spki)));
    assert_int_equal(cai_pem_encode("PUBLIC KEY", spki, sizeof(spki), pem, n, &n),
                     CAI_PEM_ERR_BUFFER_TOO_SMALL);
    uint8_t bad[65];
    memcpy(bad, k_point, 65);
    bad[0] = 0x02;
    assert_int_equal(cai_p256_spki(bad, spki), CAI_PEM_ERR_ARG);
}

static void test_pem_decode(void **state)
{
    (void)state;
    uint8_t der[128];
    size_t n;
    assert_int_equal(cai_pem_decode(k_pem, strlen(k_pem), "PUBLIC KEY", der, sizeof(der), &n),
                     CAI_PEM_OK);
    assert_int_equal(n, CAI_P256_SPKI_LEN);
    assert_memory_equal(der + CAI_P256_SPKI_PREFIX_LEN, k_point, 65);

    /* Explanatory text around it, CRLF lines, other blocks first. */
    char text[1024];
    snprintf(text, sizeof(text),
             "# tls 0x5001\r\nsome words\n-----BEGIN CERTIFICATE-----\nZm9v\n"
             "-----END CERTIFICATE-----\n%s-- trailing words",
             k_pem);
    assert_int_equal(cai_pem_decode(text, strlen(text), "PUBLIC KEY", der, sizeof(der), &n),
                     CAI_PEM_OK);
    assert_int_equal(n, CAI_P256_SPKI_LEN);
    assert_int_equal(cai_pem_decode(text, strlen(text), "CERTIFICATE", der, sizeof(der), &n),
                     CAI_PEM_OK);
    assert_int_equal(n, 3);

    const struct {
        const char *text;
        cai_pem_err_t want;
    } cases[] = {
        { "no pem here", CAI_PEM_ERR_NO_BEGIN },
        { " -----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----\n", CAI_PEM_ERR_NO_BEGIN },
        { "-----BEGIN CERTIFICATE-----\r\nZm9v\r\n-----END CERTIFICATE-----\r\n", CAI_PEM_OK },
        { "-----BEGIN CERTIFICATE-----\nZm9v\n", CAI_PEM_ERR_NO_END },
        { "-----BEGIN CERTIFICATE-----\nZm9v", CAI_PEM_ERR_NO_END },
        { "-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERT", CAI_PEM_ERR_NO_END },
        { "-----BEGIN CERTIFICATE-----\nZm9v\n-----END PUBLIC KEY-----\n", CAI_PEM_ERR_NO_END },
        { "-----BEGIN CERTIFICATE-----\nZm9v-----END CERTIFICATE-----\n", CAI_PEM_ERR_BASE64 },
        { "-----BEGIN CERTIFICATE-----\nZm*v\n-----END CERTIFICATE-----\n", CAI_PEM_ERR_BASE64 },
        { "-----BEGIN CERTIFICATE-----\nZm9\n-----END CERTIFICATE-----\n", CAI_PEM_ERR_BASE64 },
        { "-----BEGIN CERTIFICATE----- x\nZm9v\n-----END CERTIFICATE-----\n", CAI_PEM_ERR_BASE64 },
        { "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", CAI_PEM_ERR_EMPTY },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        n = 99;
        cai_pem_err_t e =
            cai_pem_decode(cases[i].text, strlen(cases[i].text), "CERTIFICATE", der, 3, &n);
        assert_int_equal(e, cases[i].want);
        assert_int_equal(n, e == CAI_PEM_OK ? 3 : 0);
    }
    /* Too small for the content. */
    assert_int_equal(cai_pem_decode(k_pem, strlen(k_pem), "PUBLIC KEY", der, 90, &n),
                     CAI_PEM_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
}

static void test_der_check(void **state)
{
    (void)state;
    static uint8_t big[300];
    big[0] = 0x30;
    big[1] = 0x82;
    big[2] = 0x01;
    big[3] = 0x28; /* 296 bytes of content */
    assert_int_equal(cai_der_check_sequence(big, 300), CAI_PEM_OK);
    assert_int_equal(cai_der_check_sequence(big, 299), CAI_PEM_ERR_TRUNCATED);
    assert_int_equal(cai_der_check_sequence(big, 3), CAI_PEM_ERR_TRUNCATED);
    big[3] = 0x27;
    assert_int_equal(cai_der_check_sequence(big, 300), CAI_PEM_ERR_TRAILING);
    assert_int_equal(cai_der_check_sequence((const uint8_t *)"\x30\x00", 2), CAI_PEM_OK);
    assert_int_equal(cai_der_check_sequence((const uint8_t *)"\x31\x00", 2), CAI_PEM_ERR_NOT_DER);
    assert_int_equal(cai_der_check_sequence((const uint8_t *)"\x30", 1), CAI_PEM_ERR_NOT_DER);
    assert_int_equal(cai_der_check_sequence((const uint8_t *)"\x30\x80\x00\x00", 4),
                     CAI_PEM_ERR_NOT_DER); /* indefinite */
    assert_int_equal(cai_der_check_sequence((const uint8_t *)"\x30\x81\x05", 3),
                     CAI_PEM_ERR_NOT_DER); /* long form for a short length */
    assert_int_equal(cai_der_check_sequence((const uint8_t *)"\x30\x82\x00\x90", 4),
                     CAI_PEM_ERR_NOT_DER); /* a leading zero length byte */
    assert_int_equal(cai_der_check_sequence(NULL, 4), CAI_PEM_ERR_NOT_DER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64_vectors), cmocka_unit_test(test_base64_strict),
        cmocka_unit_test(test_spki_pem),       cmocka_unit_test(test_pem_decode),
        cmocka_unit_test(test_der_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
