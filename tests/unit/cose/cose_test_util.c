/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers for the COSE unit tests (see cose_test_util.h). */
#include "cose_test_util.h"

#include <string.h>

#include "cai/crypto.h"

uint8_t g_priv[32];
uint8_t g_pub[65];
uint8_t g_priv2[32];
uint8_t g_pub2[65];
cai_p256_key_t g_key, g_key2;
cai_cose_ecdh_t g_ecdh, g_ecdh2;
static cai_cose_signer_t g_signer;

const cai_cose_signer_t *signer_kid(const uint8_t *kid, size_t kid_len)
{
    g_signer.kid = kid;
    g_signer.kid_len = kid_len;
    return &g_signer;
}

int cose_test_setup(void **state)
{
    (void)state;
    static const char l1[] = "cai cose unit test key 1";
    static const char l2[] = "cai cose unit test key 2";
    if (cai_crypto_init() != PSA_SUCCESS ||
        cai_sha256((const uint8_t *)l1, sizeof l1 - 1, g_priv) != PSA_SUCCESS ||
        cai_sha256((const uint8_t *)l2, sizeof l2 - 1, g_priv2) != PSA_SUCCESS ||
        cai_p256_public_from_private(g_priv, g_pub) != PSA_SUCCESS ||
        cai_p256_public_from_private(g_priv2, g_pub2) != PSA_SUCCESS ||
        cai_cose_signer_from_raw(&g_key, g_priv, NULL, 0, &g_signer) != CAI_COSE_OK ||
        cai_cose_ecdh_from_raw(&g_key2, g_priv2, &g_ecdh2) != CAI_COSE_OK) {
        return -1;
    }
    g_ecdh = cai_cose_ecdh_from_key(&g_key);
    return 0;
}

static int nib(char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n && i < cap; i++) {
        out[i] = (uint8_t)(nib(hex[2 * i]) << 4 | nib(hex[2 * i + 1]));
    }
    return n;
}

size_t make_sign1(uint8_t *out, size_t cap, uint64_t tag, const uint8_t *prot, size_t prot_len,
                  const uint8_t *sig_prot, size_t sig_prot_len, const uint8_t *unprot,
                  size_t unprot_len, const uint8_t *payload, size_t payload_len)
{
    uint8_t tbs[1024], digest[32], sig[64];
    size_t tbs_len = 0, len = 0;
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, tbs, sizeof tbs);
    cai_cbor_put_array(&e, 4);
    cai_cbor_put_tstr_z(&e, "Signature1");
    cai_cbor_put_bstr(&e, sig_prot, sig_prot_len);
    cai_cbor_put_bstr(&e, NULL, 0);
    cai_cbor_put_bstr(&e, payload, payload_len);
    if (cai_cbor_enc_finish(&e, &tbs_len) != CAI_CBOR_OK ||
        cai_sha256(tbs, tbs_len, digest) != PSA_SUCCESS ||
        cai_ecdsa_p256_sign_hash(g_priv, digest, sig) != PSA_SUCCESS) {
        return 0;
    }
    cai_cbor_enc_init(&e, out, cap);
    if (tag != NO_TAG) {
        cai_cbor_put_tag(&e, tag);
    }
    cai_cbor_put_array(&e, 4);
    cai_cbor_put_bstr(&e, prot, prot_len);
    cai_cbor_put_raw(&e, unprot, unprot_len);
    if (payload != NULL) {
        cai_cbor_put_bstr(&e, payload, payload_len);
    } else {
        cai_cbor_put_null(&e);
    }
    cai_cbor_put_bstr(&e, sig, sizeof sig);
    return cai_cbor_enc_finish(&e, &len) == CAI_CBOR_OK ? len : 0;
}

size_t make_map(uint8_t *out, size_t cap, const hdr_t *h, size_t n)
{
    uint8_t val[512];
    size_t len = 0;
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, cap);
    cai_cbor_put_map(&e, n);
    for (size_t i = 0; i < n; i++) {
        cai_cbor_put_int(&e, h[i].label);
        size_t vl = unhex(h[i].value_hex, val, sizeof val);
        cai_cbor_put_raw(&e, val, vl);
    }
    return cai_cbor_enc_finish(&e, &len) == CAI_CBOR_OK ? len : 0;
}

size_t make_encrypt0(uint8_t *out, size_t cap, uint64_t tag, const uint8_t *prot, size_t prot_len,
                     const uint8_t *unprot, size_t unprot_len, const uint8_t *key, size_t key_len,
                     const uint8_t iv[12], const uint8_t *pt, size_t pt_len)
{
    uint8_t aad[256], ct[512];
    size_t aad_len = 0, len = 0;
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, aad, sizeof aad);
    cai_cbor_put_array(&e, 3);
    cai_cbor_put_tstr_z(&e, "Encrypt0");
    cai_cbor_put_bstr(&e, prot, prot_len);
    cai_cbor_put_bstr(&e, NULL, 0);
    if (cai_cbor_enc_finish(&e, &aad_len) != CAI_CBOR_OK || pt_len + 16 > sizeof ct ||
        cai_aes_gcm_encrypt(key, key_len, iv, 12, aad, aad_len, pt, pt_len, ct, ct + pt_len, 16) !=
            PSA_SUCCESS) {
        return 0;
    }
    cai_cbor_enc_init(&e, out, cap);
    if (tag != NO_TAG) {
        cai_cbor_put_tag(&e, tag);
    }
    cai_cbor_put_array(&e, 3);
    cai_cbor_put_bstr(&e, prot, prot_len);
    cai_cbor_put_raw(&e, unprot, unprot_len);
    cai_cbor_put_bstr(&e, ct, pt_len + 16);
    return cai_cbor_enc_finish(&e, &len) == CAI_CBOR_OK ? len : 0;
}

psa_status_t counter_rng(void *ctx, uint8_t *out, size_t len)
{
    counter_rng_t *r = ctx;
    if (r->fail) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    for (size_t i = 0; i < len; i++) {
        out[i] = r->next++;
    }
    return PSA_SUCCESS;
}

const uint8_t g_uuid[16] = { 0x8d, 0x2e, 0x3f, 0x40, 0x51, 0x62, 0x47, 0x73,
                             0x84, 0x95, 0xa6, 0xb7, 0xc8, 0xd9, 0xea, 0xfb };

size_t test_cai_result(const uint8_t uuid[16], uint8_t out[TEST_RESULT_LEN])
{
    /* A2: map(2); 19 0100: 256; 51: bstr(17); 01 || uuid;
     * 3A 00013885: -80006 (-1 - 0x13885); 07 */
    static const uint8_t head[] = { 0xA2, 0x19, 0x01, 0x00, 0x51, 0x01 };
    static const uint8_t tail[] = { 0x3A, 0x00, 0x01, 0x38, 0x85, 0x07 };
    memcpy(out, head, sizeof head);
    memcpy(out + sizeof head, uuid, 16);
    memcpy(out + sizeof head + 16, tail, sizeof tail);
    return sizeof head + 16 + sizeof tail;
}
