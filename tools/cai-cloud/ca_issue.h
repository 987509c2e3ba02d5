/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The certificate authority of cai-cloud (OpenSSL): a P-256 CA key and
 * self-signed certificate, the checks a device CSR must pass, and the X.509 v3
 * certificate issued for it. Off-device only.
 */
#ifndef CAI_CLOUD_CA_ISSUE_H
#define CAI_CLOUD_CA_ISSUE_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* What a device CSR says, once ca_check_csr accepted it. */
typedef struct ca_csr_info {
    char org[65];
    char uuid[37];
    char label[65]; /* the key's label (OU), e.g. HUK_COSE_EC_PRIV_KEY */
} ca_csr_info_t;

/* Parses a CSR (PEM or DER) and checks it: its self-signature verifies, the
 * key is P-256, the subject is exactly O, CN, OU with CN a lowercase RFC 9562
 * UUID and OU one of the device key labels. On failure writes one reason into
 * why and returns NULL. */
X509_REQ *ca_check_csr(const unsigned char *buf, size_t len, ca_csr_info_t *info, char *why,
                       size_t why_cap);

/* A new CA: P-256 key and a self-signed v3 certificate (CA:TRUE, keyCertSign,
 * cRLSign) named O=cai, CN=<cn>, valid for days. */
bool ca_make_root(const char *cn, int days, EVP_PKEY **key, X509 **cert, char *why, size_t why_cap);

/* The device certificate: v3, a random positive 128-bit serial, subject and
 * key from the CSR, basicConstraints CA:FALSE, keyUsage digitalSignature
 * (keyAgreement for the COSE ENCRYPT key), extendedKeyUsage clientAuth for
 * the TLS key, subject and authority key identifiers, valid for days. */
X509 *ca_issue(X509_REQ *req, const ca_csr_info_t *info, EVP_PKEY *ca_key, X509 *ca_cert, int days,
               char *why, size_t why_cap);

#endif /* CAI_CLOUD_CA_ISSUE_H */
