/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Encrypt0 and COSE_Encrypt unit tests: round trips for every
 * recipient kind we implement, the profile's exact shape, and each rejection
 * path (made by editing one part of an otherwise valid message).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/cose.h"
#include "cose_test_util.h"

static const uint8_t k_key16[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t k_key32[32] = { 7 };
static const uint8_t k_iv[12] = { 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5,
                                  0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB };
static const uint8_t k_pt[5] = { 'h', 'e', 'l', 'l', 'o' };

/* ---------------- Encrypt0 ---------------- */

static cai_cose_err_t open0(const uint8_t *m, size_t n, const uint8_t *key, size_t kl,
                            const cai_cose_opts_t *o)
{
    uint8_t out[256];
    size_t len = 0;
    cai_cose_err_t e = cai_cose_encrypt0_open(m, n, key, kl, o, out, sizeof out, &len, NULL);
    if (e == CAI_COSE_OK && (len != sizeof k_pt || memcmp(out, k_pt, len) != 0)) {
        return CAI_COSE_ERR_ARG; /* wrong plaintext: make the test fail */
    }
    return e;
}

/* Encrypt0 with a given protected header and unprotected map (hex). */
static size_t enc0_with(uint8_t *m, size_t cap, uint64_t tag, const char *prot_hex,
                        const char *unprot_hex)
{
    uint8_t prot[32], unprot[128];
    size_t pl = unhex(prot_hex, prot, sizeof prot), ul = unhex(unprot_hex, unprot, sizeof unprot);
    return make_encrypt0(m, cap, tag, prot, pl, unprot, ul, k_key16, 16, k_iv, k_pt, sizeof k_pt);
}

#define UNPROT_IV "A1054CA0A1A2A3A4A5A6A7A8A9AAAB"

static void test_encrypt0_roundtrip(void **state)
{
    (void)state;
    static const int64_t algs[] = { CAI_COSE_ALG_A128GCM, CAI_COSE_ALG_A192GCM,
                                    CAI_COSE_ALG_A256GCM };
    static const size_t klen[] = { 16, 24, 32 };
    uint8_t key[32] = { 9 }, m[256], out[64];
    for (size_t i = 0; i < 3; i++) {
        counter_rng_t rng = { .next = 0x10 };
        cai_cose_encrypt0_params_t p = { .alg = algs[i],
                                         .key = key,
                                         .key_len = klen[i],
                                         .kid = (const uint8_t *)"k1",
                                         .kid_len = 2,
                                         .rng = counter_rng,
                                         .rng_ctx = &rng };
        size_t n = 0, len = 0;
        assert_int_equal(cai_cose_encrypt0_seal(&p, k_pt, 5, m, sizeof m, &n), CAI_COSE_OK);
        /* 16([h'A101xx', {4: 'k1', 5: iv}, ct]) with the IV drawn from the rng */
        uint8_t head[40];
        size_t hl =
            unhex("D08343A10100A204426B31054C101112131415161718191A1B55", head, sizeof head);
        head[5] = (uint8_t)algs[i];
        assert_int_equal(n, hl + 21);
        assert_memory_equal(m, head, hl);
        assert_int_equal(cai_cbor_check_deterministic(m, n), CAI_CBOR_OK);
        cai_cose_encrypt_info_t info;
        assert_int_equal(
            cai_cose_encrypt0_open(m, n, key, klen[i], NULL, out, sizeof out, &len, &info),
            CAI_COSE_OK);
        assert_int_equal(len, 5);
        assert_memory_equal(out, k_pt, 5);
        assert_int_equal(info.alg, algs[i]);
        assert_int_equal(info.kid_len, 2);
    }
}

static void test_encrypt0_seal_errors(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = 0;
    counter_rng_t rng = { .fail = true };
    cai_cose_encrypt0_params_t p = { .alg = CAI_COSE_ALG_A128GCM,
                                     .key = k_key16,
                                     .key_len = 16,
                                     .rng = counter_rng,
                                     .rng_ctx = &rng };
    assert_int_equal(cai_cose_encrypt0_seal(&p, k_pt, 5, m, sizeof m, &n), CAI_COSE_ERR_RNG);
    rng.fail = false;
    assert_int_equal(cai_cose_encrypt0_seal(&p, k_pt, 5, m, 20, &n), CAI_COSE_ERR_BUFFER_TOO_SMALL);
    p.key_len = 32;
    assert_int_equal(cai_cose_encrypt0_seal(&p, k_pt, 5, m, sizeof m, &n),
                     CAI_COSE_ERR_ALG_KEY_MISMATCH);
    p.alg = 10; /* AES-CCM: not implemented */
    assert_int_equal(cai_cose_encrypt0_seal(&p, k_pt, 5, m, sizeof m, &n),
                     CAI_COSE_ERR_ALG_UNKNOWN);
    uint8_t big[600] = { 0 };
    p.alg = CAI_COSE_ALG_A128GCM;
    p.key_len = 16;
    p.external_aad = big;
    p.external_aad_len = sizeof big; /* Enc_structure over its bound */
    assert_int_equal(cai_cose_encrypt0_seal(&p, k_pt, 5, m, sizeof m, &n), CAI_COSE_ERR_TOO_LARGE);
}

static void test_encrypt0_rejections(void **state)
{
    (void)state;
    uint8_t m[256];
    size_t n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A10101", UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_OK);
    /* key of the wrong size for the alg */
    assert_int_equal(open0(m, n, k_key32, 32, NULL), CAI_COSE_ERR_ALG_KEY_MISMATCH);
    /* policy */
    cai_cose_opts_t o = { .require_alg = CAI_COSE_ALG_A256GCM };
    assert_int_equal(open0(m, n, k_key16, 16, &o), CAI_COSE_ERR_ALG_NOT_ALLOWED);
    /* ciphertext or tag changed */
    m[n - 1] ^= 1;
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_DECRYPT);
    m[n - 1] ^= 1;
    m[n - 17] ^= 1;
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_DECRYPT);
    m[n - 17] ^= 1;
    /* plaintext buffer too small */
    uint8_t out[4];
    size_t len = 0;
    assert_int_equal(cai_cose_encrypt0_open(m, n, k_key16, 16, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 5);
    /* external AAD not matching */
    o.require_alg = 0;
    o.external_aad = (const uint8_t *)"x";
    o.external_aad_len = 1;
    assert_int_equal(open0(m, n, k_key16, 16, &o), CAI_COSE_ERR_DECRYPT);
    /* tag of another message type; missing tag */
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT, "A10101", UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_TAG_WRONG);
    n = enc0_with(m, sizeof m, NO_TAG, "A10101", UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_TAG_MISSING);
    /* IV missing, of the wrong size, duplicated across buckets; partial IV */
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A10101", "A0");
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_HEADER);
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A10101", "A1054BA0A1A2A3A4A5A6A7A8A9AA");
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_HEADER);
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A20101054CA0A1A2A3A4A5A6A7A8A9AAAB",
                  UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_DUPLICATE_LABEL);
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A10101",
                  "A2054CA0A1A2A3A4A5A6A7A8A9AAAB064261A7");
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_UNSUPPORTED);
    /* algs */
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "", UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_ALG_MISSING);
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A1013903E6", UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_ALG_UNKNOWN);
    /* crit naming a header we do not know */
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A20101028118C8", UNPROT_IV);
    assert_int_equal(open0(m, n, k_key16, 16, NULL), CAI_COSE_ERR_CRIT);
    /* ciphertext shorter than the tag */
    uint8_t shortm[64];
    size_t sl = unhex("D08343A10101" UNPROT_IV "4100", shortm, sizeof shortm);
    assert_int_equal(open0(shortm, sl, k_key16, 16, NULL), CAI_COSE_ERR_DECRYPT);
    /* trailing byte */
    n = enc0_with(m, sizeof m, CAI_COSE_TAG_ENCRYPT0, "A10101", UNPROT_IV);
    m[n] = 0xF6;
    assert_int_equal(open0(m, n + 1, k_key16, 16, NULL), CAI_COSE_ERR_TRAILING);
}

