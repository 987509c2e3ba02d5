/* SPDX-License-Identifier: Apache-2.0 */
/* Test helper: hex string -> bytes (test code only). */
#ifndef CAI_TEST_CRYPTO_HEX_H
#define CAI_TEST_CRYPTO_HEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline size_t test_unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = strlen(s) / 2;
    for (size_t i = 0; i < n && i < cap; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[2 * i + (size_t)k];
            v = v * 16u + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        out[i] = (uint8_t)v;
    }
    return n;
}

#endif
