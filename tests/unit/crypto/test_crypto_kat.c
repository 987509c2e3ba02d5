/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Known-answer tests of the crypto interface against published values,
 * transcribed from the documents cited at each vector (never produced by the
 * code under test). Built and run once per backend.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/crypto.h"
#include "hex.h"

/* RFC 6979 Appendix A.2.5 (ECDSA, 256 bits, prime field = NIST P-256). */
#define RFC6979_X  "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"
#define RFC6979_UX "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
#define RFC6979_UY "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"
/* With SHA-256, message = "sample" */
#define RFC6979_SAMPLE_R "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
#define RFC6979_SAMPLE_S "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"
/* With SHA-256, message = "test" */
#define RFC6979_TEST_R "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
#define RFC6979_TEST_S "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"
/* The interface signs low-S (s <= (n-1)/2, crypto.h). "sample"'s s is
 * high (F7CB... > 7FFF...), so what mbedTLS's RFC 6979 signer returns through
 * the front end is (r, n - s): n - RFC6979_SAMPLE_S, computed outside the code
 * under test (python3: hex(n - s)), with n of FIPS 186-4 D.1.2.3. "test"'s s
 * (019F...) is already low and comes back unchanged. n - s is a bijection on
 * [1, n-1], so comparing with it checks RFC 6979's k exactly as the raw value
 * would; no raw-signing path is needed for the vector. */
#define RFC6979_SAMPLE_S_LOW "0834E36AD29A83BF2BC9385E491D6099C8FDF9D1ED67AA7EA5F51F93782857A9"
#define P256_N               "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"

static void test_sha256_abc(void **state)
{
    (void)state;
    /* FIPS 180-2 Appendix B.1: SHA-256("abc"). */
    uint8_t want[32], got[32];
    test_unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want, 32);
    assert_int_equal(cai_sha256((const uint8_t *)"abc", 3, got), PSA_SUCCESS);
    assert_memory_equal(got, want, 32);

    cai_sha256_ctx c;
    assert_int_equal(cai_sha256_start(&c), PSA_SUCCESS);
    assert_int_equal(cai_sha256_update(&c, (const uint8_t *)"a", 1), PSA_SUCCESS);
    assert_int_equal(cai_sha256_update(&c, NULL, 0), PSA_SUCCESS);
    assert_int_equal(cai_sha256_update(&c, (const uint8_t *)"bc", 2), PSA_SUCCESS);
    memset(got, 0, sizeof got);
    assert_int_equal(cai_sha256_finish(&c, got), PSA_SUCCESS);
    assert_memory_equal(got, want, 32);
}

static void test_sha256_empty(void **state)
{
    (void)state;
    /* SHA-256 of the empty string (FIPS 180-4 examples). */
    uint8_t want[32], got[32];
    test_unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want, 32);
    assert_int_equal(cai_sha256(NULL, 0, got), PSA_SUCCESS);
    assert_memory_equal(got, want, 32);
}

static void test_hmac_rfc4231_tc2(void **state)
{
    (void)state;
    /* RFC 4231 §4.3 test case 2. */
    uint8_t want[32], got[32];
    static const char data[] = "what do ya want for nothing?";
    test_unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", want, 32);
    assert_int_equal(
        cai_hmac_sha256((const uint8_t *)"Jefe", 4, (const uint8_t *)data, sizeof data - 1, got),
        PSA_SUCCESS);
    assert_memory_equal(got, want, 32);
}

static void test_hkdf_rfc5869(void **state)
{
    (void)state;
    uint8_t ikm[22], salt[13], info[10], want[42], got[42];
    memset(ikm, 0x0b, sizeof ikm);
    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof info; i++)
        info[i] = (uint8_t)(0xf0 + i);
    /* RFC 5869 A.1 (test case 1). */
    test_unhex(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        want, 42);
    assert_int_equal(cai_hkdf_sha256(salt, 13, ikm, 22, info, 10, got, 42), PSA_SUCCESS);
    assert_memory_equal(got, want, 42);
    /* RFC 5869 A.3 (test case 3): empty salt and info. */
    test_unhex(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        want, 42);
    assert_int_equal(cai_hkdf_sha256(NULL, 0, ikm, 22, NULL, 0, got, 42), PSA_SUCCESS);
    assert_memory_equal(got, want, 42);
}

