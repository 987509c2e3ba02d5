/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Diagnostic notation (RFC 8949 §8, §8.1) with the conventions of RFC 8949
 * Appendix A: h'..' byte strings, JSON-escaped "..." text, _ for indefinite
 * lengths, floats as the shortest decimal that reads back to the same double
 * (1.5, 1.0e+300, 5.960464477539063e-8), Infinity / -Infinity / NaN,
 * simple(n), undefined, tags as n(item).
 *
 * Iterative over the pull decoder: nesting costs no C stack. Uses snprintf
 * and strtod for float digits, so it belongs to host-side users (shell,
 * cai-cloud); secure code never needs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cbor.h"
#include "cbor_internal.h"

typedef struct {
    char *buf;
    size_t cap;
    size_t len; /* full length produced, even past cap */
} out_t;

static void out_mem(out_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, o->len++) {
        if (o->cap > 0 && o->len < o->cap - 1) {
            o->buf[o->len] = s[i];
        }
    }
}

static void out_str(out_t *o, const char *s)
{
    out_mem(o, s, strlen(s));
}

static void out_u64(out_t *o, uint64_t v)
{
    char tmp[21];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    out_mem(o, tmp + i, sizeof tmp - i);
}

/* -1 - n, which for n = 2^64-1 is -2^64: one past what uint64_t holds. */
static void out_nint(out_t *o, uint64_t n)
{
    out_str(o, "-");
    if (n == UINT64_MAX) {
        out_str(o, "18446744073709551616");
    } else {
        out_u64(o, n + 1u);
    }
}

static void out_hex(out_t *o, const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    out_str(o, "h'");
    for (size_t i = 0; i < n; i++) {
        char c[2] = { hex[p[i] >> 4], hex[p[i] & 15u] };
        out_mem(o, c, 2);
    }
    out_str(o, "'");
}

/* Text strings are already validated UTF-8; escape as JSON does (§8). */
static void out_text(out_t *o, const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    out_str(o, "\"");
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        switch (c) {
        case '"':
            out_str(o, "\\\"");
            break;
        case '\\':
            out_str(o, "\\\\");
            break;
        case '\b':
            out_str(o, "\\b");
            break;
        case '\f':
            out_str(o, "\\f");
            break;
        case '\n':
            out_str(o, "\\n");
            break;
        case '\r':
            out_str(o, "\\r");
            break;
        case '\t':
            out_str(o, "\\t");
            break;
        default:
            if (c < 0x20) {
                char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15u] };
                out_mem(o, e, sizeof e);
            } else {
                out_mem(o, (const char *)&p[i], 1);
            }
        }
    }
    out_str(o, "\"");
}

/* Decimal digits of m into dst (no terminator); returns how many. */
static size_t u64_digits(uint64_t m, char *dst)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + m % 10u);
        m /= 10u;
    } while (m);
    for (size_t i = 0; i < n; i++) {
        dst[i] = tmp[n - 1 - i];
    }
    return n;
}

/* Shortest decimal m * 10^e that strtod reads back as exactly v (|v| > 0 or
 * a zero). For each digit count, the correctly rounded candidate is tried
 * first, then its neighbours: next to a power of two the rounded value can
 * miss while a neighbour still reads back (2^-24 is 5.960464477539063e-8,
 * not ...062). */
static void shortest_decimal(double v, uint64_t *mant, int *exp10)
{
    char s[48];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(s, sizeof s, "%.*e", prec - 1, v < 0 ? -v : v);
        uint64_t m = 0;
        const char *p = s;
        for (; *p && *p != 'e'; p++) {
            if (*p >= '0' && *p <= '9') {
                m = m * 10u + (uint64_t)(*p - '0');
            }
        }
        int e = (*p == 'e' ? atoi(p + 1) : 0) - (prec - 1);
        uint64_t cand[3] = { m, m + 1u, m - 1u };
        for (int c = 0; c < 3; c++) {
            if (c == 2 && m == 0) {
                break;
            }
            snprintf(s, sizeof s, "%llue%d", (unsigned long long)cand[c], e);
            if (strtod(s, NULL) == (v < 0 ? -v : v)) {
                *mant = cand[c];
                *exp10 = e;
                return;
            }
        }
    }
    /* 17 significant digits always read back; not reached */
    *mant = 0;
    *exp10 = 0;
}

/* Finite doubles, laid out as in RFC 8949 Appendix A (which matches the
 * JavaScript Number-to-string rule): plain decimal when the leading digit's
 * exponent x is -7 < x < 21 ("100000.0", "0.00006103515625"), otherwise
 * d.ddde±x ("1.0e+300", "5.960464477539063e-8"); always a fraction digit. */
static void out_finite(out_t *o, double v)
{
    uint64_t m;
    int e;
    char digits[24];
    shortest_decimal(v, &m, &e);
    size_t nd = u64_digits(m, digits);
    while (nd > 1 && digits[nd - 1] == '0') { /* 1000e0 -> 1e3 */
        nd--;
        e++;
    }
    int x = e + (int)nd - 1; /* exponent of the leading digit */
    if (cai_cbor_double_to_bits(v) >> 63) {
        out_str(o, "-");
    }
    if (m == 0) {
        out_str(o, "0.0");
    } else if (x >= 21 || x <= -7) {
        out_mem(o, digits, 1);
        out_str(o, ".");
        if (nd > 1) {
            out_mem(o, digits + 1, nd - 1);
        } else {
            out_str(o, "0");
        }
        out_str(o, x < 0 ? "e-" : "e+");
        out_u64(o, (uint64_t)(x < 0 ? -x : x));
    } else if (x >= 0) {
        size_t ip = (size_t)x + 1; /* digits before the point */
        for (size_t i = 0; i < ip; i++) {
            out_mem(o, i < nd ? &digits[i] : "0", 1);
        }
        out_str(o, ".");
        if (nd > ip) {
            out_mem(o, digits + ip, nd - ip);
        } else {
            out_str(o, "0");
        }
    } else {
        out_str(o, "0.");
        for (int i = -1; i > x; i--) {
            out_str(o, "0");
        }
        out_mem(o, digits, nd);
    }
}

