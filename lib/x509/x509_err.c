/* SPDX-License-Identifier: Apache-2.0 */
#include "cai/x509.h"

const char *cai_x509_strerror(cai_x509_err_t err)
{
    switch (err) {
    case CAI_X509_OK:
        return "ok";
    case CAI_X509_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    case CAI_X509_ERR_BUFFER_TOO_SMALL:
        return "buffer too small";
    case CAI_X509_ERR_SIGN_FAILED:
        return "signing failed";
    case CAI_X509_ERR_MALFORMED:
        return "not a DER X.509 certificate";
    case CAI_X509_ERR_WRONG_KEY:
        return "the certificate is for another key";
    case CAI_X509_ERR_WRONG_SUBJECT:
        return "the certificate's subject CN is not this device";
    case CAI_X509_ERR_TOO_LARGE:
        return "certificate too large";
    }
    return "unknown error";
}

/* The status a partition returns for each: bad caller input is
 * INVALID_ARGUMENT (a certificate that is not ours is bad input too), a
 * buffer the caller sized is BUFFER_TOO_SMALL, a failing key holder is the
 * generic failure of a service that could not do its job. */
psa_status_t cai_x509_to_psa(cai_x509_err_t err)
{
    switch (err) {
    case CAI_X509_OK:
        return PSA_SUCCESS;
    case CAI_X509_ERR_BUFFER_TOO_SMALL:
        return PSA_ERROR_BUFFER_TOO_SMALL;
    case CAI_X509_ERR_SIGN_FAILED:
        return PSA_ERROR_GENERIC_ERROR;
    case CAI_X509_ERR_INVALID_ARGUMENT:
    case CAI_X509_ERR_MALFORMED:
    case CAI_X509_ERR_WRONG_KEY:
    case CAI_X509_ERR_WRONG_SUBJECT:
    case CAI_X509_ERR_TOO_LARGE:
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_ERROR_GENERIC_ERROR;
}
