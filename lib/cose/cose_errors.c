/* Texts and names of the COSE error codes. */
#include "cai/cose.h"

typedef struct {
    cai_cose_err_t code;
    const char *name;
    const char *text;
} cose_err_entry_t;

static const cose_err_entry_t k_errors[] = {
    { CAI_COSE_OK, "CAI_COSE_OK", "success" },
    { CAI_COSE_ERR_ARG, "CAI_COSE_ERR_ARG", "bad argument" },
    { CAI_COSE_ERR_BUFFER_TOO_SMALL, "CAI_COSE_ERR_BUFFER_TOO_SMALL", "output buffer too small" },
    { CAI_COSE_ERR_TOO_LARGE, "CAI_COSE_ERR_TOO_LARGE", "message or header over the size limit" },
    { CAI_COSE_ERR_MALFORMED, "CAI_COSE_ERR_MALFORMED", "malformed COSE message" },
    { CAI_COSE_ERR_TRAILING, "CAI_COSE_ERR_TRAILING", "trailing bytes after the message" },
    { CAI_COSE_ERR_NOT_DETERMINISTIC, "CAI_COSE_ERR_NOT_DETERMINISTIC",
      "message is not deterministic CBOR" },
    { CAI_COSE_ERR_TAG_MISSING, "CAI_COSE_ERR_TAG_MISSING", "CBOR tag missing" },
    { CAI_COSE_ERR_TAG_WRONG, "CAI_COSE_ERR_TAG_WRONG", "wrong CBOR tag for this message type" },
    { CAI_COSE_ERR_DUPLICATE_LABEL, "CAI_COSE_ERR_DUPLICATE_LABEL", "duplicate header label" },
    { CAI_COSE_ERR_HEADER, "CAI_COSE_ERR_HEADER", "invalid header parameter" },
    { CAI_COSE_ERR_CRIT, "CAI_COSE_ERR_CRIT", "critical header not understood" },
    { CAI_COSE_ERR_ALG_MISSING, "CAI_COSE_ERR_ALG_MISSING", "algorithm header missing" },
    { CAI_COSE_ERR_ALG_UNKNOWN, "CAI_COSE_ERR_ALG_UNKNOWN", "unknown or unsupported algorithm" },
    { CAI_COSE_ERR_ALG_KEY_MISMATCH, "CAI_COSE_ERR_ALG_KEY_MISMATCH",
      "algorithm does not match the key" },
    { CAI_COSE_ERR_ALG_NOT_ALLOWED, "CAI_COSE_ERR_ALG_NOT_ALLOWED",
      "algorithm not allowed by the profile" },
    { CAI_COSE_ERR_UNSUPPORTED, "CAI_COSE_ERR_UNSUPPORTED", "COSE feature not supported" },
    { CAI_COSE_ERR_NO_RECIPIENT, "CAI_COSE_ERR_NO_RECIPIENT", "no recipient usable with this key" },
    { CAI_COSE_ERR_KEY, "CAI_COSE_ERR_KEY", "invalid key" },
    { CAI_COSE_ERR_SIGNATURE, "CAI_COSE_ERR_SIGNATURE", "signature does not verify" },
    { CAI_COSE_ERR_DECRYPT, "CAI_COSE_ERR_DECRYPT", "decryption failed (authentication tag)" },
    { CAI_COSE_ERR_UNWRAP, "CAI_COSE_ERR_UNWRAP", "key unwrap failed" },
    { CAI_COSE_ERR_CRYPTO, "CAI_COSE_ERR_CRYPTO", "crypto backend failure" },
    { CAI_COSE_ERR_RNG, "CAI_COSE_ERR_RNG", "random generator failure" },
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
