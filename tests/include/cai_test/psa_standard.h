/* SPDX-License-Identifier: Apache-2.0 */
/*
 * For the tests of each library's *_to_psa() mapping: is a status one of the
 * codes PSA defines (FF-M 1.1 §4, PSA Crypto 1.1 §9.1, PSA Storage 1.0)? A
 * partition must only ever return those, so a mapping that produces anything
 * else is a bug.
 */
#ifndef CAI_TEST_PSA_STANDARD_H
#define CAI_TEST_PSA_STANDARD_H

#include <stdbool.h>
#include <stddef.h>

#include "psa/error.h"

static inline bool cai_test_is_standard_psa(psa_status_t st)
{
    static const psa_status_t k_psa[] = {
        PSA_SUCCESS,
        PSA_ERROR_PROGRAMMER_ERROR,
        PSA_ERROR_CONNECTION_REFUSED,
        PSA_ERROR_CONNECTION_BUSY,
        PSA_ERROR_GENERIC_ERROR,
        PSA_ERROR_NOT_PERMITTED,
        PSA_ERROR_NOT_SUPPORTED,
        PSA_ERROR_INVALID_ARGUMENT,
        PSA_ERROR_INVALID_HANDLE,
        PSA_ERROR_BAD_STATE,
        PSA_ERROR_BUFFER_TOO_SMALL,
        PSA_ERROR_ALREADY_EXISTS,
        PSA_ERROR_DOES_NOT_EXIST,
        PSA_ERROR_INSUFFICIENT_MEMORY,
        PSA_ERROR_INSUFFICIENT_STORAGE,
        PSA_ERROR_INSUFFICIENT_DATA,
        PSA_ERROR_SERVICE_FAILURE,
        PSA_ERROR_COMMUNICATION_FAILURE,
        PSA_ERROR_STORAGE_FAILURE,
        PSA_ERROR_HARDWARE_FAILURE,
        PSA_ERROR_INSUFFICIENT_ENTROPY,
        PSA_ERROR_INVALID_SIGNATURE,
        PSA_ERROR_CORRUPTION_DETECTED,
        PSA_ERROR_DATA_CORRUPT,
        PSA_ERROR_DATA_INVALID,
    };
    for (size_t i = 0; i < sizeof(k_psa) / sizeof(k_psa[0]); i++) {
        if (k_psa[i] == st) {
            return true;
        }
    }
    return false;
}

#endif /* CAI_TEST_PSA_STANDARD_H */
