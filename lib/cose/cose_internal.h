/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal helpers shared by the COSE sources: header-map parsing, the
 * common message envelope (size limit, determinism, tag, array), the
 * Enc_structure builder and small encoder utilities. Not a public API.
 */
#ifndef CAI_COSE_INTERNAL_H
#define CAI_COSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/cbor.h"
#include "cai/cose.h"

/* A run of bytes inside the message (not a copy). */
typedef struct cose_span {
    const uint8_t *ptr;
    size_t len;
} cose_span_t;

/* A header label as it appeared: an integer or a text string. */
typedef struct cose_label {
    uint8_t kind;     /* COSE_LABEL_UINT, COSE_LABEL_NINT or COSE_LABEL_TSTR */
    uint64_t u;       /* UINT: value; NINT: value is -1 - u */
    cose_span_t text; /* TSTR */
} cose_label_t;

enum {
    COSE_LABEL_UINT = 0,
    COSE_LABEL_NINT = 1,
    COSE_LABEL_TSTR = 3
};

/* One PartyU/PartyV field of the KDF context as received: bstr, int or nil. */
typedef struct cose_party_field {
    bool present;
    uint8_t kind; /* COSE_PARTY_BSTR, _UINT, _NINT or _NIL */
    uint64_t u;
    cose_span_t bytes;
} cose_party_field_t;

enum {
    COSE_PARTY_NIL = 0,
    COSE_PARTY_BSTR,
    COSE_PARTY_UINT,
    COSE_PARTY_NINT
};

#define COSE_MAX_CRIT     8u
#define COSE_PARTY_FIELDS 6u /* -21..-26: U.id, U.nonce, U.other, V.id, V.nonce, V.other */

/* Everything we understand of one layer's headers, protected and unprotected
 * together (labels must be unique across both buckets, RFC 9052 §3). */
typedef struct cose_hdrs {
    cose_label_t labels[CAI_COSE_MAX_HEADERS];
    size_t n_labels;

    bool has_alg;
    bool alg_known_type; /* an integer that fits int64 */
    bool alg_protected;
    int64_t alg;

    bool has_kid;
    cose_span_t kid;
    bool has_iv;
    cose_span_t iv;
    bool has_partial_iv;
    bool has_epk;
    cai_cose_ec2_key_t epk; /* decoded and validated while parsing */
    bool has_static_key;    /* -2 / -3: ECDH-SS, which we do not implement */
    bool has_salt;
    cose_span_t salt;
    cose_party_field_t party[COSE_PARTY_FIELDS];

    bool has_crit;
    bool crit_unknown; /* crit listed a label we do not process */
} cose_hdrs_t;

void cose_hdrs_init(cose_hdrs_t *h);
/* Parses the contents of a protected bstr. Empty or h'A0' is an empty map.
 * With CAI_COSE_F_DETERMINISTIC the bytes must be deterministic CBOR. */
cai_cose_err_t cose_hdrs_parse_protected(const uint8_t *p, size_t len, uint32_t flags,
                                         cose_hdrs_t *h);
/* Parses the unprotected map at the decoder's position. */
cai_cose_err_t cose_hdrs_parse_unprotected(cai_cbor_dec_t *d, cose_hdrs_t *h);
/* crit, alg presence and placement checks common to every layer. */
cai_cose_err_t cose_hdrs_check(const cose_hdrs_t *h, uint32_t flags);

/* The protected header as it goes into Sig_/Enc_structure and the KDF
 * context: h'A0' (an encoded empty map) is treated as h'', as cose-wg does. */
cose_span_t cose_protected_for_mac(const uint8_t *p, size_t len);

/* CBOR decoder errors mapped to COSE errors. */
cai_cose_err_t cose_from_cbor(cai_cbor_err_t e);

/* Options with NULL replaced by the defaults. */
const cai_cose_opts_t *cose_opts_or_default(const cai_cose_opts_t *o);
/* cai_cose_sign1_verify, and with require_low_s a high-S signature is
 * CAI_COSE_ERR_HIGH_S (checked after the structure, before the signature). */
cai_cose_err_t cose_sign1_verify(const uint8_t *msg, size_t len,
                                 const uint8_t pub[CAI_P256_PUB_LEN], const cai_cose_opts_t *opts,
                                 bool require_low_s, cai_cose_sign1_info_t *info);
size_t cose_max_message(const cai_cose_opts_t *o);

/* Size limit, determinism, tag handling and the message array head.
 * Leaves the decoder positioned at the array's first element. */
cai_cose_err_t cose_msg_begin(const uint8_t *msg, size_t len, const cai_cose_opts_t *o,
                              uint64_t tag, uint64_t count, cai_cbor_dec_t *d, bool *tagged);
