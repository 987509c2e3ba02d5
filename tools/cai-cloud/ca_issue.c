/* SPDX-License-Identifier: Apache-2.0 */
/* The cai-cloud certificate authority's OpenSSL work (see ca_issue.h). */
#include "ca_issue.h"

#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* The device keys a CA certifies (docs/design.md §4), and what each may do. */
static const struct {
    const char *label;
    const char *key_usage;
    const char *ext_key_usage; /* NULL: none */
} k_device_keys[] = {
    { "HUK_CLIENT_TLS_EC_PRIV_KEY", "critical,digitalSignature", "clientAuth" },
    { "HUK_COSE_EC_PRIV_KEY", "critical,digitalSignature", NULL },
    { "HUK_COSE_ENCRYPT_EC_PRIV_KEY", "critical,keyAgreement", NULL },
};

static void say(char *why, size_t cap, const char *msg)
{
    snprintf(why, cap, "%s", msg);
}

/* Lowercase 8-4-4-4-12 hex, version 4, variant 10 (how devices make them). */
static bool uuid_ok(const char *s)
{
    if (strlen(s) != 36) {
        return false;
    }
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return false;
        }
    }
    return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

static int label_index(const char *label)
{
    for (size_t i = 0; i < sizeof(k_device_keys) / sizeof(k_device_keys[0]); i++) {
        if (strcmp(label, k_device_keys[i].label) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* The text of name entry i if its type is nid, as a C string of at most
 * cap - 1 bytes without NULs. */
static bool entry_text(const X509_NAME *name, int i, int nid, char *out, size_t cap)
{
    const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
    if (e == NULL || OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)) != nid) {
        return false;
    }
    const ASN1_STRING *d = X509_NAME_ENTRY_get_data(e);
    int n = ASN1_STRING_length(d);
    const unsigned char *p = ASN1_STRING_get0_data(d);
    if (n <= 0 || (size_t)n >= cap || memchr(p, 0, (size_t)n) != NULL) {
        return false;
    }
    memcpy(out, p, (size_t)n);
    out[n] = '\0';
    return true;
}

static bool key_is_p256(EVP_PKEY *k)
{
    char group[32];
    return k != NULL && EVP_PKEY_get_base_id(k) == EVP_PKEY_EC &&
           EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                          NULL) == 1 &&
           strcmp(group, "prime256v1") == 0;
}

X509_REQ *ca_check_csr(const unsigned char *buf, size_t len, ca_csr_info_t *info, char *why,
                       size_t why_cap)
{
    X509_REQ *req = NULL;
    BIO *bio = BIO_new_mem_buf(buf, (int)len);
    if (bio != NULL && len > 10 && memcmp(buf, "-----BEGIN", 10) == 0) {
        req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);
    } else if (bio != NULL) {
        const unsigned char *p = buf;
        req = d2i_X509_REQ(NULL, &p, (long)len);
        if (req != NULL && p != buf + len) {
            X509_REQ_free(req);
            req = NULL;
        }
    }
    BIO_free(bio);
    ERR_clear_error();
    if (req == NULL) {
        say(why, why_cap, "not a PKCS#10 certificate request (PEM or DER)");
        return NULL;
    }
    EVP_PKEY *key = X509_REQ_get0_pubkey(req);
    const X509_NAME *subject = X509_REQ_get_subject_name(req);
    if (!key_is_p256(key)) {
        say(why, why_cap, "the request's key is not a P-256 (prime256v1) EC key");
    } else if (X509_REQ_verify(req, key) != 1) {
        say(why, why_cap, "the request's signature does not verify");
    } else if (X509_NAME_entry_count(subject) != 3 ||
               !entry_text(subject, 0, NID_organizationName, info->org, sizeof(info->org)) ||
               !entry_text(subject, 1, NID_commonName, info->uuid, sizeof(info->uuid)) ||
               !entry_text(subject, 2, NID_organizationalUnitName, info->label,
                           sizeof(info->label))) {
        say(why, why_cap, "the subject is not O=<org>, CN=<device uuid>, OU=<key label>");
    } else if (!uuid_ok(info->uuid)) {
        say(why, why_cap, "the subject CN is not a device UUID (lowercase 8-4-4-4-12, version 4)");
    } else if (label_index(info->label) < 0) {
        say(why, why_cap,
            "the subject OU is not a device key label (HUK_CLIENT_TLS_EC_PRIV_KEY, "
            "HUK_COSE_EC_PRIV_KEY, HUK_COSE_ENCRYPT_EC_PRIV_KEY)");
    } else {
        ERR_clear_error();
        return req;
    }
    ERR_clear_error();
    X509_REQ_free(req);
    return NULL;
}

