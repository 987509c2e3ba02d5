#define _POSIX_C_SOURCE 200809L /* pthread mutex: the OpenSSL backend is host-only */
/*
 * A small cache of ready-to-use OpenSSL key objects, keyed by the raw key
 * bytes the interface receives.
 *
 * Why: the interface passes raw keys on every call, and building an
 * EVP_PKEY plus an initialised EVP_PKEY_CTX from raw bytes costs OpenSSL 3.0
 * about twice the ECDSA signature itself (provider fetches, parameter
 * decoding). The SPE signs with the same few device keys over and over, so
 * keeping those objects ready brings COSE Sign1 close to `openssl speed`.
 * The cache lives in the host SPE process only (the mbedTLS backend keeps
 * nothing); evicted entries are freed, and their key bytes wiped.
 *
 * All use happens under one mutex, held for the whole operation on a cached
 * context (an EVP_PKEY_CTX must not be used by two threads at once).
 */
#include <pthread.h>
#include <string.h>

#include "../backend.h"
#include "openssl_internal.h"

#define SLOTS 4

struct slot {
    uint64_t last_use; /* 0 = empty */
    uint8_t key[CAI_P256_PUB_LEN];
    size_t key_len;
    EVP_PKEY *pkey;
    EVP_PKEY_CTX *ctx;
};

struct cache {
    struct slot s[SLOTS];
};

static struct cache caches[CAI_OSSL_CACHE_KINDS];
static uint64_t tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void cai_ossl_cache_lock(void)
{
    (void)pthread_mutex_lock(&lock);
}

void cai_ossl_cache_unlock(void)
{
    (void)pthread_mutex_unlock(&lock);
}

static void slot_clear(struct slot *s)
{
    EVP_PKEY_CTX_free(s->ctx);
    EVP_PKEY_free(s->pkey);
    cai_wipe(s, sizeof *s);
}

static int slot_fill(enum cai_ossl_cache_kind kind, struct slot *s, const uint8_t *key,
                     size_t key_len)
{
    s->pkey =
        kind == CAI_OSSL_SIGN ? cai_ossl_pkey_from_private(key) : cai_ossl_pkey_from_public(key);
    if (s->pkey == NULL) {
        return 0;
    }
    s->ctx = EVP_PKEY_CTX_new_from_pkey(NULL, s->pkey, NULL);
    if (s->ctx == NULL) {
        return 0;
    }
    switch (kind) {
    case CAI_OSSL_SIGN:
        if (EVP_PKEY_sign_init(s->ctx) != 1)
            return 0;
        break;
    case CAI_OSSL_VERIFY:
        /* On-curve check of an untrusted public key, once per key (for
         * P-256, with cofactor 1, this is the full validation). */
        if (EVP_PKEY_public_check_quick(s->ctx) != 1 || EVP_PKEY_verify_init(s->ctx) != 1) {
            return 0;
        }
        break;
    default:
        return 0;
    }
    memcpy(s->key, key, key_len);
    s->key_len = key_len;
    return 1;
}

EVP_PKEY_CTX *cai_ossl_cache_get(enum cai_ossl_cache_kind kind, const uint8_t *key, size_t key_len,
                                 EVP_PKEY **pkey)
{
    struct cache *c = &caches[kind];
    struct slot *victim = &c->s[0];

    for (int i = 0; i < SLOTS; i++) {
        struct slot *s = &c->s[i];
        /* Constant-time match: the keys may be private scalars. */
        if (s->last_use != 0 && s->key_len == key_len &&
            cai_ct_compare(s->key, key, key_len) == 0) {
            s->last_use = ++tick;
            if (pkey != NULL)
                *pkey = s->pkey;
            return s->ctx;
        }
        if (s->last_use < victim->last_use) {
            victim = s;
        }
    }
    slot_clear(victim);
    if (!slot_fill(kind, victim, key, key_len)) {
        slot_clear(victim);
        return NULL;
    }
    victim->last_use = ++tick;
    if (pkey != NULL)
        *pkey = victim->pkey;
    return victim->ctx;
}
