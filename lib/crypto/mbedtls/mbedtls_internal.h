/* SPDX-License-Identifier: Apache-2.0 */
/*
 * State shared by the mbedTLS backend's files: the DRBG and the P-256 group,
 * both set up once by cai_be_init (mbedtls_core.c) and read-only afterwards.
 */
#ifndef CAI_CRYPTO_MBEDTLS_INTERNAL_H
#define CAI_CRYPTO_MBEDTLS_INTERNAL_H

#include <mbedtls/ecp.h>

#include "psa/error.h"

/* The loaded secp256r1 group, with its fixed-base comb table precomputed by
 * init so that later calls never modify it (and never allocate for it). */
mbedtls_ecp_group *cai_mbedtls_p256(void);
/* Random generator for mbedTLS calls (f_rng / p_rng pair). */
int cai_mbedtls_rng(void *p_rng, unsigned char *out, size_t len);
void *cai_mbedtls_rng_state(void);
/* mbedTLS error code -> PSA status. */
psa_status_t cai_mbedtls_status(int ret);

#endif /* CAI_CRYPTO_MBEDTLS_INTERNAL_H */
