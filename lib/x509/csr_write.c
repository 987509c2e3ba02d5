/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PKCS#10 certification request of a P-256 device key (RFC 2986 §4):
 *
 *   CertificationRequest ::= SEQUENCE {
 *     certificationRequestInfo SEQUENCE {
 *       version       INTEGER 0,
 *       subject       Name (O, CN, OU: one attribute per RDN, UTF8String),
 *       subjectPKInfo SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 },
 *                                BIT STRING 0x00 || 0x04 X Y },
 *       attributes    [0] IMPLICIT SET OF {} (empty) },
 *     signatureAlgorithm SEQUENCE { ecdsa-with-SHA256 } (no parameters, RFC 5758 §3.2),
 *     signature          BIT STRING 0x00 || DER Ecdsa-Sig-Value }
 *
 * The signature covers the DER of certificationRequestInfo, which is written
 * first (backwards, at the end of out), hashed and signed; the signature part
 * is then built apart and the whole moved to the start of out.
 */
#include <stdbool.h>
#include <string.h>

#include "cai/x509.h"
#include "der_write.h"

static const uint8_t OID_EC_PUBLIC_KEY[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t OID_PRIME256V1[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t OID_ECDSA_SHA256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
static const uint8_t OID_AT_O[] = { 0x55, 0x04, 0x0a };
static const uint8_t OID_AT_CN[] = { 0x55, 0x04, 0x03 };
static const uint8_t OID_AT_OU[] = { 0x55, 0x04, 0x0b };

/* 1..CAI_X509_NAME_MAX printable ASCII characters. Printable ASCII is valid
 * UTF-8 and shows the same everywhere; device names need nothing else. */
static bool name_ok(const char *s, size_t *len)
{
    if (s == NULL) {
        return false;
    }
    size_t n = 0;
    while (n <= CAI_X509_NAME_MAX && s[n] != '\0') {
        if (s[n] < 0x20 || s[n] > 0x7e) {
            return false;
        }
        n++;
    }
    *len = n;
    return n >= 1 && n <= CAI_X509_NAME_MAX;
}

/* One RDN: SET { SEQUENCE { OID type, UTF8String value } }. */
static void put_rdn(der_w_t *w, const uint8_t *oid, size_t oid_len, const char *v, size_t v_len)
{
    size_t set = w->used;
    size_t seq = w->used;
    der_w_tlv(w, DER_UTF8_STRING, (const uint8_t *)v, v_len);
    der_w_tlv(w, DER_OID, oid, oid_len);
    der_w_wrap(w, DER_SEQUENCE, seq);
    der_w_wrap(w, DER_SET, set);
}

static void put_request_info(der_w_t *w, const cai_x509_name_t *subject, const size_t lens[3],
                             const uint8_t pub[CAI_P256_PUB_LEN])
{
    static const uint8_t version0[] = { 0x00 };
    static const uint8_t bits_unused0[] = { 0x00 };
    size_t info = w->used;

    /* attributes: [0] with an empty SET OF */
    der_w_wrap(w, DER_CONTEXT_0, w->used);

    size_t spki = w->used;
    size_t bits = w->used;
    der_w_raw(w, pub, CAI_P256_PUB_LEN);
    der_w_raw(w, bits_unused0, sizeof(bits_unused0));
    der_w_wrap(w, DER_BIT_STRING, bits);
    size_t alg = w->used;
    der_w_tlv(w, DER_OID, OID_PRIME256V1, sizeof(OID_PRIME256V1));
    der_w_tlv(w, DER_OID, OID_EC_PUBLIC_KEY, sizeof(OID_EC_PUBLIC_KEY));
    der_w_wrap(w, DER_SEQUENCE, alg);
    der_w_wrap(w, DER_SEQUENCE, spki);

    size_t name = w->used;
    put_rdn(w, OID_AT_OU, sizeof(OID_AT_OU), subject->ou, lens[2]);
    put_rdn(w, OID_AT_CN, sizeof(OID_AT_CN), subject->cn, lens[1]);
    put_rdn(w, OID_AT_O, sizeof(OID_AT_O), subject->org, lens[0]);
    der_w_wrap(w, DER_SEQUENCE, name);

    der_w_tlv(w, DER_INTEGER, version0, sizeof(version0));
    der_w_wrap(w, DER_SEQUENCE, info);
}

/* signatureAlgorithm and signature, from the raw r||s. */
static cai_x509_err_t put_signature(der_w_t *w, const uint8_t sig[CAI_P256_SIG_LEN])
{
    static const uint8_t bits_unused0[] = { 0x00 };
    uint8_t der[CAI_P256_SIG_DER_MAX];
    size_t der_len = 0;
    if (cai_ecdsa_sig_raw_to_der(sig, der, sizeof(der), &der_len) != PSA_SUCCESS) {
        return CAI_X509_ERR_SIGN_FAILED; /* r or s out of range: not a signature */
    }
    size_t bits = w->used;
    der_w_raw(w, der, der_len);
    der_w_raw(w, bits_unused0, sizeof(bits_unused0));
    der_w_wrap(w, DER_BIT_STRING, bits);
    size_t alg = w->used;
    der_w_tlv(w, DER_OID, OID_ECDSA_SHA256, sizeof(OID_ECDSA_SHA256));
    der_w_wrap(w, DER_SEQUENCE, alg);
    return CAI_X509_OK;
}

cai_x509_err_t cai_x509_csr_write(const cai_x509_name_t *subject,
                                  const uint8_t pub[CAI_P256_PUB_LEN], cai_x509_sign_fn sign,
                                  void *ctx, uint8_t *out, size_t cap, size_t *len)
{
    if (len != NULL) {
        *len = 0;
    }
    size_t lens[3];
    if (subject == NULL || pub == NULL || sign == NULL || out == NULL || len == NULL ||
        pub[0] != 0x04 || !name_ok(subject->org, &lens[0]) || !name_ok(subject->cn, &lens[1]) ||
        !name_ok(subject->ou, &lens[2])) {
        return CAI_X509_ERR_INVALID_ARGUMENT;
    }

    der_w_t w;
    der_w_init(&w, out, cap);
    put_request_info(&w, subject, lens, pub);
    if (!der_w_ok(&w)) {
        memset(out, 0, cap);
        return CAI_X509_ERR_BUFFER_TOO_SMALL;
    }
    const size_t info_len = w.used;

    uint8_t digest[CAI_SHA256_LEN];
    uint8_t sig[CAI_P256_SIG_LEN];
    cai_x509_err_t rc = CAI_X509_OK;
    /* The signature is checked before it leaves: a faulty or faulted key
     * holder must not produce a request that no CA would accept (or one that
     * leaks a bad signature on the device key). */
    if (cai_sha256(der_w_data(&w), info_len, digest) != PSA_SUCCESS ||
        sign(ctx, digest, sig) != PSA_SUCCESS ||
        cai_ecdsa_p256_verify_hash(pub, CAI_P256_PUB_LEN, digest, sig) != PSA_SUCCESS) {
        rc = CAI_X509_ERR_SIGN_FAILED;
    }

    uint8_t tail_buf[16 + CAI_P256_SIG_DER_MAX];
    der_w_t tail;
    der_w_init(&tail, tail_buf, sizeof(tail_buf));
    if (rc == CAI_X509_OK) {
        rc = put_signature(&tail, sig);
    }
    if (rc == CAI_X509_OK) {
        size_t content = info_len + tail.used;
        uint8_t hdr[DER_HEADER_MAX];
        size_t hdr_len = der_header(DER_SEQUENCE, content, hdr);
        if (hdr_len == 0 || hdr_len + content > cap) {
            rc = CAI_X509_ERR_BUFFER_TOO_SMALL;
        } else {
            /* request info to just after the outer header, then the tail */
            memmove(out + hdr_len, der_w_data(&w), info_len);
            memcpy(out + hdr_len + info_len, der_w_data(&tail), tail.used);
            memcpy(out, hdr, hdr_len);
            *len = hdr_len + content;
        }
    }
    if (rc != CAI_X509_OK) {
        memset(out, 0, cap);
    }
    return rc;
}
