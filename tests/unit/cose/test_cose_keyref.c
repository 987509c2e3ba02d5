/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keys by reference: COSE_Sign1 and the `encrypt` format made through a
 * signer that holds only a key id (as the inference partition will, asking
 * the identity partition), and COSE_Encrypt opened through a key-agreement
 * callback. The ctx of each callback counts calls and can be told to fail,
 * so the tests see exactly when COSE calls the key holder and what it does
 * when the key holder fails. Results are checked with the raw-public-key
 * verifier and, for the digest, against a Sig_structure written out here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/cose.h"
#include "cai/crypto.h"
#include "cai/key.h"
#include "cose_test_util.h"

/* ---- a stand-in for the identity partition: key ids -> prepared keys ---- */

static cai_p256_key_t *key_by_id(cai_key_id_t id)
{
    switch (id) {
    case CAI_KEY_ID_COSE_SIGN:
        return &g_key;
    case CAI_KEY_ID_COSE_ENCRYPT:
        return &g_key2;
    default:
        return NULL;
    }
}

/* What the inference partition holds: a key id, never the key. */
typedef struct remote_key {
    cai_key_id_t id;
    int calls;
    psa_status_t fail; /* PSA_SUCCESS = behave */
    psa_status_t last; /* what the "partition call" returned */
    uint8_t digest[CAI_SHA256_LEN];
} remote_key_t;

static psa_status_t remote_sign(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                                uint8_t sig[CAI_P256_SIG_LEN])
{
    remote_key_t *r = ctx;
    r->calls++;
    memcpy(r->digest, digest, CAI_SHA256_LEN);
    cai_p256_key_t *k = key_by_id(r->id);
    if (r->fail != PSA_SUCCESS) {
        memset(sig, 0xAA, CAI_P256_SIG_LEN); /* a half-written signature */
        r->last = r->fail;
    } else {
        r->last = k != NULL ? cai_p256_key_sign_hash(k, digest, sig) : PSA_ERROR_INVALID_HANDLE;
    }
    return r->last;
}

static psa_status_t remote_ecdh(void *ctx, const uint8_t peer[CAI_P256_PUB_LEN],
                                uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    remote_key_t *r = ctx;
    r->calls++;
    cai_p256_key_t *k = key_by_id(r->id);
    if (r->fail != PSA_SUCCESS) {
        memset(shared_x, 0xAA, CAI_P256_ECDH_LEN);
        r->last = r->fail;
    } else {
        r->last = k != NULL ? cai_p256_key_ecdh(k, peer, CAI_P256_PUB_LEN, shared_x)
                            : PSA_ERROR_INVALID_HANDLE;
    }
    return r->last;
}

static cai_cose_signer_t remote_signer(remote_key_t *r, const char *kid)
{
    const cai_cose_signer_t s = {
        .alg = CAI_COSE_ALG_ES256,
        .kid = (const uint8_t *)kid,
        .kid_len = kid ? strlen(kid) : 0,
        .sign_hash = remote_sign,
        .ctx = r,
    };
    return s;
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

static const uint8_t k_payload[] = { 'h', 'i' };

static void test_sign1_through_key_id(void **state)
{
    (void)state;
    remote_key_t r = { .id = CAI_KEY_ID_COSE_SIGN };
    cai_cose_signer_t s = remote_signer(&r, "11");
    uint8_t m[256];
    size_t n = 0;
    assert_int_equal(cai_cose_profile_sign(&s, k_payload, sizeof k_payload, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(r.calls, 1);
    /* The digest is SHA-256 of ["Signature1", h'A10126', h'', 'hi'],
     * written out by hand (RFC 9052 §4.4). */
    uint8_t tbs[32], want[32];
    size_t tl = unhex("846A5369676E61747572653143A1012640426869", tbs, sizeof tbs);
    assert_int_equal(cai_sha256(tbs, tl, want), PSA_SUCCESS);
    assert_memory_equal(r.digest, want, 32);
    /* The raw public key verifies it; the kid is the signer's. 'hi' is no
     * cai result (no claim 256), so the profile's verifier refuses it after
     * the signature, and the generic one takes it. */
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, NULL, &info), CAI_COSE_OK);
    assert_int_equal(info.kid_len, 2);
    assert_memory_equal(info.kid, "11", 2);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_NO_IDENTITY);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub2, NULL), CAI_COSE_ERR_SIGNATURE);
}

