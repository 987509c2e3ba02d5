/* Number and hex parsing for shell arguments: strict, whole-word, ranged. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

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

static int nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

long cai_parse_hex(const char *s, uint8_t *buf, size_t cap)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    size_t n = strlen(s);
    if (n % 2 != 0 || n / 2 > cap) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        buf[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(n / 2);
}
