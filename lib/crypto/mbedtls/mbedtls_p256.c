/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS backend: P-256 public keys, deterministic ECDSA (RFC 6979 through
 * mbedtls_ecdsa_sign_det_ext) and ECDH with peer-point validation.
 */
#include <mbedtls/bignum.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

#include "../backend.h"
#include "mbedtls_internal.h"

/* Read and validate a 65-byte uncompressed point: coordinates < p and on the
 * curve (mbedtls_ecp_check_pubkey, SEC 1 v2 §3.2.2.1). */
static int read_point(mbedtls_ecp_point *q, const uint8_t pub[CAI_P256_PUB_LEN])
{
    mbedtls_ecp_group *grp = cai_mbedtls_p256();
    int ret = mbedtls_ecp_point_read_binary(grp, q, pub, CAI_P256_PUB_LEN);
    if (ret == 0) {
        ret = mbedtls_ecp_check_pubkey(grp, q);
    }
    return ret != 0 ? MBEDTLS_ERR_ECP_INVALID_KEY : 0;
}

psa_status_t cai_be_p256_public_from_private(const uint8_t priv[CAI_P256_PRIV_LEN],
                                             uint8_t pub[CAI_P256_PUB_LEN])
{
    mbedtls_ecp_group *grp = cai_mbedtls_p256();
    mbedtls_mpi d;
    mbedtls_ecp_point q;
    size_t olen = 0;
    mbedtls_mpi_init(&d);
    mbedtls_ecp_point_init(&q);
    int ret = mbedtls_mpi_read_binary(&d, priv, CAI_P256_PRIV_LEN);
    if (ret == 0) {
        ret = mbedtls_ecp_mul(grp, &q, &d, &grp->G, cai_mbedtls_rng, cai_mbedtls_rng_state());
    }
    if (ret == 0) {
        ret = mbedtls_ecp_point_write_binary(grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub,
                                             CAI_P256_PUB_LEN);
    }
    if (ret == 0 && olen != CAI_P256_PUB_LEN) {
        ret = MBEDTLS_ERR_ECP_BAD_INPUT_DATA;
    }
    mbedtls_mpi_free(&d); /* mbedtls_mpi_free zeroises the limbs */
    mbedtls_ecp_point_free(&q);
    return cai_mbedtls_status(ret);
}

psa_status_t cai_be_p256_check_public(const uint8_t pub[CAI_P256_PUB_LEN])
{
    mbedtls_ecp_point q;
    mbedtls_ecp_point_init(&q);
    int ret = read_point(&q, pub);
    mbedtls_ecp_point_free(&q);
    return cai_mbedtls_status(ret);
}

psa_status_t cai_be_ecdsa_sign(const uint8_t priv[CAI_P256_PRIV_LEN],
                               const uint8_t hash[CAI_SHA256_LEN], uint8_t sig[CAI_P256_SIG_LEN])
{
    mbedtls_mpi d, r, s;
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    int ret = mbedtls_mpi_read_binary(&d, priv, CAI_P256_PRIV_LEN);
    if (ret == 0) {
        /* k from RFC 6979 (HMAC_DRBG over d and the hash); the DRBG only
         * blinds the scalar multiplication and does not change the output. */
        ret =
            mbedtls_ecdsa_sign_det_ext(cai_mbedtls_p256(), &r, &s, &d, hash, CAI_SHA256_LEN,
                                       MBEDTLS_MD_SHA256, cai_mbedtls_rng, cai_mbedtls_rng_state());
    }
    if (ret == 0) {
        ret = mbedtls_mpi_write_binary(&r, sig, 32);
    }
    if (ret == 0) {
        ret = mbedtls_mpi_write_binary(&s, sig + 32, 32);
    }
    mbedtls_mpi_free(&d);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    return cai_mbedtls_status(ret);
}

psa_status_t cai_be_ecdsa_verify(const uint8_t pub[CAI_P256_PUB_LEN],
                                 const uint8_t hash[CAI_SHA256_LEN],
                                 const uint8_t sig[CAI_P256_SIG_LEN])
{
    mbedtls_ecp_point q;
    mbedtls_mpi r, s;
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    psa_status_t st;
    int ret = read_point(&q, pub);
    if (ret != 0) {
        st = PSA_ERROR_INVALID_ARGUMENT;
        goto out;
    }
    ret = mbedtls_mpi_read_binary(&r, sig, 32);
    if (ret == 0) {
        ret = mbedtls_mpi_read_binary(&s, sig + 32, 32);
    }
    if (ret == 0) {
        /* Rejects r or s outside [1, n-1] as well as a wrong signature. */
        ret = mbedtls_ecdsa_verify(cai_mbedtls_p256(), hash, CAI_SHA256_LEN, &q, &r, &s);
        st = ret == 0 ? PSA_SUCCESS
                      : (ret == MBEDTLS_ERR_ECP_VERIFY_FAILED ? PSA_ERROR_INVALID_SIGNATURE
                                                              : cai_mbedtls_status(ret));
    } else {
        st = cai_mbedtls_status(ret);
    }
out:
    mbedtls_ecp_point_free(&q);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    return st;
}

psa_status_t cai_be_ecdh(const uint8_t priv[CAI_P256_PRIV_LEN],
                         const uint8_t peer[CAI_P256_PUB_LEN], uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    mbedtls_ecp_point q;
    mbedtls_mpi d, z;
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&z);
    psa_status_t st;
    int ret = read_point(&q, peer);
    if (ret != 0) {
        st = PSA_ERROR_INVALID_ARGUMENT;
        goto out;
    }
    ret = mbedtls_mpi_read_binary(&d, priv, CAI_P256_PRIV_LEN);
    if (ret == 0) {
        /* Computes x(d*Q), failing if the result is the point at infinity. */
        ret = mbedtls_ecdh_compute_shared(cai_mbedtls_p256(), &z, &q, &d, cai_mbedtls_rng,
                                          cai_mbedtls_rng_state());
    }
    if (ret == 0) {
        ret = mbedtls_mpi_write_binary(&z, shared_x, CAI_P256_ECDH_LEN);
    }
    st = cai_mbedtls_status(ret);
out:
    mbedtls_ecp_point_free(&q);
    mbedtls_mpi_free(&d);
    mbedtls_mpi_free(&z);
    return st;
}
