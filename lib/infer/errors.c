/* SPDX-License-Identifier: Apache-2.0 */
/* The engine's status codes: names and the PSA status a partition returns
 * (the table is in cai/infer.h and docs/engine.md, "Status codes"). */
#include "cai/infer.h"

const char *cai_infer_strerror(cai_infer_err_t err)
{
    switch (err) {
    case CAI_INFER_OK:
        return "ok";
    case CAI_INFER_ERR_MALFORMED:
        return "not a valid .tflite model";
    case CAI_INFER_ERR_UNSUPPORTED:
        return "uses something the engine does not support";
    case CAI_INFER_ERR_LIMIT:
        return "over a compile-time limit of the engine";
    case CAI_INFER_ERR_ARENA:
        return "arena too small or misaligned";
    case CAI_INFER_ERR_STATE:
        return "call out of order";
    case CAI_INFER_ERR_ARG:
        return "bad argument";
    }
    return "unknown inference status";
}

psa_status_t cai_infer_to_psa(cai_infer_err_t err)
{
    switch (err) {
    case CAI_INFER_OK:
        return PSA_SUCCESS;
    case CAI_INFER_ERR_MALFORMED:
        return PSA_ERROR_DATA_INVALID;
    case CAI_INFER_ERR_UNSUPPORTED:
    case CAI_INFER_ERR_LIMIT:
        return PSA_ERROR_NOT_SUPPORTED;
    case CAI_INFER_ERR_ARENA:
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    case CAI_INFER_ERR_STATE:
        return PSA_ERROR_BAD_STATE;
    case CAI_INFER_ERR_ARG:
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_ERROR_GENERIC_ERROR;
}
