/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Prepared P-256 keys (cai_p256_key_*), on each backend. References are
 * independent of the code under test: published vectors (RFC 6979 A.2.5,
 * NIST CAVS ECC CDH P-256 COUNT 0), and the raw-key verify / ECDH functions,
 * which the vector, Wycheproof and cross-oracle suites check on their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/crypto.h"
#include "hex.h"

#define INVALID PSA_ERROR_INVALID_ARGUMENT

/* RFC 6979 A.2.5 (P-256, SHA-256, message "sample"). */
#define RFC6979_X "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"
#define RFC6979_U                                                      \
    "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6" \
    "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"
#define RFC6979_SAMPLE_R "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
/* The vector's s is high; signatures come back low-S (crypto.h), so the
 * expected bytes are (r, n - s), n - s computed with python3 (see
 * test_crypto_kat.c). */
#define RFC6979_SAMPLE_S_LOW "0834E36AD29A83BF2BC9385E491D6099C8FDF9D1ED67AA7EA5F51F93782857A9"

/* NIST CAVS 14.1 KAS ECC CDH primitive test, P-256, COUNT = 0. */
#define CDH_D "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534"
#define CDH_Q                                                          \
    "ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230" \
    "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141"
#define CDH_CAVS                                                       \
    "700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287" \
    "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac"
#define CDH_Z "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b"

/* Order n of P-256. */
#define P256_N "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"

static void point(const char *xy, uint8_t pub[65])
{
    pub[0] = 0x04;
    test_unhex(xy, pub + 1, 64);
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0) {
            return false;
        }
    }
    return true;
}

static void test_public_and_sign_rfc6979(void **state)
{
    (void)state;
    uint8_t x[32], want_pub[65], pub[65], h[32], sig[64], want[64];
    cai_p256_key_t key;
    test_unhex(RFC6979_X, x, 32);
    point(RFC6979_U, want_pub);
    assert_int_equal(cai_p256_key_import(&key, x), PSA_SUCCESS);
    assert_int_equal(cai_p256_key_public(&key, pub), PSA_SUCCESS);
    assert_memory_equal(pub, want_pub, 65);
    assert_int_equal(cai_sha256((const uint8_t *)"sample", 6, h), PSA_SUCCESS);
    /* Many signatures from one import, each verified by the raw verify. */
    for (int i = 0; i < 8; i++) {
        memset(sig, 0, sizeof sig);
        assert_int_equal(cai_p256_key_sign_hash(&key, h, sig), PSA_SUCCESS);
        assert_int_equal(cai_ecdsa_p256_verify_hash(want_pub, 65, h, sig), PSA_SUCCESS);
    }
#if CAI_TEST_DETERMINISTIC_ECDSA
    test_unhex(RFC6979_SAMPLE_R RFC6979_SAMPLE_S_LOW, want, 64);
    assert_memory_equal(sig, want, 64);
#else
    (void)want;
#endif
    /* Not a signature over another digest. */
    h[31] ^= 1;
    assert_int_equal(cai_ecdsa_p256_verify_hash(want_pub, 65, h, sig), PSA_ERROR_INVALID_SIGNATURE);
    cai_p256_key_destroy(&key);
}

static void test_ecdh_cavs_and_raw(void **state)
{
    (void)state;
    uint8_t d[32], want_pub[65], pub[65], peer[65], z[32], want[32], raw[32];
    cai_p256_key_t key;
    test_unhex(CDH_D, d, 32);
    point(CDH_Q, want_pub);
    point(CDH_CAVS, peer);
    test_unhex(CDH_Z, want, 32);
    assert_int_equal(cai_p256_key_import(&key, d), PSA_SUCCESS);
    assert_int_equal(cai_p256_key_public(&key, pub), PSA_SUCCESS);
    assert_memory_equal(pub, want_pub, 65);
    for (int i = 0; i < 4; i++) {
        memset(z, 0, sizeof z);
        assert_int_equal(cai_p256_key_ecdh(&key, peer, 65, z), PSA_SUCCESS);
        assert_memory_equal(z, want, 32);
    }
    /* The raw ECDH agrees with a fresh peer too. */
    uint8_t e[32], epub[65];
    assert_int_equal(cai_p256_generate(e, epub), PSA_SUCCESS);
    assert_int_equal(cai_p256_key_ecdh(&key, epub, 65, z), PSA_SUCCESS);
    assert_int_equal(cai_ecdh_p256(e, want_pub, 65, raw), PSA_SUCCESS);
    assert_memory_equal(z, raw, 32);
    /* Off-curve peer: refused, output wiped. */
    peer[64] ^= 1;
    memset(z, 0xAA, sizeof z);
    assert_int_equal(cai_p256_key_ecdh(&key, peer, 65, z), INVALID);
    assert_true(all_zero(z, sizeof z));
    cai_p256_key_destroy(&key);
}

/* import(d) must fail for d = 0, n, n + 1 and 2^256 - 1, and leave nothing. */
static void check_rejected(const uint8_t d[32])
{
    cai_p256_key_t key;
    memset(&key, 0xA5, sizeof key);
    assert_int_equal(cai_p256_key_import(&key, d), INVALID);
    assert_true(all_zero(&key, sizeof key));
    uint8_t pub[65];
    assert_int_equal(cai_p256_key_public(&key, pub), PSA_ERROR_BAD_STATE);
}

