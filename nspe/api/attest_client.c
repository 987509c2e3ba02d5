/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa/initial_attestation.h on the non-secure side: each function is one
 * psa_call to the stateless CAI_ATTEST service (include/cai/attest.h has
 * the vectors). Arguments the service would refuse are refused here too,
 * before anything is sent; an answer that breaks the contract (a size that
 * is not what was written) is PSA_ERROR_GENERIC_ERROR.
 */
#include <string.h>

#include "cai/attest.h"
#include "cai/services.h"
#include "psa/client.h"
#include "psa/initial_attestation.h"

#define ATTEST_HANDLE CAI_STATELESS_HANDLE(CAI_ATTEST_INDEX, CAI_ATTEST_VERSION)

static int challenge_size_ok(size_t n)
{
    return n == PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32 || n == PSA_INITIAL_ATTEST_CHALLENGE_SIZE_48 ||
           n == PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64;
}

/* A static handle the image does not serve is a programmer error to the
 * SPM; psa_version tells "no attestation here" (CONNECTION_REFUSED). */
static psa_status_t attest_call(int32_t type, const psa_invec *in, psa_outvec *out)
{
    psa_status_t st = psa_call(ATTEST_HANDLE, type, in, 1, out, 1);
    if (st == PSA_ERROR_PROGRAMMER_ERROR && psa_version(CAI_ATTEST_SID) == PSA_VERSION_NONE) {
        st = PSA_ERROR_CONNECTION_REFUSED;
    }
    return st;
}

psa_status_t psa_initial_attest_get_token(const uint8_t *auth_challenge, size_t challenge_size,
                                          uint8_t *token_buf, size_t token_buf_size,
                                          size_t *token_size)
{
    if (token_size != NULL) {
        *token_size = 0;
    }
    if (auth_challenge == NULL || token_buf == NULL || token_size == NULL ||
        !challenge_size_ok(challenge_size)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_invec in[1] = { { auth_challenge, challenge_size } };
    psa_outvec out[1] = { { token_buf, token_buf_size } };
    psa_status_t st = attest_call(CAI_ATTEST_CALL_GET_TOKEN, in, out);
    if (st == PSA_SUCCESS && (out[0].len == 0 || out[0].len > token_buf_size)) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st == PSA_SUCCESS) {
        *token_size = out[0].len;
    }
    return st;
}

psa_status_t psa_initial_attest_get_token_size(size_t challenge_size, size_t *token_size)
{
    if (token_size != NULL) {
        *token_size = 0;
    }
    if (token_size == NULL || !challenge_size_ok(challenge_size)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t req[4], ans[4] = { 0 };
    for (int i = 0; i < 4; i++) {
        req[i] = (uint8_t)((uint32_t)challenge_size >> (8 * i));
    }
    psa_invec in[1] = { { req, sizeof(req) } };
    psa_outvec out[1] = { { ans, sizeof(ans) } };
    psa_status_t st = attest_call(CAI_ATTEST_CALL_GET_TOKEN_SIZE, in, out);
    if (st == PSA_SUCCESS && out[0].len != sizeof(ans)) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st == PSA_SUCCESS) {
        *token_size =
            (size_t)ans[0] | (size_t)ans[1] << 8 | (size_t)ans[2] << 16 | (size_t)ans[3] << 24;
    }
    return st;
}
