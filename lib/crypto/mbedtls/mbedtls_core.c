/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS backend: initialisation (allocator arena, entropy, CTR_DRBG, the
 * P-256 group), randomness and error mapping.
 */
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/version.h>
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_PLATFORM_MEMORY)
#include <mbedtls/memory_buffer_alloc.h>
#endif

#include "../backend.h"
#include "mbedtls_internal.h"

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_PLATFORM_MEMORY)
/* Secure builds (the an521 image's own mbedTLS config) route every
 * mbedtls_calloc into this static arena, so the SPE never touches a system
 * heap. Measured on the host (tests/unit/crypto/test_crypto_heap.c): init
 * keeps ~1.3 KB, one operation peaks at ~3.7 KB (ECDSA verify) in ~6000
 * short-lived bignum allocations; 32 KiB leaves room for fragmentation and
 * for a second caller. */
#ifndef CAI_MBEDTLS_ARENA_SIZE
#define CAI_MBEDTLS_ARENA_SIZE (32u * 1024u)
#endif
static unsigned char cai_mbedtls_arena[CAI_MBEDTLS_ARENA_SIZE];
#endif

static mbedtls_entropy_context g_entropy;
static mbedtls_ctr_drbg_context g_drbg;
static mbedtls_ecp_group g_p256;
static int g_ready;

/* Personalisation string of the DRBG (NIST SP 800-90A §8.7.1). */
static const unsigned char drbg_pers[] = "cai crypto mbedtls ctr_drbg";

const char *cai_be_name(void)
{
    return "mbedtls-" MBEDTLS_VERSION_STRING;
}

psa_status_t cai_mbedtls_status(int ret)
{
    switch (ret) {
    case 0:
        return PSA_SUCCESS;
    case MBEDTLS_ERR_ECP_VERIFY_FAILED:
        return PSA_ERROR_INVALID_SIGNATURE;
    case MBEDTLS_ERR_ECP_INVALID_KEY:
    case MBEDTLS_ERR_ECP_BAD_INPUT_DATA:
    case MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE:
        return PSA_ERROR_INVALID_ARGUMENT;
    case MBEDTLS_ERR_ECP_ALLOC_FAILED:
    case MBEDTLS_ERR_MPI_ALLOC_FAILED:
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    default:
        return PSA_ERROR_GENERIC_ERROR;
    }
}

psa_status_t cai_be_init(void)
{
    if (g_ready) {
        return PSA_SUCCESS;
    }
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_PLATFORM_MEMORY)
    mbedtls_memory_buffer_alloc_init(cai_mbedtls_arena, sizeof cai_mbedtls_arena);
#endif
    mbedtls_entropy_init(&g_entropy);
    mbedtls_ctr_drbg_init(&g_drbg);
    mbedtls_ecp_group_init(&g_p256);
    int ret = mbedtls_ctr_drbg_seed(&g_drbg, mbedtls_entropy_func, &g_entropy, drbg_pers,
                                    sizeof drbg_pers - 1);
    if (ret == 0) {
        /* Prediction resistance: every request reseeds from the entropy
         * source. CTR_DRBG has no fork detection, and a process that forks
         * after init would otherwise hand the same "random" IVs and ephemeral
         * keys to parent and child (fatal for GCM). The cost, one entropy
         * poll per request, is small next to the EC operations it serves. */
        mbedtls_ctr_drbg_set_prediction_resistance(&g_drbg, MBEDTLS_CTR_DRBG_PR_ON);
        ret = mbedtls_ecp_group_load(&g_p256, MBEDTLS_ECP_DP_SECP256R1);
    }
    if (ret == 0) {
        /* One multiplication by G: where the fixed-base comb table is not
         * compiled in (MBEDTLS_ECP_FIXED_POINT_OPTIM off), this computes and
         * stores it in g_p256 now, so later calls only read the group and
         * never race to fill it. The scalar is public (1). */
        mbedtls_ecp_point r;
        mbedtls_mpi one;
        mbedtls_ecp_point_init(&r);
        mbedtls_mpi_init(&one);
        ret = mbedtls_mpi_lset(&one, 1);
        if (ret == 0) {
            ret = mbedtls_ecp_mul(&g_p256, &r, &one, &g_p256.G, mbedtls_ctr_drbg_random, &g_drbg);
        }
        mbedtls_ecp_point_free(&r);
        mbedtls_mpi_free(&one);
    }
    if (ret != 0) {
        mbedtls_ecp_group_free(&g_p256);
        mbedtls_ctr_drbg_free(&g_drbg);
        mbedtls_entropy_free(&g_entropy);
        return cai_mbedtls_status(ret);
    }
    g_ready = 1;
    return PSA_SUCCESS;
}

mbedtls_ecp_group *cai_mbedtls_p256(void)
{
    return &g_p256;
}

int cai_mbedtls_rng(void *p_rng, unsigned char *out, size_t len)
{
    return mbedtls_ctr_drbg_random(p_rng, out, len);
}

void *cai_mbedtls_rng_state(void)
{
    return &g_drbg;
}

psa_status_t cai_be_random(uint8_t *out, size_t len)
{
    /* mbedtls_ctr_drbg_random serves at most MBEDTLS_CTR_DRBG_MAX_REQUEST
     * bytes per call. */
    while (len > 0) {
        size_t chunk = len < MBEDTLS_CTR_DRBG_MAX_REQUEST ? len : MBEDTLS_CTR_DRBG_MAX_REQUEST;
        int ret = mbedtls_ctr_drbg_random(&g_drbg, out, chunk);
        if (ret != 0) {
            return cai_mbedtls_status(ret);
        }
        out += chunk;
        len -= chunk;
    }
    return PSA_SUCCESS;
}