/* ---------------- Encrypt: the cai profile ---------------- */

static size_t profile_msg(uint8_t *m, size_t cap, counter_rng_t *rng)
{
    size_t n = 0;
    assert_int_equal(cai_cose_profile_encrypt(g_pub, (const uint8_t *)"cloud", 5, k_pt, 5,
                                              rng ? counter_rng : NULL, rng, m, cap, &n),
                     CAI_COSE_OK);
    return n;
}

static cai_cose_err_t pdec(const uint8_t *m, size_t n, const cai_cose_ecdh_t *priv)
{
    uint8_t out[64];
    size_t len = 0;
    cai_cose_err_t e = cai_cose_profile_decrypt(priv, m, n, out, sizeof out, &len, NULL);
    if (e == CAI_COSE_OK && (len != 5 || memcmp(out, k_pt, 5) != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    return e;
}

/* Offset of needle in hay, or SIZE_MAX. */
static size_t find(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(hay + i, needle, k) == 0) {
            return i;
        }
    }
    return SIZE_MAX;
}

static void test_profile_shape(void **state)
{
    (void)state;
    uint8_t m[512], out[64];
    counter_rng_t rng = { .next = 1 };
    size_t n = profile_msg(m, sizeof m, &rng);
    assert_true(n <= cai_cose_profile_encrypt_size(5, 5));
    assert_int_equal(cai_cbor_check_deterministic(m, n), CAI_CBOR_OK);
    /* 96([h'A10103', {5: iv}, ct, [[h'A101381E', {4: 'cloud', -1: {1:2,-1:1,-2:x,-3:y}}, w]]]) */
    uint8_t head[32];
    size_t hl = unhex("D8608443A10103A1054C", head, sizeof head);
    assert_memory_equal(m, head, hl);
    uint8_t rcp[32];
    size_t rl = unhex("818344A101381EA20445636C6F756420A401022001215820", rcp, sizeof rcp);
    assert_int_not_equal(find(m, n, rcp, rl), SIZE_MAX);
    /* rng drawn as CEK(32), IV(12), ephemeral key(32): the IV is bytes 33..44 */
    for (size_t i = 0; i < 12; i++) {
        assert_int_equal(m[hl + i], 33 + i);
    }
    assert_int_equal(rng.next, 1 + 32 + 12 + 32);
    cai_cose_encrypt_info_t info;
    size_t len = 0;
    assert_int_equal(cai_cose_profile_decrypt(&g_ecdh, m, n, out, sizeof out, &len, &info),
                     CAI_COSE_OK);
    assert_int_equal(len, 5);
    assert_int_equal(info.alg, CAI_COSE_ALG_A256GCM);
    assert_int_equal(info.recipient_alg, CAI_COSE_ALG_ECDH_ES_A256KW);
    assert_int_equal(info.recipient_kid_len, 5);
    /* fresh randomness by default: two messages differ */
    uint8_t m2[512];
    size_t n2 = profile_msg(m2, sizeof m2, NULL);
    assert_int_equal(n2, n);
    assert_memory_not_equal(m, m2, n);
    assert_int_equal(pdec(m2, n2, &g_ecdh), CAI_COSE_OK);
}

