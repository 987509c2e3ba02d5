/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Argument checking and error paths of every function of the crypto
 * interface. The checks live in the backend-independent front end, so both
 * backends must give exactly these statuses. Built and run once per backend.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/crypto.h"
#include "hex.h"

#define INVALID PSA_ERROR_INVALID_ARGUMENT

/* P-256 group order n (SEC 2 v2 §2.4.2). */
static const char p256_n_hex[] = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

static uint8_t priv[32], pub[65], hash[32], sig[64];

static int setup(void **state)
{
    (void)state;
    if (cai_p256_generate(priv, pub) != PSA_SUCCESS)
        return -1;
    if (cai_sha256((const uint8_t *)"x", 1, hash) != PSA_SUCCESS)
        return -1;
    if (cai_ecdsa_p256_sign_hash(priv, hash, sig) != PSA_SUCCESS)
        return -1;
    return 0;
}

static void test_init_and_name(void **state)
{
    (void)state;
    assert_int_equal(cai_crypto_init(), PSA_SUCCESS);
    assert_int_equal(cai_crypto_init(), PSA_SUCCESS); /* idempotent */
    const char *name = cai_crypto_backend_name();
    assert_non_null(name);
#if CAI_TEST_DETERMINISTIC_ECDSA
    assert_int_equal(strncmp(name, "mbedtls-", 8), 0);
#else
    assert_int_equal(strncmp(name, "openssl-", 8), 0);
#endif
}

static void test_sha256_args(void **state)
{
    (void)state;
    uint8_t out[32];
    cai_sha256_ctx c;
    assert_int_equal(cai_sha256(NULL, 1, out), INVALID);
    assert_int_equal(cai_sha256((const uint8_t *)"a", 1, NULL), INVALID);
    assert_int_equal(cai_sha256_start(NULL), INVALID);
    assert_int_equal(cai_sha256_start(&c), PSA_SUCCESS);
    assert_int_equal(cai_sha256_update(&c, NULL, 1), INVALID);
    assert_int_equal(cai_sha256_update(NULL, out, 1), INVALID);
    /* finish with no output buffer releases the context... */
    assert_int_equal(cai_sha256_finish(&c, NULL), INVALID);
    /* ...so the context is no longer usable. */
    assert_int_equal(cai_sha256_update(&c, out, 1), PSA_ERROR_BAD_STATE);
    assert_int_equal(cai_sha256_finish(&c, out), PSA_ERROR_BAD_STATE);
    cai_sha256_abort(&c); /* harmless after release */
    cai_sha256_abort(NULL);
    /* abort of a live context releases it (ASan checks for the leak). */
    assert_int_equal(cai_sha256_start(&c), PSA_SUCCESS);
    assert_int_equal(cai_sha256_update(&c, out, sizeof out), PSA_SUCCESS);
    cai_sha256_abort(&c);
    cai_sha256_abort(&c);
    assert_int_equal(cai_sha256_finish(&c, out), PSA_ERROR_BAD_STATE);
    /* finish twice */
    assert_int_equal(cai_sha256_start(&c), PSA_SUCCESS);
    assert_int_equal(cai_sha256_finish(&c, out), PSA_SUCCESS);
    assert_int_equal(cai_sha256_finish(&c, out), PSA_ERROR_BAD_STATE);
}

static void test_hmac_hkdf_args(void **state)
{
    (void)state;
    uint8_t out[255 * 32 + 1];
    assert_int_equal(cai_hmac_sha256(NULL, 1, NULL, 0, out), INVALID);
    assert_int_equal(cai_hmac_sha256(NULL, 0, NULL, 1, out), INVALID);
    assert_int_equal(cai_hmac_sha256(NULL, 0, NULL, 0, NULL), INVALID);
    assert_int_equal(cai_hmac_sha256(NULL, 0, NULL, 0, out), PSA_SUCCESS); /* empty key, msg */

    uint8_t ikm[32] = { 1 };
    assert_int_equal(cai_hkdf_sha256(NULL, 1, ikm, 32, NULL, 0, out, 32), INVALID);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, NULL, 32, NULL, 0, out, 32), INVALID);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, NULL, 1, out, 32), INVALID);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, NULL, 0, NULL, 32), INVALID);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, NULL, 0, out, 0), INVALID);
    /* RFC 5869 §2.3: L <= 255 * HashLen. */
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, NULL, 0, out, 255 * 32 + 1), INVALID);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, NULL, 0, out, 255 * 32), PSA_SUCCESS);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, NULL, 0, NULL, 0, out, 32), PSA_SUCCESS);
    static uint8_t info[1025];
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, info, 1025, out, 32), INVALID);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 32, info, 1024, out, 32), PSA_SUCCESS);
}

