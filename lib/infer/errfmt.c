/* SPDX-License-Identifier: Apache-2.0 */
/* Minimal printf-style formatter for error messages (see errfmt.h). */
#include "errfmt.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct out_buf {
    char *p;
    size_t cap, n;
} out_buf_t;

static void put_c(out_buf_t *o, char ch)
{
    if (o->n + 1 < o->cap) {
        o->p[o->n++] = ch;
    }
}

static void put_s(out_buf_t *o, const char *s)
{
    if (s == NULL) {
        s = "(null)";
    }
    while (*s != '\0') {
        put_c(o, *s++);
    }
}

static void put_u(out_buf_t *o, unsigned long v, unsigned base)
{
    char tmp[24];
    size_t i = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0 && i < sizeof tmp);
    while (i > 0) {
        put_c(o, tmp[--i]);
    }
}

static void put_d(out_buf_t *o, long v)
{
    if (v < 0) {
        put_c(o, '-');
        /* negate in unsigned arithmetic: safe for LONG_MIN */
        put_u(o, 0ul - (unsigned long)v, 10);
    } else {
        put_u(o, (unsigned long)v, 10);
    }
}

void infer_vfmt(char *err, size_t errcap, const char *fmt, va_list ap)
{
    out_buf_t o = { err, errcap, 0 };
    if (err == NULL || errcap == 0) {
        return;
    }
    for (const char *f = fmt; *f != '\0'; f++) {
        if (*f != '%') {
            put_c(&o, *f);
            continue;
        }
        f++;
        bool is_long = false;
        if (*f == 'l') {
            is_long = true;
            f++;
        }
        switch (*f) {
        case 's':
            put_s(&o, va_arg(ap, const char *));
            break;
        case 'c':
            put_c(&o, (char)va_arg(ap, int));
            break;
        case 'd':
            put_d(&o, is_long ? va_arg(ap, long) : (long)va_arg(ap, int));
            break;
        case 'u':
            put_u(&o, is_long ? va_arg(ap, unsigned long) : (unsigned long)va_arg(ap, unsigned),
                  10);
            break;
        case 'x':
            put_u(&o, is_long ? va_arg(ap, unsigned long) : (unsigned long)va_arg(ap, unsigned),
                  16);
            break;
        case '%':
            put_c(&o, '%');
            break;
        case '\0':
            f--;
            break; /* lone '%' at the end */
        default:
            put_c(&o, '%');
            put_c(&o, *f);
            break;
        }
    }
    o.p[o.n] = '\0';
}

void infer_fmt(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    infer_vfmt(err, errcap, fmt, ap);
    va_end(ap);
}
