/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers shared by the cbor unit tests. */
#ifndef CBOR_TEST_UTIL_H
#define CBOR_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Hex (spaces allowed) to bytes; aborts the test binary on bad hex, which is
 * a bug in the test itself. Returns the byte count. */
static inline size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (const char *p = hex; *p; p++) {
        int v;
        if (*p == ' ') {
            continue;
        }
        if (*p >= '0' && *p <= '9') {
            v = *p - '0';
        } else if (*p >= 'a' && *p <= 'f') {
            v = *p - 'a' + 10;
        } else {
            abort();
        }
        if (hi < 0) {
            hi = v;
        } else {
            if (n >= cap) {
                abort();
            }
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        abort();
    }
    return n;
}

#endif
