/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* pthread mutex: the OpenSSL backend is host-only */
/*
 * Decoded public keys, kept for the next call with the same point.
 *
 * Why: the interface takes public keys as 65 raw bytes, and decoding one into
 * an EVP_PKEY costs OpenSSL 3.0 a fifth to a third of an ECDSA verification.
 * The same few public keys come back again and again: the cloud key every
 * `encrypt` result is sealed to, and a device's key when a verifier checks
 * its stream of results. Only public data is kept (private keys are prepared
 * by their holder, cai_p256_key_t); a slot holds a point that was fully
 * validated when it was decoded, so a hit needs no new check.
 *
 * The lock covers the slot table only: a caller gets its own reference to the
 * EVP_PKEY (OpenSSL 3.0 key objects may be used from several threads) and
 * makes its own operation context.
 */
#include <pthread.h>
#include <string.h>

#include "openssl_internal.h"

#define SLOTS 8

static struct {
    uint64_t last_use; /* 0: empty */
    uint8_t pub[CAI_P256_PUB_LEN];
    EVP_PKEY *pkey;
} slots[SLOTS];
static uint64_t tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* A new key object for pub after the complete validation of SP 800-56A
 * §5.6.2.3.3: decoding checks x, y < p and the curve equation, the quick
 * check what remains (for P-256, with cofactor 1, nothing but infinity, which
 * has no 65-byte form). */
static EVP_PKEY *decode_validated(const uint8_t pub[CAI_P256_PUB_LEN])
{
    EVP_PKEY *pkey = cai_ossl_pkey_from_public(pub);
    EVP_PKEY_CTX *ctx = pkey != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
    int ok = ctx != NULL && EVP_PKEY_public_check_quick(ctx) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) {
        EVP_PKEY_free(pkey);
        return NULL;
    }
    return pkey;
}

EVP_PKEY *cai_ossl_public_key(const uint8_t pub[CAI_P256_PUB_LEN])
{
    EVP_PKEY *found = NULL;
    (void)pthread_mutex_lock(&lock);
    size_t victim = 0;
    for (size_t i = 0; i < SLOTS; i++) {
        if (slots[i].last_use != 0 && memcmp(slots[i].pub, pub, CAI_P256_PUB_LEN) == 0) {
            slots[i].last_use = ++tick;
            found = EVP_PKEY_up_ref(slots[i].pkey) == 1 ? slots[i].pkey : NULL;
            break;
        }
        if (slots[i].last_use < slots[victim].last_use) {
            victim = i;
        }
    }
    (void)pthread_mutex_unlock(&lock);
    if (found != NULL) {
        return found;
    }

    EVP_PKEY *pkey = decode_validated(pub);
    if (pkey == NULL || EVP_PKEY_up_ref(pkey) != 1) {
        EVP_PKEY_free(pkey);
        return NULL;
    }
    (void)pthread_mutex_lock(&lock);
    EVP_PKEY *old = slots[victim].pkey;
    slots[victim].pkey = pkey; /* the table's reference; the caller gets the other */
    memcpy(slots[victim].pub, pub, CAI_P256_PUB_LEN);
    slots[victim].last_use = ++tick;
    (void)pthread_mutex_unlock(&lock);
    EVP_PKEY_free(old);
    return pkey;
}
