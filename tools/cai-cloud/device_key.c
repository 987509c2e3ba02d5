/* SPDX-License-Identifier: Apache-2.0 */
/* A device's public key from its certificate (see device_key.h). */
#include "device_key.h"

#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

static X509 *load_cert(const char *path)
{
    BIO *bio = BIO_new_file(path, "rb");
    if (bio == NULL) {
        return NULL;
    }
    X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (x == NULL) {
        ERR_clear_error();
        (void)BIO_reset(bio);
        x = d2i_X509_bio(bio, NULL);
    }
    BIO_free(bio);
    ERR_clear_error();
    return x;
}

static bool chain_ok(X509 *cert, const char *ca_path, char *why, size_t cap)
{
    X509 *ca = load_cert(ca_path);
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    bool ok = false;
    if (ca == NULL) {
        snprintf(why, cap, "cannot read the CA certificate %s", ca_path);
    } else if (store != NULL && ctx != NULL && X509_STORE_add_cert(store, ca) == 1 &&
               X509_STORE_CTX_init(ctx, store, cert, NULL) == 1) {
        ok = X509_verify_cert(ctx) == 1;
        if (!ok) {
            snprintf(why, cap, "the device certificate does not chain to the CA: %s",
                     X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
        }
    } else {
        snprintf(why, cap, "OpenSSL could not set up the certificate check");
    }
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(ca);
    ERR_clear_error();
    return ok;
}

bool device_key_from_cert(const char *cert_path, const char *ca_path, uint8_t pub[65], char *cn,
                          size_t cn_cap, char *why, size_t why_cap)
{
    X509 *cert = load_cert(cert_path);
    if (cert == NULL) {
        snprintf(why, why_cap, "cannot read the device certificate %s", cert_path);
        return false;
    }
    bool ok = ca_path == NULL || chain_ok(cert, ca_path, why, why_cap);
    EVP_PKEY *key = ok ? X509_get0_pubkey(cert) : NULL;
    char group[32];
    size_t pub_len = 0;
    if (ok && (key == NULL || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
               EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                              NULL) != 1 ||
               strcmp(group, "prime256v1") != 0 ||
               EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, 65,
                                               &pub_len) != 1 ||
               pub_len != 65)) {
        snprintf(why, why_cap, "the device certificate's key is not a P-256 key");
        ok = false;
    }
    if (ok) {
        const X509_NAME *subject = X509_get_subject_name(cert);
        int n = X509_NAME_get_text_by_NID((X509_NAME *)subject, NID_commonName, cn, (int)cn_cap);
        if (n <= 0 || (size_t)n >= cn_cap ||
            X509_NAME_get_index_by_NID((X509_NAME *)subject, NID_commonName, -1) < 0 ||
            X509_NAME_get_index_by_NID(
                (X509_NAME *)subject, NID_commonName,
                X509_NAME_get_index_by_NID((X509_NAME *)subject, NID_commonName, -1)) >= 0) {
            snprintf(why, why_cap, "the device certificate has not exactly one subject CN");
            ok = false;
        }
    }
    X509_free(cert);
    ERR_clear_error();
    return ok;
}
