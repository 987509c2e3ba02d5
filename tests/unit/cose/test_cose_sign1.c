/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Sign1 unit tests: the emitted form, and every rejection path of
 * cai_cose_sign1_verify with an otherwise valid message (signed over exactly
 * what the test put in), so each test isolates one rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/cose.h"
#include "cose_test_util.h"

static const uint8_t k_prot[] = { 0xA1, 0x01, 0x26 };                   /* {1: -7} */
static const uint8_t k_unprot_kid[] = { 0xA1, 0x04, 0x42, 0x31, 0x31 }; /* {4: '11'} */
static const uint8_t k_payload[] = { 'h', 'i' };

/* A valid tagged Sign1 with {1:-7} / {4:'11'} / "hi". */
static size_t valid_msg(uint8_t *out, size_t cap)
{
    return make_sign1(out, cap, CAI_COSE_TAG_SIGN1, k_prot, sizeof k_prot, k_prot, sizeof k_prot,
                      k_unprot_kid, sizeof k_unprot_kid, k_payload, sizeof k_payload);
}

static cai_cose_err_t verify_flags(const uint8_t *m, size_t n, uint32_t flags)
{
    cai_cose_opts_t o = { .flags = flags };
    return cai_cose_sign1_verify(m, n, g_pub, &o, NULL);
}

static cai_cose_err_t verify(const uint8_t *m, size_t n)
{
    return cai_cose_sign1_verify(m, n, g_pub, NULL, NULL);
}

/* Sign1 with a given protected header (signed as is) and unprotected map hex. */
static size_t msg_with(uint8_t *out, size_t cap, const char *prot_hex, const char *unprot_hex)
{
    uint8_t prot[64], unprot[256];
    size_t pl = unhex(prot_hex, prot, sizeof prot), ul = unhex(unprot_hex, unprot, sizeof unprot);
    return make_sign1(out, cap, CAI_COSE_TAG_SIGN1, prot, pl, prot, pl, unprot, ul, k_payload,
                      sizeof k_payload);
}

static void test_emitted_form_and_roundtrip(void **state)
{
    (void)state;
    uint8_t out[256];
    size_t n = 0;
    assert_int_equal(cai_cose_sign1_sign(signer_kid((const uint8_t *)"11", 2), k_payload, 2, NULL,
                                         0, out, sizeof out, &n),
                     CAI_COSE_OK);
    /* 18([h'A10126', {4: '11'}, 'hi', sig64]): protected never h'A0' */
    uint8_t head[32];
    size_t hl = unhex("D28443A10126A1044231314268695840", head, sizeof head);
    assert_int_equal(n, hl + 64);
    assert_memory_equal(out, head, hl);
    assert_int_equal(cai_cbor_check_deterministic(out, n), CAI_CBOR_OK);
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_sign1_verify(out, n, g_pub, NULL, &info), CAI_COSE_OK);
    assert_int_equal(info.payload_len, 2);
    assert_memory_equal(info.payload, "hi", 2);
    assert_int_equal(info.kid_len, 2);
    assert_memory_equal(info.kid, "11", 2);
    assert_true(info.tagged);
    assert_int_equal(info.alg, CAI_COSE_ALG_ES256);
    /* another key does not verify */
    assert_int_equal(cai_cose_sign1_verify(out, n, g_pub2, NULL, NULL), CAI_COSE_ERR_SIGNATURE);
}

static void test_no_kid_and_buffer(void **state)
{
    (void)state;
    uint8_t out[128];
    size_t n = 0;
    assert_int_equal(
        cai_cose_sign1_sign(signer_kid(NULL, 0), k_payload, 2, NULL, 0, out, sizeof out, &n),
        CAI_COSE_OK);
    assert_int_equal(out[6], 0xA0); /* unprotected {} */
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_sign1_verify(out, n, g_pub, NULL, &info), CAI_COSE_OK);
    assert_null(info.kid);
    size_t need = 0;
    assert_int_equal(
        cai_cose_sign1_sign(signer_kid(NULL, 0), k_payload, 2, NULL, 0, out, 10, &need),
        CAI_COSE_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(need, n);
    assert_int_equal(cai_cose_sign1_sign(NULL, k_payload, 2, NULL, 0, out, 10, &need),
                     CAI_COSE_ERR_ARG);
}

