/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attestation service as its clients see it (docs/attest.md): the call
 * types of CAI_ATTEST (services.h) and their vectors, and the numbers of
 * the token (RFC 9783 claim keys, the profile, the lifecycle values) that
 * the partition writes and the readers (shell, cai-cloud) check. Both sides
 * compile against this header; the SPE side is spe/partitions/attest, the
 * NS client nspe/api/attest_client.c (psa/initial_attestation.h).
 *
 * The wire form follows TF-M's attestation service: a stateless service,
 *   GET_TOKEN       in[0] = challenge (32, 48 or 64 bytes)
 *                   out[0] <- the token (COSE_Sign1)
 *   GET_TOKEN_SIZE  in[0] = challenge size, uint32 little-endian (4 bytes)
 *                   out[0] <- token size, uint32 little-endian (4 bytes)
 * Statuses: INVALID_ARGUMENT (a challenge of another size, a vector of the
 * wrong size), BUFFER_TOO_SMALL (out[0] shorter than the token: nothing is
 * signed, nothing written), SERVICE_FAILURE (no attestation key or
 * measurement: the partition reports why at boot), NOT_SUPPORTED (call
 * type).
 */
#ifndef CAI_ATTEST_H
#define CAI_ATTEST_H

#include <stdint.h>

#define CAI_ATTEST_CALL_GET_TOKEN      1001
#define CAI_ATTEST_CALL_GET_TOKEN_SIZE 1002

/* ---- Claim keys, RFC 9783 (PSA profile 2.0 / "psa#tfm") ---------------- */
#define CAI_ATTEST_CLAIM_NONCE          10
#define CAI_ATTEST_CLAIM_INSTANCE_ID    256 /* EAT ueid */
#define CAI_ATTEST_CLAIM_PROFILE        265 /* EAT profile */
#define CAI_ATTEST_CLAIM_BOOT_SEED      268 /* EAT bootseed */
#define CAI_ATTEST_CLAIM_CLIENT_ID      2394
#define CAI_ATTEST_CLAIM_LIFECYCLE      2395
#define CAI_ATTEST_CLAIM_IMPLEMENTATION 2396
#define CAI_ATTEST_CLAIM_BOOT_SEED_OLD  2397 /* boot seed of early PSA 2.0.0 tokens */
#define CAI_ATTEST_CLAIM_CERT_REF       2398
#define CAI_ATTEST_CLAIM_SW_COMPONENTS  2399
#define CAI_ATTEST_CLAIM_VERIFY_SERVICE 2400

/* Keys inside one software component. */
#define CAI_ATTEST_SWC_TYPE        1
#define CAI_ATTEST_SWC_MEASUREMENT 2
#define CAI_ATTEST_SWC_VERSION     4
#define CAI_ATTEST_SWC_SIGNER_ID   5
#define CAI_ATTEST_SWC_DESC        6

/* ---- The earlier PSA_IOT_PROFILE_1 keys (read, never written) ----------- */
#define CAI_ATTEST_IOT_PROFILE        (-75000)
#define CAI_ATTEST_IOT_CLIENT_ID      (-75001)
#define CAI_ATTEST_IOT_LIFECYCLE      (-75002)
#define CAI_ATTEST_IOT_IMPLEMENTATION (-75003)
#define CAI_ATTEST_IOT_BOOT_SEED      (-75004)
#define CAI_ATTEST_IOT_CERT_REF       (-75005)
#define CAI_ATTEST_IOT_SW_COMPONENTS  (-75006)
#define CAI_ATTEST_IOT_NO_SW          (-75007)
#define CAI_ATTEST_IOT_NONCE          (-75008)
#define CAI_ATTEST_IOT_INSTANCE_ID    (-75009)
#define CAI_ATTEST_IOT_VERIFY_SERVICE (-75010)

/* ---- Values -------------------------------------------------------------- */
#define CAI_ATTEST_PROFILE                "tag:psacertified.org,2023:psa#tfm"
#define CAI_ATTEST_PROFILE_TEXT_PSA_2_0_0 "http://arm.com/psa/2.0.0"
#define CAI_ATTEST_PROFILE_TEXT_IOT_1     "PSA_IOT_PROFILE_1"
/* The verification-service indicator the device writes (docs/attest.md). */
#define CAI_ATTEST_VERIFICATION_SERVICE "urn:cai:cai-cloud"
/* Measurement description: the hash the measurements are. */
#define CAI_ATTEST_MEASUREMENT_DESC "sha-256"
/* Software component types: the secure image, and "MODEL:<name>" per model. */
#define CAI_ATTEST_SWC_TYPE_SPE          "SPE"
#define CAI_ATTEST_SWC_TYPE_MODEL_PREFIX "MODEL:"

#define CAI_ATTEST_INSTANCE_ID_LEN 33u /* 0x01 || SHA-256(COSE_Key(IAK pub)) */
#define CAI_ATTEST_UEID_TYPE_RAND  0x01u
#define CAI_ATTEST_BOOT_SEED_LEN   32u
#define CAI_ATTEST_IMPL_ID_LEN     32u
#define CAI_ATTEST_KID_LEN         32u

/* Security lifecycle (RFC 9783 §4.2.3): the state is the value's top byte;
 * the low byte is implementation-defined. */
#define CAI_ATTEST_LIFECYCLE_UNKNOWN              0x0000u
#define CAI_ATTEST_LIFECYCLE_ASSEMBLY_AND_TEST    0x1000u
#define CAI_ATTEST_LIFECYCLE_PSA_ROT_PROVISIONING 0x2000u
#define CAI_ATTEST_LIFECYCLE_SECURED              0x3000u
#define CAI_ATTEST_LIFECYCLE_NON_PSA_ROT_DEBUG    0x4000u
#define CAI_ATTEST_LIFECYCLE_RECOVERABLE_DEBUG    0x5000u
#define CAI_ATTEST_LIFECYCLE_DECOMMISSIONED       0x6000u

#endif /* CAI_ATTEST_H */