static void test_kw_rfc3394(void **state)
{
    (void)state;
    uint8_t kek[32], key[32], want[40], got[40], back[32];
    for (size_t i = 0; i < sizeof kek; i++)
        kek[i] = (uint8_t)i;
    /* RFC 3394 §4.1: 128-bit key data with a 128-bit KEK. */
    test_unhex("00112233445566778899AABBCCDDEEFF", key, 16);
    test_unhex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5", want, 24);
    assert_int_equal(cai_aes_kw_wrap(kek, 16, key, 16, got), PSA_SUCCESS);
    assert_memory_equal(got, want, 24);
    assert_int_equal(cai_aes_kw_unwrap(kek, 16, got, 24, back), PSA_SUCCESS);
    assert_memory_equal(back, key, 16);
    /* RFC 3394 §4.6: 256-bit key data with a 256-bit KEK. */
    test_unhex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F", key, 32);
    test_unhex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
               want, 40);
    assert_int_equal(cai_aes_kw_wrap(kek, 32, key, 32, got), PSA_SUCCESS);
    assert_memory_equal(got, want, 40);
    /* In place: out == in for unwrap, and a tampered byte fails and zeroes. */
    got[5] ^= 1;
    uint8_t tmp[40];
    memcpy(tmp, got, 40);
    assert_int_equal(cai_aes_kw_unwrap(kek, 32, tmp, 40, tmp), PSA_ERROR_INVALID_SIGNATURE);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(tmp[i], 0);
    got[5] ^= 1;
    assert_int_equal(cai_aes_kw_unwrap(kek, 32, got, 40, got), PSA_SUCCESS);
    assert_memory_equal(got, key, 32);
}

static void test_gcm_mcgrew_viega(void **state)
{
    (void)state;
    /* The GCM specification (McGrew & Viega, 2005), Appendix B, test
     * cases 1 and 2: zero key, zero 96-bit IV. */
    uint8_t key[16] = { 0 }, iv[12] = { 0 }, pt[16] = { 0 }, ct[16], tag[16], want[32];
    test_unhex("58e2fccefa7e3061367f1d57a4e7455a", want, 16);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, NULL, 0, NULL, tag, 16),
                     PSA_SUCCESS);
    assert_memory_equal(tag, want, 16);
    test_unhex("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf", want, 32);
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, pt, 16, ct, tag, 16),
                     PSA_SUCCESS);
    assert_memory_equal(ct, want, 16);
    assert_memory_equal(tag, want + 16, 16);
    /* A truncated tag (SP 800-38D §7.1 allows 4..16 bytes) is refused both
     * ways, even the true leftmost 8 or 4 bytes of the right tag: the
     * interface takes full 16-byte tags only (crypto.h). */
    uint8_t tag8[8], buf8[16];
    assert_int_equal(cai_aes_gcm_encrypt(key, 16, iv, 12, NULL, 0, pt, 16, ct, tag8, 8),
                     PSA_ERROR_INVALID_ARGUMENT);
    memset(buf8, 0x5A, sizeof buf8);
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, want, 16, want + 16, 8, buf8),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, want, 16, want + 16, 4, buf8),
                     PSA_ERROR_INVALID_ARGUMENT);
    /* In-place decryption round trip. */
    uint8_t buf[16];
    memcpy(buf, want, 16);
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, buf, 16, want + 16, 16, buf),
                     PSA_SUCCESS);
    assert_memory_equal(buf, pt, 16);
    /* Wrong tag: failure and no plaintext left. */
    memcpy(buf, want, 16);
    want[31] ^= 0x80;
    assert_int_equal(cai_aes_gcm_decrypt(key, 16, iv, 12, NULL, 0, buf, 16, want + 16, 16, buf),
                     PSA_ERROR_INVALID_SIGNATURE);
    for (size_t i = 0; i < 16; i++)
        assert_int_equal(buf[i], 0);
}