static void test_external_aad(void **state)
{
    (void)state;
    uint8_t out[128];
    size_t n = 0;
    const uint8_t aad[] = { 1, 2, 3 };
    assert_int_equal(
        cai_cose_sign1_sign(signer_kid(NULL, 0), k_payload, 2, aad, 3, out, sizeof out, &n),
        CAI_COSE_OK);
    cai_cose_opts_t o = { .external_aad = aad, .external_aad_len = 3 };
    assert_int_equal(cai_cose_sign1_verify(out, n, g_pub, &o, NULL), CAI_COSE_OK);
    assert_int_equal(verify(out, n), CAI_COSE_ERR_SIGNATURE);
}

/* h'A0' (an encoded empty map) as protected header is accepted and, like
 * cose-wg, enters the Sig_structure as h''. */
static void test_protected_a0(void **state)
{
    (void)state;
    uint8_t m[256], a0 = 0xA0, unprot[64];
    size_t ul = unhex("A2012604423131", unprot, sizeof unprot);
    size_t n =
        make_sign1(m, sizeof m, CAI_COSE_TAG_SIGN1, &a0, 1, NULL, 0, unprot, ul, k_payload, 2);
    assert_int_equal(verify(m, n), CAI_COSE_OK);
    /* the profile wants alg protected */
    assert_int_equal(verify_flags(m, n, CAI_COSE_F_PROTECTED_ALG), CAI_COSE_ERR_HEADER);
    /* signed over h'A0' itself: not what we (or cose-wg) verify */
    n = make_sign1(m, sizeof m, CAI_COSE_TAG_SIGN1, &a0, 1, &a0, 1, unprot, ul, k_payload, 2);
    assert_int_equal(verify(m, n), CAI_COSE_ERR_SIGNATURE);
}

static void test_tags(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = make_sign1(m, sizeof m, NO_TAG, k_prot, 3, k_prot, 3, k_unprot_kid,
                          sizeof k_unprot_kid, k_payload, 2);
    assert_int_equal(verify(m, n), CAI_COSE_ERR_TAG_MISSING);
    cai_cose_sign1_info_t info;
    cai_cose_opts_t o = { .flags = CAI_COSE_F_TAG_OPTIONAL };
    assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, &o, &info), CAI_COSE_OK);
    assert_false(info.tagged);
    n = make_sign1(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, k_prot, 3, k_prot, 3, k_unprot_kid,
                   sizeof k_unprot_kid, k_payload, 2);
    assert_int_equal(verify_flags(m, n, CAI_COSE_F_TAG_OPTIONAL), CAI_COSE_ERR_TAG_WRONG);
    n = make_sign1(m, sizeof m, 998, k_prot, 3, k_prot, 3, k_unprot_kid, sizeof k_unprot_kid,
                   k_payload, 2);
    assert_int_equal(verify(m, n), CAI_COSE_ERR_TAG_WRONG);
}

static void test_trailing_and_size(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = valid_msg(m, sizeof m);
    assert_int_equal(verify(m, n), CAI_COSE_OK);
    m[n] = 0x00;
    assert_int_equal(verify(m, n + 1), CAI_COSE_ERR_TRAILING);
    cai_cose_opts_t o = { .max_message = n - 1 };
    assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, &o, NULL), CAI_COSE_ERR_TOO_LARGE);
    o.max_message = n;
    assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, &o, NULL), CAI_COSE_OK);
}

