/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity service as its clients see it (docs/design.md §4): the call
 * types of CAI_IDENTITY (services.h), their vectors and the status each
 * failure gets. Both sides compile against this header; the SPE side is
 * spe/partitions/identity, the NS client wrappers are nspe/api.
 *
 * Every multi-byte number on the wire is little-endian. A key id is a
 * uint32 (cai_key_id_t, lib/include/cai/key.h); the identity service knows
 * the three device keys 0x5001..0x5003 and the attestation key 0x5004
 * (CAI_KEY_ID_IAK, docs/attest.md), whose public key (PUBLIC) and status
 * (KEY_STATUS) anyone may read; CSR and the certificate calls refuse it
 * with PSA_ERROR_NOT_PERMITTED (it signs attestation tokens only).
 *
 * Common statuses:
 *   PSA_ERROR_INVALID_ARGUMENT   a vector of the wrong size, an unknown key id,
 *                                a bad organisation name, a certificate that
 *                                is malformed or not this key's / device's
 *   PSA_ERROR_BUFFER_TOO_SMALL   an out vector too small for the answer
 *   PSA_ERROR_NOT_PERMITTED      the key may not do that (e.g. digest signing
 *                                with any key but 0x5001)
 *   PSA_ERROR_DOES_NOT_EXIST     no certificate installed for that key
 *   PSA_ERROR_BAD_STATE          the key could not be derived (its scalar from
 *                                this HUK is 0 or >= n)
 *   PSA_ERROR_NOT_SUPPORTED      an unknown call type
 */
#ifndef CAI_IDENTITY_H
#define CAI_IDENTITY_H

#include <stdint.h>

#include "psa/client.h"

/* out[0] <- the 16-byte device UUID (RFC 9562 version 4). */
#define CAI_IDENTITY_CALL_UUID 1
/* in[0] = key id (4 bytes); out[0] <- the 65-byte SEC1 uncompressed public
 * key 0x04||X||Y. */
#define CAI_IDENTITY_CALL_PUBLIC 2
/* in[0] = key id, in[1] = organisation (O), 1..64 printable ASCII bytes, no
 * NUL; empty or absent: "cai". out[0] <- the DER PKCS#10 request, subject
 * O=<org>, CN=<uuid>, OU=<key label>, signed by that key inside the SPE. */
#define CAI_IDENTITY_CALL_CSR 3
/* in[0] = key id; out[0] <- the DER certificate installed for the key. */
#define CAI_IDENTITY_CALL_CERT_GET 4
/* in[0] = key id, in[1] = DER certificate (at most CAI_IDENTITY_CERT_MAX).
 * The SPE checks that its subject key is that key and its subject CN this
 * UUID, then stores it in protected storage (replacing an earlier one). */
#define CAI_IDENTITY_CALL_CERT_SET 5
/* in[0] = key id; out[0] <- a cai_identity_key_status_t. */
#define CAI_IDENTITY_CALL_KEY_STATUS 6
/* in[0] = a 32-byte SHA-256 digest; out[0] <- the 64-byte raw r||s ECDSA
 * signature with the client TLS key 0x5001 (TLS client authentication: the
 * one signature over caller-chosen bytes the NS side may ask for). */
#define CAI_IDENTITY_CALL_SIGN_TLS_DIGEST 7

#define CAI_IDENTITY_UUID_LEN    16u
#define CAI_IDENTITY_PUB_LEN     65u
#define CAI_IDENTITY_SIG_LEN     64u
#define CAI_IDENTITY_ORG_MAX     64u
#define CAI_IDENTITY_CERT_MAX    2048u
#define CAI_IDENTITY_CSR_MAX     512u
#define CAI_IDENTITY_ORG_DEFAULT "cai"

/* Flags of cai_identity_key_status_t.flags. */
#define CAI_IDENTITY_KEY_DERIVED  0x1u /* the key exists (derived at boot) */
#define CAI_IDENTITY_KEY_HAS_CERT 0x2u /* a certificate is installed */

/* The answer of CAI_IDENTITY_CALL_KEY_STATUS, CAI_IDENTITY_KEY_STATUS_LEN bytes:
 *   0   4   key id
 *   4   4   flags (CAI_IDENTITY_KEY_*)
 *   8   20  the certificate's notAfter, "YYYY-MM-DDTHH:MM:SSZ" (zeros if none)
 *   28  1   serial length (0..20)
 *   29  20  serial, big-endian, zero-padded after its length */
#define CAI_IDENTITY_KEY_STATUS_LEN 49u

#endif /* CAI_IDENTITY_H */
