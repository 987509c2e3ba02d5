/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers for the COSE unit tests: a fixed test key pair and hand-assembled
 * messages (arbitrary headers, tags and encodings) signed or encrypted with
 * the crypto interface directly, so each rejection path can be reached with
 * an otherwise valid message.
 */
#ifndef COSE_TEST_UTIL_H
#define COSE_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/cbor.h"
#include "cai/cose.h"

#define NO_TAG UINT64_MAX

extern uint8_t g_priv[32];
extern uint8_t g_pub[65];
extern uint8_t g_priv2[32];
extern uint8_t g_pub2[65];
/* The same keys prepared, and by reference (raw adapters): g_ecdh is key 1,
 * g_ecdh2 key 2. */
extern cai_p256_key_t g_key, g_key2;
extern cai_cose_ecdh_t g_ecdh, g_ecdh2;
/* ES256 signer over key 1 with the given kid (NULL, 0 for none); points to
 * one static signer, overwritten by the next call. */
const cai_cose_signer_t *signer_kid(const uint8_t *kid, size_t kid_len);

/* A minimal cai result (docs/design.md §5) naming the device uuid:
 * {256: h'01' || uuid, -80006: 7}, written out byte by byte (not by our
 * encoder). Returns its length, TEST_RESULT_LEN. */
#define TEST_RESULT_LEN 28u
size_t test_cai_result(const uint8_t uuid[16], uint8_t out[TEST_RESULT_LEN]);
/* The fixed device UUID of the tests. */
extern const uint8_t g_uuid[16];

/* Derives the fixed key pairs (SHA-256 of labels; call from group setup). */
int cose_test_setup(void **state);

/* Hex string to bytes; returns the length. */
size_t unhex(const char *hex, uint8_t *out, size_t cap);

/* Sign1 from parts: tag (NO_TAG for none), protected bytes, the unprotected
 * map already encoded, payload (NULL = nil). The signature is computed over
 * sig_prot (the protected bytes as the signer saw them) with priv. */
size_t make_sign1(uint8_t *out, size_t cap, uint64_t tag, const uint8_t *prot, size_t prot_len,
                  const uint8_t *sig_prot, size_t sig_prot_len, const uint8_t *unprot,
                  size_t unprot_len, const uint8_t *payload, size_t payload_len);

/* Encodes a header map from (label, encoded value) pairs in the given order. */
typedef struct {
    int64_t label;
    const char *value_hex; /* encoded CBOR value, hex */
} hdr_t;
size_t make_map(uint8_t *out, size_t cap, const hdr_t *h, size_t n);

/* Encrypt0 from parts with a 16-byte key (A128GCM body unless prot says
 * otherwise), IV placed in the unprotected map given. */
size_t make_encrypt0(uint8_t *out, size_t cap, uint64_t tag, const uint8_t *prot, size_t prot_len,
                     const uint8_t *unprot, size_t unprot_len, const uint8_t *key, size_t key_len,
                     const uint8_t iv[12], const uint8_t *pt, size_t pt_len);

/* Deterministic RNG for seal tests: bytes i, i+1, ... (mod 256) from a seed. */
typedef struct {
    uint8_t next;
    bool fail;
} counter_rng_t;
psa_status_t counter_rng(void *ctx, uint8_t *out, size_t len);

#endif