static void test_sign1_no_call_when_it_cannot_succeed(void **state)
{
    (void)state;
    remote_key_t r = { .id = CAI_KEY_ID_COSE_SIGN };
    cai_cose_signer_t s = remote_signer(&r, NULL);
    uint8_t m[256];
    size_t need = 0, n = 0;
    /* Too small: the size needed, and no signature spent on it. */
    assert_int_equal(cai_cose_sign1_sign(&s, k_payload, 2, NULL, 0, m, 10, &need),
                     CAI_COSE_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(r.calls, 0);
    assert_int_equal(cai_cose_sign1_sign(&s, k_payload, 2, NULL, 0, m, need, &n), CAI_COSE_OK);
    assert_int_equal(n, need);
    assert_int_equal(r.calls, 1);
    /* An algorithm we do not implement, a missing callback, bad pointers. */
    s.alg = CAI_COSE_ALG_ES384;
    assert_int_equal(cai_cose_sign1_sign(&s, k_payload, 2, NULL, 0, m, sizeof m, &n),
                     CAI_COSE_ERR_ALG_UNKNOWN);
    s.alg = CAI_COSE_ALG_ES256;
    s.sign_hash = NULL;
    assert_int_equal(cai_cose_sign1_sign(&s, k_payload, 2, NULL, 0, m, sizeof m, &n),
                     CAI_COSE_ERR_ARG);
    s = remote_signer(&r, NULL);
    s.kid_len = 3; /* kid NULL */
    assert_int_equal(cai_cose_sign1_sign(&s, k_payload, 2, NULL, 0, m, sizeof m, &n),
                     CAI_COSE_ERR_ARG);
    assert_int_equal(r.calls, 1);
}

static void check_sign_failure(psa_status_t why, cai_key_id_t id)
{
    remote_key_t r = { .id = id, .fail = why };
    cai_cose_signer_t s = remote_signer(&r, "dev");
    uint8_t m[256];
    size_t n = 12345;
    memset(m, 0x55, sizeof m);
    assert_int_equal(cai_cose_profile_sign(&s, k_payload, 2, m, sizeof m, &n),
                     CAI_COSE_ERR_KEY_REF);
    assert_int_equal(r.calls, 1);
    /* Nothing half-made is returned: no length, and the message wiped
     * (including whatever the failing signer wrote). */
    assert_int_equal(n, 0);
    size_t laid_out = 1 + 1 + 4 + 6 + 3 + 2 + 64;
    assert_true(all_zero(m, laid_out));
    /* The key holder's own status stays with the ctx owner. */
    assert_int_equal(r.last, why == PSA_SUCCESS ? PSA_ERROR_INVALID_HANDLE : why);
    assert_int_equal(cai_cose_to_psa(CAI_COSE_ERR_KEY_REF), PSA_ERROR_GENERIC_ERROR);
}

static void test_sign1_signer_failure(void **state)
{
    (void)state;
    check_sign_failure(PSA_ERROR_NOT_PERMITTED, CAI_KEY_ID_COSE_SIGN);
    check_sign_failure(PSA_ERROR_COMMUNICATION_FAILURE, CAI_KEY_ID_COSE_SIGN);
    /* A key id the key holder does not know. */
    check_sign_failure(PSA_SUCCESS, (cai_key_id_t)0x5099u);
    check_sign_failure(PSA_SUCCESS, CAI_KEY_ID_NULL);
}

static void test_sign_encrypt_through_references(void **state)
{
    (void)state;
    remote_key_t rs = { .id = CAI_KEY_ID_COSE_SIGN };
    remote_key_t rr = { .id = CAI_KEY_ID_COSE_ENCRYPT };
    cai_cose_signer_t s = remote_signer(&rs, NULL);
    s.kid = g_uuid;
    s.kid_len = 16;
    const cai_cose_ecdh_t a = { .ecdh = remote_ecdh, .ctx = &rr };
    uint8_t pt[TEST_RESULT_LEN];
    const size_t pl = test_cai_result(g_uuid, pt);
    uint8_t scratch[256], m[512], out[64];
    size_t n = 0, len = 0;
    /* To key 0x5003's public key (g_pub2), signed with 0x5002. */
    assert_int_equal(cai_cose_profile_sign_encrypt(&s, g_pub2, (const uint8_t *)"cloud", 5, pt, pl,
                                                   NULL, NULL, scratch, sizeof scratch, m, sizeof m,
                                                   &n),
                     CAI_COSE_OK);
    assert_int_equal(rs.calls, 1);
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_profile_verify_decrypt(m, n, g_pub, &a, out, sizeof out, &len, &info),
                     CAI_COSE_OK);
    assert_int_equal(rr.calls, 1);
    assert_int_equal(len, pl);
    assert_memory_equal(out, pt, pl);
    /* A failing signer: no message, the inner COSE_Encrypt wiped from scratch. */
    rs.fail = PSA_ERROR_NOT_PERMITTED;
    memset(m, 0x55, sizeof m);
    memset(scratch, 0x55, sizeof scratch);
    assert_int_equal(cai_cose_profile_sign_encrypt(&s, g_pub2, NULL, 0, pt, 5, NULL, NULL, scratch,
                                                   sizeof scratch, m, sizeof m, &n),
                     CAI_COSE_ERR_KEY_REF);
    assert_int_equal(n, 0);
    assert_true(all_zero(scratch, 100)); /* the inner message is longer */
    assert_true(all_zero(m, 100));
}

