/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Debian's newlib for arm-none-eabi is built without the C99 length
 * modifiers z, t and j in its printf family, and the portable shell uses
 * them (%zu, %08zx). Here size_t and ptrdiff_t are 32-bit ints and intmax_t
 * is long long, so each format is rewritten before newlib sees it: z and t
 * dropped, j made ll. The image links with --wrap for each function below
 * (platform/an521/nspe/CMakeLists.txt), so the shell's calls come here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

_Static_assert(sizeof(size_t) == sizeof(unsigned) && sizeof(ptrdiff_t) == sizeof(int) &&
                   sizeof(intmax_t) == sizeof(long long),
               "the rewrite assumes the ILP32 types of arm-none-eabi");

#define FMT_MAX 512

int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __real_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap);
int __wrap_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
int __wrap_vprintf(const char *fmt, va_list ap);
int __wrap_fprintf(FILE *f, const char *fmt, ...);
int __wrap_printf(const char *fmt, ...);
int __wrap_snprintf(char *buf, size_t cap, const char *fmt, ...);

/* fmt with z/t/j rewritten into out (or fmt itself, when it has none or is
 * too long to copy: then newlib prints what it can). */
static const char *rewrite(const char *fmt, char out[FMT_MAX])
{
    size_t o = 0;
    int changed = 0;
    for (const char *p = fmt; *p != '\0'; p++) {
        if (o + 3 >= FMT_MAX) {
            return fmt;
        }
        out[o++] = *p;
        if (*p != '%') {
            continue;
        }
        p++;
        while (*p != '\0' && (*p == '-' || *p == '+' || *p == ' ' || *p == '#' || *p == '0' ||
                              *p == '.' || *p == '*' || (*p >= '1' && *p <= '9'))) {
            if (o + 3 >= FMT_MAX) {
                return fmt;
            }
            out[o++] = *p++;
        }
        if (*p == 'z' || *p == 't') {
            changed = 1;
            continue; /* the next character is the conversion */
        }
        if (*p == 'j') {
            out[o++] = 'l';
            out[o++] = 'l';
            changed = 1;
            continue;
        }
        if (*p == '\0') {
            break;
        }
        out[o++] = *p;
    }
    out[o] = '\0';
    return changed ? out : fmt;
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    char tmp[FMT_MAX];
    return __real_vfprintf(f, rewrite(fmt, tmp), ap);
}

int __wrap_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    char tmp[FMT_MAX];
    return __real_vsnprintf(buf, cap, rewrite(fmt, tmp), ap);
}

int __wrap_vprintf(const char *fmt, va_list ap)
{
    return __wrap_vfprintf(stdout, fmt, ap);
}

int __wrap_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = __wrap_vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int __wrap_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = __wrap_vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int __wrap_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = __wrap_vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}
