/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Key (EC2 P-256) unit tests: exact encoding, round trip, and every
 * rejection of the strict decoder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cai/cbor.h"
#include "cai/cose.h"
#include "cose_test_util.h"

/* Encodes {label: value...} where values are the test key's parts. */
typedef enum {
    V_INT,
    V_X,
    V_Y,
    V_D,
    V_BSTR31,
    V_TRUE,
    V_KID
} vkind_t;
typedef struct {
    int64_t label;
    vkind_t kind;
    int64_t i;
} kv_t;

static size_t build(uint8_t *out, size_t cap, const kv_t *kv, size_t n, const uint8_t *priv,
                    const uint8_t *pub)
{
    cai_cbor_enc_t e;
    size_t len = 0;
    cai_cbor_enc_init(&e, out, cap);
    cai_cbor_put_map(&e, n);
    for (size_t i = 0; i < n; i++) {
        cai_cbor_put_int(&e, kv[i].label);
        switch (kv[i].kind) {
        case V_INT:
            cai_cbor_put_int(&e, kv[i].i);
            break;
        case V_X:
            cai_cbor_put_bstr(&e, pub + 1, 32);
            break;
        case V_Y:
            cai_cbor_put_bstr(&e, pub + 33, 32);
            break;
        case V_D:
            cai_cbor_put_bstr(&e, priv, 32);
            break;
        case V_BSTR31:
            cai_cbor_put_bstr(&e, pub + 1, 31);
            break;
        case V_TRUE:
            cai_cbor_put_bool(&e, true);
            break;
        case V_KID:
            cai_cbor_put_bstr(&e, "kid", 3);
            break;
        }
    }
    assert_int_equal(cai_cbor_enc_finish(&e, &len), CAI_CBOR_OK);
    return len;
}

static cai_cose_err_t dec(const kv_t *kv, size_t n)
{
    uint8_t buf[256];
    cai_cose_ec2_key_t k;
    size_t len = build(buf, sizeof buf, kv, n, g_priv, g_pub);
    return cai_cose_key_decode(buf, len, &k);
}

static void test_encode_exact_and_roundtrip(void **state)
{
    (void)state;
    cai_cose_ec2_key_t k = { .has_priv = true,
                             .kid = (const uint8_t *)"kid",
                             .kid_len = 3,
                             .has_alg = true,
                             .alg = CAI_COSE_ALG_ES256 };
    memcpy(k.pub, g_pub, 65);
    memcpy(k.priv, g_priv, 32);
    uint8_t buf[256], want[256];
    size_t n = 0;
    assert_int_equal(cai_cose_key_encode(&k, true, buf, sizeof buf, &n), CAI_COSE_OK);
    const kv_t kv[] = { { 1, V_INT, 2 }, { 2, V_KID, 0 }, { 3, V_INT, -7 }, { -1, V_INT, 1 },
                        { -2, V_X, 0 },  { -3, V_Y, 0 },  { -4, V_D, 0 } };
    size_t wl = build(want, sizeof want, kv, 7, g_priv, g_pub);
    assert_int_equal(n, wl);
    assert_memory_equal(buf, want, wl);
    assert_int_equal(cai_cbor_check_deterministic(buf, n), CAI_CBOR_OK);
    cai_cose_ec2_key_t d;
    assert_int_equal(cai_cose_key_decode(buf, n, &d), CAI_COSE_OK);
    assert_memory_equal(d.pub, g_pub, 65);
    assert_true(d.has_priv);
    assert_memory_equal(d.priv, g_priv, 32);
    assert_int_equal(d.kid_len, 3);
    assert_true(d.has_alg);
    assert_int_equal(d.alg, -7);
    /* public only: {1:2, -1:1, -2:x, -3:y} (plus kid, alg) */
    assert_int_equal(cai_cose_key_encode(&k, false, buf, sizeof buf, &n), CAI_COSE_OK);
    assert_int_equal(n, wl - 35);
    assert_int_equal(cai_cose_key_decode(buf, n, &d), CAI_COSE_OK);
    assert_false(d.has_priv);
    assert_int_equal(cai_cose_key_encode(&k, false, buf, 20, &n), CAI_COSE_ERR_BUFFER_TOO_SMALL);
}

static void test_decode_rejections(void **state)
{
    (void)state;
    const kv_t ok[] = { { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_X, 0 }, { -3, V_Y, 0 } };
    assert_int_equal(dec(ok, 4), CAI_COSE_OK);
    const kv_t compressed[] = {
        { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_X, 0 }, { -3, V_TRUE, 0 }
    };
    assert_int_equal(dec(compressed, 4), CAI_COSE_ERR_KEY);
    const kv_t okp[] = { { 1, V_INT, 1 }, { -1, V_INT, 1 }, { -2, V_X, 0 }, { -3, V_Y, 0 } };
    assert_int_equal(dec(okp, 4), CAI_COSE_ERR_KEY);
    const kv_t p384[] = { { 1, V_INT, 2 }, { -1, V_INT, 2 }, { -2, V_X, 0 }, { -3, V_Y, 0 } };
    assert_int_equal(dec(p384, 4), CAI_COSE_ERR_KEY);
    const kv_t shortx[] = {
        { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_BSTR31, 0 }, { -3, V_Y, 0 }
    };
    assert_int_equal(dec(shortx, 4), CAI_COSE_ERR_KEY);
    const kv_t noy[] = { { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_X, 0 } };
    assert_int_equal(dec(noy, 3), CAI_COSE_ERR_KEY);
    const kv_t nokty[] = { { -1, V_INT, 1 }, { -2, V_X, 0 }, { -3, V_Y, 0 } };
    assert_int_equal(dec(nokty, 3), CAI_COSE_ERR_KEY);
    const kv_t swapped[] = { { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_Y, 0 }, { -3, V_X, 0 } };
    assert_int_equal(dec(swapped, 4), CAI_COSE_ERR_KEY); /* not on the curve */
    const kv_t dup[] = {
        { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_X, 0 }, { -3, V_Y, 0 }, { -1, V_INT, 1 }
    };
    assert_int_equal(dec(dup, 5), CAI_COSE_ERR_DUPLICATE_LABEL);
    /* d that does not belong to x, y */
    uint8_t buf[256];
    cai_cose_ec2_key_t k;
    const kv_t withd[] = {
        { 1, V_INT, 2 }, { -1, V_INT, 1 }, { -2, V_X, 0 }, { -3, V_Y, 0 }, { -4, V_D, 0 }
    };
    size_t n = build(buf, sizeof buf, withd, 5, g_priv2, g_pub);
    assert_int_equal(cai_cose_key_decode(buf, n, &k), CAI_COSE_ERR_KEY);
    n = build(buf, sizeof buf, withd, 5, g_priv, g_pub);
    assert_int_equal(cai_cose_key_decode(buf, n, &k), CAI_COSE_OK);
    /* trailing byte, truncation, not a map */
    buf[n] = 0;
    assert_int_equal(cai_cose_key_decode(buf, n + 1, &k), CAI_COSE_ERR_TRAILING);
    assert_int_equal(cai_cose_key_decode(buf, n - 1, &k), CAI_COSE_ERR_MALFORMED);
    uint8_t arr[] = { 0x80 };
    assert_int_equal(cai_cose_key_decode(arr, 1, &k), CAI_COSE_ERR_KEY);
    assert_int_equal(cai_cose_key_decode(NULL, 0, &k), CAI_COSE_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_exact_and_roundtrip),
        cmocka_unit_test(test_decode_rejections),
    };
    return cmocka_run_group_tests(tests, cose_test_setup, NULL);
}
