/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading the claims of a PSA attestation token (RFC 9783; include/cai/
 * attest.h has the numbers, docs/attest.md the rules): for the shell's
 * `attest token --json` and for `cai-cloud attest verify`. The payload is
 * untrusted input until its signature is checked, and the parser is written
 * for it: bounded, no allocation, every item type-checked; results point
 * into the caller's buffer.
 *
 * Three profiles are read, as deployed verifiers do:
 *   CAI_ATTEST_PROFILE_RFC9783  "tag:psacertified.org,2023:psa#tfm" (what
 *                               cai devices emit)
 *   CAI_ATTEST_PROFILE_PSA_2_0_0 "http://arm.com/psa/2.0.0": the same keys,
 *                               the boot seed under 268 or 2397
 *   CAI_ATTEST_PROFILE_IOT_1    "PSA_IOT_PROFILE_1": keys -75000..-75010
 * A claim whose key belongs to another profile than the token's is an
 * error, as are a duplicate claim and a claim of the wrong type; claims
 * this parser does not know are skipped.
 */
#ifndef CAI_ATTEST_CLAIMS_H
#define CAI_ATTEST_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CAI_ATTEST_PROFILE_NONE = 0,
    CAI_ATTEST_PROFILE_RFC9783,
    CAI_ATTEST_PROFILE_PSA_2_0_0,
    CAI_ATTEST_PROFILE_IOT_1,
} cai_attest_profile_t;

/* Most software components read from one token. */
#define CAI_ATTEST_MAX_SWC 32u

typedef struct cai_attest_bytes {
    const uint8_t *p; /* NULL when absent */
    size_t len;
} cai_attest_bytes_t;

typedef struct cai_attest_text {
    const char *p; /* NULL when absent; not NUL-terminated */
    size_t len;
} cai_attest_text_t;

typedef struct cai_attest_swc {
    cai_attest_text_t type;         /* 1, optional */
    cai_attest_bytes_t measurement; /* 2, 32/48/64 bytes */
    cai_attest_text_t version;      /* 4, optional */
    cai_attest_bytes_t signer_id;   /* 5, 32/48/64 bytes */
    cai_attest_text_t desc;         /* 6, optional */
} cai_attest_swc_t;

typedef struct cai_attest_claims {
    cai_attest_profile_t profile;
    cai_attest_text_t profile_text;
    cai_attest_bytes_t nonce;             /* 32, 48 or 64 bytes */
    cai_attest_bytes_t instance_id;       /* 33 bytes, 0x01 first */
    cai_attest_bytes_t implementation_id; /* 32 bytes */
    cai_attest_bytes_t boot_seed;         /* optional; 8..32 bytes */
    int64_t boot_seed_key;                /* the key it was found under */
    bool has_client_id;
    int64_t client_id;
    bool has_lifecycle;
    uint64_t lifecycle;                     /* 0..0xffff */
    cai_attest_text_t cert_ref;             /* optional */
    cai_attest_text_t verification_service; /* optional */
    bool has_sw_components;
    bool no_sw_measurements; /* IoT-1 claim -75007 = 1 instead of components */
    cai_attest_swc_t swc[CAI_ATTEST_MAX_SWC];
    size_t n_swc;
} cai_attest_claims_t;

/*
 * Parse and check the claims map in payload[0..len): one CBOR map, nothing
 * after it; the profile claim first decides which keys apply; then every
 * mandatory claim of RFC 9783 must be present and well-typed: nonce,
 * instance id, profile, implementation id, client id, security lifecycle,
 * software components (for IoT-1: or no-sw-measurements = 1), and each
 * component's measurement value and signer id. On failure writes one
 * reason (which claim, what is wrong) into why and returns false; *c is then
 * partly filled and must not be used.
 */
bool cai_attest_claims_parse(const uint8_t *payload, size_t len, cai_attest_claims_t *c, char *why,
                             size_t why_cap);

/* The name a claim has in JSON and text output ("nonce", "instance-id",
 * ... as RFC 9783 names them), for the token's key set. */
const char *cai_attest_profile_name(cai_attest_profile_t p);
/* The lifecycle state of a value ("secured", "psa-rot-provisioning", ...;
 * "invalid" outside the defined ranges). */
const char *cai_attest_lifecycle_name(uint64_t lifecycle);

#ifdef __cplusplus
}
#endif

#endif /* CAI_ATTEST_CLAIMS_H */