static void test_decrypt_through_callback(void **state)
{
    (void)state;
    static const uint8_t pt[] = { 'r', 'e', 's', 'u', 'l', 't' };
    uint8_t m[512], out[64];
    size_t n = 0, len = 0;
    assert_int_equal(cai_cose_profile_encrypt(g_pub2, (const uint8_t *)"k3", 2, pt, sizeof pt, NULL,
                                              NULL, m, sizeof m, &n),
                     CAI_COSE_OK);
    remote_key_t r = { .id = CAI_KEY_ID_COSE_ENCRYPT };
    cai_cose_ecdh_t a = { .ecdh = remote_ecdh, .ctx = &r };
    cai_cose_encrypt_info_t info;
    assert_int_equal(cai_cose_profile_decrypt(&a, m, n, out, sizeof out, &len, &info), CAI_COSE_OK);
    assert_int_equal(r.calls, 1);
    assert_int_equal(len, sizeof pt);
    assert_memory_equal(out, pt, sizeof pt);
    /* Through cai_cose_encrypt_open with a kid filter: the kid matches. */
    const cai_cose_recipient_key_t k = { .ecdh = &a, .kid = (const uint8_t *)"k3", .kid_len = 2 };
    assert_int_equal(cai_cose_encrypt_open(m, n, &k, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_OK);
    assert_int_equal(r.calls, 2);
    /* Another key behind the reference: the unwrap fails. */
    r.id = CAI_KEY_ID_COSE_SIGN;
    assert_int_equal(cai_cose_profile_decrypt(&a, m, n, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_UNWRAP);
    /* The key holder fails: its failure, no plaintext. */
    r.id = CAI_KEY_ID_COSE_ENCRYPT;
    r.fail = PSA_ERROR_NOT_PERMITTED;
    memset(out, 0x55, sizeof out);
    assert_int_equal(cai_cose_profile_decrypt(&a, m, n, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_KEY_REF);
    assert_memory_not_equal(out, pt, sizeof pt);
    /* The callback says the peer point is bad: an invalid key in the message. */
    r.fail = PSA_ERROR_INVALID_ARGUMENT;
    assert_int_equal(cai_cose_profile_decrypt(&a, m, n, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_KEY);
    /* Unknown key id. */
    r.fail = PSA_SUCCESS;
    r.id = 0x5042u;
    assert_int_equal(cai_cose_profile_decrypt(&a, m, n, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_KEY_REF);
    assert_int_equal(r.last, PSA_ERROR_INVALID_HANDLE);
    /* No callback. */
    a.ecdh = NULL;
    assert_int_equal(cai_cose_profile_decrypt(&a, m, n, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_ARG);
    assert_int_equal(cai_cose_profile_decrypt(NULL, m, n, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_ARG);
}

static void test_raw_adapters(void **state)
{
    (void)state;
    cai_p256_key_t key;
    cai_cose_signer_t s;
    cai_cose_ecdh_t a;
    uint8_t zero[32] = { 0 }, m[256];
    size_t n = 0;
    assert_int_equal(cai_cose_signer_from_raw(&key, zero, NULL, 0, &s), CAI_COSE_ERR_KEY);
    assert_int_equal(cai_cose_ecdh_from_raw(&key, zero, &a), CAI_COSE_ERR_KEY);
    assert_int_equal(cai_cose_signer_from_raw(NULL, g_priv, NULL, 0, &s), CAI_COSE_ERR_ARG);
    assert_int_equal(cai_cose_signer_from_raw(&key, g_priv, NULL, 1, &s), CAI_COSE_ERR_ARG);
    assert_int_equal(cai_cose_ecdh_from_raw(&key, NULL, &a), CAI_COSE_ERR_ARG);
    assert_int_equal(cai_cose_signer_from_raw(&key, g_priv2, (const uint8_t *)"x", 1, &s),
                     CAI_COSE_OK);
    assert_int_equal(s.alg, CAI_COSE_ALG_ES256);
    assert_int_equal(cai_cose_profile_sign(&s, k_payload, 2, m, sizeof m, &n), CAI_COSE_OK);
    assert_int_equal(cai_cose_sign1_verify(m, n, g_pub2, NULL, NULL), CAI_COSE_OK);
    /* After destroy the adapter's key is gone: the signer fails cleanly. */
    cai_p256_key_destroy(&key);
    assert_int_equal(cai_cose_profile_sign(&s, k_payload, 2, m, sizeof m, &n),
                     CAI_COSE_ERR_KEY_REF);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign1_through_key_id),
        cmocka_unit_test(test_sign1_no_call_when_it_cannot_succeed),
        cmocka_unit_test(test_sign1_signer_failure),
        cmocka_unit_test(test_sign_encrypt_through_references),
        cmocka_unit_test(test_decrypt_through_callback),
        cmocka_unit_test(test_raw_adapters),
    };
    return cmocka_run_group_tests(tests, cose_test_setup, NULL);
}
