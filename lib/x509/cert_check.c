/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Is this the certificate of this device key? Parsing is mbedTLS's X.509
 * parser (untrusted input goes to a well-kept parser, not a new one); the
 * checks are ours: a P-256 subject key equal to the device key, and exactly
 * one subject CN equal to the device UUID.
 */
#include <stdbool.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "cai/x509.h"

static bool key_is(const mbedtls_x509_crt *crt, const uint8_t pub[CAI_P256_PUB_LEN])
{
    if (mbedtls_pk_get_type(&crt->pk) != MBEDTLS_PK_ECKEY) {
        return false;
    }
    const mbedtls_ecp_keypair *ec = mbedtls_pk_ec(crt->pk);
    if (ec == NULL || ec->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
        return false;
    }
    uint8_t q[CAI_P256_PUB_LEN];
    size_t q_len = 0;
    if (mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &q_len, q,
                                       sizeof(q)) != 0 ||
        q_len != sizeof(q)) {
        return false;
    }
    return memcmp(q, pub, sizeof(q)) == 0;
}

/* Exactly one CN in the subject, equal to cn. */
static bool subject_cn_is(const mbedtls_x509_crt *crt, const char *cn)
{
    size_t found = 0;
    bool equal = false;
    const size_t cn_len = strlen(cn);
    for (const mbedtls_x509_name *n = &crt->subject; n != NULL; n = n->next) {
        if (n->oid.p == NULL || MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) != 0) {
            continue;
        }
        found++;
        equal = n->val.len == cn_len && memcmp(n->val.p, cn, cn_len) == 0;
    }
    return found == 1 && equal;
}

static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

static void fill_info(const mbedtls_x509_crt *crt, cai_x509_cert_info_t *info)
{
    const mbedtls_x509_time *t = &crt->valid_to;
    char *p = info->not_after; /* YYYY-MM-DDTHH:MM:SSZ */
    put_digits(p, t->year, 4);
    p[4] = '-';
    put_digits(p + 5, t->mon, 2);
    p[7] = '-';
    put_digits(p + 8, t->day, 2);
    p[10] = 'T';
    put_digits(p + 11, t->hour, 2);
    p[13] = ':';
    put_digits(p + 14, t->min, 2);
    p[16] = ':';
    put_digits(p + 17, t->sec, 2);
    p[19] = 'Z';
    p[20] = '\0';

    /* The INTEGER's content bytes; a leading 0x00 only keeps it positive. */
    const uint8_t *s = crt->serial.p;
    size_t n = crt->serial.len;
    while (n > 1 && s[0] == 0x00) {
        s++;
        n--;
    }
    info->serial_len = n <= sizeof(info->serial) ? n : sizeof(info->serial);
    memcpy(info->serial, s, info->serial_len);
}

cai_x509_err_t cai_x509_cert_check(const uint8_t *der, size_t len,
                                   const uint8_t pub[CAI_P256_PUB_LEN], const char *expect_cn,
                                   cai_x509_cert_info_t *info)
{
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
    }
    if (der == NULL || pub == NULL || expect_cn == NULL) {
        return CAI_X509_ERR_INVALID_ARGUMENT;
    }
    if (len > CAI_X509_CERT_MAX) {
        return CAI_X509_ERR_TOO_LARGE;
    }
    mbedtls_x509_crt crt;
    mbedtls_x509_crt_init(&crt);
    cai_x509_err_t rc = CAI_X509_OK;
    /* mbedTLS stops after the outer SEQUENCE: bytes after it would be stored
     * with the certificate unchecked, so the whole input must be the one
     * certificate. */
    if (len == 0 || mbedtls_x509_crt_parse_der(&crt, der, len) != 0 || crt.raw.len != len) {
        rc = CAI_X509_ERR_MALFORMED;
    } else if (!key_is(&crt, pub)) {
        rc = CAI_X509_ERR_WRONG_KEY;
    } else if (!subject_cn_is(&crt, expect_cn)) {
        rc = CAI_X509_ERR_WRONG_SUBJECT;
    } else if (info != NULL) {
        fill_info(&crt, info);
    }
    mbedtls_x509_crt_free(&crt);
    return rc;
}