static void test_rfc6979_public_key(void **state)
{
    (void)state;
    uint8_t x[32], want[65], got[65];
    test_unhex(RFC6979_X, x, 32);
    want[0] = 0x04;
    test_unhex(RFC6979_UX RFC6979_UY, want + 1, 64);
    assert_int_equal(cai_p256_public_from_private(x, got), PSA_SUCCESS);
    assert_memory_equal(got, want, 65);
    assert_int_equal(cai_p256_check_public(got, 65), PSA_SUCCESS);
}

/* s: the RFC's value; s_low: what the interface returns (== s when s is
 * already low). */
static void check_rfc6979(const char *msg, const char *r, const char *s, const char *s_low)
{
    uint8_t x[32], pub[65], h[32], want[64], want_low[64], sig[64];
    test_unhex(RFC6979_X, x, 32);
    pub[0] = 0x04;
    test_unhex(RFC6979_UX RFC6979_UY, pub + 1, 64);
    test_unhex(r, want, 32);
    test_unhex(s, want + 32, 32);
    test_unhex(r, want_low, 32);
    test_unhex(s_low, want_low + 32, 32);
    assert_int_equal(cai_sha256((const uint8_t *)msg, strlen(msg), h), PSA_SUCCESS);
    /* The RFC's signature, and its other encoding, verify on every backend:
     * plain ECDSA verification accepts both (the low-S rule is the cai COSE
     * profile's). */
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, want), PSA_SUCCESS);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, want_low), PSA_SUCCESS);
    assert_int_equal(cai_ecdsa_p256_sig_is_low_s(want_low), 1);
    assert_int_equal(cai_ecdsa_p256_sig_is_low_s(want), strcmp(s, s_low) == 0);
    assert_int_equal(cai_ecdsa_p256_sign_hash(x, h, sig), PSA_SUCCESS);
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, sig), PSA_SUCCESS);
    assert_int_equal(cai_ecdsa_p256_sig_is_low_s(sig), 1);
#if CAI_TEST_DETERMINISTIC_ECDSA
    /* mbedTLS signs with RFC 6979: the RFC's bytes, s normalised. */
    assert_memory_equal(sig, want_low, 64);
#else
    assert_memory_not_equal(sig, want_low, 32); /* random k: another r */
#endif
    /* A flipped hash bit must not verify. */
    h[0] ^= 1;
    assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, want), PSA_ERROR_INVALID_SIGNATURE);
}

static void test_rfc6979_sample(void **state)
{
    (void)state;
    check_rfc6979("sample", RFC6979_SAMPLE_R, RFC6979_SAMPLE_S, RFC6979_SAMPLE_S_LOW);
}

static void test_rfc6979_test(void **state)
{
    (void)state;
    check_rfc6979("test", RFC6979_TEST_R, RFC6979_TEST_S, RFC6979_TEST_S);
}

/* The normalisation at its edges, with s written out (n from FIPS 186-4
 * D.1.2.3; (n-1)/2 and (n+1)/2 from python3): (n-1)/2 is the largest low
 * value and stays; (n+1)/2 is the smallest high one and becomes (n-1)/2;
 * n-1 becomes 1; 0, 1, n and 2^256-1 are left alone (0 and >= n are no
 * signature); r is never touched. */
static void check_norm(const char *s_in, const char *s_out, int low_before)
{
    uint8_t sig[64], want[64];
    memset(sig, 0xC3, 32);
    memset(want, 0xC3, 32);
    test_unhex(s_in, sig + 32, 32);
    test_unhex(s_out, want + 32, 32);
    assert_int_equal(cai_ecdsa_p256_sig_is_low_s(sig), low_before);
    cai_ecdsa_p256_sig_normalize(sig);
    assert_memory_equal(sig, want, 64);
}

