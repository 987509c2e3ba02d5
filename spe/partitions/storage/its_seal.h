/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The sealed form of one protected-storage entry (docs/design.md §4.1), as the
 * storage backend keeps it:
 *
 *   offset  size  field
 *   0       4     magic "CAIS"
 *   4       1     format version (CAI_ITS_FORMAT_VERSION)
 *   5       3     zero
 *   8       4     PSA create flags, little-endian
 *   12      4     data length n, little-endian
 *   16      12    AES-GCM IV (random per write)
 *   28      n     ciphertext
 *   28+n    16    GCM tag
 *
 * The AAD is the 28-byte header followed by the owner partition id (int32 LE)
 * and the uid (uint64 LE), so an entry moved to another uid or owner, or with
 * any header byte changed, fails to open. The key is used by reference: the
 * AEAD callbacks are the key holder's (the identity partition's keystore).
 */
#ifndef CAI_ITS_SEAL_H
#define CAI_ITS_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#define CAI_ITS_FORMAT_VERSION 1u
#define CAI_ITS_IV_LEN         12u
#define CAI_ITS_TAG_LEN        16u
#define CAI_ITS_HEADER_LEN     28u
#define CAI_ITS_AAD_LEN        (CAI_ITS_HEADER_LEN + 12u)
/* Largest entry: a certificate (2048) with room to spare. */
#define CAI_ITS_MAX_DATA      4096u
#define CAI_ITS_SEALED_LEN(n) (CAI_ITS_HEADER_LEN + (n) + CAI_ITS_TAG_LEN)
#define CAI_ITS_SEALED_MAX    CAI_ITS_SEALED_LEN(CAI_ITS_MAX_DATA)

/* AES-256-GCM with the storage key, held by someone else. open returns
 * PSA_ERROR_INVALID_SIGNATURE on a tag mismatch and then leaves no plaintext. */
typedef struct cai_its_aead {
    psa_status_t (*seal)(void *ctx, const uint8_t iv[CAI_ITS_IV_LEN], const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                         uint8_t tag[CAI_ITS_TAG_LEN]);
    psa_status_t (*open)(void *ctx, const uint8_t iv[CAI_ITS_IV_LEN], const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t len,
                         const uint8_t tag[CAI_ITS_TAG_LEN], uint8_t *out);
    void *ctx;
} cai_its_aead_t;

/* The AEAD of a key the caller holds: AES-256-GCM through the crypto
 * interface, key[0..32) read at every call (ctx points at it). */
cai_its_aead_t cai_its_aead_aes256_gcm(const uint8_t key[32]);

/* Seal data (len <= CAI_ITS_MAX_DATA) of (owner, uid) into blob, which must
 * hold CAI_ITS_SEALED_LEN(len) bytes.
 * \retval PSA_SUCCESS                 *blob_len set
 * \retval PSA_ERROR_INVALID_ARGUMENT  len over the maximum
 * \retval PSA_ERROR_BUFFER_TOO_SMALL  cap too small
 * \retval other                       the AEAD's failure */
psa_status_t cai_its_seal(const cai_its_aead_t *aead, int32_t owner, uint64_t uid, uint32_t flags,
                          const uint8_t iv[CAI_ITS_IV_LEN], const uint8_t *data, size_t len,
                          uint8_t *blob, size_t cap, size_t *blob_len);

/* Open the sealed entry of (owner, uid).
 * \retval PSA_SUCCESS                  data, *len and *flags set
 * \retval PSA_ERROR_STORAGE_FAILURE    not a sealed entry: bad magic or version,
 *                                      truncated, trailing bytes, length mismatch
 * \retval PSA_ERROR_INVALID_SIGNATURE  tampered, or another entry's (owner, uid)
 * \retval PSA_ERROR_BUFFER_TOO_SMALL   cap smaller than the data
 * On failure nothing of the data is left in out. */
psa_status_t cai_its_open(const cai_its_aead_t *aead, int32_t owner, uint64_t uid,
                          const uint8_t *blob, size_t blob_len, uint8_t *data, size_t cap,
                          size_t *len, uint32_t *flags);

#endif /* CAI_ITS_SEAL_H */