static void test_scalar_range(void **state)
{
    (void)state;
    uint8_t d[32], p[65], s[64], z[32];
    /* 0 */
    memset(d, 0, sizeof d);
    assert_int_equal(cai_p256_public_from_private(d, p), INVALID);
    assert_int_equal(cai_ecdsa_p256_sign_hash(d, hash, s), INVALID);
    assert_int_equal(cai_ecdh_p256(d, pub, 65, z), INVALID);
    /* n, n+1 and 2^256-1 */
    test_unhex(p256_n_hex, d, 32);
    assert_int_equal(cai_p256_public_from_private(d, p), INVALID);
    assert_int_equal(cai_ecdsa_p256_sign_hash(d, hash, s), INVALID);
    assert_int_equal(cai_ecdh_p256(d, pub, 65, z), INVALID);
    d[31]++;
    assert_int_equal(cai_p256_public_from_private(d, p), INVALID);
    memset(d, 0xFF, sizeof d);
    assert_int_equal(cai_p256_public_from_private(d, p), INVALID);
    /* n-1 and 1 are valid scalars; (n-1)G = -G has the x of G. */
    test_unhex(p256_n_hex, d, 32);
    d[31]--;
    uint8_t g[65], one[32] = { 0 };
    one[31] = 1;
    assert_int_equal(cai_p256_public_from_private(d, p), PSA_SUCCESS);
    assert_int_equal(cai_p256_public_from_private(one, g), PSA_SUCCESS);
    assert_memory_equal(p + 1, g + 1, 32);
    assert_memory_not_equal(p + 33, g + 33, 32);
    /* G as published in SEC 2 v2 §2.4.2. */
    uint8_t gx[32];
    test_unhex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296", gx, 32);
    assert_memory_equal(g + 1, gx, 32);
    assert_int_equal(cai_p256_public_from_private(NULL, p), INVALID);
    assert_int_equal(cai_p256_public_from_private(one, NULL), INVALID);
}

static void test_public_key_checks(void **state)
{
    (void)state;
    uint8_t p[66];
    uint8_t z[32];
    memcpy(p, pub, 65);
    assert_int_equal(cai_p256_check_public(p, 65), PSA_SUCCESS);
    assert_int_equal(cai_p256_check_public(NULL, 65), INVALID);
    assert_int_equal(cai_p256_check_public(p, 64), INVALID);
    assert_int_equal(cai_p256_check_public(p, 66), INVALID);
    assert_int_equal(cai_p256_check_public(p, 33), INVALID); /* compressed length */
    p[0] = 0x02;
    assert_int_equal(cai_p256_check_public(p, 65), INVALID);
    p[0] = 0x04;
    /* x = p (the field prime) is not a field element. */
    test_unhex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", p + 1, 32);
    assert_int_equal(cai_p256_check_public(p, 65), INVALID);
    /* all-zero "point at infinity" encoding */
    memset(p + 1, 0, 64);
    assert_int_equal(cai_p256_check_public(p, 65), INVALID);
    assert_int_equal(cai_ecdh_p256(priv, p, 65, z), INVALID);
    assert_int_equal(cai_ecdsa_p256_verify_hash(p, 65, hash, sig), INVALID);
}

static void test_generate_args(void **state)
{
    (void)state;
    uint8_t d[32], p[65], d2[32], p2[65], check[65];
    assert_int_equal(cai_p256_generate(NULL, p), INVALID);
    assert_int_equal(cai_p256_generate(d, NULL), INVALID);
    assert_int_equal(cai_p256_generate(d, p), PSA_SUCCESS);
    assert_int_equal(cai_p256_generate(d2, p2), PSA_SUCCESS);
    assert_memory_not_equal(d, d2, 32);
    assert_int_equal(cai_p256_public_from_private(d, check), PSA_SUCCESS);
    assert_memory_equal(p, check, 65);
}

