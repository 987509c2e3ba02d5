/* SPDX-License-Identifier: Apache-2.0 */
/* Error texts for logs and tool output, and the psa_status_t of each. */
#include "cai/cbor.h"

const char *cai_cbor_strerror(cai_cbor_err_t err)
{
    switch (err) {
    case CAI_CBOR_OK:
        return "ok";
    case CAI_CBOR_ERR_BUFFER_TOO_SMALL:
        return "buffer too small";
    case CAI_CBOR_ERR_MALFORMED:
        return "not well-formed CBOR";
    case CAI_CBOR_ERR_TRUNCATED:
        return "CBOR input truncated";
    case CAI_CBOR_ERR_LIMIT:
        return "CBOR decoder limit exceeded";
    case CAI_CBOR_ERR_TYPE:
        return "unexpected CBOR type";
    case CAI_CBOR_ERR_NOT_DETERMINISTIC:
        return "CBOR not deterministically encoded";
    case CAI_CBOR_ERR_TRAILING:
        return "trailing bytes after CBOR item";
    case CAI_CBOR_ERR_END:
        return "no more CBOR items";
    case CAI_CBOR_ERR_ARG:
        return "bad argument";
    }
    return "unknown CBOR error";
}

psa_status_t cai_cbor_to_psa(cai_cbor_err_t err)
{
    switch (err) {
    case CAI_CBOR_OK:
        return PSA_SUCCESS;
    case CAI_CBOR_ERR_BUFFER_TOO_SMALL:
        return PSA_ERROR_BUFFER_TOO_SMALL;
    case CAI_CBOR_ERR_MALFORMED:
    case CAI_CBOR_ERR_TRUNCATED:
    case CAI_CBOR_ERR_LIMIT:
    case CAI_CBOR_ERR_TYPE:
    case CAI_CBOR_ERR_NOT_DETERMINISTIC:
    case CAI_CBOR_ERR_TRAILING:
    case CAI_CBOR_ERR_END:
    case CAI_CBOR_ERR_ARG:
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_ERROR_GENERIC_ERROR;
}
