/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Utilities of the crypto interface that do not depend on a backend, and the
 * thin front of the backend's init/random/name.
 */
#include <string.h>

#include "backend.h"

/* Calling memset through a volatile function pointer: the compiler cannot
 * prove what is called, so it cannot drop the store as a dead write. */
static void *(*const volatile cai_memset_v)(void *, int, size_t) = memset;

void cai_wipe(void *p, size_t len)
{
    if (p != NULL && len != 0) {
        (void)cai_memset_v(p, 0, len);
    }
}

int cai_ct_compare(const void *a, const void *b, size_t len)
{
    const volatile uint8_t *pa = a;
    const volatile uint8_t *pb = b;
    uint8_t diff = 0;

    if (len == 0) {
        return 0;
    }
    if (a == NULL || b == NULL) {
        return 1;
    }
    /* Always walk the whole length; no early exit on the first difference. */
    for (size_t i = 0; i < len; i++) {
        diff |= (uint8_t)(pa[i] ^ pb[i]);
    }
    return diff != 0;
}

const char *cai_crypto_backend_name(void)
{
    return cai_be_name();
}

psa_status_t cai_crypto_init(void)
{
    return cai_be_init();
}

psa_status_t cai_random(uint8_t *out, size_t len)
{
    if (len == 0) {
        return PSA_SUCCESS;
    }
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = cai_be_init();
    if (st != PSA_SUCCESS) {
        return st;
    }
    return cai_be_random(out, len);
}
