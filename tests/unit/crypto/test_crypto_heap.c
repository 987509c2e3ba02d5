/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Heap use of the mbedTLS backend after cai_crypto_init, measured by
 * interposing the C allocator (host only; glibc exports __libc_malloc & co.).
 *
 * What it establishes, per operation:
 *   - SHA-256, AES key wrap, the DER converters and the front-end checks
 *     allocate nothing at all;
 *   - the rest allocate only inside mbedTLS (bignums, md and cipher contexts
 *     via mbedtls_calloc) and every such allocation is freed before the call
 *     returns (nothing is retained, nothing grows).
 * With a secure build of mbedTLS (MBEDTLS_PLATFORM_MEMORY +
 * MEMORY_BUFFER_ALLOC_C) those calls go to the static arena set up in
 * cai_crypto_init instead of libc; see docs/crypto.md.
 *
 * It also prints the peak number of heap bytes live during each operation,
 * which sizes the static arena of a secure build (CAI_MBEDTLS_ARENA_SIZE).
 *
 * Skipped (exit 77) under sanitizers, whose own allocator must not be
 * interposed.
 */
#define _GNU_SOURCE /* malloc_usable_size: a host-only test */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/crypto.h"

#if defined(__SANITIZE_ADDRESS__)
#define CAI_HEAP_TEST_SKIP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CAI_HEAP_TEST_SKIP 1
#endif
#endif

#ifndef CAI_HEAP_TEST_SKIP
/* glibc's real allocator entry points. */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static int counting;
static long n_alloc, n_free;
static size_t live, peak;

static void *track(void *p)
{
    if (p != NULL && counting) {
        n_alloc++;
        live += malloc_usable_size(p);
        if (live > peak)
            peak = live;
    }
    return p;
}

void *malloc(size_t n)
{
    return track(__libc_malloc(n));
}

void *calloc(size_t n, size_t m)
{
    return track(__libc_calloc(n, m));
}

void *realloc(void *p, size_t n)
{
    if (p != NULL && counting) {
        /* resize: account as free + allocation */
        live -= malloc_usable_size(p);
        n_alloc--;
        n_free--;
    }
    if (p != NULL && counting)
        n_free++;
    return track(__libc_realloc(p, n));
}

void free(void *p)
{
    if (p != NULL && counting) {
        n_free++;
        live -= malloc_usable_size(p);
    }
    __libc_free(p);
}

static int failures;

static void measure(const char *what, psa_status_t st, long allocs, long frees, int must_be_zero)
{
    int ok = st == PSA_SUCCESS && allocs == frees && (!must_be_zero || allocs == 0);
    printf("%-28s %5ld allocations, %5ld frees, peak %6zu bytes live  %s\n", what, allocs, frees,
           peak, ok ? "ok" : "FAIL");
    failures += !ok;
}

#define MEASURE(what, zero, call)                  \
    do {                                           \
        n_alloc = n_free = 0;                      \
        live = peak = 0;                           \
        counting = 1;                              \
        psa_status_t st_ = (call);                 \
        counting = 0;                              \
        measure(what, st_, n_alloc, n_free, zero); \
    } while (0)

int main(void)
{
    static uint8_t buf[4096], out[4096 + 16];
    uint8_t priv[32], pub[65], priv2[32], pub2[65], h[32], sig[64], z[32], tag[16], der[72];
    size_t der_len;
    cai_sha256_ctx c;

    counting = 1;
    psa_status_t init_st = cai_crypto_init();
    counting = 0;
    printf("cai_crypto_init: %ld allocations kept (%zu bytes live: the P-256 table, DRBG)\n",
           n_alloc - n_free, live);
    if (init_st != PSA_SUCCESS || cai_p256_generate(priv, pub) != PSA_SUCCESS ||
        cai_p256_generate(priv2, pub2) != PSA_SUCCESS) {
        printf("init failed\n");
        return 1;
    }
    printf("backend %s: heap calls per operation after cai_crypto_init\n",
           cai_crypto_backend_name());
    MEASURE("sha256 one-shot", 1, cai_sha256(buf, sizeof buf, h));
    MEASURE("sha256 start", 1, cai_sha256_start(&c));
    MEASURE("sha256 update", 1, cai_sha256_update(&c, buf, sizeof buf));
    MEASURE("sha256 finish", 1, cai_sha256_finish(&c, h));
    MEASURE("aes-kw wrap (256-bit KEK)", 1, cai_aes_kw_wrap(buf, 32, buf + 32, 32, out));
    MEASURE("aes-kw unwrap", 1, cai_aes_kw_unwrap(buf, 32, out, 40, out + 64));
    MEASURE("sig raw->der", 1, cai_ecdsa_sig_raw_to_der(buf, der, sizeof der, &der_len));
    MEASURE("sig der->raw", 1, cai_ecdsa_sig_der_to_raw(der, der_len, sig));
    MEASURE("hmac-sha256", 0, cai_hmac_sha256(buf, 32, buf, 100, h));
    MEASURE("hkdf-sha256 (L=32)", 0, cai_hkdf_sha256(NULL, 0, buf, 32, buf, 8, out, 32));
    MEASURE("aes-gcm encrypt 4 KiB", 0,
            cai_aes_gcm_encrypt(buf, 32, buf, 12, NULL, 0, buf, sizeof buf, out, tag, 16));
    MEASURE("aes-gcm decrypt 4 KiB", 0,
            cai_aes_gcm_decrypt(buf, 32, buf, 12, NULL, 0, out, sizeof buf, tag, 16, out));
    MEASURE("p256 public from private", 0, cai_p256_public_from_private(priv, pub));
    MEASURE("p256 check public", 0, cai_p256_check_public(pub, 65));
    MEASURE("ecdsa sign (RFC 6979)", 0, cai_ecdsa_p256_sign_hash(priv, h, sig));
    MEASURE("ecdsa verify", 0, cai_ecdsa_p256_verify_hash(pub, 65, h, sig));
    MEASURE("ecdh", 0, cai_ecdh_p256(priv, pub2, 65, z));
    MEASURE("random 64 bytes", 0, cai_random(buf, 64));
    printf("%s\n", failures ? "FAILED" : "all balanced; zero where required");
    return failures ? 1 : 0;
}
#else
int main(void)
{
    printf("SKIPPED: the allocator cannot be interposed under a sanitizer\n");
    return 77;
}
#endif
