/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snprintf/vsnprintf of the secure image: the integer and string
 * conversions the secure code formats its log lines and names with
 * (flags '-' '0' '+' ' ', width and precision, also '*'; length hh h l ll z
 * j t; conversions d i u x X o c s p %), writing only into the caller's
 * buffer. It replaces newlib's, which would bring stdio, its locks and a
 * heap (none exists on the secure side) into the image. Floating-point
 * conversions are not supported (no secure code formats a float); they
 * print "?".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct sink {
    char *buf;
    size_t cap;
    size_t n; /* characters the full output has (may exceed cap) */
} sink_t;

static void put(sink_t *s, char c)
{
    if (s->n + 1 < s->cap) {
        s->buf[s->n] = c;
    }
    s->n++;
}

static void pad(sink_t *s, char c, int count)
{
    for (int i = 0; i < count; i++) {
        put(s, c);
    }
}

enum {
    F_LEFT = 1,
    F_ZERO = 2,
    F_PLUS = 4,
    F_SPACE = 8
};

static void put_number(sink_t *s, uintmax_t v, int neg, unsigned base, int upper, int flags,
                       int width, int prec)
{
    char digits[24];
    int nd = 0;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    while (v != 0) {
        digits[nd++] = set[v % base];
        v /= base;
    }
    int zeros = prec > nd ? prec - nd : 0;
    if (prec < 0 && nd == 0) {
        zeros = 1; /* "0"; precision 0 with value 0 prints nothing */
    }
    char sign = neg ? '-' : (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : '\0';
    int len = nd + zeros + (sign != '\0');
    if (prec < 0 && (flags & F_ZERO) && !(flags & F_LEFT) && width > len) {
        zeros += width - len;
        len = width;
    }
    if (!(flags & F_LEFT)) {
        pad(s, ' ', width - len);
    }
    if (sign != '\0') {
        put(s, sign);
    }
    pad(s, '0', zeros);
    while (nd > 0) {
        put(s, digits[--nd]);
    }
    if (flags & F_LEFT) {
        pad(s, ' ', width - len);
    }
}

int vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    sink_t s = { buf, cap, 0 };
    for (const char *p = fmt; *p != '\0'; p++) {
        if (*p != '%') {
            put(&s, *p);
            continue;
        }
        p++;
        int flags = 0;
        for (;; p++) {
            if (*p == '-') {
                flags |= F_LEFT;
            } else if (*p == '0') {
                flags |= F_ZERO;
            } else if (*p == '+') {
                flags |= F_PLUS;
            } else if (*p == ' ') {
                flags |= F_SPACE;
            } else if (*p != '#') {
                break;
            }
        }
        int width = 0;
        if (*p == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= F_LEFT;
                width = -width;
            }
            p++;
        } else {
            while (*p >= '0' && *p <= '9') {
                width = width * 10 + (*p++ - '0');
            }
        }
        int prec = -1;
        if (*p == '.') {
            p++;
            prec = 0;
            if (*p == '*') {
                prec = va_arg(ap, int);
                p++;
            } else {
                while (*p >= '0' && *p <= '9') {
                    prec = prec * 10 + (*p++ - '0');
                }
            }
        }
        int size = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t, 4 intmax, 5 ptrdiff */
        if (*p == 'h') {
            size = (p[1] == 'h') ? -2 : -1;
            p += (p[1] == 'h') ? 2 : 1;
        } else if (*p == 'l') {
            size = (p[1] == 'l') ? 2 : 1;
            p += (p[1] == 'l') ? 2 : 1;
        } else if (*p == 'z') {
            size = 3;
            p++;
        } else if (*p == 'j') {
            size = 4;
            p++;
        } else if (*p == 't') {
            size = 5;
            p++;
        }
        char c = *p;
        if (c == '\0') {
            break;
        }
        switch (c) {
        case 'd':
        case 'i': {
            intmax_t v;
            switch (size) {
            case 1:
                v = va_arg(ap, long);
                break;
            case 2:
                v = va_arg(ap, long long);
                break;
            case 3:
                v = (intmax_t)va_arg(ap, size_t);
                break;
            case 4:
                v = va_arg(ap, intmax_t);
                break;
            case 5:
                v = va_arg(ap, ptrdiff_t);
                break;
            default:
                v = va_arg(ap, int);
                break;
            }
            if (size == -1) {
                v = (short)v;
            } else if (size == -2) {
                v = (signed char)v;
            }
            uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
            put_number(&s, mag, v < 0, 10, 0, flags, width, prec);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            uintmax_t v;
            switch (size) {
            case 1:
                v = va_arg(ap, unsigned long);
                break;
            case 2:
                v = va_arg(ap, unsigned long long);
                break;
            case 3:
                v = va_arg(ap, size_t);
                break;
            case 4:
                v = va_arg(ap, uintmax_t);
                break;
            case 5:
                v = (uintmax_t)va_arg(ap, ptrdiff_t);
                break;
            default:
                v = va_arg(ap, unsigned);
                break;
            }
            if (size == -1) {
                v = (unsigned short)v;
            } else if (size == -2) {
                v = (unsigned char)v;
            }
            unsigned base = c == 'o' ? 8u : (c == 'u' ? 10u : 16u);
            put_number(&s, v, 0, base, c == 'X', flags & ~(F_PLUS | F_SPACE), width, prec);
            break;
        }
        case 'p':
            put(&s, '0');
            put(&s, 'x');
            put_number(&s, (uintptr_t)va_arg(ap, void *), 0, 16, 0, 0, 0, -1);
            break;
        case 'c': {
            char ch = (char)va_arg(ap, int);
            if (!(flags & F_LEFT)) {
                pad(&s, ' ', width - 1);
            }
            put(&s, ch);
            if (flags & F_LEFT) {
                pad(&s, ' ', width - 1);
            }
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (str == NULL) {
                str = "(null)";
            }
            size_t len = 0;
            while (str[len] != '\0' && (prec < 0 || len < (size_t)prec)) {
                len++;
            }
            int w = width > (int)len ? width - (int)len : 0;
            if (!(flags & F_LEFT)) {
                pad(&s, ' ', w);
            }
            for (size_t i = 0; i < len; i++) {
                put(&s, str[i]);
            }
            if (flags & F_LEFT) {
                pad(&s, ' ', w);
            }
            break;
        }
        case '%':
            put(&s, '%');
            break;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            (void)va_arg(ap, double);
            put(&s, '?');
            break;
        default:
            put(&s, '%');
            put(&s, c);
            break;
        }
    }
    if (cap > 0) {
        buf[s.n < cap ? s.n : cap - 1] = '\0';
    }
    return s.n > (size_t)INT32_MAX ? -1 : (int)s.n;
}

int snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}
