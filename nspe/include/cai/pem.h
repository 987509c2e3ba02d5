/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Text forms of DER objects for the non-secure side (library
 * cai_identity_client, nspe/api/pem.c): strict base64 (RFC 4648 §4), PEM
 * (RFC 7468), the SubjectPublicKeyInfo of a P-256 public key (RFC 5480) and
 * a check of a DER object's outer length. Everything writes into caller
 * memory and never past its capacity; no allocation.
 *
 * Errors: CAI_PEM_OK = 0 or a negative cai_pem_err_t, named by
 * cai_pem_strerror().
 */
#ifndef CAI_PEM_H
#define CAI_PEM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CAI_PEM_OK = 0,
    CAI_PEM_ERR_ARG = -1,              /* NULL, empty label */
    CAI_PEM_ERR_BUFFER_TOO_SMALL = -2, /* out cannot hold the result */
    CAI_PEM_ERR_BASE64 = -3,           /* not strict base64 */
    CAI_PEM_ERR_NO_BEGIN = -4,         /* no "-----BEGIN <label>-----" line */
    CAI_PEM_ERR_NO_END = -5,           /* BEGIN without its END line: truncated */
    CAI_PEM_ERR_EMPTY = -6,            /* a PEM block with no content */
    CAI_PEM_ERR_NOT_DER = -7,          /* does not start with a DER SEQUENCE head */
    CAI_PEM_ERR_TRUNCATED = -8,        /* the DER object is longer than the bytes given */
    CAI_PEM_ERR_TRAILING = -9,         /* bytes after the DER object */
} cai_pem_err_t;

const char *cai_pem_strerror(cai_pem_err_t err);

/* ---------------- base64 ---------------- */

/* Characters of the base64 text of n bytes (with padding, without NUL). */
#define CAI_BASE64_LEN(n) ((((n) + 2u) / 3u) * 4u)

/* Base64 of in[0..n) into out, NUL-terminated: cap >= CAI_BASE64_LEN(n) + 1.
 * *out_len gets the characters written (without the NUL). */
cai_pem_err_t cai_base64_encode(const uint8_t *in, size_t n, char *out, size_t cap,
                                size_t *out_len);

/* Strict decoding of exactly n characters: the RFC 4648 alphabet, a length
 * that is a multiple of 4, '=' only as the last one or two characters, and
 * unused bits zero (so every byte string has exactly one accepted text). No
 * whitespace. */
cai_pem_err_t cai_base64_decode(const char *in, size_t n, uint8_t *out, size_t cap,
                                size_t *out_len);

/* ---------------- PEM ---------------- */

/* Characters of the PEM text of n bytes under label (without NUL). */
size_t cai_pem_encoded_len(const char *label, size_t n);

/* "-----BEGIN <label>-----\n", base64 in lines of 64, "-----END <label>-----\n",
 * NUL-terminated. */
cai_pem_err_t cai_pem_encode(const char *label, const uint8_t *der, size_t n, char *out, size_t cap,
                             size_t *out_len);

/* The first "<label>" block of text[0..n): explanatory text before the BEGIN
 * line and after the END line is skipped (RFC 7468 §2); inside, whitespace
 * between base64 characters is allowed, nothing else. */
cai_pem_err_t cai_pem_decode(const char *text, size_t n, const char *label, uint8_t *der,
                             size_t cap, size_t *der_len);

/* CAI_PEM_OK if der[0..n) is one DER SEQUENCE (definite length, shortest
 * length form) covering exactly n bytes; CAI_PEM_ERR_NOT_DER,
 * CAI_PEM_ERR_TRUNCATED or CAI_PEM_ERR_TRAILING otherwise. Only the outer
 * head: the contents are for a real parser (the SPE's). */
cai_pem_err_t cai_der_check_sequence(const uint8_t *der, size_t n);

/* ---------------- P-256 public keys ---------------- */

#define CAI_P256_SPKI_PREFIX_LEN 26u
#define CAI_P256_SPKI_LEN        91u /* the prefix + the 65-byte point */

/* The DER SubjectPublicKeyInfo (id-ecPublicKey, prime256v1) of the SEC1
 * uncompressed point pub = 0x04||X||Y. CAI_PEM_ERR_ARG if pub[0] != 0x04. */
cai_pem_err_t cai_p256_spki(const uint8_t pub[65], uint8_t out[CAI_P256_SPKI_LEN]);
/* Its inverse: the 65-byte point of a P-256 SubjectPublicKeyInfo that is
 * exactly the prefix and an uncompressed point (whether the point is on the
 * curve is the secure side's check); CAI_PEM_ERR_NOT_DER otherwise (not such
 * a key). */
cai_pem_err_t cai_p256_spki_point(const uint8_t *der, size_t len, uint8_t pub[65]);

#ifdef __cplusplus
}
#endif

#endif /* CAI_PEM_H */
