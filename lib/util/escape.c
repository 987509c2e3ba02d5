/* SPDX-License-Identifier: Apache-2.0 */
#include "cai/escape.h"

#include <string.h>

void cai_fwrite_escaped(const char *s, size_t n, FILE *f)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            fprintf(f, "\\x%02x", c);
        } else {
            fputc(c, f);
        }
    }
}

void cai_fputs_escaped(const char *s, FILE *f)
{
    cai_fwrite_escaped(s, strlen(s), f);
}