/* cose_msg_begin, then the two header buckets every COSE message starts
 * with: the protected bstr (parsed into h, which the caller initialised) and
 * the unprotected map. Leaves the decoder at the third element. */
cai_cose_err_t cose_msg_begin_headers(const uint8_t *msg, size_t len, const cai_cose_opts_t *o,
                                      uint64_t tag, uint64_t count, cai_cbor_dec_t *d, bool *tagged,
                                      cose_span_t *prot, cose_hdrs_t *h);
/* Reads a bstr at the decoder position (type mismatch = MALFORMED). */
cai_cose_err_t cose_get_bstr(cai_cbor_dec_t *d, cose_span_t *s);
/* After the last element: CAI_COSE_ERR_TRAILING if bytes remain. */
cai_cose_err_t cose_msg_end(cai_cbor_dec_t *d);

/* Builds ["Encrypt"/"Encrypt0", protected, external_aad] into buf. */
cai_cose_err_t cose_enc_structure(const char *context, const uint8_t *prot, size_t prot_len,
                                  const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t cap,
                                  size_t *len);

/* Key length in bytes of a content alg (A128/192/256GCM), 0 if not one. */
size_t cose_gcm_key_len(int64_t alg);
/* Key length of the AES-KW of a key-wrap alg (A*KW or ECDH-ES+A*KW), 0 if none. */
size_t cose_kw_key_len(int64_t alg);

/* The AES-GCM content layer shared by Encrypt0 and Encrypt (cose_content.c).
 * check: the content alg is known and allowed, no Partial IV, a 12-byte IV,
 * the ciphertext holds a tag and its plaintext fits cap (else
 * BUFFER_TOO_SMALL with *out_len = the size needed); *cek_len = key size.
 * decrypt: AES-GCM against the Enc_structure; nothing left in out on failure. */
cai_cose_err_t cose_content_check(const cose_hdrs_t *h, const cai_cose_opts_t *o,
                                  const cose_span_t *ct, size_t cap, size_t *cek_len,
                                  size_t *out_len);
cai_cose_err_t cose_content_decrypt(const char *context, const cose_span_t *prot,
                                    const cose_hdrs_t *h, const cai_cose_opts_t *o,
                                    const uint8_t *cek, size_t cek_len, const cose_span_t *ct,
                                    uint8_t *out, size_t *out_len);

/* Encoder helpers (ciphertext goes in place via cai_cbor_reserve). */
/* The encoded protected header {1: alg} (3 or 4 bytes) into buf[8]. */
size_t cose_protected_alg(int64_t alg, uint8_t buf[8]);
cai_cose_err_t cose_enc_result(const cai_cbor_enc_t *e, size_t *out_len);

/* Random bytes from the caller's source or cai_random. */
cai_cose_err_t cose_rng(cai_cose_rng_fn rng, void *ctx, uint8_t *out, size_t len);

/* Decodes the EC2 P-256 COSE_Key map at the decoder position (strict, as
 * cai_cose_key_decode). */
cai_cose_err_t cose_key_decode_at(cai_cbor_dec_t *d, cai_cose_ec2_key_t *key);

/* COSE_KDF_Context with party fields as received (6 entries, -21..-26). */
cai_cose_err_t cose_kdf_context(int64_t alg, uint32_t key_bits, const uint8_t *prot,
                                size_t prot_len, const cose_party_field_t party[COSE_PARTY_FIELDS],
                                uint8_t *out, size_t cap, size_t *out_len);
/* Writes an EC2 P-256 public COSE_Key {1:2, -1:1, -2:x, -3:y}. */
void cose_put_ec2_public(cai_cbor_enc_t *e, const uint8_t pub[CAI_P256_PUB_LEN]);

/* Party fields from the public bstr-only form (NULL = all absent). */
void cose_party_fields(const cai_cose_party_info_t *u, const cai_cose_party_info_t *v,
                       cose_party_field_t party[COSE_PARTY_FIELDS]);
/* Z = ECDH through k (our key by reference, or the sender's ephemeral key
 * behind a local adapter); key_out = HKDF-SHA256(salt, Z, KDF_Context(ctx_alg,
 * key_len*8, prot, party), key_len). Z is wiped. A bad peer point is
 * CAI_COSE_ERR_KEY; any other ECDH failure is CAI_COSE_ERR_KEY_REF when
 * by_ref (the key holder failed), else CAI_COSE_ERR_CRYPTO. */
cai_cose_err_t cose_ecdh_derive(const cai_cose_ecdh_t *k, bool by_ref,
                                const uint8_t peer_pub[CAI_P256_PUB_LEN], const cose_span_t *salt,
                                int64_t ctx_alg, size_t key_len, const uint8_t *prot,
                                size_t prot_len, const cose_party_field_t party[COSE_PARTY_FIELDS],
                                uint8_t *key_out);

#endif /* CAI_COSE_INTERNAL_H */