static void test_ecdsa_args(void **state)
{
    (void)state;
    uint8_t s[64];
    assert_int_equal(cai_ecdsa_p256_sign_hash(NULL, hash, s), INVALID);
    assert_int_equal(cai_ecdsa_p256_sign_hash(priv, NULL, s), INVALID);
    assert_int_equal(cai_ecdsa_p256_sign_hash(priv, hash, NULL), INVALID);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, hash, sig), PSA_SUCCESS);
    assert_int_equal(cai_ecdsa_p256_verify_hash(NULL, 65, hash, sig), INVALID);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 64, hash, sig), INVALID);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, NULL, sig), INVALID);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, hash, NULL), INVALID);
    /* r = 0, s = 0, and r = n are not signatures. */
    memset(s, 0, sizeof s);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, hash, s), PSA_ERROR_INVALID_SIGNATURE);
    memcpy(s, sig, 64);
    memset(s + 32, 0, 32);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, hash, s), PSA_ERROR_INVALID_SIGNATURE);
    memcpy(s, sig, 64);
    test_unhex(p256_n_hex, s, 32);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, hash, s), PSA_ERROR_INVALID_SIGNATURE);
    /* Every single-bit change of the signature is rejected. */
    for (size_t i = 0; i < 64 * 8; i += 37) {
        memcpy(s, sig, 64);
        s[i / 8] ^= (uint8_t)(1u << (i % 8));
        assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, hash, s), PSA_ERROR_INVALID_SIGNATURE);
    }
}

static void test_der_args(void **state)
{
    (void)state;
    uint8_t der[72], s[64];
    size_t n;
    assert_int_equal(cai_ecdsa_sig_raw_to_der(NULL, der, sizeof der, &n), INVALID);
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, NULL, sizeof der, &n), INVALID);
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, der, sizeof der, NULL), INVALID);
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, der, 8, &n), PSA_ERROR_BUFFER_TOO_SMALL);
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, der, sizeof der, &n), PSA_SUCCESS);
    assert_int_equal(cai_ecdsa_sig_der_to_raw(NULL, n, s), INVALID);
    assert_int_equal(cai_ecdsa_sig_der_to_raw(der, n, NULL), INVALID);
    assert_int_equal(cai_ecdsa_sig_der_to_raw(der, n, s), PSA_SUCCESS);
    assert_memory_equal(s, sig, 64);
    /* Every truncation is rejected. */
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(cai_ecdsa_sig_der_to_raw(der, k, s), PSA_ERROR_INVALID_SIGNATURE);
    }
}

static void test_ecdh_args(void **state)
{
    (void)state;
    uint8_t z[32];
    assert_int_equal(cai_ecdh_p256(NULL, pub, 65, z), INVALID);
    assert_int_equal(cai_ecdh_p256(priv, NULL, 65, z), INVALID);
    assert_int_equal(cai_ecdh_p256(priv, pub, 64, z), INVALID);
    assert_int_equal(cai_ecdh_p256(priv, pub, 65, NULL), INVALID);
    assert_int_equal(cai_ecdh_p256(priv, pub, 65, z), PSA_SUCCESS);
}

static void test_gcm_args(void **state)
{
    (void)state;
    uint8_t key[32] = { 0 }, iv[129] = { 0 }, buf[32] = { 0 }, out[32], tag[16];
    /* key sizes */
    assert_int_equal(cai_aes_gcm_encrypt(key, 15, iv, 12, NULL, 0, buf, 16, out, tag, 16), INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 20, iv, 12, NULL, 0, buf, 16, out, tag, 16), INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(NULL, 16, iv, 12, NULL, 0, buf, 16, out, tag, 16),
                     INVALID);
    for (size_t k = 16; k <= 32; k += 8) {
        assert_int_equal(cai_aes_gcm_encrypt(key, k, iv, 12, NULL, 0, buf, 16, out, tag, 16),
                         PSA_SUCCESS);
    }
    /* IV 1..128 bytes */
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 0, NULL, 0, buf, 16, out, tag, 16), INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, NULL, 12, NULL, 0, buf, 16, out, tag, 16),
                     INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 129, NULL, 0, buf, 16, out, tag, 16),
                     INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 1, NULL, 0, buf, 16, out, tag, 16),
                     PSA_SUCCESS);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 128, NULL, 0, buf, 16, out, tag, 16),
                     PSA_SUCCESS);
    /* tag exactly 16 bytes (4..15 were accepted before issue 13) */
    for (size_t t = 0; t <= 17; t++) {
        if (t != 16) {
            assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, buf, 16, out, tag, t),
                             INVALID);
            assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, buf, 16, tag, t, out),
                             INVALID);
        }
    }
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, buf, 16, out, NULL, 16),
                     INVALID);
    /* NULL with non-zero length */
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 1, buf, 16, out, tag, 16), INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, NULL, 16, out, tag, 16),
                     INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, buf, 16, NULL, tag, 16),
                     INVALID);
    /* partial overlap is refused; exact overlap is fine */
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, buf, 16, buf + 1, tag, 16),
                     INVALID);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, buf, 16, buf, tag, 16),
                     PSA_SUCCESS);
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, buf, 16, tag, 16, buf),
                     PSA_SUCCESS);
    for (size_t i = 0; i < 16; i++)
        assert_int_equal(buf[i], 0);
    /* decrypt: same checks */
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, buf, 16, NULL, 16, out),
                     INVALID);
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, buf, 16, tag, 2, out), INVALID);
    assert_int_equal(cai_aes_gcm_decrypt(key, 12, iv, 12, NULL, 0, buf, 16, tag, 16, out), INVALID);
    /* wrong AAD: authentication failure, output zeroed */
    memset(out, 0x5A, sizeof out);
    assert_int_equal(
        cai_aes_gcm_decrypt(key, 16, iv, 12, (const uint8_t *)"a", 1, buf, 16, tag, 16, out),
        PSA_ERROR_INVALID_SIGNATURE);
    for (size_t i = 0; i < 16; i++)
        assert_int_equal(out[i], 0);
}

