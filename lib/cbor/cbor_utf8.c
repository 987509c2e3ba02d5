/* SPDX-License-Identifier: Apache-2.0 */
/*
 * UTF-8 validation for CBOR text strings (RFC 8949 §3.1 major type 3: a text
 * string is UTF-8 per RFC 3629; a decoder must treat invalid UTF-8 as not
 * valid CBOR when it claims to validate, and we do).
 */
#include "cbor_internal.h"

bool cai_cbor_utf8_valid(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;          /* continuation bytes */
        uint8_t lo = 0x80; /* allowed range of the first continuation byte: */
        uint8_t hi = 0xbf; /* it excludes overlongs, surrogates and > U+10FFFF */
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            if (c == 0xe0) {
                lo = 0xa0;
            } else if (c == 0xed) {
                hi = 0x9f;
            }
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            if (c == 0xf0) {
                lo = 0x90;
            } else if (c == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return false; /* stray continuation byte, 0xc0/0xc1 or 0xf5.. */
        }
        if (len - i - 1 < n) {
            return false;
        }
        if (p[i + 1] < lo || p[i + 1] > hi) {
            return false;
        }
        for (size_t k = 2; k <= n; k++) {
            if ((p[i + k] & 0xc0) != 0x80) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}