static void test_import_range(void **state)
{
    (void)state;
    uint8_t d[32];
    memset(d, 0, sizeof d);
    check_rejected(d); /* 0 */
    test_unhex(P256_N, d, 32);
    check_rejected(d); /* n */
    d[31]++;
    check_rejected(d); /* n + 1 */
    memset(d, 0xFF, sizeof d);
    check_rejected(d); /* 2^256 - 1 */
    /* n - 1 and 1 are valid scalars: -G and G. */
    cai_p256_key_t key;
    uint8_t pub[65], g[65];
    test_unhex(P256_N, d, 32);
    d[31]--;
    assert_int_equal(cai_p256_key_import(&key, d), PSA_SUCCESS);
    cai_p256_key_destroy(&key);
    memset(d, 0, sizeof d);
    d[31] = 1;
    assert_int_equal(cai_p256_key_import(&key, d), PSA_SUCCESS);
    assert_int_equal(cai_p256_key_public(&key, pub), PSA_SUCCESS);
    /* G from SEC 2 v2 §2.4.2 */
    point("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
          "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
          g);
    assert_memory_equal(pub, g, 65);
    cai_p256_key_destroy(&key);
}

static void test_destroy_wipes(void **state)
{
    (void)state;
    uint8_t x[32], h[32] = { 1 }, sig[64], pub[65], z[32];
    cai_p256_key_t key;
    test_unhex(RFC6979_X, x, 32);
    assert_int_equal(cai_p256_key_import(&key, x), PSA_SUCCESS);
    assert_false(all_zero(&key, sizeof key));
    cai_p256_key_destroy(&key);
    /* Every byte of the storage is zero: no scalar, no object pointer. */
    assert_true(all_zero(&key, sizeof key));
    /* A destroyed key is refused, and the outputs hold nothing. */
    memset(sig, 0xAA, sizeof sig);
    assert_int_equal(cai_p256_key_sign_hash(&key, h, sig), PSA_ERROR_BAD_STATE);
    assert_true(all_zero(sig, sizeof sig));
    assert_int_equal(cai_p256_key_public(&key, pub), PSA_ERROR_BAD_STATE);
    point(RFC6979_U, pub);
    memset(z, 0xAA, sizeof z);
    assert_int_equal(cai_p256_key_ecdh(&key, pub, 65, z), PSA_ERROR_BAD_STATE);
    assert_true(all_zero(z, sizeof z));
    /* Destroying again, zeroed storage and NULL are all harmless. */
    cai_p256_key_destroy(&key);
    cai_p256_key_destroy(NULL);
    /* Static (zeroed) storage that was never imported. */
    static cai_p256_key_t never;
    assert_int_equal(cai_p256_key_sign_hash(&never, h, sig), PSA_ERROR_BAD_STATE);
    /* It can be imported again after destroy. */
    assert_int_equal(cai_p256_key_import(&key, x), PSA_SUCCESS);
    assert_int_equal(cai_p256_key_sign_hash(&key, h, sig), PSA_SUCCESS);
    cai_p256_key_destroy(&key);
}

static void test_arguments(void **state)
{
    (void)state;
    uint8_t x[32], h[32] = { 2 }, sig[64], pub[65], peer[65], z[32];
    cai_p256_key_t key;
    test_unhex(RFC6979_X, x, 32);
    point(CDH_CAVS, peer);
    assert_int_equal(cai_p256_key_import(NULL, x), INVALID);
    assert_int_equal(cai_p256_key_import(&key, NULL), INVALID);
    assert_int_equal(cai_p256_key_import(&key, x), PSA_SUCCESS);
    assert_int_equal(cai_p256_key_sign_hash(NULL, h, sig), INVALID);
    assert_int_equal(cai_p256_key_sign_hash(&key, NULL, sig), INVALID);
    assert_int_equal(cai_p256_key_sign_hash(&key, h, NULL), INVALID);
    assert_int_equal(cai_p256_key_ecdh(NULL, peer, 65, z), INVALID);
    assert_int_equal(cai_p256_key_ecdh(&key, NULL, 65, z), INVALID);
    assert_int_equal(cai_p256_key_ecdh(&key, peer, 64, z), INVALID);
    assert_int_equal(cai_p256_key_ecdh(&key, peer, 66, z), INVALID);
    assert_int_equal(cai_p256_key_ecdh(&key, peer, 65, NULL), INVALID);
    peer[0] = 0x02; /* compressed form: not accepted */
    assert_int_equal(cai_p256_key_ecdh(&key, peer, 65, z), INVALID);
    assert_int_equal(cai_p256_key_public(NULL, pub), INVALID);
    assert_int_equal(cai_p256_key_public(&key, NULL), INVALID);
    /* The key still works after all the refused calls. */
    assert_int_equal(cai_p256_key_sign_hash(&key, h, sig), PSA_SUCCESS);
    point(RFC6979_U, pub);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, sig), PSA_SUCCESS);
    cai_p256_key_destroy(&key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_and_sign_rfc6979),
        cmocka_unit_test(test_ecdh_cavs_and_raw),
        cmocka_unit_test(test_import_range),
        cmocka_unit_test(test_destroy_wipes),
        cmocka_unit_test(test_arguments),
    };
    if (cai_crypto_init() != PSA_SUCCESS) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