static void test_kw_args(void **state)
{
    (void)state;
    uint8_t kek[32] = { 0 }, in[40] = { 0 }, out[48];
    assert_int_equal(cai_aes_kw_wrap(NULL, 16, in, 16, out), INVALID);
    assert_int_equal(cai_aes_kw_wrap(kek, 17, in, 16, out), INVALID);
    assert_int_equal(cai_aes_kw_wrap(kek, 16, NULL, 16, out), INVALID);
    assert_int_equal(cai_aes_kw_wrap(kek, 16, in, 16, NULL), INVALID);
    assert_int_equal(cai_aes_kw_wrap(kek, 16, in, 8, out), INVALID);  /* n >= 2 (RFC 3394 §2) */
    assert_int_equal(cai_aes_kw_wrap(kek, 16, in, 20, out), INVALID); /* not 64-bit blocks */
    assert_int_equal(cai_aes_kw_wrap(kek, 24, in, 16, out), PSA_SUCCESS);
    assert_int_equal(cai_aes_kw_unwrap(kek, 24, out, 16, in), INVALID);
    assert_int_equal(cai_aes_kw_unwrap(kek, 24, out, 25, in), INVALID);
    assert_int_equal(cai_aes_kw_unwrap(NULL, 24, out, 24, in), INVALID);
    assert_int_equal(cai_aes_kw_unwrap(kek, 16, out, 24, in), PSA_ERROR_INVALID_SIGNATURE);
    assert_int_equal(cai_aes_kw_unwrap(kek, 24, out, 24, in), PSA_SUCCESS);
}

static void test_utilities(void **state)
{
    (void)state;
    uint8_t a[16], b[16];
    memset(a, 7, sizeof a);
    memcpy(b, a, sizeof b);
    assert_int_equal(cai_ct_compare(a, b, 16), 0);
    assert_int_equal(cai_ct_compare(a, b, 0), 0);
    b[15] ^= 0x80;
    assert_int_not_equal(cai_ct_compare(a, b, 16), 0);
    b[15] ^= 0x80;
    b[0] ^= 1;
    assert_int_not_equal(cai_ct_compare(a, b, 16), 0);
    cai_wipe(a, sizeof a);
    for (size_t i = 0; i < sizeof a; i++)
        assert_int_equal(a[i], 0);
    cai_wipe(NULL, 4);
    assert_int_equal(cai_random(NULL, 4), INVALID);
    assert_int_equal(cai_random(NULL, 0), PSA_SUCCESS);
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    assert_int_equal(cai_random(a, sizeof a), PSA_SUCCESS);
    assert_int_equal(cai_random(b, sizeof b), PSA_SUCCESS);
    assert_memory_not_equal(a, b, 16); /* fails with probability 2^-128 */
    static uint8_t big[5000];
    assert_int_equal(cai_random(big, sizeof big), PSA_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_and_name),     cmocka_unit_test(test_sha256_args),
        cmocka_unit_test(test_hmac_hkdf_args),    cmocka_unit_test(test_scalar_range),
        cmocka_unit_test(test_public_key_checks), cmocka_unit_test(test_generate_args),
        cmocka_unit_test(test_ecdsa_args),        cmocka_unit_test(test_der_args),
        cmocka_unit_test(test_ecdh_args),         cmocka_unit_test(test_gcm_args),
        cmocka_unit_test(test_kw_args),           cmocka_unit_test(test_utilities),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