#define HALF_N    "7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8"
#define HALF_N_P1 "7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A9"
#define N_M1      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550"
#define ZERO      "0000000000000000000000000000000000000000000000000000000000000000"
#define ONE       "0000000000000000000000000000000000000000000000000000000000000001"
#define ALL_FF    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static void test_low_s_edges(void **state)
{
    (void)state;
    check_norm(HALF_N, HALF_N, 1);
    check_norm(HALF_N_P1, HALF_N, 0);
    check_norm(N_M1, ONE, 0);
    check_norm(ONE, ONE, 1);
    check_norm(ZERO, ZERO, 1);
    check_norm(P256_N, P256_N, 0);
    check_norm(ALL_FF, ALL_FF, 0);
    check_norm(RFC6979_SAMPLE_S, RFC6979_SAMPLE_S_LOW, 0);
    check_norm(RFC6979_SAMPLE_S_LOW, RFC6979_SAMPLE_S_LOW, 1);
    assert_int_equal(cai_ecdsa_p256_sig_is_low_s(NULL), 0);
    cai_ecdsa_p256_sig_normalize(NULL); /* no crash */
}

/* About half of raw ECDSA signatures are high-S; none that the interface
 * returns is, on either signing path. 64 digests: a backend that did not
 * normalise would pass with probability 2^-64. */
static void test_sign_always_low_s(void **state)
{
    (void)state;
    uint8_t x[32], pub[65], h[32], sig[64];
    cai_p256_key_t key;
    test_unhex(RFC6979_X, x, 32);
    pub[0] = 0x04;
    test_unhex(RFC6979_UX RFC6979_UY, pub + 1, 64);
    assert_int_equal(cai_p256_key_import(&key, x), PSA_SUCCESS);
    for (int i = 0; i < 64; i++) {
        memset(h, i, sizeof h);
        assert_int_equal(cai_ecdsa_p256_sign_hash(x, h, sig), PSA_SUCCESS);
        assert_int_equal(cai_ecdsa_p256_sig_is_low_s(sig), 1);
        assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, sig), PSA_SUCCESS);
        assert_int_equal(cai_p256_key_sign_hash(&key, h, sig), PSA_SUCCESS);
        assert_int_equal(cai_ecdsa_p256_sig_is_low_s(sig), 1);
        assert_int_equal(cai_ecdsa_p256_verify_hash(pub, 65, h, sig), PSA_SUCCESS);
    }
    cai_p256_key_destroy(&key);
}

static void test_ecdh_agreement(void **state)
{
    (void)state;
    uint8_t a[32], apub[65], b[32], bpub[65], z1[32], z2[32];
    assert_int_equal(cai_p256_generate(a, apub), PSA_SUCCESS);
    assert_int_equal(cai_p256_generate(b, bpub), PSA_SUCCESS);
    assert_int_equal(cai_ecdh_p256(a, bpub, 65, z1), PSA_SUCCESS);
    assert_int_equal(cai_ecdh_p256(b, apub, 65, z2), PSA_SUCCESS);
    assert_memory_equal(z1, z2, 32);
    /* Off-curve peer (last byte of y changed) is refused, output wiped. */
    bpub[64] ^= 1;
    memset(z1, 0xAA, sizeof z1);
    assert_int_equal(cai_ecdh_p256(a, bpub, 65, z1), PSA_ERROR_INVALID_ARGUMENT);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(z1[i], 0);
    assert_int_equal(cai_p256_check_public(bpub, 65), PSA_ERROR_INVALID_ARGUMENT);
}

