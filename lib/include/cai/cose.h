/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE (RFC 9052 / RFC 9053) for cai: COSE_Sign1 with ES256, COSE_Encrypt0
 * with AES-GCM, COSE_Encrypt with one recipient (ECDH-ES + AES key wrap,
 * ECDH-ES direct, AES key wrap, direct), and COSE_Key for EC2 P-256.
 *
 * No heap allocation anywhere: messages are produced into caller buffers and
 * parsed in place (results point into the caller's message). Structures that
 * are signed (Sig_structure) are streamed into SHA-256; structures used as
 * AEAD additional data (Enc_structure, COSE_KDF_Context) are built in small
 * bounded stack buffers (CAI_COSE_MAX_ENC_STRUCTURE, CAI_COSE_MAX_KDF_CONTEXT).
 *
 * Emitted messages are deterministic CBOR (RFC 8949 §4.2.1): shortest heads,
 * map keys in bytewise order; a non-empty protected header is never h'A0'.
 *
 * The cai profile (docs/cose.md, docs/design.md §5) is available as one-call
 * functions: cai_cose_profile_sign/verify (COSE_Sign1, ES256, tag 18) and
 * cai_cose_profile_encrypt/decrypt (COSE_Encrypt, tag 96, A256GCM content,
 * one ECDH-ES + A256KW recipient).
 *
 * Private keys are used by reference, never passed as bytes: signing goes
 * through a cai_cose_signer_t and the recipient side of ECDH-ES through a
 * cai_cose_ecdh_t, so a partition can produce and open messages with a key
 * that only another module holds (docs/design.md §4). Public keys, which are
 * no secret, are passed raw (CAI_P256_PUB_LEN bytes).
 *
 * Error shape: cai_cose_err_t (CAI_COSE_OK = 0, negative CAI_COSE_ERR_*);
 * cai_cose_to_psa() gives the psa_status_t a partition returns for it.
 */
#ifndef CAI_COSE_H
#define CAI_COSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"
#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------- errors ---------------- */

typedef enum {
    CAI_COSE_OK = 0,
    CAI_COSE_ERR_ARG = -1,               /* bad argument from the caller */
    CAI_COSE_ERR_BUFFER_TOO_SMALL = -2,  /* output buffer too small */
    CAI_COSE_ERR_TOO_LARGE = -3,         /* message (or a header/AAD) over its size limit */
    CAI_COSE_ERR_MALFORMED = -4,         /* not well-formed CBOR, or not the COSE structure */
    CAI_COSE_ERR_TRAILING = -5,          /* bytes after the message */
    CAI_COSE_ERR_NOT_DETERMINISTIC = -6, /* determinism required and not met */
    CAI_COSE_ERR_TAG_MISSING = -7,       /* untagged message where the tag is required */
    CAI_COSE_ERR_TAG_WRONG = -8,         /* a tag other than the message type's */
    CAI_COSE_ERR_DUPLICATE_LABEL = -9,   /* a header label twice (in one or across buckets) */
    CAI_COSE_ERR_HEADER = -10,           /* header value of the wrong type/size, too many headers */
    CAI_COSE_ERR_CRIT = -11,             /* crit lists a header we do not understand */
    CAI_COSE_ERR_ALG_MISSING = -12,      /* no alg header */
    CAI_COSE_ERR_ALG_UNKNOWN = -13,      /* alg not known / not implemented */
    CAI_COSE_ERR_ALG_KEY_MISMATCH = -14, /* alg does not fit the key given */
    CAI_COSE_ERR_ALG_NOT_ALLOWED = -15,  /* known alg the caller's policy rejects */
    CAI_COSE_ERR_UNSUPPORTED = -16,  /* valid COSE we do not implement (detached payload, ...) */
    CAI_COSE_ERR_NO_RECIPIENT = -17, /* no recipient usable with the key given */
    CAI_COSE_ERR_KEY = -18,          /* invalid key (off-curve, compressed, bad COSE_Key) */
    CAI_COSE_ERR_SIGNATURE = -19,    /* signature does not verify */
    CAI_COSE_ERR_DECRYPT = -20,      /* AEAD authentication failed */
    CAI_COSE_ERR_UNWRAP = -21,       /* key unwrap integrity check failed */
    CAI_COSE_ERR_CRYPTO = -22,       /* crypto backend failure */
    CAI_COSE_ERR_RNG = -23,          /* random generator failed */
    CAI_COSE_ERR_KEY_REF = -24,      /* a signer / key-agreement callback failed */
    CAI_COSE_ERR_HIGH_S = -25,       /* cai profile: signature s > n/2 (not low-S) */
    CAI_COSE_ERR_KID_MISMATCH = -26, /* cai profile: kid missing or not the signed ueid's UUID */
    CAI_COSE_ERR_NO_IDENTITY = -27,  /* cai profile: payload has no valid ueid (claim 256) */
} cai_cose_err_t;

/* Short English text for an error code ("signature does not verify"). */
const char *cai_cose_strerror(cai_cose_err_t err);
/* Stable identifier of an error code ("CAI_COSE_ERR_SIGNATURE"). */
const char *cai_cose_errname(cai_cose_err_t err);

/**
 * \brief The psa_status_t for a COSE error, for a partition's reply.
 *
 * One fixed table (docs/cose.md lists it): OK -> PSA_SUCCESS; caller errors
 * and every way an input message can be invalid (ARG, TOO_LARGE, MALFORMED,
 * TRAILING, NOT_DETERMINISTIC, TAG_*, DUPLICATE_LABEL, HEADER, CRIT,
 * ALG_MISSING, ALG_KEY_MISMATCH, NO_RECIPIENT, KEY) ->
 * PSA_ERROR_INVALID_ARGUMENT; BUFFER_TOO_SMALL -> PSA_ERROR_BUFFER_TOO_SMALL;
 * ALG_UNKNOWN, UNSUPPORTED -> PSA_ERROR_NOT_SUPPORTED; ALG_NOT_ALLOWED ->
 * PSA_ERROR_NOT_PERMITTED; SIGNATURE, DECRYPT, UNWRAP (an integrity check
 * failed) -> PSA_ERROR_INVALID_SIGNATURE, as the crypto interface reports
 * them; HIGH_S, KID_MISMATCH (the cai profile: a message the device cannot
 * have emitted as it is) -> PSA_ERROR_INVALID_SIGNATURE; NO_IDENTITY (not a
 * cai result) -> PSA_ERROR_INVALID_ARGUMENT; CRYPTO, RNG, KEY_REF and any value not in the enum ->
 * PSA_ERROR_GENERIC_ERROR. The exact status a failing signer or key-agreement
 * callback returned is known to its ctx's owner, not to COSE: a partition
 * that wants to pass it on keeps it there.
 * Never returns PSA_SUCCESS for an error.
 */
psa_status_t cai_cose_to_psa(cai_cose_err_t err);

/* ---------------- constants ---------------- */

#define CAI_COSE_TAG_SIGN1    18u
#define CAI_COSE_TAG_ENCRYPT0 16u
#define CAI_COSE_TAG_ENCRYPT  96u

/* Header labels (RFC 9052 §3.1, RFC 9053 §6.4). */
#define CAI_COSE_HDR_ALG          1
#define CAI_COSE_HDR_CRIT         2
#define CAI_COSE_HDR_CONTENT_TYPE 3
#define CAI_COSE_HDR_KID          4
#define CAI_COSE_HDR_IV           5
#define CAI_COSE_HDR_PARTIAL_IV   6
#define CAI_COSE_HDR_EPK          (-1)
#define CAI_COSE_HDR_SALT         (-20)
#define CAI_COSE_HDR_PARTYU_ID    (-21)
#define CAI_COSE_HDR_PARTYU_NONCE (-22)
#define CAI_COSE_HDR_PARTYU_OTHER (-23)
#define CAI_COSE_HDR_PARTYV_ID    (-24)
#define CAI_COSE_HDR_PARTYV_NONCE (-25)
#define CAI_COSE_HDR_PARTYV_OTHER (-26)

/* Algorithms (IANA COSE Algorithms). */
#define CAI_COSE_ALG_ES256            (-7)
#define CAI_COSE_ALG_ES384            (-35)
#define CAI_COSE_ALG_ES512            (-36)
#define CAI_COSE_ALG_EDDSA            (-8)
#define CAI_COSE_ALG_A128GCM          1
#define CAI_COSE_ALG_A192GCM          2
#define CAI_COSE_ALG_A256GCM          3
#define CAI_COSE_ALG_DIRECT           (-6)
#define CAI_COSE_ALG_A128KW           (-3)
#define CAI_COSE_ALG_A192KW           (-4)
#define CAI_COSE_ALG_A256KW           (-5)
#define CAI_COSE_ALG_ECDH_ES_HKDF_256 (-25)
#define CAI_COSE_ALG_ECDH_ES_HKDF_512 (-26)
#define CAI_COSE_ALG_ECDH_SS_HKDF_256 (-27)
#define CAI_COSE_ALG_ECDH_SS_HKDF_512 (-28)
#define CAI_COSE_ALG_ECDH_ES_A128KW   (-29)
#define CAI_COSE_ALG_ECDH_ES_A192KW   (-30)
#define CAI_COSE_ALG_ECDH_ES_A256KW   (-31)
#define CAI_COSE_ALG_ECDH_SS_A128KW   (-32)
#define CAI_COSE_ALG_ECDH_SS_A192KW   (-33)
#define CAI_COSE_ALG_ECDH_SS_A256KW   (-34)

/* COSE_Key (RFC 9052 §7, RFC 9053 §7.1). */
#define CAI_COSE_KEY_KTY  1
#define CAI_COSE_KEY_KID  2
#define CAI_COSE_KEY_ALG  3
#define CAI_COSE_KEY_CRV  (-1)
#define CAI_COSE_KEY_X    (-2)
#define CAI_COSE_KEY_Y    (-3)
#define CAI_COSE_KEY_D    (-4)
#define CAI_COSE_KTY_EC2  2
#define CAI_COSE_CRV_P256 1

#define CAI_COSE_GCM_IV_LEN  12u
#define CAI_COSE_GCM_TAG_LEN 16u

/* Default limit on an accepted message (cai_cose_opts_t.max_message = 0). */
#define CAI_COSE_MAX_MESSAGE_DEFAULT (1024u * 1024u)
/* Bounds of the structures built on the stack: Enc_structure =
 * ["Encrypt"/"Encrypt0", protected, external_aad] and the COSE_KDF_Context.
 * A message whose protected header plus external AAD do not fit gets
 * CAI_COSE_ERR_TOO_LARGE. */
#define CAI_COSE_MAX_ENC_STRUCTURE 512u
#define CAI_COSE_MAX_KDF_CONTEXT   384u
/* Header parameters per layer (protected + unprotected together). */
#define CAI_COSE_MAX_HEADERS 16u
/* Recipients examined in one COSE_Encrypt. */
#define CAI_COSE_MAX_RECIPIENTS 4u

/* ---------------- options for the reading side ---------------- */

/* Accept an untagged message as well (the tag is required otherwise). A tag
 * other than the message type's is always rejected. */
#define CAI_COSE_F_TAG_OPTIONAL 0x1u
/* The whole message, and every protected header inside it, must be
 * deterministic CBOR (RFC 8949 §4.2.1). */
#define CAI_COSE_F_DETERMINISTIC 0x2u
/* The alg header must be in the protected bucket. */
#define CAI_COSE_F_PROTECTED_ALG 0x4u

typedef struct cai_cose_opts {
    uint32_t flags;              /* CAI_COSE_F_* */
    const uint8_t *external_aad; /* may be NULL when external_aad_len is 0 */
    size_t external_aad_len;
    size_t max_message;            /* 0 = CAI_COSE_MAX_MESSAGE_DEFAULT */
    int64_t require_alg;           /* 0 = any supported; else the only alg accepted
                                        (signature alg, or content alg for encryption) */
    int64_t require_recipient_alg; /* 0 = any supported (COSE_Encrypt only) */
} cai_cose_opts_t;

/* Randomness source: fills out with len random bytes. Called, in this order,
 * for the CEK, the IV and the ephemeral private key (as the cose-wg examples
 * consume their rng_stream), so tests can replay a recorded stream. NULL
 * means cai_random(). */
typedef psa_status_t (*cai_cose_rng_fn)(void *ctx, uint8_t *out, size_t len);

/* ---------------- keys by reference ---------------- */

/* Signs a SHA-256 digest with a key the caller cannot see: r||s into sig.
 * Returns PSA_SUCCESS or any failure status (the key holder refused, the key
 * is gone, the call to its partition failed...). */
typedef psa_status_t (*cai_cose_sign_hash_fn)(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                                              uint8_t sig[CAI_P256_SIG_LEN]);

/* A signing key by reference, with what COSE puts next to the signature.
 * ctx belongs to the key holder's side: a cai_p256_key_t in this process
 * (cai_cose_signer_from_key), or a partition's connection to the identity
 * partition plus a cai_key_id_t (cai/key.h). COSE calls sign_hash at most
 * once per message, only after everything else has succeeded, and never
 * keeps the signer past the call. */
typedef struct cai_cose_signer {
    int64_t alg;        /* CAI_COSE_ALG_ES256, the only one implemented */
    const uint8_t *kid; /* unprotected kid (label 4); none when kid_len is 0 */
    size_t kid_len;
    cai_cose_sign_hash_fn sign_hash;
    void *ctx;
} cai_cose_signer_t;

/* ECDH with a private key the caller cannot see: shared_x = x(d * peer_pub).
 * peer_pub is the sender's ephemeral key, already checked on the curve by
 * the COSE_Key decoder. PSA_ERROR_INVALID_ARGUMENT means a bad peer point;
 * any other failure is the key holder's. As psa_raw_key_agreement, the
 * shared secret comes back to the caller, which derives the KEK from it and
 * wipes it. */
typedef psa_status_t (*cai_cose_ecdh_fn)(void *ctx, const uint8_t peer_pub[CAI_P256_PUB_LEN],
                                         uint8_t shared_x[CAI_P256_ECDH_LEN]);

/* The recipient key of ECDH-ES by reference. */
typedef struct cai_cose_ecdh {
    cai_cose_ecdh_fn ecdh;
    void *ctx;
} cai_cose_ecdh_t;

/* Adapters over a prepared key held in this process (the identity
 * partition's own keys, tools, tests). key must stay live while the result
 * is used; the result holds only the pointer. */
cai_cose_signer_t cai_cose_signer_from_key(cai_p256_key_t *key, const uint8_t *kid, size_t kid_len);
cai_cose_ecdh_t cai_cose_ecdh_from_key(cai_p256_key_t *key);

/**
 * \brief Raw-key adapters for tools and tests: import priv into storage and
 *        make a signer (ES256, kid) / key agreement over it.
 * The caller wipes priv when it likes and calls cai_p256_key_destroy(storage)
 * when done with the result.
 * \retval CAI_COSE_OK        *signer / *ecdh is ready
 * \retval CAI_COSE_ERR_ARG   a NULL argument (or kid NULL with kid_len > 0)
 * \retval CAI_COSE_ERR_KEY   priv is 0 or >= n
 * \retval CAI_COSE_ERR_CRYPTO the backend failed to import it
 */
cai_cose_err_t cai_cose_signer_from_raw(cai_p256_key_t *storage,
                                        const uint8_t priv[CAI_P256_PRIV_LEN], const uint8_t *kid,
                                        size_t kid_len, cai_cose_signer_t *signer);
cai_cose_err_t cai_cose_ecdh_from_raw(cai_p256_key_t *storage,
                                      const uint8_t priv[CAI_P256_PRIV_LEN], cai_cose_ecdh_t *ecdh);

/* ---------------- COSE_Key, EC2 P-256 ---------------- */

/* A decoded or to-be-encoded COSE_Key. Its d is for the COSE_Key format
 * itself (tools exporting or importing keys); COSE operations take keys by
 * reference, never this struct. */
typedef struct cai_cose_ec2_key {
    uint8_t pub[CAI_P256_PUB_LEN];   /* 0x04 || x || y */
    uint8_t priv[CAI_P256_PRIV_LEN]; /* valid when has_priv */
    bool has_priv;
    const uint8_t *kid; /* NULL when absent; decode: points into the input */
    size_t kid_len;
    bool has_alg;
    int64_t alg;
} cai_cose_ec2_key_t;

/* {1: 2, 2: kid?, 3: alg?, -1: 1, -2: x, -3: y, -4: d?}; d only if
 * with_private and has_priv. */
cai_cose_err_t cai_cose_key_encode(const cai_cose_ec2_key_t *key, bool with_private, uint8_t *out,
                                   size_t cap, size_t *out_len);
/* Strict: one map, no trailing bytes, no duplicate labels, kty EC2, crv P-256,
 * 32-byte x and y (a boolean y, i.e. a compressed point, is rejected), point
 * on the curve, d (if present) 32 bytes and matching the public key. Unknown
 * labels are ignored. */
cai_cose_err_t cai_cose_key_decode(const uint8_t *buf, size_t len, cai_cose_ec2_key_t *key);

/* ---------------- COSE_Sign1 (ES256) ---------------- */

typedef struct cai_cose_sign1_info {
    const uint8_t *payload; /* points into the message */
    size_t payload_len;
    const uint8_t *kid; /* NULL when absent */
    size_t kid_len;
    bool tagged;
    int64_t alg;
} cai_cose_sign1_info_t;

/**
 * \brief 18([h'A10126', {4: kid} (or {} when the signer has no kid), payload,
 *        signature]), signed through signer (RFC 6979 deterministic when the
 *        key holder signs that way).
 * The message is laid out first and the signer called only when it fits, so
 * a too-small buffer costs no signature (and no call to another partition).
 * \retval CAI_COSE_OK               out holds *out_len bytes
 * \retval CAI_COSE_ERR_ARG          NULL argument, a pointer NULL with its
 *                                   length > 0, or signer->sign_hash NULL
 * \retval CAI_COSE_ERR_ALG_UNKNOWN  signer->alg is not ES256
 * \retval CAI_COSE_ERR_BUFFER_TOO_SMALL cap too small; *out_len = size needed
 * \retval CAI_COSE_ERR_KEY_REF      sign_hash failed (its status is the ctx
 *                                   owner's to keep)
 * \retval CAI_COSE_ERR_CRYPTO       hashing failed
 * On any failure *out_len is 0 (except BUFFER_TOO_SMALL) and out holds no
 * partial message (it is wiped).
 */
cai_cose_err_t cai_cose_sign1_sign(const cai_cose_signer_t *signer, const uint8_t *payload,
                                   size_t payload_len, const uint8_t *external_aad,
                                   size_t external_aad_len, uint8_t *out, size_t cap,
                                   size_t *out_len);
/* Structure and header checks only, NO signature check: for looking up the
 * kid before choosing the key. Never trust the payload from this call. */
cai_cose_err_t cai_cose_sign1_parse(const uint8_t *msg, size_t len, const cai_cose_opts_t *opts,
                                    cai_cose_sign1_info_t *info);
/* Full verification with a P-256 public key (uncompressed). opts may be NULL
 * (tag required, no AAD). info may be NULL. */
cai_cose_err_t cai_cose_sign1_verify(const uint8_t *msg, size_t len,
                                     const uint8_t pub[CAI_P256_PUB_LEN],
                                     const cai_cose_opts_t *opts, cai_cose_sign1_info_t *info);

/* ---------------- COSE_Encrypt0 (AES-GCM) ---------------- */

typedef struct cai_cose_encrypt0_params {
    int64_t alg;        /* CAI_COSE_ALG_A128GCM/A192GCM/A256GCM */
    const uint8_t *key; /* 16/24/32 bytes to match alg */
    size_t key_len;
    const uint8_t *kid; /* optional, unprotected label 4 */
    size_t kid_len;
    const uint8_t *external_aad;
    size_t external_aad_len;
    cai_cose_rng_fn rng; /* NULL = cai_random; draws the IV */
    void *rng_ctx;
} cai_cose_encrypt0_params_t;

typedef struct cai_cose_encrypt_info {
    int64_t alg;           /* content alg */
    int64_t recipient_alg; /* COSE_Encrypt only */
    const uint8_t *kid;    /* body kid, NULL when absent */
    size_t kid_len;
    const uint8_t *recipient_kid; /* COSE_Encrypt only; NULL when absent */
    size_t recipient_kid_len;
    bool tagged;
} cai_cose_encrypt_info_t;

/* 16([h'A101xx', {5: iv (, 4: kid)}, ciphertext || tag]) */
cai_cose_err_t cai_cose_encrypt0_seal(const cai_cose_encrypt0_params_t *p, const uint8_t *plaintext,
                                      size_t plaintext_len, uint8_t *out, size_t cap,
                                      size_t *out_len);
/* Decrypts into out (needs ciphertext length - 16 bytes). On any failure out
 * holds no plaintext. info may be NULL. */
cai_cose_err_t cai_cose_encrypt0_open(const uint8_t *msg, size_t len, const uint8_t *key,
                                      size_t key_len, const cai_cose_opts_t *opts, uint8_t *out,
                                      size_t cap, size_t *out_len, cai_cose_encrypt_info_t *info);

/* ---------------- COSE_Encrypt (one recipient) ---------------- */

/* PartyU / PartyV of the COSE_KDF_Context (RFC 9053 §5.2). Each field is a
 * byte string, NULL when absent (nil in the context). Present fields are also
 * sent in the recipient's unprotected header (-21..-26). */
typedef struct cai_cose_party_info {
    const uint8_t *identity;
    size_t identity_len;
    const uint8_t *nonce;
    size_t nonce_len;
    const uint8_t *other;
    size_t other_len;
} cai_cose_party_info_t;

typedef struct cai_cose_recipient {
    int64_t alg;             /* ECDH-ES+A128/192/256KW, ECDH-ES (HKDF-256) direct,
                               A128/192/256KW, or direct */
    const uint8_t *peer_pub; /* ECDH-ES: the recipient's static public key
                                (CAI_P256_PUB_LEN bytes) */
    const uint8_t *key;      /* A*KW: the KEK; direct: the CEK */
    size_t key_len;
    const uint8_t *kid; /* optional, unprotected label 4 */
    size_t kid_len;
    const uint8_t *salt; /* ECDH-ES: optional HKDF salt, sent as -20 */
    size_t salt_len;
    cai_cose_party_info_t party_u, party_v; /* ECDH-ES: optional */
} cai_cose_recipient_t;

typedef struct cai_cose_encrypt_params {
    int64_t alg; /* content: A128GCM/A192GCM/A256GCM */
    const cai_cose_recipient_t *recipient;
    const uint8_t *external_aad;
    size_t external_aad_len;
    cai_cose_rng_fn rng; /* NULL = cai_random; draws CEK, IV, ephemeral key */
    void *rng_ctx;
} cai_cose_encrypt_params_t;

/* The key material a reader holds. Recipients whose alg needs the other kind
 * of key are skipped; the first usable one (with a matching kid when kid is
 * set) is used. */
typedef struct cai_cose_recipient_key {
    const cai_cose_ecdh_t *ecdh; /* ECDH-ES recipients: our P-256 key, by reference */
    const uint8_t *key;          /* A*KW: the KEK; direct: the CEK */
    size_t key_len;
    const uint8_t *kid; /* optional: only a recipient with this kid */
    size_t kid_len;
} cai_cose_recipient_key_t;

/* 96([h'A101xx', {5: iv}, ciphertext || tag, [[rprot, runprot, wrapped CEK]]])
 * For ECDH-ES: rprot = {1: alg}, runprot = {4: kid?, -1: ephemeral COSE_Key,
 * -20/-21..-26 when given} in deterministic order. */
cai_cose_err_t cai_cose_encrypt_seal(const cai_cose_encrypt_params_t *p, const uint8_t *plaintext,
                                     size_t plaintext_len, uint8_t *out, size_t cap,
                                     size_t *out_len);
/**
 * \brief Opens a COSE_Encrypt with the first recipient key fits (see
 *        cai_cose_recipient_key_t); ECDH-ES goes through key->ecdh.
 * \retval CAI_COSE_OK             out holds *out_len bytes of plaintext
 * \retval CAI_COSE_ERR_ARG        NULL argument or pointer/length mismatch
 * \retval CAI_COSE_ERR_BUFFER_TOO_SMALL cap too small; *out_len = size needed
 * \retval CAI_COSE_ERR_NO_RECIPIENT no recipient fits the key given
 * \retval CAI_COSE_ERR_KEY_REF    key->ecdh failed other than on the peer point
 * \retval CAI_COSE_ERR_UNWRAP / CAI_COSE_ERR_DECRYPT wrong key or tampered message
 * \retval (other CAI_COSE_ERR_*)  the message is invalid or not allowed by opts
 * On any failure out holds no plaintext.
 */
cai_cose_err_t cai_cose_encrypt_open(const uint8_t *msg, size_t len,
                                     const cai_cose_recipient_key_t *key,
                                     const cai_cose_opts_t *opts, uint8_t *out, size_t cap,
                                     size_t *out_len, cai_cose_encrypt_info_t *info);

/* COSE_KDF_Context = [alg, [U.id, U.nonce, U.other], [V.id, V.nonce, V.other],
 * [key_bits, protected]] (RFC 9053 §5.2), absent party fields as nil. Exposed
 * for tests and tools. */
cai_cose_err_t cai_cose_kdf_context(int64_t alg, uint32_t key_bits, const uint8_t *protected_hdr,
                                    size_t protected_len, const cai_cose_party_info_t *party_u,
                                    const cai_cose_party_info_t *party_v, uint8_t *out, size_t cap,
                                    size_t *out_len);

/* ---------------- the cai profile (docs/design.md §5) ---------------- */

/**
 * \brief COSE_Sign1, ES256, tag 18, protected {1:-7}, unprotected {4: kid}
 *        with the signer's kid (the device UUID for key 0x5002).
 * Statuses as cai_cose_sign1_sign (no external AAD).
 * \retval CAI_COSE_OK / _ERR_ARG / _ERR_ALG_UNKNOWN / _ERR_BUFFER_TOO_SMALL /
 *         _ERR_KEY_REF / _ERR_CRYPTO
 */
cai_cose_err_t cai_cose_profile_sign(const cai_cose_signer_t *signer, const uint8_t *payload,
                                     size_t payload_len, uint8_t *out, size_t cap, size_t *out_len);
/**
 * \brief Verify a cai result (docs/design.md §5): tag 18 required, alg ES256
 *        in the protected header, deterministic CBOR, no external AAD, and
 *        one encoding per result:
 * - the signature must be low-S (s <= (n-1)/2; cai signers always are), else
 *   CAI_COSE_ERR_HIGH_S: (r, n - s) would verify as well, so a high-S
 *   signature is a re-encoded message, not one the device emitted;
 * - the payload must be a CBOR map carrying claim 256 (the EAT ueid,
 *   0x01 || 16-byte UUID), else CAI_COSE_ERR_NO_IDENTITY: a payload without
 *   the signed identity is not a cai result, and the kid cannot be checked,
 *   so it is rejected rather than reported unverified;
 * - the unprotected kid must be exactly those 16 UUID bytes, else
 *   CAI_COSE_ERR_KID_MISMATCH (the kid is unprotected: anyone can replace it).
 * So info->kid, on success, is the signed identity. Checks run: structure,
 * low-S, signature, identity. The generic cai_cose_sign1_verify keeps
 * accepting high-S signatures and any kid, as RFC 9052/9053 do.
 * \retval CAI_COSE_OK  info (may be NULL) points into msg
 * \retval CAI_COSE_ERR_HIGH_S / _KID_MISMATCH / _NO_IDENTITY  as above
 * \retval (other CAI_COSE_ERR_*) as cai_cose_sign1_verify
 */
cai_cose_err_t cai_cose_profile_verify(const uint8_t *msg, size_t len,
                                       const uint8_t pub[CAI_P256_PUB_LEN],
                                       cai_cose_sign1_info_t *info);
/* COSE_Encrypt, tag 96, A256GCM, one ECDH-ES+A256KW recipient whose
 * unprotected header is {4: kid, -1: ephemeral COSE_Key}. rng NULL = cai_random. */
cai_cose_err_t cai_cose_profile_encrypt(const uint8_t recipient_pub[CAI_P256_PUB_LEN],
                                        const uint8_t *kid, size_t kid_len,
                                        const uint8_t *plaintext, size_t plaintext_len,
                                        cai_cose_rng_fn rng, void *rng_ctx, uint8_t *out,
                                        size_t cap, size_t *out_len);
/**
 * \brief Opens a profile COSE_Encrypt with the recipient key by reference.
 * Tag 96 required; only A256GCM content and an ECDH-ES+A256KW recipient are
 * accepted. Map order is not enforced (the cose-wg examples put -1 before 4).
 * \retval CAI_COSE_OK             out holds *out_len bytes of plaintext
 * \retval CAI_COSE_ERR_ARG        NULL argument (recipient, its ecdh callback)
 * \retval CAI_COSE_ERR_ALG_NOT_ALLOWED another content or recipient alg
 * \retval CAI_COSE_ERR_KEY_REF    recipient->ecdh failed
 * \retval CAI_COSE_ERR_UNWRAP     not our key, or the recipient was tampered with
 * \retval CAI_COSE_ERR_DECRYPT    the content was tampered with
 * \retval (other CAI_COSE_ERR_*)  as cai_cose_encrypt_open
 * On any failure out holds no plaintext.
 */
cai_cose_err_t cai_cose_profile_decrypt(const cai_cose_ecdh_t *recipient, const uint8_t *msg,
                                        size_t len, uint8_t *out, size_t cap, size_t *out_len,
                                        cai_cose_encrypt_info_t *info);

/* Bytes needed by a COSE_Encrypt from cai_cose_profile_encrypt for a
 * plaintext of n bytes and a kid of k bytes. */
size_t cai_cose_profile_encrypt_size(size_t n, size_t k);

/**
 * \brief The `--format encrypt` result (docs/design.md §5): a COSE_Sign1
 *        made through signer whose payload is the profile COSE_Encrypt of
 *        plaintext to recipient_pub (recipient_kid).
 * The inner message is built in scratch (cai_cose_profile_encrypt_size()
 * bytes), which is wiped before return; the signer is called only once the
 * inner message is made and the outer one fits.
 * \retval CAI_COSE_OK             out holds *out_len bytes
 * \retval CAI_COSE_ERR_ARG        NULL argument or pointer/length mismatch
 * \retval CAI_COSE_ERR_KEY        recipient_pub is not a point of the curve
 * \retval CAI_COSE_ERR_BUFFER_TOO_SMALL scratch or out too small
 * \retval CAI_COSE_ERR_RNG        the random source failed
 * \retval CAI_COSE_ERR_ALG_UNKNOWN signer->alg is not ES256
 * \retval CAI_COSE_ERR_KEY_REF    the signer failed
 * \retval CAI_COSE_ERR_CRYPTO     a crypto backend failure
 * On any failure out holds no partial message.
 */
cai_cose_err_t cai_cose_profile_sign_encrypt(const cai_cose_signer_t *signer,
                                             const uint8_t recipient_pub[CAI_P256_PUB_LEN],
                                             const uint8_t *recipient_kid, size_t recipient_kid_len,
                                             const uint8_t *plaintext, size_t plaintext_len,
                                             cai_cose_rng_fn rng, void *rng_ctx, uint8_t *scratch,
                                             size_t scratch_cap, uint8_t *out, size_t cap,
                                             size_t *out_len);
/* Its receiving side: the checks of cai_cose_profile_verify on the outer
 * Sign1 with sign_pub (low-S, CAI_COSE_ERR_HIGH_S), then
 * cai_cose_profile_decrypt of the payload through recipient, then the
 * identity check on the decrypted result: its claim 256 must be there
 * (CAI_COSE_ERR_NO_IDENTITY) and the outer kid must be its UUID
 * (CAI_COSE_ERR_KID_MISMATCH); on those failures out holds no plaintext.
 * sign_info (may be NULL) points into msg. */
cai_cose_err_t cai_cose_profile_verify_decrypt(const uint8_t *msg, size_t len,
                                               const uint8_t sign_pub[CAI_P256_PUB_LEN],
                                               const cai_cose_ecdh_t *recipient, uint8_t *out,
                                               size_t cap, size_t *out_len,
                                               cai_cose_sign1_info_t *sign_info);

#ifdef __cplusplus
}
#endif

#endif /* CAI_COSE_H */
