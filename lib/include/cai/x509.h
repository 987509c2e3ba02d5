/* SPDX-License-Identifier: Apache-2.0 */
/*
 * X.509 for the device identity: the PKCS#10 certificate request of a device
 * key (RFC 2986), written here, and the check of a certificate issued for it,
 * parsed by mbedTLS's X.509 parser (a well-kept parser, not a new one).
 *
 * The CSR writer never sees a private key: it hashes the request and asks a
 * signing callback for the signature, so the key holder (the identity
 * partition) signs with a key reference. Everything is written into caller
 * memory; cai code allocates nothing (mbedTLS's parser allocates through
 * mbedtls_calloc, like the rest of mbedTLS: docs/crypto.md).
 *
 * Errors: CAI_X509_OK = 0 or a negative cai_x509_err_t; cai_x509_strerror()
 * names each, cai_x509_to_psa() gives the psa_status_t a partition returns.
 */
#ifndef CAI_X509_H
#define CAI_X509_H

#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"
#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CAI_X509_OK = 0,
    CAI_X509_ERR_INVALID_ARGUMENT = -1, /* NULL, bad key, bad name */
    CAI_X509_ERR_BUFFER_TOO_SMALL = -2, /* out cannot hold the DER */
    CAI_X509_ERR_SIGN_FAILED = -3,      /* the signing callback failed */
    CAI_X509_ERR_MALFORMED = -4,        /* not a DER X.509 certificate */
    CAI_X509_ERR_WRONG_KEY = -5,        /* not a P-256 key, or not the expected one */
    CAI_X509_ERR_WRONG_SUBJECT = -6,    /* the subject CN is not the expected one */
    CAI_X509_ERR_TOO_LARGE = -7,        /* over CAI_X509_CERT_MAX */
} cai_x509_err_t;

const char *cai_x509_strerror(cai_x509_err_t err);
psa_status_t cai_x509_to_psa(cai_x509_err_t err);

/* Longest subject attribute value accepted (RFC 5280's upper bound for
 * organizationName and organizationalUnitName is 64; a UUID is 36). */
#define CAI_X509_NAME_MAX 64u
/* Largest certificate the SPE accepts and stores. */
#define CAI_X509_CERT_MAX 2048u
/* Largest CSR cai_x509_csr_write produces (three 64-byte names, a P-256 key
 * and signature); sized with margin, checked by the writer. */
#define CAI_X509_CSR_MAX 512u

/* Subject of a device key's request: O=<org>, CN=<cn>, OU=<ou>, in that DER
 * order, each a UTF8String of 1..CAI_X509_NAME_MAX bytes. */
typedef struct cai_x509_name {
    const char *org;
    const char *cn;
    const char *ou;
} cai_x509_name_t;

/* Signs a SHA-256 digest with the key whose public key was given, writing raw
 * r||s. Returns PSA_SUCCESS or the key holder's failure status. */
typedef psa_status_t (*cai_x509_sign_fn)(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                                         uint8_t sig[CAI_P256_SIG_LEN]);

/* Write a DER PKCS#10 request (version 1, ecdsa-with-SHA256, no attributes)
 * for the P-256 public key pub (0x04||X||Y) with the given subject, signed by
 * sign(ctx, ...). On success *len is the DER length.
 * \retval CAI_X509_OK                   done
 * \retval CAI_X509_ERR_INVALID_ARGUMENT a NULL argument, pub not uncompressed,
 *                                       a name empty, too long or not UTF-8
 * \retval CAI_X509_ERR_BUFFER_TOO_SMALL cap too small (nothing usable in out)
 * \retval CAI_X509_ERR_SIGN_FAILED      sign returned an error, or a signature
 *                                       that does not verify under pub
 * On any failure *len is 0 and out holds no partial request. */
cai_x509_err_t cai_x509_csr_write(const cai_x509_name_t *subject,
                                  const uint8_t pub[CAI_P256_PUB_LEN], cai_x509_sign_fn sign,
                                  void *ctx, uint8_t *out, size_t cap, size_t *len);

/* What cai_x509_cert_check learned from a certificate it accepted. */
typedef struct cai_x509_cert_info {
    /* notAfter as UTC, e.g. 2027-12-01T21:00:00Z (20 characters + NUL). */
    char not_after[21];
    /* The serial number, big-endian, and its length (RFC 5280: at most 20). */
    uint8_t serial[20];
    size_t serial_len;
} cai_x509_cert_info_t;

/* Check that der (DER, at most CAI_X509_CERT_MAX bytes) is an X.509
 * certificate whose subject public key is exactly pub (P-256) and whose
 * subject CN is exactly expect_cn. The issuer's signature is not checked here
 * (the device does not hold the CA; the relying party does).
 * \retval CAI_X509_OK                   accepted; *info filled when not NULL
 * \retval CAI_X509_ERR_INVALID_ARGUMENT a NULL argument
 * \retval CAI_X509_ERR_TOO_LARGE        len over CAI_X509_CERT_MAX
 * \retval CAI_X509_ERR_MALFORMED        not a certificate mbedTLS can parse
 * \retval CAI_X509_ERR_WRONG_KEY        another key, or not P-256
 * \retval CAI_X509_ERR_WRONG_SUBJECT    no CN, or another CN */
cai_x509_err_t cai_x509_cert_check(const uint8_t *der, size_t len,
                                   const uint8_t pub[CAI_P256_PUB_LEN], const char *expect_cn,
                                   cai_x509_cert_info_t *info);

#ifdef __cplusplus
}
#endif

#endif /* CAI_X509_H */
