/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reference values for `cai-cloud attest verify --reference FILE`: which
 * measurements a verifier accepts for each software component (docs/
 * attest.md). The file is one JSON object:
 *
 *   { "image":      ["<hex digest>", ...],            the secure image ("SPE")
 *     "models":     { "<name>": ["<hex digest>", ...] },   "MODEL:<name>"
 *     "components": { "<measurement type>": ["<hex>", ...] } any other type }
 *
 * Every member is optional; a component whose type has no entry is not
 * allowed. Digests are 32, 48 or 64 bytes of hex.
 */
#ifndef CAI_CLOUD_ATTEST_REF_H
#define CAI_CLOUD_ATTEST_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATTEST_REF_MAX      256u
#define ATTEST_REF_TYPE_MAX 64u

typedef struct attest_ref_entry {
    char type[ATTEST_REF_TYPE_MAX + 1]; /* "SPE", "MODEL:sine", ... */
    uint8_t digest[64];
    size_t digest_len;
} attest_ref_entry_t;

typedef struct attest_ref {
    attest_ref_entry_t e[ATTEST_REF_MAX];
    size_t n;
} attest_ref_t;

/* Parse the JSON text. false and one reason in why on any error. */
bool attest_ref_parse(const char *text, size_t len, attest_ref_t *ref, char *why, size_t cap);

/* Is this measurement allowed for a component of this type? *known says
 * whether the reference has any value for the type. */
bool attest_ref_allows(const attest_ref_t *ref, const char *type, size_t type_len,
                       const uint8_t *digest, size_t digest_len, bool *known);

#endif /* CAI_CLOUD_ATTEST_REF_H */
