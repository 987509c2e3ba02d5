/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Initial Attestation API 1.0, client side: a token that attests the
 * device's state (RFC 9783, an EAT profile signed as a COSE_Sign1 with the
 * Initial Attestation Key) over a challenge the caller supplies. Names,
 * types and values follow the PSA Attestation API; the token and its claims
 * are docs/attest.md, the wire form of the service include/cai/attest.h.
 * The non-secure implementation is nspe/api/attest_client.c (library
 * cai_attest_client), one psa_call per function.
 */
#ifndef PSA_INITIAL_ATTESTATION_H
#define PSA_INITIAL_ATTESTATION_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PSA_INITIAL_ATTEST_API_VERSION_MAJOR (1)
#define PSA_INITIAL_ATTEST_API_VERSION_MINOR (0)

/* The challenge sizes the service accepts; any other is
 * PSA_ERROR_INVALID_ARGUMENT. */
#define PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32 (32u)
#define PSA_INITIAL_ATTEST_CHALLENGE_SIZE_48 (48u)
#define PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64 (64u)

/*
 * The largest token this implementation emits, so a buffer of this size is
 * always enough. The worst case is a 64-byte challenge and the most software
 * components the image can hold: the secure image and
 * CAI_SPE_PORT_MODELS_MAX (8) models, each with a 31-character name and a
 * 10-digit version, the image's version at 31 characters: 1543 bytes
 * (docs/attest.md; the partition checks a looser bound of its own against
 * this value at compile time). 2048 leaves room for the optional
 * certification reference (claim 2398, 22 bytes) and a longer
 * verification-service indicator without changing the API.
 */
#define PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE (2048u)

/**
 * \brief Get an initial attestation token over auth_challenge.
 *
 * \param auth_challenge  the challenge (nonce) of the relying party: it is
 *                        the token's nonce claim, the only caller data in it
 * \param challenge_size  PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32, _48 or _64
 * \param token_buf       where the token goes
 * \param token_buf_size  its size (psa_initial_attest_get_token_size says
 *                        how much is needed)
 * \param token_size      the token's size on success
 * \retval PSA_SUCCESS                 the token is in token_buf
 * \retval PSA_ERROR_INVALID_ARGUMENT  another challenge size, or a NULL
 *                                     pointer
 * \retval PSA_ERROR_BUFFER_TOO_SMALL  token_buf_size is less than the token
 * \retval PSA_ERROR_SERVICE_FAILURE   the service could not make a token (no
 *                                     attestation key, no measurement)
 * \retval PSA_ERROR_COMMUNICATION_FAILURE, PSA_ERROR_CONNECTION_REFUSED
 *                                     the secure side did not answer, or
 *                                     serves no attestation
 */
psa_status_t psa_initial_attest_get_token(const uint8_t *auth_challenge, size_t challenge_size,
                                          uint8_t *token_buf, size_t token_buf_size,
                                          size_t *token_size);

/**
 * \brief The exact size of the token psa_initial_attest_get_token would
 *        give for a challenge of challenge_size bytes now.
 * \retval PSA_SUCCESS                 *token_size set
 * \retval PSA_ERROR_INVALID_ARGUMENT  another challenge size, or token_size
 *                                     NULL
 */
psa_status_t psa_initial_attest_get_token_size(size_t challenge_size, size_t *token_size);

#ifdef __cplusplus
}
#endif

#endif /* PSA_INITIAL_ATTESTATION_H */