static void test_der_roundtrip(void **state)
{
    (void)state;
    uint8_t sig[64], der[72], back[64];
    size_t n = 0;
    /* r with its top bit set gets a 0x00 pad; s with leading zero bytes is
     * shortened (X.690 §8.3.2 minimal two's complement). */
    memset(sig, 0, sizeof sig);
    sig[0] = 0x80;
    sig[31] = 1;
    sig[62] = 0x01;
    sig[63] = 0x02;
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, der, sizeof der, &n), PSA_SUCCESS);
    assert_int_equal(n, 2 + 2 + 33 + 2 + 2);
    assert_int_equal(der[0], 0x30);
    assert_int_equal(der[1], n - 2);
    assert_int_equal(der[2], 0x02);
    assert_int_equal(der[3], 33);
    assert_int_equal(der[4], 0x00);
    assert_int_equal(der[37], 0x02);
    assert_int_equal(der[38], 2);
    assert_int_equal(der[39], 0x01);
    assert_int_equal(der[40], 0x02);
    assert_int_equal(cai_ecdsa_sig_der_to_raw(der, n, back), PSA_SUCCESS);
    assert_memory_equal(back, sig, 64);
    /* Maximum size, 72 bytes. */
    memset(sig, 0xFF, sizeof sig);
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, der, sizeof der, &n), PSA_SUCCESS);
    assert_int_equal(n, 72);
    assert_int_equal(cai_ecdsa_sig_raw_to_der(sig, der, 71, &n), PSA_ERROR_BUFFER_TOO_SMALL);
}

static void test_der_strictness(void **state)
{
    (void)state;
    uint8_t der[80], sig[64];
    size_t n;
    static const struct {
        const char *hex;
        const char *why;
    } bad[] = {
        { "3006020101020101"
          "00",
          "trailing byte" },
        { "3007020101020101", "sequence length too long" },
        { "3005020101020101", "sequence length too short" },
        { "308106020101020101", "long-form sequence length" },
        { "3007020200010201 01", "superfluous leading zero" },
        { "30060201810201 01", "negative r" },
        { "3006020101020181", "negative s" },
        { "300502000201 01", "empty integer" },
        { "3006030101020101", "r is not an INTEGER" },
        { "3103020101", "not a SEQUENCE" },
        { "300402010102", "truncated s" },
        { "3000", "empty sequence" },
        { "30", "truncated header" },
        { "3026022101"
          "0000000000000000000000000000000000000000000000000000000000000000"
          "020101",
          "r wider than 32 bytes" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* spaces in the table are only for reading */
        char clean[200];
        size_t k = 0;
        for (const char *p = bad[i].hex; *p && k + 1 < sizeof clean; p++) {
            if (*p != ' ')
                clean[k++] = *p;
        }
        clean[k] = '\0';
        n = test_unhex(clean, der, sizeof der);
        print_message("DER case: %s\n", bad[i].why);
        assert_int_equal(cai_ecdsa_sig_der_to_raw(der, n, sig), PSA_ERROR_INVALID_SIGNATURE);
    }
    /* The minimal forms of the same values are accepted. */
    n = test_unhex("3006020101020101", der, sizeof der);
    assert_int_equal(cai_ecdsa_sig_der_to_raw(der, n, sig), PSA_SUCCESS);
    assert_int_equal(sig[31], 1);
    assert_int_equal(sig[63], 1);
    n = test_unhex("300702020080020101", der, sizeof der);
    assert_int_equal(cai_ecdsa_sig_der_to_raw(der, n, sig), PSA_SUCCESS);
    assert_int_equal(sig[31], 0x80);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_abc),         cmocka_unit_test(test_sha256_empty),
        cmocka_unit_test(test_hmac_rfc4231_tc2),   cmocka_unit_test(test_hkdf_rfc5869),
        cmocka_unit_test(test_kw_rfc3394),         cmocka_unit_test(test_gcm_mcgrew_viega),
        cmocka_unit_test(test_rfc6979_public_key), cmocka_unit_test(test_rfc6979_sample),
        cmocka_unit_test(test_rfc6979_test),       cmocka_unit_test(test_ecdh_agreement),
        cmocka_unit_test(test_der_roundtrip),      cmocka_unit_test(test_der_strictness),
        cmocka_unit_test(test_low_s_edges),        cmocka_unit_test(test_sign_always_low_s),
    };
    if (cai_crypto_init() != PSA_SUCCESS) {
        return 1;
    }
    print_message("backend: %s\n", cai_crypto_backend_name());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