static void test_malformed(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = valid_msg(m, sizeof m);
    for (size_t cut = 0; cut < n; cut++) {
        cai_cose_err_t e = verify(m, cut);
        assert_true(e == CAI_COSE_ERR_MALFORMED);
    }
    /* array of 3 */
    uint8_t three[16];
    size_t tl = unhex("D28343A10126A0426869", three, sizeof three);
    assert_int_equal(verify(three, tl), CAI_COSE_ERR_MALFORMED);
    /* protected header as a text string */
    uint8_t tstr[128];
    memcpy(tstr, m, n);
    tstr[2] = 0x63;
    assert_int_equal(verify(tstr, n), CAI_COSE_ERR_MALFORMED);
    /* bytes after the map inside the protected bstr */
    size_t k = msg_with(m, sizeof m, "A1012600", "A0");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_MALFORMED);
    /* protected bstr that is not a map */
    k = msg_with(m, sizeof m, "8101", "A0");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_MALFORMED);
    /* indefinite-length unprotected map */
    k = msg_with(m, sizeof m, "A10126", "BF04423131FF");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_MALFORMED);
}

static void test_determinism(void **state)
{
    (void)state;
    uint8_t m[256], d[260];
    size_t n = 0;
    assert_int_equal(cai_cose_sign1_sign(signer_kid((const uint8_t *)"11", 2), k_payload, 2, NULL,
                                         0, m, sizeof m, &n),
                     CAI_COSE_OK);
    /* payload head 42 -> 58 02: same Sig_structure, non-shortest head */
    memcpy(d, m, 11);
    d[11] = 0x58;
    d[12] = 0x02;
    memcpy(d + 13, m + 12, n - 12);
    assert_int_equal(verify(d, n + 1), CAI_COSE_OK);
    assert_int_equal(verify_flags(d, n + 1, CAI_COSE_F_DETERMINISTIC),
                     CAI_COSE_ERR_NOT_DETERMINISTIC);
    assert_int_equal(verify_flags(m, n, CAI_COSE_F_DETERMINISTIC), CAI_COSE_OK);
    /* -7 written as 38 06 inside the protected header (signed as sent) */
    size_t k = msg_with(m, sizeof m, "A1013806", "A0");
    assert_int_equal(verify(m, k), CAI_COSE_OK);
    assert_int_equal(verify_flags(m, k, CAI_COSE_F_DETERMINISTIC), CAI_COSE_ERR_NOT_DETERMINISTIC);
    /* unprotected map keys out of order: {4: '11', 3: 0} */
    k = msg_with(m, sizeof m, "A10126", "A2044231310300");
    assert_int_equal(verify(m, k), CAI_COSE_OK);
    assert_int_equal(verify_flags(m, k, CAI_COSE_F_DETERMINISTIC), CAI_COSE_ERR_NOT_DETERMINISTIC);
}

static void test_duplicate_labels(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t k = msg_with(m, sizeof m, "A10126", "A20442313104423131");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_DUPLICATE_LABEL);
    /* across buckets */
    k = msg_with(m, sizeof m, "A10126", "A10126");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_DUPLICATE_LABEL);
    /* text labels */
    k = msg_with(m, sizeof m, "A10126", "A2616101616101");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_DUPLICATE_LABEL);
    /* within the protected header */
    k = msg_with(m, sizeof m, "A201260126", "A0");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_DUPLICATE_LABEL);
}

static void test_header_types(void **state)
{
    (void)state;
    uint8_t m[512];
    size_t k = msg_with(m, sizeof m, "A10126", "A10405"); /* kid: int */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_HEADER);
    k = msg_with(m, sizeof m, "A10141FF", "A0"); /* alg: bstr */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_HEADER);
    k = msg_with(m, sizeof m, "A10126", "A1054C000102030405060708090A0B"); /* IV in a Sign1 */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_HEADER);
    k = msg_with(m, sizeof m, "A10126", "A103F5"); /* content type: bool */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_HEADER);
    k = msg_with(m, sizeof m, "A10126", "A1F500"); /* label: bool */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_HEADER);
    /* 17 unknown labels: over CAI_COSE_MAX_HEADERS */
    k = msg_with(m, sizeof m, "A10126",
                 "B1"
                 "1864001865001866001867001868001869001870001871001872001873001874001875"
                 "00187600187700187800187900187A00");
    assert_int_equal(verify(m, k), CAI_COSE_ERR_HEADER);
    /* unknown labels are skipped (with nested values) */
    k = msg_with(m, sizeof m, "A10126", "A2186482A10102F6187B6178");
    assert_int_equal(verify(m, k), CAI_COSE_OK);
}

