/* SPDX-License-Identifier: Apache-2.0 */
/* Standard names of PSA status codes, for messages a person reads. */
#include "cai/shell.h"

const char *cai_psa_status_name(psa_status_t st)
{
    switch (st) {
    case PSA_SUCCESS:
        return "PSA_SUCCESS";
    case PSA_ERROR_PROGRAMMER_ERROR:
        return "PSA_ERROR_PROGRAMMER_ERROR";
    case PSA_ERROR_CONNECTION_REFUSED:
        return "PSA_ERROR_CONNECTION_REFUSED";
    case PSA_ERROR_CONNECTION_BUSY:
        return "PSA_ERROR_CONNECTION_BUSY";
    case PSA_ERROR_GENERIC_ERROR:
        return "PSA_ERROR_GENERIC_ERROR";
    case PSA_ERROR_NOT_PERMITTED:
        return "PSA_ERROR_NOT_PERMITTED";
    case PSA_ERROR_NOT_SUPPORTED:
        return "PSA_ERROR_NOT_SUPPORTED";
    case PSA_ERROR_INVALID_ARGUMENT:
        return "PSA_ERROR_INVALID_ARGUMENT";
    case PSA_ERROR_INVALID_HANDLE:
        return "PSA_ERROR_INVALID_HANDLE";
    case PSA_ERROR_BAD_STATE:
        return "PSA_ERROR_BAD_STATE";
    case PSA_ERROR_BUFFER_TOO_SMALL:
        return "PSA_ERROR_BUFFER_TOO_SMALL";
    case PSA_ERROR_ALREADY_EXISTS:
        return "PSA_ERROR_ALREADY_EXISTS";
    case PSA_ERROR_DOES_NOT_EXIST:
        return "PSA_ERROR_DOES_NOT_EXIST";
    case PSA_ERROR_INSUFFICIENT_MEMORY:
        return "PSA_ERROR_INSUFFICIENT_MEMORY";
    case PSA_ERROR_INSUFFICIENT_STORAGE:
        return "PSA_ERROR_INSUFFICIENT_STORAGE";
    case PSA_ERROR_INSUFFICIENT_DATA:
        return "PSA_ERROR_INSUFFICIENT_DATA";
    case PSA_ERROR_SERVICE_FAILURE:
        return "PSA_ERROR_SERVICE_FAILURE";
    case PSA_ERROR_COMMUNICATION_FAILURE:
        return "PSA_ERROR_COMMUNICATION_FAILURE";
    case PSA_ERROR_STORAGE_FAILURE:
        return "PSA_ERROR_STORAGE_FAILURE";
    case PSA_ERROR_HARDWARE_FAILURE:
        return "PSA_ERROR_HARDWARE_FAILURE";
    case PSA_ERROR_INSUFFICIENT_ENTROPY:
        return "PSA_ERROR_INSUFFICIENT_ENTROPY";
    case PSA_ERROR_INVALID_SIGNATURE:
        return "PSA_ERROR_INVALID_SIGNATURE";
    case PSA_ERROR_CORRUPTION_DETECTED:
        return "PSA_ERROR_CORRUPTION_DETECTED";
    case PSA_ERROR_DATA_CORRUPT:
        return "PSA_ERROR_DATA_CORRUPT";
    case PSA_ERROR_DATA_INVALID:
        return "PSA_ERROR_DATA_INVALID";
    case PSA_OPERATION_INCOMPLETE:
        return "PSA_OPERATION_INCOMPLETE";
    default:
        return NULL;
    }
}
