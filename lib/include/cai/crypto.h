/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one narrow crypto interface of cai. Partitions and the COSE layer call
 * only these functions, never a crypto library directly. Two backends
 * implement it, chosen at build time: mbedTLS (portable; also the an521
 * secure image) and OpenSSL libcrypto (host). Both pass the same tests.
 *
 * Error shape: every function returns a psa_status_t, the status a partition
 * returns too, so no mapping is needed at a service boundary: PSA_SUCCESS,
 * PSA_ERROR_INVALID_ARGUMENT for bad sizes/keys, PSA_ERROR_INVALID_SIGNATURE
 * when a signature, tag or key-wrap integrity check fails,
 * PSA_ERROR_BUFFER_TOO_SMALL, PSA_ERROR_BAD_STATE for a prepared key that was
 * never imported or is destroyed, PSA_ERROR_GENERIC_ERROR for backend failures.
 * Argument checks are done once, in front of both backends (lib/crypto/api_*.c),
 * so both return the same status for the same bad input. A pointer may be NULL
 * only when its length is 0.
 * Raw P-256 keys: private = 32-byte big-endian scalar, public = 65-byte
 * uncompressed point 0x04||X||Y. ECDSA signatures are raw r||s (64 bytes).
 * A key holder imports a private key once into a cai_p256_key_t (below) and
 * uses it by reference; the raw-scalar functions are for ephemeral keys,
 * tools and tests.
 * cai code allocates nothing. mbedTLS itself allocates bignums and cipher/MD
 * contexts through mbedtls_calloc: with Debian's build that is libc calloc
 * (balanced within each call); a secure build with MBEDTLS_MEMORY_BUFFER_ALLOC_C
 * gets a static arena in cai_crypto_init. See docs/crypto.md.
 */
#ifndef CAI_CRYPTO_H
#define CAI_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CAI_SHA256_LEN       32u
#define CAI_P256_PRIV_LEN    32u
#define CAI_P256_PUB_LEN     65u
#define CAI_P256_SIG_LEN     64u
#define CAI_P256_SIG_DER_MAX 72u
#define CAI_P256_ECDH_LEN    32u /* ECDH shared secret: the x-coordinate */
#define CAI_AES_KW_OVERHEAD  8u

/* Name of the backend compiled in, e.g. "mbedtls-2.28.3" or "openssl-3.0.19". */
const char *cai_crypto_backend_name(void);

/* Seed the backend's random generator (and, for mbedTLS, set up its static
 * arena and precompute the P-256 tables). Idempotent; call once at init,
 * before any thread is started. Functions that need it call it lazily too. */
psa_status_t cai_crypto_init(void);

/* ---- hashing and MACs ---- */

/* Streaming SHA-256 with caller-owned storage (no allocation with mbedTLS;
 * the OpenSSL backend keeps an EVP_MD_CTX pointer in it). A started context
 * must end with cai_sha256_finish or cai_sha256_abort (both release it, also
 * when they fail); a failed update releases it too. Not copyable. */
typedef struct cai_sha256_ctx {
    _Alignas(16) uint8_t opaque[256];
} cai_sha256_ctx;

psa_status_t cai_sha256_start(cai_sha256_ctx *ctx);
psa_status_t cai_sha256_update(cai_sha256_ctx *ctx, const uint8_t *data, size_t len);
psa_status_t cai_sha256_finish(cai_sha256_ctx *ctx, uint8_t out[CAI_SHA256_LEN]);
/* Release a started context without a digest (error paths). Safe to call on a
 * context that was already finished or aborted. */
void cai_sha256_abort(cai_sha256_ctx *ctx);
psa_status_t cai_sha256(const uint8_t *data, size_t len, uint8_t out[CAI_SHA256_LEN]);

psa_status_t cai_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
                             size_t data_len, uint8_t out[CAI_SHA256_LEN]);

/* RFC 5869 HKDF-SHA256; 1 <= okm_len <= 255*32, info_len <= 1024 (OpenSSL
 * 3.0's limit, applied to both backends). An empty salt (NULL, 0) means
 * HashLen zero bytes, as in the RFC. */
psa_status_t cai_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                             size_t ikm_len, const uint8_t *info, size_t info_len, uint8_t *okm,
                             size_t okm_len);

/* ---- P-256 keys, ECDSA, ECDH ---- */

/* Public key of a private scalar. PSA_ERROR_INVALID_ARGUMENT if the scalar
 * is 0 or >= n (used by HUK key derivation to detect an invalid scalar). */
psa_status_t cai_p256_public_from_private(const uint8_t priv[CAI_P256_PRIV_LEN],
                                          uint8_t pub[CAI_P256_PUB_LEN]);
/* PSA_SUCCESS if pub is a valid uncompressed point on the curve. */
psa_status_t cai_p256_check_public(const uint8_t *pub, size_t pub_len);
/* Fresh random key pair (ephemeral keys for ECDH-ES). */
psa_status_t cai_p256_generate(uint8_t priv[CAI_P256_PRIV_LEN], uint8_t pub[CAI_P256_PUB_LEN]);

