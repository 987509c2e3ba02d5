/* SPDX-License-Identifier: Apache-2.0 */
#include "cai/escape.h"

void cai_fputs_escaped(const char *s, FILE *f)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\x%02x", *p);
        } else {
            fputc(*p, f);
        }
    }
}
