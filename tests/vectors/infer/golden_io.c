/* SPDX-License-Identifier: Apache-2.0 */
/* See golden_io.h. */
#include "golden_io.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *gio_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return NULL;
    }
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    /* +1 so text files can be NUL-terminated; rounded for aligned_alloc */
    size_t cap = ((size_t)n + 1 + 15) / 16 * 16;
    uint8_t *buf = aligned_alloc(16, cap);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

void gio_path(char *out, size_t cap, const char *shared, const char *rel)
{
    snprintf(out, cap, "%s/models/%s", shared, rel);
}

int gio_json_key(const char *text, size_t *pos, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(text + *pos, pat);
    if (p == NULL)
        return -1;
    p += strlen(pat);
    while (isspace((unsigned char)*p))
        p++;
    if (*p != ':')
        return -1;
    *pos = (size_t)(p + 1 - text);
    return 0;
}

int gio_json_string(const char *text, size_t *pos, char *out, size_t cap)
{
    const char *p = text + *pos;
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '"')
        return -1;
    p++;
    size_t n = 0;
    while (*p != '\0' && *p != '"') {
        if (n + 1 < cap)
            out[n++] = *p;
        p++;
    }
    if (*p != '"')
        return -1;
    out[n] = '\0';
    *pos = (size_t)(p + 1 - text);
    return 0;
}

int gio_json_int_array(const char *text, size_t *pos, long *out, int cap)
{
    const char *p = text + *pos;
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '[')
        return -1;
    p++;
    int n = 0;
    for (;;) {
        while (isspace((unsigned char)*p) || *p == ',')
            p++;
        if (*p == ']')
            break;
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || n >= cap)
            return -1;
        out[n++] = v;
        p = end;
    }
    *pos = (size_t)(p + 1 - text);
    return n;
}
