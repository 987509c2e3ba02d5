/* SPDX-License-Identifier: Apache-2.0 */
/* Texts and names of the COSE error codes, and their psa_status_t. */
#include "cai/cose.h"

typedef struct {
    cai_cose_err_t code;
    const char *name;
    const char *text;
    psa_status_t psa; /* the one table of cai_cose_to_psa (docs/cose.md) */
} cose_err_entry_t;

static const cose_err_entry_t k_errors[] = {
    { CAI_COSE_OK, "CAI_COSE_OK", "success", PSA_SUCCESS },
    { CAI_COSE_ERR_ARG, "CAI_COSE_ERR_ARG", "bad argument", PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_BUFFER_TOO_SMALL, "CAI_COSE_ERR_BUFFER_TOO_SMALL", "output buffer too small",
      PSA_ERROR_BUFFER_TOO_SMALL },
    { CAI_COSE_ERR_TOO_LARGE, "CAI_COSE_ERR_TOO_LARGE", "message or header over the size limit",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_MALFORMED, "CAI_COSE_ERR_MALFORMED", "malformed COSE message",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_TRAILING, "CAI_COSE_ERR_TRAILING", "trailing bytes after the message",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_NOT_DETERMINISTIC, "CAI_COSE_ERR_NOT_DETERMINISTIC",
      "message is not deterministic CBOR", PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_TAG_MISSING, "CAI_COSE_ERR_TAG_MISSING", "CBOR tag missing",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_TAG_WRONG, "CAI_COSE_ERR_TAG_WRONG", "wrong CBOR tag for this message type",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_DUPLICATE_LABEL, "CAI_COSE_ERR_DUPLICATE_LABEL", "duplicate header label",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_HEADER, "CAI_COSE_ERR_HEADER", "invalid header parameter",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_CRIT, "CAI_COSE_ERR_CRIT", "critical header not understood",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_ALG_MISSING, "CAI_COSE_ERR_ALG_MISSING", "algorithm header missing",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_ALG_UNKNOWN, "CAI_COSE_ERR_ALG_UNKNOWN", "unknown or unsupported algorithm",
      PSA_ERROR_NOT_SUPPORTED },
    { CAI_COSE_ERR_ALG_KEY_MISMATCH, "CAI_COSE_ERR_ALG_KEY_MISMATCH",
      "algorithm does not match the key", PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_ALG_NOT_ALLOWED, "CAI_COSE_ERR_ALG_NOT_ALLOWED",
      "algorithm not allowed by the profile", PSA_ERROR_NOT_PERMITTED },
    { CAI_COSE_ERR_UNSUPPORTED, "CAI_COSE_ERR_UNSUPPORTED", "COSE feature not supported",
      PSA_ERROR_NOT_SUPPORTED },
    { CAI_COSE_ERR_NO_RECIPIENT, "CAI_COSE_ERR_NO_RECIPIENT", "no recipient usable with this key",
      PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_KEY, "CAI_COSE_ERR_KEY", "invalid key", PSA_ERROR_INVALID_ARGUMENT },
    { CAI_COSE_ERR_SIGNATURE, "CAI_COSE_ERR_SIGNATURE", "signature does not verify",
      PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_DECRYPT, "CAI_COSE_ERR_DECRYPT", "decryption failed (authentication tag)",
      PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_UNWRAP, "CAI_COSE_ERR_UNWRAP", "key unwrap failed",
      PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_CRYPTO, "CAI_COSE_ERR_CRYPTO", "crypto backend failure",
      PSA_ERROR_GENERIC_ERROR },
    { CAI_COSE_ERR_RNG, "CAI_COSE_ERR_RNG", "random generator failure", PSA_ERROR_GENERIC_ERROR },
    { CAI_COSE_ERR_KEY_REF, "CAI_COSE_ERR_KEY_REF",
      "the key holder failed (signer or key-agreement callback)", PSA_ERROR_GENERIC_ERROR },
    { CAI_COSE_ERR_HIGH_S, "CAI_COSE_ERR_HIGH_S",
      "signature is not low-S (s > n/2), which the cai profile rejects",
      PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_KID_MISMATCH, "CAI_COSE_ERR_KID_MISMATCH",
      "kid missing or not the device identity (ueid) the payload signs",
      PSA_ERROR_INVALID_SIGNATURE },
    { CAI_COSE_ERR_NO_IDENTITY, "CAI_COSE_ERR_NO_IDENTITY",
      "payload carries no device identity (claim 256, ueid): not a cai result",
      PSA_ERROR_INVALID_ARGUMENT },
};

static const cose_err_entry_t *find(cai_cose_err_t err)
{
    for (size_t i = 0; i < sizeof k_errors / sizeof k_errors[0]; i++) {
        if (k_errors[i].code == err) {
            return &k_errors[i];
        }
    }
    return NULL;
}

const char *cai_cose_strerror(cai_cose_err_t err)
{
    const cose_err_entry_t *e = find(err);
    return e ? e->text : "unknown COSE error";
}

const char *cai_cose_errname(cai_cose_err_t err)
{
    const cose_err_entry_t *e = find(err);
    return e ? e->name : "CAI_COSE_ERR_?";
}

psa_status_t cai_cose_to_psa(cai_cose_err_t err)
{
    const cose_err_entry_t *e = find(err);
    return e ? e->psa : PSA_ERROR_GENERIC_ERROR;
}