static void test_crit(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t k = msg_with(m, sizeof m, "A2012602811863", "A0"); /* crit [99] */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_CRIT);
    k = msg_with(m, sizeof m, "A20126028104", "A104423131"); /* crit [4]: understood */
    assert_int_equal(verify(m, k), CAI_COSE_OK);
    k = msg_with(m, sizeof m, "A10126", "A1028104"); /* crit unprotected */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_CRIT);
    k = msg_with(m, sizeof m, "A201260280", "A0"); /* crit [] */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_CRIT);
    k = msg_with(m, sizeof m, "A2012602816178", "A0"); /* crit ["x"] */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_CRIT);
    k = msg_with(m, sizeof m, "A201260204", "A0"); /* crit: not an array */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_CRIT);
}

static void test_algs(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t k = msg_with(m, sizeof m, "", "A104423131"); /* no alg at all */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_ALG_MISSING);
    k = msg_with(m, sizeof m, "A1013903E6", "A0"); /* -999 */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_ALG_UNKNOWN);
    k = msg_with(m, sizeof m, "A101654553323536", "A0"); /* "ES256" as text */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_ALG_UNKNOWN);
    k = msg_with(m, sizeof m, "A1013822", "A0"); /* ES384 with a P-256 key */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_ALG_KEY_MISMATCH);
    k = msg_with(m, sizeof m, "A10127", "A0"); /* EdDSA */
    assert_int_equal(verify(m, k), CAI_COSE_ERR_ALG_KEY_MISMATCH);
    k = valid_msg(m, sizeof m);
    cai_cose_opts_t o = { .require_alg = CAI_COSE_ALG_EDDSA };
    assert_int_equal(cai_cose_sign1_verify(m, k, g_pub, &o, NULL), CAI_COSE_ERR_ALG_NOT_ALLOWED);
}

static void test_detached_payload(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = make_sign1(m, sizeof m, CAI_COSE_TAG_SIGN1, k_prot, 3, k_prot, 3, k_unprot_kid,
                          sizeof k_unprot_kid, NULL, 0);
    assert_int_equal(verify(m, n), CAI_COSE_ERR_UNSUPPORTED);
}

static void test_signature_checks(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = valid_msg(m, sizeof m);
    /* payload changed */
    m[12] ^= 1;
    assert_int_equal(verify(m, n), CAI_COSE_ERR_SIGNATURE);
    m[12] ^= 1;
    /* signature changed */
    m[n - 1] ^= 1;
    assert_int_equal(verify(m, n), CAI_COSE_ERR_SIGNATURE);
    m[n - 1] ^= 1;
    /* protected header changed after signing (ctyp added) */
    uint8_t p2[] = { 0xA2, 0x01, 0x26, 0x03, 0x00 };
    size_t k = make_sign1(m, sizeof m, CAI_COSE_TAG_SIGN1, p2, sizeof p2, k_prot, 3, k_unprot_kid,
                          sizeof k_unprot_kid, k_payload, 2);
    assert_int_equal(verify(m, k), CAI_COSE_ERR_SIGNATURE);
    /* 63-byte signature */
    n = valid_msg(m, sizeof m);
    assert_int_equal(m[n - 66], 0x58);
    m[n - 65] = 63;
    assert_int_equal(verify(m, n - 1), CAI_COSE_ERR_SIGNATURE);
    /* r = s = 0 */
    n = valid_msg(m, sizeof m);
    memset(m + n - 64, 0, 64);
    assert_int_equal(verify(m, n), CAI_COSE_ERR_SIGNATURE);
    /* an invalid public key */
    uint8_t bad[65] = { 0x04 };
    n = valid_msg(m, sizeof m);
    assert_int_equal(cai_cose_sign1_verify(m, n, bad, NULL, NULL), CAI_COSE_ERR_KEY);
}

static void test_parse_without_verify(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = valid_msg(m, sizeof m);
    m[n - 1] ^= 1;
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_sign1_parse(m, n, NULL, &info), CAI_COSE_OK);
    assert_int_equal(info.kid_len, 2);
    assert_int_equal(verify(m, n), CAI_COSE_ERR_SIGNATURE);
}