static void test_profile_rejections(void **state)
{
    (void)state;
    uint8_t m[512];
    size_t n = profile_msg(m, sizeof m, NULL);
    /* wrong private key: the KEK differs, AES-KW integrity fails */
    assert_int_equal(pdec(m, n, &g_ecdh2), CAI_COSE_ERR_UNWRAP);
    /* wrapped CEK changed */
    m[n - 1] ^= 1;
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_UNWRAP);
    m[n - 1] ^= 1;
    /* content changed */
    size_t ct_at = 2 + 1 + 4 + 15 + 1;
    m[ct_at] ^= 1;
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_DECRYPT);
    m[ct_at] ^= 1;
    /* body protected header changed to A128GCM: the profile refuses it */
    m[6] = 0x01;
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_ALG_NOT_ALLOWED);
    m[6] = 0x03;
    /* recipient alg: ECDH-SS (known, not implemented), unknown, ECDH-ES+A128KW */
    uint8_t rprot[] = { 0x44, 0xA1, 0x01, 0x38, 0x1E };
    size_t at = find(m, n, rprot, sizeof rprot);
    assert_int_not_equal(at, SIZE_MAX);
    m[at + 4] = 0x1F; /* -32 */
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_UNSUPPORTED);
    m[at + 4] = 0x63; /* -100 */
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_ALG_UNKNOWN);
    m[at + 4] = 0x1C; /* -29 */
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_ALG_NOT_ALLOWED);
    m[at + 4] = 0x1E;
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_OK);
    /* ephemeral key off the curve */
    uint8_t epk[] = { 0xA4, 0x01, 0x02, 0x20, 0x01, 0x21, 0x58, 0x20 };
    size_t ex = find(m, n, epk, sizeof epk);
    assert_int_not_equal(ex, SIZE_MAX);
    m[ex + 8] ^= 1;
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_KEY);
    m[ex + 8] ^= 1;
    /* compressed ephemeral key: y replaced by true */
    uint8_t c[1024];
    size_t yat = ex + 8 + 32; /* 22 58 20 y */
    memcpy(c, m, yat + 1);
    c[yat + 1] = 0xF5;
    memcpy(c + yat + 2, m + yat + 3 + 32, n - (yat + 3 + 32));
    assert_int_equal(pdec(c, n - 34, &g_ecdh), CAI_COSE_ERR_KEY);
    /* no recipients; too many; nested recipients */
    size_t rcp_at = ct_at + 21;
    assert_int_equal(m[rcp_at], 0x81);
    memcpy(c, m, rcp_at);
    c[rcp_at] = 0x80;
    assert_int_equal(pdec(c, rcp_at + 1, &g_ecdh), CAI_COSE_ERR_MALFORMED);
    size_t one = n - rcp_at - 1;
    c[rcp_at] = 0x85;
    assert_true(rcp_at + 1 + 5 * one <= sizeof c);
    for (size_t i = 0; i < 5; i++) {
        memcpy(c + rcp_at + 1 + i * one, m + rcp_at + 1, one);
    }
    assert_int_equal(pdec(c, rcp_at + 1 + 5 * one, &g_ecdh), CAI_COSE_ERR_TOO_LARGE);
    memcpy(c, m, n);
    c[rcp_at + 1] = 0x84;
    c[n] = 0x80;
    assert_int_equal(pdec(c, n + 1, &g_ecdh), CAI_COSE_ERR_UNSUPPORTED);
    /* trailing, untagged */
    memcpy(c, m, n);
    c[n] = 0;
    assert_int_equal(pdec(c, n + 1, &g_ecdh), CAI_COSE_ERR_TRAILING);
    assert_int_equal(pdec(m + 2, n - 2, &g_ecdh), CAI_COSE_ERR_TAG_MISSING);
}

