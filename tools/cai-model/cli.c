/* SPDX-License-Identifier: Apache-2.0 */
/* See cli.h. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

bool model_json_mode;

void model_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\u%04x", *p); /* non-ASCII bytes escaped one by one */
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void emit(const char *kind, const char *prefix, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;
static void emit(const char *kind, const char *prefix, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == '\n')
        msg[--n] = '\0';
    if (model_json_mode) {
        fprintf(stderr, "{\"%s\": ", kind);
        model_json_string(stderr, msg);
        fputs("}\n", stderr);
    } else {
        fprintf(stderr, "%s%s\n", prefix, msg);
    }
    fflush(stderr);
}

void model_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("error", "", fmt, ap);
    va_end(ap);
}

void model_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("warning", "warning: ", fmt, ap);
    va_end(ap);
}

FILE *model_usage_stream(void)
{
    static FILE *sink;
    if (!model_json_mode)
        return stderr;
    if (sink == NULL)
        sink = fopen("/dev/null", "w");
    return sink != NULL ? sink : stderr;
}
