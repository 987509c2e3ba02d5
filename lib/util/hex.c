/* SPDX-License-Identifier: Apache-2.0 */
/* Strict hex decoding shared by the shell, the tools and the test drivers. */
#include "cai/hex.h"

int cai_hex_nibble(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int cai_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t cap, size_t *out_len)
{
    if (hex == NULL || out_len == NULL || hex_len % 2 != 0 || hex_len / 2 > cap ||
        (out == NULL && hex_len != 0)) {
        return -1;
    }
    for (size_t i = 0; i < hex_len / 2; i++) {
        int hi = cai_hex_nibble((unsigned char)hex[2 * i]);
        int lo = cai_hex_nibble((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *out_len = hex_len / 2;
    return 0;
}