/* ---------------- Encrypt: other recipients ---------------- */

static cai_cose_err_t roundtrip(const cai_cose_recipient_t *r, int64_t alg,
                                const cai_cose_recipient_key_t *k, uint8_t *m, size_t *n)
{
    cai_cose_encrypt_params_t p = { .alg = alg, .recipient = r };
    uint8_t out[64];
    size_t len = 0;
    cai_cose_err_t e = cai_cose_encrypt_seal(&p, k_pt, 5, m, 512, n);
    if (e != CAI_COSE_OK) {
        return e;
    }
    e = cai_cose_encrypt_open(m, *n, k, NULL, out, sizeof out, &len, NULL);
    if (e == CAI_COSE_OK && (len != 5 || memcmp(out, k_pt, 5) != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    return e;
}

static void test_other_recipients(void **state)
{
    (void)state;
    uint8_t m[512];
    size_t n = 0;
    /* ECDH-ES + A128KW with salt and party info, sent as -20, -21, -24 */
    const uint8_t salt[] = { 's', 'a', 'l', 't' };
    cai_cose_recipient_t r = {
        .alg = CAI_COSE_ALG_ECDH_ES_A128KW, .peer_pub = g_pub, .salt = salt, .salt_len = 4
    };
    r.party_u.identity = (const uint8_t *)"dev";
    r.party_u.identity_len = 3;
    r.party_v.identity = (const uint8_t *)"cloud";
    r.party_v.identity_len = 5;
    cai_cose_recipient_key_t k = { .ecdh = &g_ecdh };
    assert_int_equal(roundtrip(&r, CAI_COSE_ALG_A128GCM, &k, m, &n), CAI_COSE_OK);
    uint8_t hdrs[32];
    size_t hl = unhex("334473616C7434436465763745636C6F7564", hdrs, sizeof hdrs);
    assert_int_not_equal(find(m, n, hdrs, hl), SIZE_MAX);
    assert_int_equal(cai_cbor_check_deterministic(m, n), CAI_CBOR_OK);
    /* the salt is part of the derivation: remove it and unwrapping fails */
    size_t at = find(m, n, hdrs, 6);
    m[at + 2] ^= 1;
    uint8_t out[64];
    size_t len = 0;
    assert_int_equal(cai_cose_encrypt_open(m, n, &k, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_UNWRAP);
    /* ECDH-ES direct (HKDF-256): wrong key fails at the content tag */
    cai_cose_recipient_t d = { .alg = CAI_COSE_ALG_ECDH_ES_HKDF_256, .peer_pub = g_pub };
    assert_int_equal(roundtrip(&d, CAI_COSE_ALG_A256GCM, &k, m, &n), CAI_COSE_OK);
    cai_cose_recipient_key_t k2 = { .ecdh = &g_ecdh2 };
    assert_int_equal(cai_cose_encrypt_open(m, n, &k2, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_DECRYPT);
    /* static A192KW and direct */
    uint8_t kek[24] = { 3 };
    cai_cose_recipient_t w = { .alg = CAI_COSE_ALG_A192KW,
                               .key = kek,
                               .key_len = 24,
                               .kid = (const uint8_t *)"w",
                               .kid_len = 1 };
    cai_cose_recipient_key_t wk = { .key = kek, .key_len = 24 };
    assert_int_equal(roundtrip(&w, CAI_COSE_ALG_A128GCM, &wk, m, &n), CAI_COSE_OK);
    /* kid filter */
    wk.kid = (const uint8_t *)"v";
    wk.kid_len = 1;
    assert_int_equal(cai_cose_encrypt_open(m, n, &wk, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_NO_RECIPIENT);
    /* a private key for an AES-KW recipient: no usable recipient */
    assert_int_equal(cai_cose_encrypt_open(m, n, &k, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_NO_RECIPIENT);
    /* KEK of the wrong size */
    cai_cose_recipient_key_t small = { .key = kek, .key_len = 16 };
    assert_int_equal(cai_cose_encrypt_open(m, n, &small, NULL, out, sizeof out, &len, NULL),
                     CAI_COSE_ERR_ALG_KEY_MISMATCH);
    w.key_len = 16;
    assert_int_equal(roundtrip(&w, CAI_COSE_ALG_A128GCM, &wk, m, &n),
                     CAI_COSE_ERR_ALG_KEY_MISMATCH);
    cai_cose_recipient_t dir = { .alg = CAI_COSE_ALG_DIRECT, .key = k_key32, .key_len = 32 };
    cai_cose_recipient_key_t dk = { .key = k_key32, .key_len = 32 };
    assert_int_equal(roundtrip(&dir, CAI_COSE_ALG_A256GCM, &dk, m, &n), CAI_COSE_OK);
    /* unknown recipient alg on seal; bad peer key */
    cai_cose_recipient_t bad = { .alg = -100, .peer_pub = g_pub };
    assert_int_equal(roundtrip(&bad, CAI_COSE_ALG_A256GCM, &k, m, &n), CAI_COSE_ERR_ALG_UNKNOWN);
    uint8_t offcurve[65] = { 0x04, 1 };
    cai_cose_recipient_t oc = { .alg = CAI_COSE_ALG_ECDH_ES_A256KW, .peer_pub = offcurve };
    assert_int_equal(roundtrip(&oc, CAI_COSE_ALG_A256GCM, &k, m, &n), CAI_COSE_ERR_KEY);
    /* a profile decrypt refuses a static-key recipient */
    assert_int_equal(roundtrip(&dir, CAI_COSE_ALG_A256GCM, &dk, m, &n), CAI_COSE_OK);
    assert_int_equal(pdec(m, n, &g_ecdh), CAI_COSE_ERR_ALG_NOT_ALLOWED);
}

/* docs/design.md §5 `--format encrypt`: Sign1 over the profile COSE_Encrypt. */
static void test_sign_encrypt(void **state)
{
    (void)state;
    uint8_t scratch[256], m[512], out[64], res[TEST_RESULT_LEN];
    size_t n = 0, len = 0, rl = test_cai_result(g_uuid, res);
    const size_t need = cai_cose_profile_encrypt_size(rl, 5);
    assert_true(need <= sizeof scratch);
    /* Not a cai result inside, or the outer kid not the inner ueid's UUID:
     * decrypted, then refused, and no plaintext is left. */
    assert_int_equal(cai_cose_profile_sign_encrypt(signer_kid(g_uuid, 16), g_pub2,
                                                   (const uint8_t *)"cloud", 5, k_pt, 5, NULL, NULL,
                                                   scratch, need, m, sizeof m, &n),
                     CAI_COSE_OK);
    memset(out, 0x55, sizeof out);
    assert_int_equal(
        cai_cose_profile_verify_decrypt(m, n, g_pub, &g_ecdh2, out, sizeof out, &len, NULL),
        CAI_COSE_ERR_NO_IDENTITY);
    assert_int_equal(len, 0);
    for (size_t i = 0; i < sizeof k_pt; i++)
        assert_int_equal(out[i], 0);
    assert_int_equal(cai_cose_profile_sign_encrypt(signer_kid((const uint8_t *)"dev", 3), g_pub2,
                                                   (const uint8_t *)"cloud", 5, res, rl, NULL, NULL,
                                                   scratch, need, m, sizeof m, &n),
                     CAI_COSE_OK);
    cai_cose_sign1_info_t info = { .kid_len = 99 };
    assert_int_equal(
        cai_cose_profile_verify_decrypt(m, n, g_pub, &g_ecdh2, out, sizeof out, &len, &info),
        CAI_COSE_ERR_KID_MISMATCH);
    assert_int_equal(len, 0);
    assert_int_equal(info.kid_len, 0);
    /* The profile result: kid = UUID of the encrypted ueid. */
    assert_int_equal(cai_cose_profile_sign_encrypt(signer_kid(g_uuid, 16), g_pub2,
                                                   (const uint8_t *)"cloud", 5, res, rl, NULL, NULL,
                                                   scratch, need, m, sizeof m, &n),
                     CAI_COSE_OK);
    assert_int_equal(
        cai_cose_profile_verify_decrypt(m, n, g_pub, &g_ecdh2, out, sizeof out, &len, &info),
        CAI_COSE_OK);
    assert_int_equal(len, rl);
    assert_memory_equal(out, res, rl);
    assert_int_equal(info.kid_len, 16);
    /* (r, n - s) of the outer signature: refused before any decryption.
     * n - s = (n - 1 - s) + 1, with n written out. */
    {
        static const uint8_t nn[32] = {
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
            0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
        };
        uint8_t hi[512];
        memcpy(hi, m, n);
        int borrow = 0;
        for (int i = 31; i >= 0; i--) {
            int d = nn[i] - hi[n - 32 + (size_t)i] - borrow;
            borrow = d < 0;
            hi[n - 32 + (size_t)i] = (uint8_t)(d + (borrow ? 256 : 0));
        }
        assert_int_equal(cai_cose_sign1_verify(hi, n, g_pub, NULL, NULL), CAI_COSE_OK);
        assert_int_equal(
            cai_cose_profile_verify_decrypt(hi, n, g_pub, &g_ecdh2, out, sizeof out, &len, NULL),
            CAI_COSE_ERR_HIGH_S);
    }
    assert_int_equal(
        cai_cose_profile_verify_decrypt(m, n, g_pub, &g_ecdh2, out, sizeof out, &len, &info),
        CAI_COSE_OK);
    /* the payload is a tagged COSE_Encrypt */
    assert_int_equal(info.payload[0], 0xD8);
    assert_int_equal(info.payload[1], 0x60);
    /* wrong signer key, wrong recipient key, small scratch */
    assert_int_equal(
        cai_cose_profile_verify_decrypt(m, n, g_pub2, &g_ecdh2, out, sizeof out, &len, NULL),
        CAI_COSE_ERR_SIGNATURE);
    assert_int_equal(
        cai_cose_profile_verify_decrypt(m, n, g_pub, &g_ecdh, out, sizeof out, &len, NULL),
        CAI_COSE_ERR_UNWRAP);
    assert_int_equal(cai_cose_profile_sign_encrypt(signer_kid(NULL, 0), g_pub2, NULL, 0, k_pt, 5,
                                                   NULL, NULL, scratch, 40, m, sizeof m, &n),
                     CAI_COSE_ERR_BUFFER_TOO_SMALL);
}

static void test_rng_failure(void **state)
{
    (void)state;
    uint8_t m[512];
    size_t n = 0;
    counter_rng_t rng = { .fail = true };
    assert_int_equal(
        cai_cose_profile_encrypt(g_pub, NULL, 0, k_pt, 5, counter_rng, &rng, m, sizeof m, &n),
        CAI_COSE_ERR_RNG);
    rng.fail = false;
    assert_int_equal(
        cai_cose_profile_encrypt(g_pub, NULL, 0, k_pt, 5, counter_rng, &rng, m, 50, &n),
        CAI_COSE_ERR_BUFFER_TOO_SMALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encrypt0_roundtrip),  cmocka_unit_test(test_encrypt0_seal_errors),
        cmocka_unit_test(test_encrypt0_rejections), cmocka_unit_test(test_profile_shape),
        cmocka_unit_test(test_profile_rejections),  cmocka_unit_test(test_other_recipients),
        cmocka_unit_test(test_sign_encrypt),        cmocka_unit_test(test_rng_failure),
    };
    return cmocka_run_group_tests(tests, cose_test_setup, NULL);
}