static void out_float(out_t *o, double v)
{
    uint64_t b = cai_cbor_double_to_bits(v);
    uint64_t mant = b & UINT64_C(0x000fffffffffffff);
    if (((b >> 52) & 0x7ffu) == 0x7ffu) {
        out_str(o, mant ? "NaN" : (b >> 63) ? "-Infinity" : "Infinity");
        return;
    }
    out_finite(o, v);
}

static void out_simple(out_t *o, uint8_t v)
{
    switch (v) {
    case 20:
        out_str(o, "false");
        break;
    case 21:
        out_str(o, "true");
        break;
    case 22:
        out_str(o, "null");
        break;
    case 23:
        out_str(o, "undefined");
        break;
    default:
        out_str(o, "simple(");
        out_u64(o, v);
        out_str(o, ")");
    }
}

/* What the printer needs to know about each open frame. */
typedef struct {
    cai_cbor_type_t type; /* ARRAY, MAP, TAG, or BSTR/TSTR for chunked strings */
    bool indefinite;
    uint64_t printed; /* children printed so far */
} diag_frame_t;

static void out_separator(out_t *o, diag_frame_t *f)
{
    if (f->type == CAI_CBOR_BSTR || f->type == CAI_CBOR_TSTR) {
        out_str(o, f->printed == 0 ? "(_ " : ", ");
    } else if (f->type != CAI_CBOR_TAG && f->printed > 0) {
        out_str(o, f->type == CAI_CBOR_MAP && (f->printed & 1u) ? ": " : ", ");
    }
    f->printed++;
}

static void out_close(out_t *o, const diag_frame_t *f)
{
    switch (f->type) {
    case CAI_CBOR_ARRAY:
        out_str(o, "]");
        break;
    case CAI_CBOR_MAP:
        out_str(o, "}");
        break;
    case CAI_CBOR_TAG:
        out_str(o, ")");
        break;
    default: /* a chunked string with no chunks is ''_ / ""_ (§8.1) */
        if (f->printed == 0) {
            out_str(o, f->type == CAI_CBOR_BSTR ? "''_" : "\"\"_");
        } else {
            out_str(o, ")");
        }
        break;
    }
}

cai_cbor_err_t cai_cbor_diag(const uint8_t *buf, size_t len, char *out, size_t cap, size_t *needed)
{
    out_t o = { out, out ? cap : 0, 0 };
    cai_cbor_limits_t lim = { CAI_CBOR_MAX_DEPTH, 0, 0 };
    cai_cbor_dec_t d;
    diag_frame_t fr[CAI_CBOR_MAX_DEPTH];
    cai_cbor_item_t it;
    cai_cbor_err_t r;

    cai_cbor_dec_init(&d, buf, len, &lim);
    for (;;) {
        uint32_t depth = d.depth;
        r = cai_cbor_next(&d, &it);
        if (r == CAI_CBOR_ERR_END) {
            r = cai_cbor_dec_finish(&d);
            break;
        }
        if (r != CAI_CBOR_OK) {
            break;
        }
        if (it.type != CAI_CBOR_BREAK && depth > 0) {
            out_separator(&o, &fr[depth - 1]);
        }
        switch (it.type) {
        case CAI_CBOR_UINT:
            out_u64(&o, it.v.u);
            break;
        case CAI_CBOR_NINT:
            out_nint(&o, it.v.u);
            break;
        case CAI_CBOR_BSTR:
            if (!it.indefinite) {
                out_hex(&o, it.v.str.ptr, it.v.str.len);
            }
            break;
        case CAI_CBOR_TSTR:
            if (!it.indefinite) {
                out_text(&o, it.v.str.ptr, it.v.str.len);
            }
            break;
        case CAI_CBOR_ARRAY:
            out_str(&o, it.indefinite ? "[_ " : d.depth > depth ? "[" : "[]");
            break;
        case CAI_CBOR_MAP:
            out_str(&o, it.indefinite ? "{_ " : d.depth > depth ? "{" : "{}");
            break;
        case CAI_CBOR_TAG:
            out_u64(&o, it.v.u);
            out_str(&o, "(");
            break;
        case CAI_CBOR_SIMPLE:
            out_simple(&o, it.v.simple);
            break;
        case CAI_CBOR_FLOAT:
            out_float(&o, it.v.f);
            break;
        case CAI_CBOR_BREAK:
            break;
        }
        if (d.depth > depth) { /* opened a frame */
            fr[depth].type = it.type;
            fr[depth].indefinite = it.indefinite;
            fr[depth].printed = 0;
        }
        /* Close every frame this item completed (innermost first). */
        for (uint32_t k = depth; k > d.depth; k--) {
            out_close(&o, &fr[k - 1]);
        }
    }
    if (o.cap > 0) {
        o.buf[o.len < o.cap ? o.len : o.cap - 1] = '\0';
    }
    if (needed) {
        *needed = o.len;
    }
    if (r == CAI_CBOR_OK && o.len >= o.cap) {
        r = CAI_CBOR_ERR_BUFFER_TOO_SMALL;
    }
    return r;
}