/* ECDSA over a SHA-256 digest; deterministic (RFC 6979) where the backend
 * supports it, so that signatures are reproducible in tests: mbedTLS yes,
 * OpenSSL 3.0 no (random k; RFC 6979 arrived in OpenSSL 3.2).
 * Every signature made through this interface is low-S (s <= (n-1)/2): the
 * backend's s is replaced by n - s when it is higher (cai_ecdsa_p256_sig_normalize),
 * so each signed message has exactly one encoding. On mbedTLS the result is
 * still reproducible: RFC 6979's (r, s), or (r, n - s) when s > n/2. */
psa_status_t cai_ecdsa_p256_sign_hash(const uint8_t priv[CAI_P256_PRIV_LEN],
                                      const uint8_t hash[CAI_SHA256_LEN],
                                      uint8_t sig[CAI_P256_SIG_LEN]);
/* PSA_SUCCESS or PSA_ERROR_INVALID_SIGNATURE. pub_len must be 65. Accepts
 * both (r, s) and (r, n - s), as ECDSA does (Wycheproof, X.509, generic
 * COSE); the cai COSE profile adds the low-S rule on top (cai/cose.h). */
psa_status_t cai_ecdsa_p256_verify_hash(const uint8_t *pub, size_t pub_len,
                                        const uint8_t hash[CAI_SHA256_LEN],
                                        const uint8_t sig[CAI_P256_SIG_LEN]);

/* 1 when the s half of r||s is at most (n-1)/2 (low-S, as BIP 62 / libsecp256k1
 * normalise). s = 0 counts as low (the verifier rejects it anyway); s >= n
 * as not low. Public data, but constant time anyway. 0 for NULL. */
int cai_ecdsa_p256_sig_is_low_s(const uint8_t sig[CAI_P256_SIG_LEN]);
/* In place: s -> n - s when (n-1)/2 < s < n; any other s is left as it is
 * (r is never touched). Constant time. Both signing functions call it on
 * every signature they return; exposed for tests and tools. */
void cai_ecdsa_p256_sig_normalize(uint8_t sig[CAI_P256_SIG_LEN]);

/* Strict DER (X9.62 Ecdsa-Sig-Value) <-> raw r||s, for CSRs, X.509 and tests.
 * der_to_raw accepts only the minimal DER encoding (short-form lengths, no
 * superfluous leading zero, non-negative, each value < 2^256, no trailing
 * bytes) and returns PSA_ERROR_INVALID_SIGNATURE for anything else. */
psa_status_t cai_ecdsa_sig_raw_to_der(const uint8_t sig[CAI_P256_SIG_LEN], uint8_t *der,
                                      size_t der_cap, size_t *der_len);
psa_status_t cai_ecdsa_sig_der_to_raw(const uint8_t *der, size_t der_len,
                                      uint8_t sig[CAI_P256_SIG_LEN]);

/* ECDH: shared secret = x-coordinate of priv * peer (32 bytes). The peer
 * point is validated (on curve, not infinity). */
psa_status_t cai_ecdh_p256(const uint8_t priv[CAI_P256_PRIV_LEN], const uint8_t *peer_pub,
                           size_t peer_pub_len, uint8_t shared_x[CAI_P256_ECDH_LEN]);

/* ---- prepared P-256 private keys ---- */

/* A private key imported once and then used by reference for many
 * signatures and key agreements, so that no caller handles the scalar after
 * init and no backend rebuilds its key object per call (OpenSSL 3.0 spends
 * about twice a signature on that). Caller storage, fixed size, may be static;
 * the backend keeps what it needs in it (mbedTLS: the scalar; OpenSSL: an
 * EVP_PKEY and a signing context made at import). Not copyable: use it only
 * at the address it was imported to. Sign, ECDH and public may be called from
 * several threads at once; import and destroy must not race with any use.
 * Ownership: cai_p256_key_destroy releases and wipes it; every successful
 * import needs one destroy. */
typedef struct cai_p256_key {
    _Alignas(16) uint8_t opaque[192];
} cai_p256_key_t;

/**
 * \brief Import a raw private scalar into key (the storage's previous content
 *        is ignored: destroy a live key before importing over it).
 * \param[out] key   storage for the prepared key
 * \param[in]  priv  32-byte big-endian scalar; the caller may wipe it after
 * \retval PSA_SUCCESS                 key is live
 * \retval PSA_ERROR_INVALID_ARGUMENT  NULL argument, or scalar 0 or >= n
 * \retval PSA_ERROR_INSUFFICIENT_MEMORY the backend could not allocate
 * \retval PSA_ERROR_GENERIC_ERROR     backend failure
 * On failure key holds nothing (wiped) and needs no destroy.
 */
