/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity service from the non-secure side: one typed function per
 * call type of CAI_IDENTITY (include/cai/identity.h, docs/identity.md), over
 * the PSA client API. Library cai_identity_client (nspe/api); it calls
 * psa_call and needs a PSA client implementation linked beside it (on the
 * host: cai_psa_client).
 *
 * Every function checks its arguments before calling (a NULL pointer, a
 * buffer too small for the contract's answer, an organisation the SPE would
 * refuse: PSA_ERROR_INVALID_ARGUMENT, nothing sent) and checks the answer
 * against the contract after (a reply of the wrong size or shape:
 * PSA_ERROR_GENERIC_ERROR). On any failure every output is cleared (lengths
 * 0, buffers zeroed), so a caller never mistakes stale bytes for a result.
 * Otherwise the status is the service's (include/cai/identity.h lists them)
 * or the transport's (PSA_ERROR_COMMUNICATION_FAILURE); an image without
 * the identity service gives PSA_ERROR_CONNECTION_REFUSED (psa_version
 * confirms it when the static handle is refused).
 */
#ifndef CAI_IDENTITY_CLIENT_H
#define CAI_IDENTITY_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/identity.h"
#include "cai/key.h"
#include "psa/client.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes inside the KEY_STATUS answer (include/cai/identity.h). */
#ifndef CAI_IDENTITY_NOT_AFTER_LEN
#define CAI_IDENTITY_NOT_AFTER_LEN 20u /* "YYYY-MM-DDTHH:MM:SSZ" */
#endif
#ifndef CAI_IDENTITY_SERIAL_MAX
#define CAI_IDENTITY_SERIAL_MAX 20u /* RFC 5280 §4.1.2.2 */
#endif

/* The identity service's static handle (stateless, docs/design.md §3). */
psa_handle_t cai_identity_handle(void);

/* ---------------- the calls ---------------- */

/* The 16-byte device UUID (RFC 9562 version 4). */
psa_status_t cai_identity_uuid(uint8_t uuid[CAI_IDENTITY_UUID_LEN]);

/* The SEC1 uncompressed public key 0x04||X||Y of key_id. */
psa_status_t cai_identity_public(cai_key_id_t key_id, uint8_t pub[CAI_IDENTITY_PUB_LEN]);

/* A DER PKCS#10 request for key_id, subject O=<org>, CN=<uuid>, OU=<label>,
 * built and signed in the SPE. org NULL or "": the default ("cai"); else
 * 1..CAI_IDENTITY_ORG_MAX printable ASCII characters (0x20..0x7e). cap of
 * CAI_IDENTITY_CSR_MAX is always enough. */
psa_status_t cai_identity_csr(cai_key_id_t key_id, const char *org, uint8_t *der, size_t cap,
                              size_t *len);

/* The DER certificate installed for key_id (PSA_ERROR_DOES_NOT_EXIST when
 * none). cap of CAI_IDENTITY_CERT_MAX is always enough. */
psa_status_t cai_identity_cert_get(cai_key_id_t key_id, uint8_t *der, size_t cap, size_t *len);

/* Install a DER certificate (1..CAI_IDENTITY_CERT_MAX bytes) for key_id. The
 * SPE refuses (PSA_ERROR_INVALID_ARGUMENT) one that is malformed, or whose
 * key is not key_id's or whose subject CN is not this device's UUID. */
psa_status_t cai_identity_cert_set(cai_key_id_t key_id, const uint8_t *der, size_t len);

/* CAI_IDENTITY_CALL_KEY_STATUS, decoded. */
typedef struct cai_identity_key_status {
    cai_key_id_t key_id;
    uint32_t flags;                                 /* CAI_IDENTITY_KEY_* as sent */
    bool derived;                                   /* CAI_IDENTITY_KEY_DERIVED */
    bool has_cert;                                  /* CAI_IDENTITY_KEY_HAS_CERT */
    char not_after[CAI_IDENTITY_NOT_AFTER_LEN + 1]; /* "YYYY-MM-DDTHH:MM:SSZ", "" if no cert */
    uint8_t serial[CAI_IDENTITY_SERIAL_MAX];        /* big-endian */
    size_t serial_len;                              /* 0 if no cert */
} cai_identity_key_status_t;

/* The status of key_id. The 49-byte answer is checked: the key id echoed,
 * a serial length of at most 20, a notAfter of the documented shape when a
 * certificate is installed and all zeros when not; else
 * PSA_ERROR_GENERIC_ERROR. */
psa_status_t cai_identity_key_status(cai_key_id_t key_id, cai_identity_key_status_t *status);

/* Decodes a raw KEY_STATUS answer (the wire form above); for tests and for
 * callers that make the psa_call themselves. 0 on success, -1 if it breaks
 * the contract (then *status is zeroed). */
int cai_identity_key_status_decode(const uint8_t raw[CAI_IDENTITY_KEY_STATUS_LEN],
                                   cai_identity_key_status_t *status);

/* A raw r||s ECDSA P-256 signature over a SHA-256 digest with the client TLS
 * key 0x5001, for TLS client authentication. */
psa_status_t cai_identity_sign_tls_digest(const uint8_t digest[32],
                                          uint8_t sig[CAI_IDENTITY_SIG_LEN]);

/* ---------------- names and text ---------------- */

/* One built-in device key as people see it. */
typedef struct cai_identity_key_info {
    cai_key_id_t id;
    const char *name;  /* short name: "tls", "sign", "encrypt" */
    const char *label; /* derivation label, e.g. "HUK_CLIENT_TLS_EC_PRIV_KEY" */
    const char *use;   /* one line */
} cai_identity_key_info_t;

/* The three device keys, in key id order. */
extern const cai_identity_key_info_t cai_identity_keys[];
extern const size_t cai_identity_keys_count;

/* The entry of a key id, or NULL. */
const cai_identity_key_info_t *cai_identity_key_find(cai_key_id_t id);

/* A key as a person writes it: a name ("tls", "sign", "encrypt", any case),
 * or hex with or without 0x ("5001", "0x5001"), naming one of the device
 * keys. 0 and the entry, or -1 for anything else. */
int cai_identity_key_parse(const char *s, const cai_identity_key_info_t **key);

/* true if org is an organisation the service accepts: 1..64 printable ASCII
 * characters. */
bool cai_identity_org_valid(const char *org);

/* Lowercase 8-4-4-4-12 text of a UUID, NUL-terminated. */
#define CAI_IDENTITY_UUID_STR_LEN 37u
void cai_identity_uuid_format(const uint8_t uuid[CAI_IDENTITY_UUID_LEN],
                              char out[CAI_IDENTITY_UUID_STR_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* CAI_IDENTITY_CLIENT_H */