static void test_profile(void **state)
{
    (void)state;
    uint8_t m[256], u[256], res[TEST_RESULT_LEN];
    size_t n = 0, rl = test_cai_result(g_uuid, res);
    assert_int_equal(cai_cose_profile_sign(signer_kid(g_uuid, 16), res, rl, m, sizeof m, &n),
                     CAI_COSE_OK);
    cai_cose_sign1_info_t info;
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, &info), CAI_COSE_OK);
    assert_int_equal(info.kid_len, 16);
    assert_memory_equal(info.kid, g_uuid, 16);
    assert_int_equal(info.payload_len, rl);
    /* untagged: rejected by the profile */
    memcpy(u, m + 1, n - 1);
    assert_int_equal(cai_cose_profile_verify(u, n - 1, g_pub, NULL), CAI_COSE_ERR_TAG_MISSING);
    /* alg only in the unprotected bucket: rejected by the profile */
    uint8_t a0 = 0xA0, unprot[8];
    size_t ul = unhex("A10126", unprot, sizeof unprot);
    n = make_sign1(m, sizeof m, CAI_COSE_TAG_SIGN1, &a0, 1, NULL, 0, unprot, ul, k_payload, 2);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_HEADER);
}

/* n - s on the s half of r||s, with n written out (FIPS 186-4 D.1.2.3):
 * the other valid encoding of the same signature. Test-side arithmetic,
 * independent of cai_ecdsa_p256_sig_normalize. */
static void other_encoding(uint8_t *sig)
{
    static const uint8_t n[32] = {
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
        0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
    };
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int d = n[i] - sig[32 + i] - borrow;
        borrow = d < 0;
        sig[32 + i] = (uint8_t)(d + (borrow ? 256 : 0));
    }
}

/* Issue 13 item 6: one encoding per result. Every signature is low-S; its
 * (r, n - s) twin still verifies generically but the profile refuses it. */
static void test_profile_low_s(void **state)
{
    (void)state;
    uint8_t m[256], res[TEST_RESULT_LEN];
    size_t rl = test_cai_result(g_uuid, res);
    for (int i = 0; i < 16; i++) {
        size_t n = 0;
        res[TEST_RESULT_LEN - 1] = (uint8_t)i; /* another sequence number */
        assert_int_equal(cai_cose_profile_sign(signer_kid(g_uuid, 16), res, rl, m, sizeof m, &n),
                         CAI_COSE_OK);
        uint8_t *sig = m + n - 64;
        assert_true(sig[32] < 0x80); /* s < 2^255, the first test of s <= n/2 */
        assert_int_equal(cai_ecdsa_p256_sig_is_low_s(sig), 1);
        assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_OK);
        other_encoding(sig);
        assert_int_equal(cai_ecdsa_p256_sig_is_low_s(sig), 0);
        assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, NULL, NULL), CAI_COSE_OK);
        cai_cose_sign1_info_t info = { .kid_len = 99 };
        assert_int_equal(cai_cose_profile_verify(m, n, g_pub, &info), CAI_COSE_ERR_HIGH_S);
        assert_int_equal(info.kid_len, 0);
        /* high-S is refused before the signature is checked */
        sig[0] ^= 1;
        assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_HIGH_S);
    }
}

/* Issue 13 item 6: a kid replaced (here by deadbeef, as the review did) no
 * longer verifies under the profile; the generic verify still reports it. */
