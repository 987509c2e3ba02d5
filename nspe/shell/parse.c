/* SPDX-License-Identifier: Apache-2.0 */
/* Number and hex parsing for shell arguments: strict, whole-word, ranged. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cai/hex.h"
#include "cai/shell.h"

static int parse_ll(const char *s, long long *out)
{
    /* strtoll would skip leading blanks and take a '+': accept only a
     * digit or a minus sign first, so the word is the whole number. */
    if (s == NULL || !((*s >= '0' && *s <= '9') || *s == '-')) {
        return -1;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 0);
    if (errno != 0 || *end != '\0') {
        return -1;
    }
    *out = v;
    return 0;
}

int cai_parse_u32(const char *s, uint32_t *out)
{
    long long v;
    if (parse_ll(s, &v) != 0 || v < 0 || v > (long long)UINT32_MAX) {
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

int cai_parse_i32(const char *s, int32_t *out)
{
    long long v;
    if (parse_ll(s, &v) != 0 || v < (long long)INT32_MIN || v > (long long)UINT32_MAX) {
        return -1;
    }
    if (v > INT32_MAX) {
        v -= 4294967296LL; /* 0x80000000.. written in hex: the same 32 bits */
    }
    *out = (int32_t)v;
    return 0;
}

long cai_parse_hex(const char *s, uint8_t *buf, size_t cap)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    size_t n = 0;
    if (cai_hex_decode(s, strlen(s), buf, cap, &n) != 0) {
        return -1;
    }
    return (long)n;
}
