/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS 2.28 configuration of the an521 secure image (MBEDTLS_CONFIG_FILE):
 * only what lib/crypto, lib/x509 and the partitions use. P-256 only; no file
 * system, network, threads or clock; no libc heap: every mbedtls_calloc is
 * served from the static arena that lib/crypto/mbedtls/mbedtls_core.c hands
 * to mbedtls_memory_buffer_alloc_init at cai_crypto init (before that, the
 * allocator below returns NULL).
 * Entropy comes only from mbedtls_hardware_poll (platform/an521/spe), which
 * reads the SPE port's entropy hook.
 */
#ifndef CAI_MBEDTLS_CONFIG_H
#define CAI_MBEDTLS_CONFIG_H

/* ---- System ---- */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_DEPRECATED_REMOVED
/* memory_buffer_alloc.c stops on a corrupted arena: route that to the
 * secure image's panic (reported on the UART, then the system halts). */
void cai_an521_mbedtls_exit(int status);
#define MBEDTLS_PLATFORM_EXIT_MACRO cai_an521_mbedtls_exit
/* Before the arena is set up, mbedtls_calloc fails (never the libc heap). */
#include <stddef.h>
void *cai_an521_mbedtls_no_calloc(size_t n, size_t size);
void cai_an521_mbedtls_no_free(void *p);
#define MBEDTLS_PLATFORM_STD_CALLOC cai_an521_mbedtls_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE   cai_an521_mbedtls_no_free

/* ---- Hashes, MACs, KDF ---- */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_MD_C
#define MBEDTLS_HKDF_C
#define MBEDTLS_HMAC_DRBG_C /* RFC 6979 deterministic ECDSA */

/* ---- Random ---- */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* ---- Ciphers ---- */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_AES_FEWER_TABLES
#define MBEDTLS_CIPHER_C
#define MBEDTLS_GCM_C

/* ---- Public key: P-256 only ---- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_MPI_MAX_SIZE    64
#define MBEDTLS_MPI_WINDOW_SIZE 2
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE       4
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 1
#define MBEDTLS_ECP_NO_INTERNAL_RNG
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_ECDH_C

/* ---- ASN.1, keys, certificates (the device certificate's check) ---- */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C

#include "mbedtls/check_config.h"

#endif /* CAI_MBEDTLS_CONFIG_H */