static void test_profile_kid(void **state)
{
    (void)state;
    static const uint8_t deadbeef[4] = { 0xde, 0xad, 0xbe, 0xef };
    uint8_t m[256], res[TEST_RESULT_LEN], other[16];
    size_t n = 0, rl = test_cai_result(g_uuid, res);
    cai_cose_sign1_info_t info;
    /* The kid is unprotected: a signer with another kid makes exactly the
     * message a swap would. */
    assert_int_equal(cai_cose_profile_sign(signer_kid(deadbeef, 4), res, rl, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, NULL, &info), CAI_COSE_OK);
    assert_int_equal(info.kid_len, 4);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, &info), CAI_COSE_ERR_KID_MISMATCH);
    assert_null(info.kid);
    /* 16 bytes but another UUID (last byte differs) */
    memcpy(other, g_uuid, 16);
    other[15] ^= 1;
    assert_int_equal(cai_cose_profile_sign(signer_kid(other, 16), res, rl, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_KID_MISMATCH);
    /* no kid at all */
    assert_int_equal(cai_cose_profile_sign(signer_kid(NULL, 0), res, rl, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_KID_MISMATCH);
    /* the kid of the UUID with the 0x01 type byte: 17 bytes, wrong */
    uint8_t ueid[17] = { 0x01 };
    memcpy(ueid + 1, g_uuid, 16);
    assert_int_equal(cai_cose_profile_sign(signer_kid(ueid, 17), res, rl, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_KID_MISMATCH);
}

/* Payloads without a usable claim 256 are not cai results: rejected. */
static void test_profile_no_identity(void **state)
{
    (void)state;
    uint8_t m[256], p[64];
    const char *bad[] = {
        "6869",       /* 'hi', not CBOR */
        "A0",         /* {} */
        "A1390000A0", /* {-1: {}}: other claims only */
        "A2190100510100000000000000000000000000000000190100"
        "510100000000000000000000000000000000", /* 256 twice */
        "A11901005102"
        "8D2E3F40516247738495A6B7C8D9EAFB",           /* type byte 02 */
        "A1190100508D2E3F40516247738495A6B7C8D9EAFB", /* 16 bytes, no type byte */
        "A119010078"
        "118D2E3F40516247738495A6B7C8D9EAFB", /* not a bstr (bad tstr) */
        "A11901005101"
        "8D2E3F40516247738495A6B7C8D9EAFB00",             /* bytes after the map */
        "81A1190100510100000000000000000000000000000000", /* map inside an array */
        "BF190100510100000000000000000000000000000000FF", /* indefinite map */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t pl = unhex(bad[i], p, sizeof p), n = 0;
        assert_int_equal(cai_cose_profile_sign(signer_kid(g_uuid, 16), p, pl, m, sizeof m, &n),
                         CAI_COSE_OK);
        assert_int_equal(cai_cose_sign1_verify(m, n, g_pub, NULL, NULL), CAI_COSE_OK);
        assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_ERR_NO_IDENTITY);
    }
    /* claim 256 among other claims, keys before and after it */
    size_t pl = unhex("A30A410119010051018D2E3F40516247738495A6B7C8D9EAFB3A000138866474657374", p,
                      sizeof p),
           n = 0;
    assert_int_equal(cai_cose_profile_sign(signer_kid(g_uuid, 16), p, pl, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(cai_cose_profile_verify(m, n, g_pub, NULL), CAI_COSE_OK);
}

static void test_strerror(void **state)
{
    (void)state;
    for (int a = 0; a >= CAI_COSE_ERR_RNG; a--) {
        const char *ta = cai_cose_strerror((cai_cose_err_t)a);
        const char *na = cai_cose_errname((cai_cose_err_t)a);
        assert_non_null(strstr(na, "CAI_COSE_"));
        for (int b = a - 1; b >= CAI_COSE_ERR_RNG; b--) {
            assert_string_not_equal(ta, cai_cose_strerror((cai_cose_err_t)b));
            assert_string_not_equal(na, cai_cose_errname((cai_cose_err_t)b));
        }
    }
    assert_string_equal(cai_cose_strerror((cai_cose_err_t)-1000), "unknown COSE error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emitted_form_and_roundtrip),
        cmocka_unit_test(test_no_kid_and_buffer),
        cmocka_unit_test(test_external_aad),
        cmocka_unit_test(test_protected_a0),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_trailing_and_size),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_duplicate_labels),
        cmocka_unit_test(test_header_types),
        cmocka_unit_test(test_crit),
        cmocka_unit_test(test_algs),
        cmocka_unit_test(test_detached_payload),
        cmocka_unit_test(test_signature_checks),
        cmocka_unit_test(test_parse_without_verify),
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_profile_low_s),
        cmocka_unit_test(test_profile_kid),
        cmocka_unit_test(test_profile_no_identity),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, cose_test_setup, NULL);
}