psa_status_t cai_p256_key_import(cai_p256_key_t *key, const uint8_t priv[CAI_P256_PRIV_LEN]);

/**
 * \brief ECDSA P-256 over a SHA-256 digest with a prepared key (RFC 6979 on
 *        mbedTLS, random k on OpenSSL 3.0, low-S, as cai_ecdsa_p256_sign_hash).
 * \retval PSA_SUCCESS                 sig holds r||s
 * \retval PSA_ERROR_INVALID_ARGUMENT  NULL argument
 * \retval PSA_ERROR_BAD_STATE         key not imported, or destroyed
 * \retval PSA_ERROR_INSUFFICIENT_MEMORY the backend could not allocate
 * \retval PSA_ERROR_GENERIC_ERROR     backend failure
 * On failure sig is zeroed.
 */
psa_status_t cai_p256_key_sign_hash(cai_p256_key_t *key, const uint8_t hash[CAI_SHA256_LEN],
                                    uint8_t sig[CAI_P256_SIG_LEN]);

/**
 * \brief ECDH with a prepared key: shared_x = x(d * peer). The peer point is
 *        validated (on the curve, not infinity).
 * \param[in] peer_pub_len must be CAI_P256_PUB_LEN
 * \retval PSA_SUCCESS                 shared_x holds the secret
 * \retval PSA_ERROR_INVALID_ARGUMENT  NULL argument, bad length, or peer_pub
 *                                      not a point of the curve
 * \retval PSA_ERROR_BAD_STATE         key not imported, or destroyed
 * \retval PSA_ERROR_INSUFFICIENT_MEMORY the backend could not allocate
 * \retval PSA_ERROR_GENERIC_ERROR     backend failure
 * On failure shared_x is wiped.
 */
psa_status_t cai_p256_key_ecdh(cai_p256_key_t *key, const uint8_t *peer_pub, size_t peer_pub_len,
                               uint8_t shared_x[CAI_P256_ECDH_LEN]);

/**
 * \brief The public key of a prepared key (computed once, at import).
 * \retval PSA_SUCCESS                 pub holds 0x04||X||Y
 * \retval PSA_ERROR_INVALID_ARGUMENT  NULL argument
 * \retval PSA_ERROR_BAD_STATE         key not imported, or destroyed
 */
psa_status_t cai_p256_key_public(const cai_p256_key_t *key, uint8_t pub[CAI_P256_PUB_LEN]);

/* Release the backend's objects and wipe the storage. Safe on NULL, on zeroed
 * storage and on a key already destroyed; afterwards every use of key gets
 * PSA_ERROR_BAD_STATE until it is imported again. */
void cai_p256_key_destroy(cai_p256_key_t *key);

/* ---- symmetric ---- */

/* AES-GCM, key 16/24/32 bytes, IV 1..128 bytes (12 recommended; 128 is
 * OpenSSL 3.0's limit, applied to both backends), tag exactly 16 bytes
 * (any other tag_len is PSA_ERROR_INVALID_ARGUMENT: truncated GCM tags are
 * weaker and no cai format uses them; the cai profile's COSE content and
 * protected storage both carry full tags). out has
 * the plaintext/ciphertext length; in and out may be the same buffer (exact
 * overlap only). Decrypt returns PSA_ERROR_INVALID_SIGNATURE on a tag
 * mismatch and then leaves no plaintext in out (it is zeroed). */
psa_status_t cai_aes_gcm_encrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                 size_t iv_len, const uint8_t *aad, size_t aad_len,
                                 const uint8_t *in, size_t in_len, uint8_t *out, uint8_t *tag,
                                 size_t tag_len);
psa_status_t cai_aes_gcm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *iv,
                                 size_t iv_len, const uint8_t *aad, size_t aad_len,
                                 const uint8_t *in, size_t in_len, const uint8_t *tag,
                                 size_t tag_len, uint8_t *out);

/* RFC 3394 AES key wrap (default IV A6A6A6A6A6A6A6A6). in_len is a multiple
 * of 8, >= 16 to wrap (RFC 3394 needs n >= 2 blocks) and >= 24 to unwrap;
 * out holds in_len + 8 (wrap) / in_len - 8 (unwrap) bytes.
 * Unwrap returns PSA_ERROR_INVALID_SIGNATURE when the integrity check fails
 * and then zeroes out. in and out may overlap. kek is 16, 24 or 32 bytes. */
psa_status_t cai_aes_kw_wrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
                             uint8_t *out);
psa_status_t cai_aes_kw_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
                               uint8_t *out);

/* ---- utilities ---- */

psa_status_t cai_random(uint8_t *out, size_t len);
/* Wipe that the compiler cannot optimise away. */
void cai_wipe(void *p, size_t len);
/* Constant-time comparison: 0 when equal. */
int cai_ct_compare(const void *a, const void *b, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* CAI_CRYPTO_H */