static bool add_ext(X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
    bool ok = ext != NULL && X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/* A random positive serial of 128 bits (RFC 5280 §4.1.2.2: at most 20 bytes;
 * CA/B guidance: at least 64 bits of randomness). */
static bool set_random_serial(X509 *cert)
{
    BIGNUM *bn = BN_new();
    bool ok = bn != NULL && BN_rand(bn, 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
              !BN_is_zero(bn) && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL;
    BN_free(bn);
    return ok;
}

static bool set_validity(X509 *cert, int days)
{
    return X509_gmtime_adj(X509_getm_notBefore(cert), 0) != NULL &&
           X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, NULL) != NULL;
}

bool ca_make_root(const char *cn, int days, EVP_PKEY **key_out, X509 **cert_out, char *why,
                  size_t why_cap)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    X509_NAME *name = X509_NAME_new();
    bool ok = key != NULL && cert != NULL && name != NULL && X509_set_version(cert, 2) == 1 &&
              set_random_serial(cert) && set_validity(cert, days) &&
              X509_NAME_add_entry_by_NID(name, NID_organizationName, MBSTRING_UTF8,
                                         (const unsigned char *)"cai", -1, -1, 0) == 1 &&
              X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                         (const unsigned char *)cn, -1, -1, 0) == 1 &&
              X509_set_subject_name(cert, name) == 1 && X509_set_issuer_name(cert, name) == 1 &&
              X509_set_pubkey(cert, key) == 1;
    if (ok) {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
        ok = add_ext(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
             add_ext(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             add_ext(cert, &ctx, NID_subject_key_identifier, "hash") &&
             X509_sign(cert, key, EVP_sha256()) > 0;
    }
    X509_NAME_free(name);
    ERR_clear_error();
    if (!ok) {
        say(why, why_cap, "OpenSSL could not make the CA key and certificate");
        EVP_PKEY_free(key);
        X509_free(cert);
        return false;
    }
    *key_out = key;
    *cert_out = cert;
    return true;
}

X509 *ca_issue(X509_REQ *req, const ca_csr_info_t *info, EVP_PKEY *ca_key, X509 *ca_cert, int days,
               char *why, size_t why_cap)
{
    int k = label_index(info->label);
    X509 *cert = X509_new();
    bool ok = k >= 0 && cert != NULL && X509_set_version(cert, 2) == 1 && set_random_serial(cert) &&
              set_validity(cert, days) &&
              X509_set_subject_name(cert, X509_REQ_get_subject_name(req)) == 1 &&
              X509_set_issuer_name(cert, X509_get_subject_name(ca_cert)) == 1 &&
              X509_set_pubkey(cert, X509_REQ_get0_pubkey(req)) == 1;
    if (ok) {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, ca_cert, cert, NULL, NULL, 0);
        ok = add_ext(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
             add_ext(cert, &ctx, NID_key_usage, k_device_keys[k].key_usage) &&
             (k_device_keys[k].ext_key_usage == NULL ||
              add_ext(cert, &ctx, NID_ext_key_usage, k_device_keys[k].ext_key_usage)) &&
             add_ext(cert, &ctx, NID_subject_key_identifier, "hash") &&
             add_ext(cert, &ctx, NID_authority_key_identifier, "keyid:always") &&
             X509_sign(cert, ca_key, EVP_sha256()) > 0;
    }
    ERR_clear_error();
    if (!ok) {
        say(why, why_cap, "OpenSSL could not issue the certificate");
        X509_free(cert);
        return NULL;
    }
    return cert;
}
